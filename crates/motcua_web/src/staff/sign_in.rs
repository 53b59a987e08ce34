//! Staff sign-in and sign-out (`/can-bo/dang-nhap`, `/can-bo/dang-xuat`):
//! the API's rules (rate limits, the same password check), a session
//! cookie scoped to the workspace.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use motcua_app::App;

use super::{PREFIX, Section, StaffFrame};
use crate::client::Client;
use crate::csrf::{self, FormToken};
use crate::form::{self, FormErrors};
use crate::messages::Lang;
use crate::pages::Input;
use crate::{WebError, WebSettings, is_local_path, see_other};

/// What the sign-in form posts.
#[derive(Debug, Default, serde::Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    tiep: String,
}

/// The sign-in page's query: where to go after, and a banner.
#[derive(Debug, Default, serde::Deserialize)]
pub struct SignInQuery {
    #[serde(default)]
    tiep: String,
    #[serde(default)]
    tb: String,
}

#[derive(Template)]
#[template(path = "staff/sign_in.html")]
struct SignInPage {
    frame: StaffFrame,
    errors: FormErrors,
    banner: Option<&'static str>,
    next: String,
    username: Input,
    password: Input,
}

fn page(
    lang: Lang,
    req: &HttpRequest,
    csrf: &str,
    (username, next): (&str, &str),
    banner: Option<&'static str>,
    errors: FormErrors,
) -> SignInPage {
    let (m, s) = (lang.messages(), lang.staff());
    SignInPage {
        frame: StaffFrame::new(
            lang,
            form::title(m, &errors, s.sign_in_title),
            Section::None,
            None,
            csrf,
            req,
        ),
        banner,
        next: next.to_owned(),
        username: Input::text("username", s.username_label, username)
            .autocomplete("username")
            .width("width-20")
            .checked(&errors),
        password: Input::text("password", m.password_label, "")
            .kind("password")
            .autocomplete("current-password")
            .width("width-20")
            .checked(&errors),
        errors,
    }
}

/// Only a workspace page, never the sign-in page itself or elsewhere.
fn workspace_or_queue(next: &str) -> String {
    if is_local_path(next) && next.starts_with(PREFIX) && !next.starts_with("/can-bo/dang-nhap") {
        next.to_owned()
    } else {
        format!("{PREFIX}/ho-so")
    }
}

/// `GET /can-bo/dang-nhap?tiep=/can-bo/...`.
pub async fn form(
    lang: Lang,
    FormToken(csrf): FormToken,
    req: HttpRequest,
    query: web::Query<SignInQuery>,
) -> HttpResponse {
    let query = query.into_inner();
    let banner = (query.tb == "da-dang-xuat").then_some(lang.staff().banner_signed_out);
    let next = workspace_or_queue(&query.tiep);
    let page = page(lang, &req, &csrf, ("", &next), banner, FormErrors::none());
    crate::html(StatusCode::OK, &page)
}

/// `POST /can-bo/dang-nhap`: opens a session and goes on to the page asked for.
pub async fn sign_in(
    app: web::Data<App>,
    settings: web::Data<WebSettings>,
    lang: Lang,
    Client(client): Client,
    req: HttpRequest,
    posted: web::Form<SignInForm>,
) -> Result<HttpResponse, WebError> {
    let typed = posted.into_inner();
    csrf::verify(&req, &typed.csrf)?;
    let (m, s) = (lang.messages(), lang.staff());
    let next = workspace_or_queue(&typed.tiep);
    let mut errors = FormErrors::none();
    if typed.username.trim().is_empty() {
        errors.push("username", (s.violation)("username", "required"));
    }
    if typed.password.is_empty() {
        errors.push("password", (s.violation)("password", "required"));
    }
    let mut status = StatusCode::BAD_REQUEST;
    if !errors.any() {
        match app
            .staff_web_sign_in(client, typed.username.clone(), typed.password.clone())
            .await
        {
            Ok(session) => {
                csrf::renew(&req)?;
                let mut response = see_other(&next);
                let _ = response.add_cookie(&super::cookie(session.token, &settings));
                return Ok(response);
            }
            Err(e) => status = errors.refusal(m, e, ("username", s.sign_in_refused))?,
        }
    }
    let page = page(
        lang,
        &req,
        &typed.csrf,
        (&typed.username, &next),
        None,
        errors,
    );
    Ok(crate::html(status, &page))
}

/// What the sign-out button posts.
#[derive(Debug, Default, serde::Deserialize)]
pub struct ButtonForm {
    #[serde(default)]
    csrf: String,
}

/// `POST /can-bo/dang-xuat`: ends the session on the server and forgets the cookie.
pub async fn sign_out(
    app: web::Data<App>,
    settings: web::Data<WebSettings>,
    req: HttpRequest,
    posted: web::Form<ButtonForm>,
) -> Result<HttpResponse, WebError> {
    csrf::verify(&req, &posted.csrf)?;
    if let Some(cookie) = req.cookie(super::STAFF_COOKIE) {
        app.end_web_session(cookie.value().to_owned()).await?;
    }
    let mut response = see_other(&format!("{PREFIX}/dang-nhap?tb=da-dang-xuat"));
    let _ = response.add_cookie(&super::removal(&settings));
    Ok(response)
}
