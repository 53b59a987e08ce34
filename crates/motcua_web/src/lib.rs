#![doc = include_str!("../README.md")]

mod assets;
mod client;
mod csrf;
mod error;
mod form;
mod frame;
mod messages;
mod pages;
mod session;
mod staff;
mod uploads;

use pages::{account, application, apply, payment};

pub use error::WebError;
pub use messages::Lang;

use actix_web::body::MessageBody;
use actix_web::cookie::{Cookie, SameSite, time::Duration};
use actix_web::dev::{HttpServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::{Next, from_fn};
use actix_web::{HttpMessage, HttpResponse, web};
use askama::Template;

/// What the pages need to know about where they are served.
#[derive(Debug, Clone, Default)]
pub struct WebSettings {
    /// Whether the site is reached over HTTPS (`MOTCUA_PUBLIC_URL` starts
    /// with `https://`): cookies are then `Secure`.
    pub secure_cookies: bool,
    /// How many reverse proxies stand in front of the server (see the API's
    /// setting of the same name): rate limits count the client behind them.
    pub trusted_proxy_hops: usize,
    /// The largest upload form (one document's files and the framing), as
    /// the API's upload limit.
    pub max_upload_bytes: usize,
    /// The largest file.
    pub max_file_bytes: usize,
    /// The payment gateway's origin (`https://pay.example`) when it is not
    /// this site: the pay button's form is sent on to it, which the pages'
    /// `form-action` must allow.
    pub payment_origin: Option<String>,
}

/// The Content-Security-Policy of every page: our own stylesheet, fonts and
/// scripts only, no inline script, forms that post only to us, no framing.
pub const PAGE_CSP: &str = "default-src 'none'; style-src 'self'; font-src 'self'; img-src 'self' data:; script-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// The largest form body a page accepts (files go elsewhere): a form of
/// ours is a few kilobytes.
const FORM_LIMIT: usize = 64 * 1024;

/// The pages' policy, with the payment gateway's origin among the places a
/// form may go when it is elsewhere.
fn page_csp(payment_origin: Option<&str>) -> HeaderValue {
    match payment_origin {
        None => HeaderValue::from_static(PAGE_CSP),
        Some(origin) => HeaderValue::from_str(&PAGE_CSP.replace(
            "form-action 'self'",
            &format!("form-action 'self' {origin}"),
        ))
        .unwrap_or_else(|_| HeaderValue::from_static(PAGE_CSP)),
    }
}

/// The public site, at `/`: register it after the JSON API, whose
/// addresses it leaves alone (every other address is a page or a 404 page).
pub fn site(settings: WebSettings) -> impl HttpServiceFactory {
    web::scope("")
        .app_data(web::Data::new(settings))
        .app_data(web::QueryConfig::default().error_handler(|_, _| WebError::BadRequest.into()))
        .app_data(web::PathConfig::default().error_handler(|_, _| WebError::NotFound.into()))
        .app_data(
            web::FormConfig::default()
                .limit(FORM_LIMIT)
                .error_handler(|_, _| WebError::BadRequest.into()),
        )
        .route("/", web::get().to(pages::home::home))
        .route("/thu-tuc", web::get().to(pages::catalogue::search))
        .route(
            "/thu-tuc/{code}",
            web::get().to(pages::catalogue::procedure),
        )
        .route("/tra-cuu", web::get().to(pages::lookup::form))
        .route("/tra-cuu/{code}", web::get().to(pages::lookup::dossier))
        .route("/dang-ky", web::get().to(account::register_form))
        .route("/dang-ky", web::post().to(account::register))
        .route(
            "/dang-ky/kiem-tra-email",
            web::get().to(account::check_email),
        )
        .route("/xac-thuc-email", web::get().to(account::verify_email))
        .route("/dang-nhap", web::get().to(account::sign_in_form))
        .route("/dang-nhap", web::post().to(account::sign_in))
        .route("/dang-xuat", web::post().to(account::sign_out))
        .route("/quen-mat-khau", web::get().to(account::forgotten_form))
        .route("/quen-mat-khau", web::post().to(account::forgotten))
        .route("/quen-mat-khau/da-gui", web::get().to(account::reset_sent))
        .route("/dat-lai-mat-khau", web::get().to(account::reset_form))
        .route("/dat-lai-mat-khau", web::post().to(account::reset))
        .route("/tai-khoan", web::get().to(account::account))
        .route(
            "/tai-khoan/mat-khau",
            web::get().to(account::change_password_form),
        )
        .route(
            "/tai-khoan/mat-khau",
            web::post().to(account::change_password),
        )
        .route("/ho-so-cua-toi", web::get().to(pages::my_dossiers::list))
        .route("/nop-truc-tuyen/{code}", web::get().to(apply::start_form))
        .route("/nop-truc-tuyen/{code}", web::post().to(apply::start))
        .route("/ho-so-cua-toi/{id}", web::get().to(application::show))
        .route(
            "/ho-so-cua-toi/{id}/nguoi-nop",
            web::get().to(apply::edit_form),
        )
        .route("/ho-so-cua-toi/{id}/nguoi-nop", web::post().to(apply::edit))
        .route(
            "/ho-so-cua-toi/{id}/giay-to/{index}",
            web::post().to(application::upload),
        )
        .route(
            "/ho-so-cua-toi/{id}/kiem-tra",
            web::get().to(application::check),
        )
        .route(
            "/ho-so-cua-toi/{id}/nop",
            web::post().to(application::submit),
        )
        .route(
            "/ho-so-cua-toi/{id}/da-nop",
            web::get().to(application::confirmation),
        )
        .route(
            "/ho-so-cua-toi/{id}/tep/{file}",
            web::get().to(application::file),
        )
        .route(
            "/ho-so-cua-toi/{id}/xoa",
            web::post().to(application::delete),
        )
        .route(
            "/ho-so-cua-toi/{id}/thanh-toan",
            web::post().to(payment::start),
        )
        .route(
            "/thanh-toan/thu-nghiem",
            web::get().to(payment::sandbox_bank),
        )
        .route(
            "/thanh-toan/thu-nghiem",
            web::post().to(payment::sandbox_pay),
        )
        .route("/thanh-toan/ket-qua", web::get().to(payment::result))
        .route(
            "/ho-so-cua-toi/{id}/danh-gia",
            web::post().to(application::rate),
        )
        .route(
            "/ho-so-cua-toi/{id}/rut-ho-so",
            web::post().to(application::withdraw),
        )
        .configure(staff::configure)
        .route("/ngon-ngu/{lang}", web::get().to(switch_language))
        .route("/static/{name}", web::get().to(assets::serve))
        .default_service(web::to(error::not_found))
        .wrap(from_fn(page_headers))
}

/// A rendered page as a response. A template that fails to render (it
/// cannot, short of a bug) is a plain 500 and a log line.
pub(crate) fn html(status: StatusCode, page: &impl Template) -> HttpResponse {
    match page.render() {
        Ok(body) => HttpResponse::build(status)
            .content_type("text/html; charset=utf-8")
            .body(body),
        Err(e) => {
            tracing::error!(error = %e, "a page failed to render");
            HttpResponse::InternalServerError()
                .content_type("text/plain; charset=utf-8")
                .body("Internal Server Error")
        }
    }
}

/// The answer to a form that did what it asked: go to `to` (a GET), so a
/// refresh does not post again.
pub(crate) fn see_other(to: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, to.to_owned()))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .finish()
}

