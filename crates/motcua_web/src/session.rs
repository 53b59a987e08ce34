//! The signed-in citizen of a request: the session cookie's token, checked
//! against the database on every request that needs it (a sign-out or a new
//! password ends a session at once). Pages that need no one signed in never
//! look, so the public pages cost no session query; their header only asks
//! whether the cookie is there.

use actix_web::cookie::{Cookie, SameSite, time::Duration};
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use motcua_app::{App, CitizenPrincipal};
use std::future::Future;
use std::pin::Pin;

use crate::frame::here;
use crate::{WebError, WebSettings};

/// The cookie that holds a web session's token.
pub const SESSION_COOKIE: &str = "phien";

/// A signed-in citizen; a page that takes one sends anyone else to the
/// sign-in page, and back here after.
pub struct SignedIn(pub CitizenPrincipal);

impl FromRequest for SignedIn {
    type Error = WebError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, WebError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let token = req.cookie(SESSION_COOKIE).map(|c| c.value().to_owned());
        let app = req.app_data::<web::Data<App>>().cloned();
        let back = here(req);
        Box::pin(async move {
            let app = app.ok_or_else(|| WebError::Unexpected("no App in the site".into()))?;
            let Some(token) = token.filter(|t| !t.is_empty()) else {
                return Err(WebError::SignInNeeded(back));
            };
            match app.citizen_of_web_session(token).await? {
                Some(citizen) => Ok(SignedIn(citizen)),
                None => Err(WebError::SignInNeeded(back)),
            }
        })
    }
}

/// Whether the request carries a session cookie: what the header shows
/// ("my account" or "sign in"), not a proof of anything.
pub fn has_cookie(req: &HttpRequest) -> bool {
    req.cookie(SESSION_COOKIE)
        .is_some_and(|c| !c.value().is_empty())
}

/// The cookie of a new session: for this browser session only (closing the
/// browser ends it here; the server ends it when idle or old).
pub fn cookie(token: String, settings: &WebSettings) -> Cookie<'static> {
    Cookie::build(SESSION_COOKIE, token)
        .path("/")
        .same_site(SameSite::Lax)
        .http_only(true)
        .secure(settings.secure_cookies)
        .finish()
}

/// The cookie that removes the session cookie.
pub fn removal(settings: &WebSettings) -> Cookie<'static> {
    Cookie::build(SESSION_COOKIE, "")
        .path("/")
        .same_site(SameSite::Lax)
        .http_only(true)
        .secure(settings.secure_cookies)
        .max_age(Duration::ZERO)
        .finish()
}
