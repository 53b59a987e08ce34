//! Extractors: who is asking, from where, and the error answers of actix's
//! own JSON, query and path extractors.

use actix_web::dev::Payload;
use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use motcua_app::{App, CitizenPrincipal, ClientKey, Principal};
use std::future::{Ready, ready};

use crate::ApiSettings;
use crate::problem::ApiError;

/// The signed-in staff member named by `Authorization: Bearer <JWT>`.
pub struct Staff(pub Principal);

impl FromRequest for Staff {
    type Error = ApiError;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(authenticate(req))
    }
}

fn authenticate(req: &HttpRequest) -> Result<Staff, ApiError> {
    let (app, token) = bearer(req)?;
    Ok(Staff(app.authenticate(token)?))
}

/// The signed-in citizen named by `Authorization: Bearer <JWT>` (a token of
/// the citizen audience; staff tokens are refused).
pub struct Citizen(pub CitizenPrincipal);

impl FromRequest for Citizen {
    type Error = ApiError;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(bearer(req).and_then(|(app, token)| Ok(Citizen(app.authenticate_citizen(token)?))))
    }
}

/// The application and the bearer token of the request.
fn bearer(req: &HttpRequest) -> Result<(&web::Data<App>, &str), ApiError> {
    let app = req.app_data::<web::Data<App>>().ok_or_else(|| {
        ApiError::from(motcua_app::AppError::unexpected(
            "extractor",
            "no App in app data",
        ))
    })?;
    Ok((app, bearer_token(req)?))
}

/// The token of `Authorization: Bearer <token>`.
pub(crate) fn bearer_token(req: &HttpRequest) -> Result<&str, ApiError> {
    let header = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| {
            ApiError::from(motcua_app::AppError::Unauthenticated(
                "send Authorization: Bearer <access token>".into(),
            ))
        })?;
    let token = header
        .strip_prefix("Bearer ")
        .or_else(|| header.strip_prefix("bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            ApiError::from(motcua_app::AppError::Unauthenticated(
                "the Authorization header must be Bearer <access token>".into(),
            ))
        })?;
    Ok(token)
}

/// The client's address, for rate limits: the peer, or the first address of
/// `X-Forwarded-For` when the server is configured to trust its proxy.
pub struct Client(pub ClientKey);

impl FromRequest for Client {
    type Error = ApiError;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let trust_proxy = req
            .app_data::<web::Data<ApiSettings>>()
            .is_some_and(|s| s.trust_forwarded_for);
        let forwarded = trust_proxy
            .then(|| {
                req.headers()
                    .get("x-forwarded-for")
                    .and_then(|v| v.to_str().ok())
            })
            .flatten()
            .and_then(|v| v.split(',').next())
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty());
        let peer = req
            .peer_addr()
            .map(|a| a.ip().to_string())
            .unwrap_or_else(|| "unknown".into());
        ready(Ok(Client(ClientKey(forwarded.unwrap_or(peer)))))
    }
}

/// JSON bodies: limited in size, errors as problems. Not JSON at all is 400;
/// JSON of the wrong shape or types is 422.
pub fn json_config(limit: usize) -> web::JsonConfig {
    web::JsonConfig::default()
        .limit(limit)
        .content_type_required(true)
        .error_handler(move |error, _req| {
            let problem = match &error {
                JsonPayloadError::Overflow { .. }
                | JsonPayloadError::OverflowKnownLength { .. } => ApiError::too_large(limit),
                JsonPayloadError::ContentType => ApiError::unsupported_media_type(),
                JsonPayloadError::Deserialize(e) if e.is_data() => {
                    ApiError::invalid("body", "wrong_shape", e.to_string())
                }
                JsonPayloadError::Deserialize(e) => ApiError::malformed_json(e.to_string()),
                other => ApiError::malformed_json(other.to_string()),
            };
            problem.into()
        })
}

/// Query strings: errors as problems.
pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|error: QueryPayloadError, _req| {
        ApiError::bad_query(error.to_string()).into()
    })
}

/// Path parameters: errors as problems.
pub fn path_config() -> web::PathConfig {
    web::PathConfig::default()
        .error_handler(|error: PathError, _req| ApiError::bad_path(error.to_string()).into())
}

/// Reads an RFC 3339 instant from a query string. A `+` that was not encoded
/// as `%2B` arrives as a space; it can only have been the offset's sign.
pub fn instant(field: &str, text: &str) -> Result<chrono::DateTime<chrono::Utc>, ApiError> {
    chrono::DateTime::parse_from_rfc3339(&text.replace(' ', "+"))
        .map(|t| t.to_utc())
        .map_err(|e| {
            ApiError::invalid(
                field,
                "invalid_instant",
                format!("{e}: expected RFC 3339, e.g. 2026-02-13T16:30:00+07:00"),
            )
        })
}