/// Renders a [`WebError`] as its page in the request's language, logs the
/// cause of a fault once, and puts the security headers on every answer.
async fn page_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let response = next.call(req).await?.map_into_boxed_body();
    let error_page = response
        .response()
        .error()
        .and_then(|e| e.as_error::<WebError>())
        .map(|error| {
            if let WebError::Unexpected(cause) = error {
                tracing::error!(error = %cause, "page failed");
            }
            error::page(response.request(), error)
        });
    let response = match error_page {
        Some(page) => response.into_response(page),
        None => response,
    };
    let origin = response
        .request()
        .app_data::<web::Data<WebSettings>>()
        .and_then(|s| s.payment_origin.clone());
    let (request, mut answer) = response.into_parts();
    csrf::set_new_token(&request, &mut answer);
    if request.extensions().contains::<uploads::LeftUnread>() {
        answer
            .head_mut()
            .set_connection_type(actix_web::http::ConnectionType::Close);
    }
    // What a signed-in person sees is theirs: no cache keeps it.
    if (session::has_cookie(&request) || staff::has_cookie(&request))
        && !answer.headers().contains_key(header::CACHE_CONTROL)
    {
        answer.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        );
    }
    let mut response = ServiceResponse::new(request, answer);
    let headers = response.headers_mut();
    // A download sets a stricter policy of its own.
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(header::CONTENT_SECURITY_POLICY, page_csp(origin.as_deref()));
    }
    for (name, value) in [
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "same-origin"),
        ("x-frame-options", "DENY"),
        (
            "permissions-policy",
            "camera=(), microphone=(), geolocation=()",
        ),
    ] {
        headers.insert(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        );
    }
    Ok(response)
}

#[derive(serde::Deserialize)]
struct SwitchQuery {
    tiep: Option<String>,
}

/// `GET /ngon-ngu/{lang}?tiep=/path`: remembers the language in a cookie and
/// goes back to the page (only ever a page of ours).
async fn switch_language(
    path: web::Path<String>,
    query: web::Query<SwitchQuery>,
    settings: web::Data<WebSettings>,
) -> Result<HttpResponse, WebError> {
    let lang = Lang::parse(&path).ok_or(WebError::NotFound)?;
    let next = query
        .into_inner()
        .tiep
        .filter(|p| is_local_path(p))
        .unwrap_or_else(|| "/".to_owned());
    let cookie = Cookie::build(messages::LANG_COOKIE, lang.code())
        .path("/")
        .max_age(Duration::days(365))
        .same_site(SameSite::Lax)
        .http_only(true)
        .secure(settings.secure_cookies)
        .finish();
    Ok(HttpResponse::SeeOther()
        .insert_header((header::LOCATION, next))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .cookie(cookie)
        .finish())
}

/// A path on this site, not `//elsewhere` or `/\elsewhere` that a browser
/// would take for another host.
fn is_local_path(path: &str) -> bool {
    path.starts_with('/')
        && !path.starts_with("//")
        && !path.starts_with("/\\")
        && !path.chars().any(char::is_control)
}

#[cfg(test)]
mod tests {
    use super::is_local_path;

    #[test]
    fn the_language_switch_goes_back_only_to_our_own_pages() {
        assert!(is_local_path("/"));
        assert!(is_local_path("/thu-tuc?q=khai%20sinh"));
        assert!(!is_local_path("//evil.example/"));
        assert!(!is_local_path("/\\evil.example/"));
        assert!(!is_local_path("https://evil.example/"));
        assert!(!is_local_path("/a\r\nSet-Cookie: x"));
        assert!(!is_local_path(""));
    }
}
