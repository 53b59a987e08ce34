//! Extractors: who is asking, from where, and the error answers of actix's
//! own JSON, query and path extractors.

use actix_web::dev::Payload;
use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use motcua_app::{App, CitizenPrincipal, ClientKey, Principal};
use motcua_domain::Violation;
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

/// The client's address, for rate limits: the connection's peer, or, behind
/// `trusted_proxy_hops` reverse proxies, the address the outermost of them
/// saw. Each proxy appends the address it was connected from to
/// `X-Forwarded-For`, so only the last `hops` entries are written by
/// proxies we trust; everything to their left is the client's to invent.
pub struct Client(pub ClientKey);

impl FromRequest for Client {
    type Error = ApiError;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let hops = req
            .app_data::<web::Data<ApiSettings>>()
            .map_or(0, |s| s.trusted_proxy_hops);
        let peer = req.peer_addr().map(|a| a.ip());
        let forwarded: Vec<&str> = req
            .headers()
            .get_all("x-forwarded-for")
            .filter_map(|v| v.to_str().ok())
            .collect();
        ready(Ok(Client(ClientKey::behind_proxies(
            peer, &forwarded, hops,
        ))))
    }
}

/// A JSON body of type `T`: read as actix's `web::Json` reads it (the size
/// limit, the content type, the error answers of [`json_config`]), then
/// refused with a 422 naming the field if any text in it holds a control
/// character (a tab and line breaks apart). Every body is checked here, so
/// no text field reaches a use case, a log or the database with a NUL or an
/// escape sequence in it, whatever its own rules forget.
pub struct Json<T>(pub T);

impl<T> Json<T> {
    /// The body.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T: serde::de::DeserializeOwned + 'static> FromRequest for Json<T> {
    type Error = actix_web::Error;
    type Future = futures_util::future::LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let value = web::Json::<serde_json::Value>::from_request(req, payload);
        Box::pin(async move {
            let value = value.await?.into_inner();
            if let Some(field) = control_character_in(&value, "") {
                return Err(ApiError::invalid(
                    if field.is_empty() { "body" } else { &field },
                    "control_characters",
                    "text must not contain control characters (tabs and line breaks apart)",
                )
                .into());
            }
            serde_json::from_value(value)
                .map(Json)
                .map_err(|e| ApiError::invalid("body", "wrong_shape", e.to_string()).into())
        })
    }
}

/// Whether a character may stand in text we take: anything but a control
/// character, except a tab and line breaks (notes and reasons have lines).
fn allowed(c: char) -> bool {
    !c.is_control() || matches!(c, '\t' | '\n' | '\r')
}

/// The path (`applicant.full_name`, `items[2]`) of the first string or key
/// in `value` holding a character text may not hold.
fn control_character_in(value: &serde_json::Value, at: &str) -> Option<String> {
    match value {
        serde_json::Value::String(text) => (!text.chars().all(allowed)).then(|| at.to_owned()),
        serde_json::Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, item)| control_character_in(item, &format!("{at}[{i}]"))),
        serde_json::Value::Object(fields) => fields.iter().find_map(|(key, item)| {
            let here = if at.is_empty() {
                key.clone()
            } else {
                format!("{at}.{key}")
            };
            if key.chars().all(allowed) {
                control_character_in(item, &here)
            } else {
                Some(here)
            }
        }),
        _ => None,
    }
}

/// A request whose path or query string, percent-decoded, holds a control
/// character: refused (400) before any route sees it.
pub(crate) fn control_character_in_target(
    req: &actix_web::dev::ServiceRequest,
) -> Option<ApiError> {
    let decoded = |text: &str| -> String {
        let bytes = text.as_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            let hex = |b: u8| char::from(b).to_digit(16);
            match (
                bytes[i],
                bytes.get(i + 1).copied().and_then(hex),
                bytes.get(i + 2).copied().and_then(hex),
            ) {
                (b'%', Some(high), Some(low)) => {
                    out.push(u8::try_from(high * 16 + low).unwrap_or(0));
                    i += 3;
                }
                (byte, _, _) => {
                    out.push(byte);
                    i += 1;
                }
            }
        }
        String::from_utf8_lossy(&out).into_owned()
    };
    let holds = |part: &str| decoded(part).chars().any(char::is_control);
    let uri = req.uri();
    if holds(uri.path()) {
        Some(ApiError::bad_path("the path holds a control character"))
    } else if holds(uri.query().unwrap_or("")) {
        Some(ApiError::bad_query(
            "the query string holds a control character",
        ))
    } else {
        None
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
/// The instant must lie within the calendar's years.
pub fn instant(field: &str, text: &str) -> Result<chrono::DateTime<chrono::Utc>, Violation> {
    let instant = chrono::DateTime::parse_from_rfc3339(&text.replace(' ', "+"))
        .map(|t| t.to_utc())
        .map_err(|e| {
            Violation::new(
                field,
                "invalid_instant",
                format!("{e}: expected RFC 3339, e.g. 2026-02-13T16:30:00+07:00"),
            )
        })?;
    motcua_domain::calendar_instant(field, instant)
}

#[cfg(test)]
mod tests {
    #[test]
    fn control_characters_are_found_where_they_are() {
        use super::control_character_in;
        use serde_json::json;
        let body = json!({
            "note": "line one\nline two\twith a tab",
            "applicant": {"full_name": "Nguyễn Văn An", "address": "12 Phố \u{0} Huế"},
        });
        assert_eq!(
            control_character_in(&body, ""),
            Some("applicant.address".into())
        );
        assert_eq!(
            control_character_in(&json!({"items": ["a", "b\u{1b}[31m"]}), ""),
            Some("items[1]".into())
        );
        assert_eq!(
            control_character_in(&json!({"a\u{7f}": 1}), ""),
            Some("a\u{7f}".into())
        );
        assert_eq!(
            control_character_in(&json!("\u{85}"), ""),
            Some(String::new())
        );
        assert_eq!(control_character_in(&body["note"], "note"), None);
    }
}
