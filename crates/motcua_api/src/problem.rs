//! Every error answer is `application/problem+json` (RFC 9457):
//! `type`, `title`, `status`, `detail`, `instance`, plus our stable `code`, the
//! `request_id` to quote to support, and `errors[]` naming each bad field.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpMessage as _, HttpRequest, HttpResponse, ResponseError};
use motcua_app::{AppError, Reason};
use motcua_domain::Violation;
use std::fmt;

/// An error answer (boxed: it travels in every handler's `Result`).
#[derive(Debug)]
pub struct ApiError(Box<Details>);

#[derive(Debug)]
struct Details {
    status: StatusCode,
    code: &'static str,
    title: &'static str,
    detail: String,
    errors: Vec<Violation>,
    retry_after_seconds: Option<u64>,
    /// Which 404 or 409 this is (`AppError::reason`).
    reason: Option<Reason>,
    allow: Option<&'static str>,
    /// The cause of a 500 with its source chain, for the log only.
    cause: Option<String>,
}

impl ApiError {
    fn new(
        status: StatusCode,
        code: &'static str,
        title: &'static str,
        detail: impl Into<String>,
    ) -> Self {
        ApiError(Box::new(Details {
            status,
            code,
            title,
            detail: detail.into(),
            errors: Vec::new(),
            retry_after_seconds: None,
            reason: None,
            allow: None,
            cause: None,
        }))
    }

    /// 400: the body is not JSON at all.
    pub fn malformed_json(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "malformed_json",
            "The body is not valid JSON",
            detail,
        )
    }

    /// 400: the query string cannot be read.
    pub fn bad_query(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "invalid_query",
            "The query string is invalid",
            detail,
        )
    }

    /// 400: a path parameter cannot be read.
    pub fn bad_path(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "invalid_path",
            "A path parameter is invalid",
            detail,
        )
    }

    /// 413: the body is larger than allowed.
    pub fn too_large(limit: usize) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            "The body is too large",
            format!("bodies are limited to {limit} bytes"),
        )
    }

    /// 415: the body is not declared as JSON.
    pub fn unsupported_media_type() -> Self {
        Self::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "The body must be JSON",
            "send Content-Type: application/json",
        )
    }

    /// 404: no route at this path.
    pub fn route_not_found(path: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "route_not_found",
            "No such route",
            format!("nothing is served at {path}"),
        )
    }

    /// 503: the database does not answer (`GET /readyz`).
    pub fn not_ready() -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "not_ready",
            "Not ready",
            "the database does not answer",
        )
    }

    /// 405: the route exists but not with this method.
    pub fn method_not_allowed(allow: &'static str) -> Self {
        let mut error = Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            "Method not allowed",
            format!("this route answers {allow}"),
        );
        error.0.allow = Some(allow);
        error
    }

    /// 422: one field is wrong.
    pub fn invalid(field: &str, code: &'static str, message: impl Into<String>) -> Self {
        AppError::invalid(field, code, message).into()
    }

    /// The stable code.
    pub fn code(&self) -> &'static str {
        self.0.code
    }

    /// The same error, saying which not-found or conflict it is.
    fn because(mut self, reason: Reason) -> Self {
        self.0.reason = Some(reason);
        self
    }
}

impl From<AppError> for ApiError {
    fn from(error: AppError) -> Self {
        let code = error.code();
        match error {
            AppError::Validation(errors) => {
                let detail = errors
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; ");
                let mut e = ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    code,
                    "The request is invalid",
                    detail,
                );
                e.0.errors = errors;
                e
            }
            AppError::NotFound(reason, detail) => {
                ApiError::new(StatusCode::NOT_FOUND, code, "Not found", detail).because(reason)
            }
            AppError::Conflict(reason, detail) => {
                ApiError::new(StatusCode::CONFLICT, code, "Conflict", detail).because(reason)
            }
            AppError::Forbidden(detail) => {
                ApiError::new(StatusCode::FORBIDDEN, code, "Forbidden", detail)
            }
            AppError::Unauthenticated(detail) => ApiError::new(
                StatusCode::UNAUTHORIZED,
                code,
                "Authentication required",
                detail,
            ),
            AppError::PreconditionFailed(detail) => ApiError::new(
                StatusCode::PRECONDITION_FAILED,
                code,
                "Precondition failed",
                detail,
            ),
            AppError::PreconditionRequired(detail) => ApiError::new(
                StatusCode::PRECONDITION_REQUIRED,
                code,
                "Precondition required",
                detail,
            ),
            AppError::IllegalTransition(detail) => {
                ApiError::new(StatusCode::CONFLICT, code, "Illegal transition", detail)
            }
            AppError::IdempotencyKeyReused(detail) => ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                code,
                "Idempotency key reused",
                detail,
            ),
            AppError::TooLarge(detail) => {
                ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, code, "Too large", detail)
            }
            AppError::UnsupportedMediaType(detail) => ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                code,
                "Unsupported file type",
                detail,
            ),
            AppError::RateLimited {
                retry_after_seconds,
            } => {
                let mut e = ApiError::new(
                    StatusCode::TOO_MANY_REQUESTS,
                    code,
                    "Too many requests",
                    format!("try again in {retry_after_seconds} seconds"),
                );
                e.0.retry_after_seconds = Some(retry_after_seconds);
                e
            }
            AppError::Unexpected(cause) => {
                let mut e = ApiError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    code,
                    "Internal error",
                    "something went wrong on our side; quote the request_id to support",
                );
                e.0.cause = Some(format!("{cause:#}"));
                e
            }
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.0.status.as_u16(),
            self.0.code,
            self.0.detail
        )
    }
}

#[derive(serde::Serialize)]
struct Problem<'a> {
    r#type: String,
    title: &'a str,
    status: u16,
    detail: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    instance: Option<String>,
    code: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    request_id: Option<String>,
    #[serde(skip_serializing_if = "<[Violation]>::is_empty")]
    errors: &'a [Violation],
}

impl ApiError {
    /// The cause of a 500, for the log.
    pub fn cause(&self) -> Option<&str> {
        self.0.cause.as_deref()
    }

    /// The problem+json response for a request (its path and request id go
    /// into `instance` and `request_id`).
    pub fn to_response(&self, request: Option<&HttpRequest>) -> HttpResponse {
        let request_id = request.and_then(|r| {
            r.extensions()
                .get::<tracing_actix_web::RequestId>()
                .map(ToString::to_string)
        });
        let d = &self.0;
        let problem = Problem {
            r#type: format!("urn:motcua:problem:{}", d.code),
            title: d.title,
            status: d.status.as_u16(),
            detail: &d.detail,
            instance: request.map(|r| r.path().to_owned()),
            code: d.code,
            reason: d.reason.map(Reason::as_str),
            request_id,
            errors: &d.errors,
        };
        let mut response = HttpResponse::build(d.status);
        response.insert_header((
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        ));
        if let Some(seconds) = d.retry_after_seconds {
            response.insert_header((header::RETRY_AFTER, seconds.to_string()));
        }
        if let Some(allow) = d.allow {
            response.insert_header((header::ALLOW, allow));
        }
        if d.status == StatusCode::UNAUTHORIZED {
            response.insert_header((header::WWW_AUTHENTICATE, "Bearer realm=\"motcua\""));
        }
        response.body(serde_json::to_string(&problem).unwrap_or_default())
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.0.status
    }

    // Without the request: the middleware in `lib.rs` rebuilds every error
    // response with the path and the request id, and logs 500s once.
    fn error_response(&self) -> HttpResponse {
        self.to_response(None)
    }
}
