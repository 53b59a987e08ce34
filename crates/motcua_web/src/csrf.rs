//! Protection against cross-site request forgery for every form that
//! changes something: a double-submit token. The browser holds a random
//! token in an `HttpOnly`, SameSite=Lax cookie; each form carries the same
//! token in a hidden field; a POST whose field does not match its cookie is
//! refused. Another site can make a browser post to us, but cannot read or
//! set our cookie, so it cannot know the value to put in the field. The
//! `Origin` header, which browsers send with every POST, must name this
//! host too when it is there.

use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpMessage, HttpRequest, HttpResponse, web};
use base64::Engine;
use std::future::{Ready, ready};

use crate::{WebError, WebSettings};

/// The cookie that holds the token.
pub const CSRF_COOKIE: &str = "csrf";

/// A token made for this response, to be set as the cookie on the way out.
#[derive(Clone)]
pub(crate) struct NewToken(pub(crate) String);

/// The token for the forms of a page: the browser's, or a new one that the
/// response sets.
pub struct FormToken(pub String);

impl FromRequest for FormToken {
    type Error = WebError;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(token_of(req).map(FormToken))
    }
}

/// The browser's token, or a new one remembered for the response.
pub(crate) fn token_of(req: &HttpRequest) -> Result<String, WebError> {
    if let Some(NewToken(token)) = req.extensions().get::<NewToken>() {
        return Ok(token.clone());
    }
    if let Some(token) = req.cookie(CSRF_COOKIE).map(|c| c.value().to_owned())
        && well_formed(&token)
    {
        return Ok(token);
    }
    renew(req)
}

/// A new token for the browser, replacing the old one: at sign-in, so a
/// token planted before it is worth nothing after.
pub(crate) fn renew(req: &HttpRequest) -> Result<String, WebError> {
    let token = random_token()?;
    req.extensions_mut().insert(NewToken(token.clone()));
    Ok(token)
}

/// 32 random bytes, URL-safe: a form token, or a submission's key.
pub(crate) fn random_token() -> Result<String, WebError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| WebError::Unexpected(format!("no random bytes for a form token: {e}")))?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

fn well_formed(token: &str) -> bool {
    token.len() == 43
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The cookie for a token made during this request.
pub(crate) fn cookie(token: &str, settings: Option<&web::Data<WebSettings>>) -> Cookie<'static> {
    Cookie::build(CSRF_COOKIE, token.to_owned())
        .path("/")
        .same_site(SameSite::Lax)
        .http_only(true)
        .secure(settings.is_some_and(|s| s.secure_cookies))
        .finish()
}

/// Puts the cookie of a token made during this request on the response.
pub(crate) fn set_new_token(req: &HttpRequest, response: &mut HttpResponse) {
    let made = req.extensions().get::<NewToken>().cloned();
    if let Some(NewToken(token)) = made {
        let settings = req.app_data::<web::Data<WebSettings>>();
        let _ = response.add_cookie(&cookie(&token, settings));
    }
}

/// Checks a posted form's token against the browser's, and the `Origin` (if
/// sent) against this host. A mismatch is [`WebError::StaleForm`]: most
/// often an old tab or a cleared cookie, and it is explained as such.
pub fn verify(req: &HttpRequest, submitted: &str) -> Result<(), WebError> {
    let cookie = req.cookie(CSRF_COOKIE);
    let matches = cookie.is_some_and(|c| {
        well_formed(c.value()) && constant_time_eq(c.value().as_bytes(), submitted.as_bytes())
    });
    if !matches || !same_origin(req) {
        tracing::info!("form refused: its token or origin does not match");
        return Err(WebError::StaleForm);
    }
    Ok(())
}

fn same_origin(req: &HttpRequest) -> bool {
    let Some(origin) = req.headers().get(header::ORIGIN) else {
        return true;
    };
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    let host = req.connection_info().host().to_owned();
    origin
        .split_once("://")
        .is_some_and(|(_, rest)| rest.eq_ignore_ascii_case(&host))
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_only_our_shape_is_accepted() {
        let a = random_token().unwrap();
        assert!(well_formed(&a));
        assert_ne!(a, random_token().unwrap());
        assert!(!well_formed("short"));
        assert!(!well_formed(&format!("{}=", &a[..42])));
        assert!(constant_time_eq(a.as_bytes(), a.as_bytes()));
        assert!(!constant_time_eq(
            a.as_bytes(),
            random_token().unwrap().as_bytes()
        ));
        assert!(!constant_time_eq(b"a", b"ab"));
    }
}
