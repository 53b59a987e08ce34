//! Handlers, one module per resource; each extracts, converts the DTO into a
//! command, calls one use case, and maps the answer.

pub mod agencies;
pub mod apologies;
pub mod auth;
pub mod calendar;
pub mod citizens;
pub mod dossiers;
pub mod health;
pub mod lookup;
pub mod notices;
pub mod online;
pub mod payments;
pub mod procedures;
pub mod workflow;

use actix_web::HttpResponse;
use actix_web::http::header;

use motcua_app::{AppError, Reason};
use motcua_domain::DossierCode;

use crate::problem::ApiError;

/// The answer of a handler.
pub type Answer = Result<HttpResponse, ApiError>;

/// What a path segment names, parsed by `parse`. A malformed one answers
/// like an unknown one, 404 with `reason`, so the answer tells nothing about
/// which ids or codes exist.
pub fn in_path<T, E>(
    text: &str,
    reason: Reason,
    parse: impl FnOnce(&str) -> Result<T, E>,
) -> Result<T, ApiError> {
    parse(text).map_err(|_| AppError::missing(reason, text).into())
}

/// The dossier code of a path.
pub fn dossier_code(text: &str) -> Result<DossierCode, ApiError> {
    in_path(text, Reason::NoSuchDossier, |t| {
        DossierCode::parse("code", t)
    })
}

/// A UUID in a path (an apology's, a notice's), in its canonical spelling.
pub fn uuid_in_path(text: &str, reason: Reason) -> Result<String, ApiError> {
    in_path(text, reason, |t| {
        uuid::Uuid::parse_str(t).map(|id| id.to_string())
    })
}

/// Whether a printable page was asked for: `?format=html`, or no `format`
/// and `Accept: text/html`; `?format=json` or nothing else means JSON.
pub fn wants_html(format: Option<&str>, req: &actix_web::HttpRequest) -> Result<bool, ApiError> {
    match format {
        Some("html") => Ok(true),
        Some("json") => Ok(false),
        Some(other) => Err(ApiError::invalid(
            "format",
            "unknown_format",
            format!("{other:?}: expected json or html"),
        )),
        None => Ok(req
            .headers()
            .get(header::ACCEPT)
            .and_then(|a| a.to_str().ok())
            .is_some_and(|a| a.starts_with("text/html"))),
    }
}

/// 200 with a JSON body.
/// Each view of a list as its response.
pub fn each<V, R: From<V>>(views: Vec<V>) -> Vec<R> {
    views.into_iter().map(R::from).collect()
}

pub fn ok(body: &impl serde::Serialize) -> Answer {
    Ok(HttpResponse::Ok().json(body))
}

/// 201 with a JSON body and the new resource's address.
pub fn created(location: &str, body: &impl serde::Serialize) -> Answer {
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, location.to_owned()))
        .json(body))
}
