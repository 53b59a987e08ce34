//! Pages for what went wrong: a not-found, a bad request, too many requests,
//! a fault of ours. Never a stack trace, never raw JSON; the cause of a fault
//! is logged once, with the request id, and never shown.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, ResponseError, web};
use askama::Template;
use motcua_app::AppError;

use crate::frame::{Frame, Nav};
use crate::{WebSettings, messages, session};

/// A page could not be shown.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// No such page (or no such thing on it).
    #[error("not found")]
    NotFound,
    /// A request no page understands.
    #[error("bad request")]
    BadRequest,
    /// Too many requests from this client; try again after this many seconds.
    #[error("rate limited")]
    RateLimited(u64),
    /// The page is for a signed-in citizen and nobody (or an ended session)
    /// asked: to the sign-in page, and back to this path and query after.
    #[error("sign-in needed")]
    SignInNeeded(String),
    /// The page is for signed-in staff and nobody (or an ended session)
    /// asked: to the staff sign-in page, and back to this path after.
    #[error("staff sign-in needed")]
    StaffSignInNeeded(String),
    /// What was asked does not fit where the thing stands now (a refusal
    /// notice of a dossier that was not refused, an action its status no
    /// longer allows).
    #[error("not now")]
    NotNow,
    /// The signed-in person's role may not see this page or do this.
    #[error("forbidden")]
    Forbidden,
    /// A form posted without the token of this browser's forms (an old tab,
    /// cookies cleared, or another site posting): nothing was changed.
    #[error("stale form")]
    StaleForm,
    /// A fault of ours, with its cause for the log.
    #[error("unexpected: {0}")]
    Unexpected(String),
}

impl From<AppError> for WebError {
    fn from(error: AppError) -> Self {
        match error {
            AppError::NotFound(..) => WebError::NotFound,
            AppError::Forbidden(_) => WebError::Forbidden,
            AppError::RateLimited {
                retry_after_seconds,
            } => WebError::RateLimited(retry_after_seconds),
            AppError::Validation(_) => WebError::BadRequest,
            AppError::Conflict(..)
            | AppError::IllegalTransition(_)
            | AppError::PreconditionFailed(_) => WebError::NotNow,
            other => WebError::Unexpected(error_chain(&other)),
        }
    }
}

/// An error and its causes, for the log.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

impl ResponseError for WebError {
    fn status_code(&self) -> StatusCode {
        match self {
            WebError::NotFound => StatusCode::NOT_FOUND,
            WebError::BadRequest => StatusCode::BAD_REQUEST,
            WebError::RateLimited(_) => StatusCode::TOO_MANY_REQUESTS,
            WebError::SignInNeeded(_) | WebError::StaffSignInNeeded(_) => StatusCode::SEE_OTHER,
            WebError::Forbidden => StatusCode::FORBIDDEN,
            WebError::NotNow => StatusCode::CONFLICT,
            WebError::StaleForm => StatusCode::FORBIDDEN,
            WebError::Unexpected(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    // The page is rendered again by `render_errors`, in the request's
    // language; this is what is left if that cannot run.
    fn error_response(&self) -> HttpResponse {
        HttpResponse::build(self.status_code())
            .content_type("text/plain; charset=utf-8")
            .body(self.status_code().canonical_reason().unwrap_or("error"))
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    frame: Frame,
    heading: String,
    text: String,
}

/// The page for `error`, in the language `req` asks for.
pub fn page(req: &HttpRequest, error: &WebError) -> HttpResponse {
    let lang = messages::of_request(req);
    let m = lang.messages();
    match error {
        WebError::SignInNeeded(back) => return sign_in_first(req, back, &CITIZEN),
        WebError::StaffSignInNeeded(back) => return sign_in_first(req, back, &STAFF),
        _ => {}
    }
    let (heading, text) = match error {
        WebError::NotFound => (m.not_found_title, m.not_found_text.to_owned()),
        WebError::BadRequest => (m.bad_request_title, m.bad_request_text.to_owned()),
        WebError::RateLimited(seconds) => (m.rate_limited_title, (m.rate_limited_text)(*seconds)),
        WebError::StaleForm => (m.stale_form_title, m.stale_form_text.to_owned()),
        WebError::Forbidden => (m.forbidden_title, m.forbidden_text.to_owned()),
        WebError::NotNow => (m.not_now_title, m.not_now_text.to_owned()),
        WebError::Unexpected(_) | WebError::SignInNeeded(_) | WebError::StaffSignInNeeded(_) => {
            (m.unexpected_title, m.unexpected_text.to_owned())
        }
    };
    let mut response = message_page(req, error.status_code(), heading, text);
    if let WebError::RateLimited(seconds) = error
        && let Ok(value) = HeaderValue::from_str(&seconds.to_string())
    {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}

/// Which sign-in a page needs: its form's address, whether the request
/// carries that session's cookie, and the cookie that removes it.
struct SignIn {
    form: &'static str,
    has_cookie: fn(&HttpRequest) -> bool,
    removal: fn(&WebSettings) -> actix_web::cookie::Cookie<'static>,
}

/// The citizen's sign-in.
const CITIZEN: SignIn = SignIn {
    form: "/dang-nhap",
    has_cookie: session::has_cookie,
    removal: session::removal,
};

/// The staff's sign-in.
const STAFF: SignIn = SignIn {
    form: "/can-bo/dang-nhap",
    has_cookie: crate::staff::has_cookie,
    removal: crate::staff::removal,
};

/// To the sign-in page, which comes back to `back`; a session cookie that
/// no longer opens a session is removed on the way.
fn sign_in_first(req: &HttpRequest, back: &str, sign_in: &SignIn) -> HttpResponse {
    let next = serde_urlencoded::to_string([("tiep", back)]).unwrap_or_default();
    let mut response = HttpResponse::SeeOther()
        .insert_header((header::LOCATION, format!("{}?{next}", sign_in.form)))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .finish();
    if (sign_in.has_cookie)(req)
        && let Some(settings) = req.app_data::<web::Data<WebSettings>>()
    {
        let _ = response.add_cookie(&(sign_in.removal)(settings));
    }
    response
}

/// A page that only says what happened, with a way home.
pub fn message_page(
    req: &HttpRequest,
    status: StatusCode,
    heading: &str,
    text: String,
) -> HttpResponse {
    let page = ErrorPage {
        frame: Frame::new(messages::of_request(req), heading, Nav::None, req),
        heading: heading.to_owned(),
        text,
    };
    crate::html(status, &page)
}

/// The 404 page of an address no route knows.
pub async fn not_found(req: HttpRequest) -> HttpResponse {
    page(&req, &WebError::NotFound)
}
