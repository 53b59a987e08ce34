#![doc = include_str!("../README.md")]

mod extract;
mod problem;
mod requests;
mod responses;
mod uploads;
// Handlers stay thin: parse, call one use case, answer (at most 30 lines).
#[warn(clippy::too_many_lines)]
mod routes;

pub use extract::{Citizen, Client, Staff};
pub use problem::ApiError;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{HttpMessage as _, HttpRequest, web};
use tracing_actix_web::{RequestId, RootSpanBuilder};

/// HTTP-level settings.
#[derive(Debug, Clone)]
pub struct ApiSettings {
    /// The largest JSON body accepted, in bytes.
    pub max_body_bytes: usize,
    /// How many reverse proxies stand in front of the server, each
    /// appending the address it saw to `X-Forwarded-For`: the client is the
    /// address that many entries from the right (0: the connection's peer,
    /// the header ignored).
    pub trusted_proxy_hops: usize,
    /// The largest upload body accepted (all files of one request), in
    /// bytes.
    pub max_upload_bytes: usize,
    /// The largest file in an upload, in bytes: a raw body, or one part of
    /// a multipart body, is cut off there (413) before it is all read.
    pub max_file_bytes: usize,
}

impl Default for ApiSettings {
    fn default() -> Self {
        ApiSettings {
            max_body_bytes: 64 * 1024,
            trusted_proxy_hops: 0,
            max_upload_bytes: 20 * 1024 * 1024,
            max_file_bytes: 10 * 1024 * 1024,
        }
    }
}

/// Declares every route once: `configure` registers them and `ROUTES` lists
/// them for the contract test. A path answers 405 for methods it lacks.
macro_rules! routes {
    ($($path:literal => { $($method:ident $handler:path => $operation:literal),+ $(,)? })*) => {
        /// Every route as (method, path, operation id), as in `openapi.yaml`.
        pub const ROUTES: &[(&str, &str, &str)] = &[$($((stringify!($method), $path, $operation),)+)*];

        /// Registers every route.
        pub fn configure(cfg: &mut web::ServiceConfig) {
            $(
                cfg.service(
                    web::resource($path)
                        $(.route(web::$method().to($handler)))+
                        .default_service(web::to(|| async {
                            const ALLOW: &str = allow!($($method),+);
                            Err::<actix_web::HttpResponse, ApiError>(ApiError::method_not_allowed(ALLOW))
                        })),
                );
            )*
        }
    };
}

macro_rules! allow {
    ($first:ident $(, $rest:ident)*) => {
        concat!(method_name!($first) $(, ", ", method_name!($rest))*)
    };
}

macro_rules! method_name {
    (get) => {
        "GET"
    };
    (post) => {
        "POST"
    };
    (put) => {
        "PUT"
    };
    (delete) => {
        "DELETE"
    };
}

routes! {
    "/healthz" => { get routes::health::healthz => "get_health" }
    "/readyz" => { get routes::health::readyz => "get_readiness" }
    "/api/v1/openapi.yaml" => { get routes::health::openapi => "get_openapi" }
    "/api/v1/auth/login" => { post routes::auth::login => "create_session" }
    "/api/v1/auth/refresh" => { post routes::auth::refresh => "refresh_session" }
    "/api/v1/auth/logout" => { post routes::auth::logout => "delete_session" }
    "/api/v1/me" => { get routes::auth::me => "get_me" }
    "/api/v1/agencies" => {
        get routes::agencies::list => "list_agencies",
        post routes::agencies::create => "create_agency",
    }
    "/api/v1/agencies/{code}/units" => {
        get routes::agencies::list_units => "list_units",
        post routes::agencies::create_unit => "create_unit",
    }
    "/api/v1/agencies/{code}/users" => { get routes::agencies::list_users => "list_agency_users" }
    "/api/v1/users" => { post routes::agencies::create_user => "create_user" }
    "/api/v1/procedures" => {
        get routes::procedures::search => "list_procedures",
        post routes::procedures::create => "create_procedure",
    }
    "/api/v1/procedures/{code}" => {
        get routes::procedures::get => "get_procedure",
        put routes::procedures::add_version => "update_procedure",
    }
    "/api/v1/dossiers" => {
        get routes::dossiers::list => "list_dossiers",
        post routes::dossiers::receive => "create_dossier",
    }
    "/api/v1/dossiers/stats" => { get routes::workflow::stats => "get_dossier_stats" }
    "/api/v1/dossiers/search" => { post routes::dossiers::search => "search_dossiers" }
    "/api/v1/reports/register" => { get routes::reports::register => "get_register" }
    "/api/v1/reports/indicators" => { get routes::reports::indicators => "get_indicators" }
    "/api/v1/statistics" => { get routes::reports::public_statistics => "get_public_statistics" }
    "/api/v1/dossiers/{code}" => { get routes::dossiers::get => "get_dossier" }
    "/api/v1/dossiers/{code}/receipt" => { get routes::dossiers::receipt => "get_dossier_receipt" }
    "/api/v1/dossiers/{code}/clock" => { get routes::dossiers::dossier_clock => "get_dossier_clock" }
    "/api/v1/dossiers/{code}/stop-notice" => { get routes::dossiers::stop_notice => "get_dossier_stop_notice" }
    "/api/v1/dossiers/{code}/refusal" => { get routes::dossiers::refusal => "get_dossier_refusal" }
    "/api/v1/dossiers/{code}/supplement-request" => { get routes::dossiers::supplement_request => "get_dossier_supplement_request" }
    "/api/v1/supplement-notices/{id}" => { get routes::dossiers::supplement_notice => "get_supplement_notice" }
    "/api/v1/apologies" => { get routes::apologies::awaiting => "list_awaiting_apologies" }
    "/api/v1/dossiers/{code}/apologies" => {
        get routes::apologies::list => "list_dossier_apologies",
        post routes::apologies::complete => "create_dossier_apology",
    }
    "/api/v1/dossiers/{code}/apologies/{id}" => { get routes::apologies::get => "get_dossier_apology" }
    "/api/v1/dossiers/{code}/apologies/{id}/sign" => { post routes::apologies::sign => "sign_dossier_apology" }
    "/api/v1/dossiers/{code}/apologies/{id}/send" => { post routes::apologies::send => "send_dossier_apology" }
    "/api/v1/dossiers/{code}/control-sheet" => { get routes::workflow::control_sheet => "get_dossier_control_sheet" }
    "/api/v1/dossiers/{code}/assign" => { post routes::workflow::assign => "assign_dossier" }
    "/api/v1/dossiers/{code}/hand-over" => { post routes::workflow::hand_over => "hand_over_dossier" }
    "/api/v1/dossiers/{code}/send-back" => { post routes::workflow::send_back => "send_back_dossier" }
    "/api/v1/dossiers/{code}/transfer" => { post routes::workflow::transfer => "transfer_dossier" }
    "/api/v1/dossiers/{code}/request-supplement" => { post routes::workflow::request_supplement => "request_dossier_supplement" }
    "/api/v1/dossiers/{code}/accept" => { post routes::workflow::accept => "accept_dossier" }
    "/api/v1/dossiers/{code}/record-supplement" => { post routes::workflow::record_supplement => "record_dossier_supplement" }
    "/api/v1/dossiers/{code}/request-payment" => { post routes::workflow::request_payment => "request_dossier_payment" }
    "/api/v1/dossiers/{code}/payments" => { get routes::payments::dossier_payments => "list_dossier_payments" }
    "/api/v1/dossiers/{code}/refuse" => { post routes::workflow::refuse => "refuse_dossier" }
    "/api/v1/dossiers/{code}/finish" => { post routes::workflow::finish => "finish_dossier" }
    "/api/v1/dossiers/{code}/return-result" => { post routes::workflow::return_result => "return_dossier_result" }
    "/api/v1/dossiers/{code}/request-withdrawal" => { post routes::workflow::request_withdrawal => "request_dossier_withdrawal" }
    "/api/v1/dossiers/{code}/confirm-withdrawal" => { post routes::workflow::confirm_withdrawal => "confirm_dossier_withdrawal" }
    "/api/v1/dossiers/{code}/decline-withdrawal" => { post routes::workflow::decline_withdrawal => "decline_dossier_withdrawal" }
    "/api/v1/dossiers/{code}/stop" => { post routes::workflow::stop => "stop_dossier" }
    "/api/v1/citizens" => { post routes::citizens::register => "create_citizen" }
    "/api/v1/citizens/verify-email" => { get routes::citizens::verify_email => "verify_citizen_email" }
    "/api/v1/citizens/login" => { post routes::citizens::login => "create_citizen_session" }
    "/api/v1/citizens/password-reset" => { post routes::citizens::request_reset => "request_citizen_password_reset" }
    "/api/v1/citizens/password-reset/confirm" => { post routes::citizens::confirm_reset => "reset_citizen_password" }
    "/api/v1/citizens/session" => { post routes::citizens::renew => "renew_citizen_session" }
    "/api/v1/citizens/logout" => { post routes::citizens::logout => "delete_citizen_session" }
    "/api/v1/citizens/me" => { get routes::citizens::me => "get_citizen" }
    "/api/v1/me/dossiers" => {
        get routes::online::list => "list_my_dossiers",
        post routes::online::create => "create_my_dossier",
    }
    "/api/v1/me/dossiers/{id}" => {
        get routes::online::get => "get_my_dossier",
        put routes::online::update => "update_my_dossier",
        delete routes::online::delete => "delete_my_dossier",
    }
    "/api/v1/me/dossiers/{id}/documents/{document}" => { put routes::online::upload => "upload_my_dossier_document" }
    "/api/v1/me/dossiers/{id}/files/{file}" => { get routes::online::file => "get_my_dossier_file" }
    "/api/v1/me/dossiers/{id}/submit" => { post routes::online::submit => "submit_my_dossier" }
    "/api/v1/me/dossiers/{id}/withdraw" => { post routes::online::withdraw => "withdraw_my_dossier" }
    "/api/v1/me/dossiers/{id}/payments" => { post routes::payments::start => "start_my_dossier_payment" }
    "/api/v1/payments/callback/{gateway}" => { get routes::payments::callback => "receive_payment_callback" }
    "/api/v1/payments/sandbox/pay" => { get routes::payments::sandbox_pay => "pay_in_sandbox" }
    "/api/v1/me/dossiers/{id}/rating" => { post routes::online::rate => "rate_my_dossier" }
    "/api/v1/dossiers/{code}/rating" => { post routes::online::record_counter_rating => "create_dossier_rating" }
    "/api/v1/dossiers/{code}/result-files" => { put routes::online::attach_result => "attach_dossier_result" }
    "/api/v1/dossiers/{code}/files" => { get routes::online::dossier_files => "list_dossier_files" }
    "/api/v1/dossiers/{code}/files/{file}" => { get routes::online::dossier_file => "get_dossier_file" }
    "/api/v1/notices" => { get routes::notices::list => "list_notices" }
    "/api/v1/notices/{id}/resend" => { post routes::notices::resend => "resend_notice" }
    "/api/v1/lookup/{code}" => { get routes::lookup::lookup => "get_lookup" }
    "/api/v1/calendar/due" => { get routes::calendar::due => "get_calendar_due" }
    "/api/v1/calendar/lunar/{date}" => { get routes::calendar::lunar => "get_calendar_lunar" }
    "/api/v1/calendar/{year}" => { get routes::calendar::year => "get_calendar_year" }
}

/// The span of each request: method, route template, request id and status,
/// and one "request completed" event. Never the client address, the query
/// string or the body: personal data stays out of the logs.
pub struct RequestSpan;

impl RootSpanBuilder for RequestSpan {
    fn on_request_start(request: &ServiceRequest) -> tracing::Span {
        let request_id = request
            .extensions()
            .get::<RequestId>()
            .map(ToString::to_string)
            .unwrap_or_default();
        let route = request
            .match_pattern()
            .unwrap_or_else(|| "unmatched".into());
        tracing::info_span!(
            "http_request",
            http.method = %request.method(),
            http.route = %route,
            request_id = %request_id,
            http.status_code = tracing::field::Empty,
        )
    }

    fn on_request_end<B: MessageBody>(
        span: tracing::Span,
        outcome: &Result<ServiceResponse<B>, actix_web::Error>,
    ) {
        let status = match outcome {
            Ok(response) => response.response().status().as_u16(),
            Err(error) => error.as_response_error().status_code().as_u16(),
        };
        span.record("http.status_code", status);
        span.in_scope(|| tracing::info!(http.status_code = status, "request completed"));
    }
}

/// The Content-Security-Policy of the printable HTML forms.
pub const PRINTABLE_CSP: &str = motcua_forms::HTML_CSP;

async fn route_not_found(req: HttpRequest) -> Result<actix_web::HttpResponse, ApiError> {
    Err(ApiError::route_not_found(req.path()))
}

/// The JSON API in an actix application: its settings, its extractors'
/// error answers, every route, and problem+json for any other address under
/// `/api`. The server adds [`refuse_control_characters`] and
/// [`finish_answer`] around the whole application.
pub fn api(cfg: &mut web::ServiceConfig, settings: ApiSettings) {
    let limit = settings.max_body_bytes;
    cfg.app_data(web::Data::new(settings))
        .app_data(extract::json_config(limit))
        .app_data(extract::query_config())
        .app_data(extract::path_config());
    configure(cfg);
    cfg.service(web::scope("/api").default_service(web::to(route_not_found)));
}

/// Refuses a control character in the path or the query, wherever it would
/// go, before any route reads it.
pub async fn refuse_control_characters(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    match extract::control_character_in_target(&req) {
        None => Ok(next.call(req).await?.map_into_boxed_body()),
        Some(problem) => {
            let response = problem.to_response(Some(req.request()));
            Ok(req.into_response(response).map_into_boxed_body())
        }
    }
}

/// What every answer gets on its way out: an API error rebuilt as
/// problem+json now that the path and the request id are known (and the
/// cause of a 500 logged once), the request id, `nosniff`, no caching of
/// what a signed-in request read, and the printable forms' policy on HTML
/// that has none of its own.
pub async fn finish_answer(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let response = next.call(req).await?.map_into_boxed_body();
    let request_id = response
        .request()
        .extensions()
        .get::<RequestId>()
        .map(ToString::to_string);
    let rebuilt = response.response().error().and_then(|e| e.as_error::<ApiError>()).map(|error| {
        if let Some(cause) = error.cause() {
            tracing::error!(request_id = request_id.as_deref().unwrap_or("-"), error = %cause, "request failed");
        }
        error.to_response(Some(response.request()))
    });
    let mut response = match rebuilt {
        Some(new) => response.into_response(new),
        None => response,
    };
    let signed_in = response
        .request()
        .headers()
        .contains_key(header::AUTHORIZATION);
    let headers = response.headers_mut();
    if let Some(id) = request_id.and_then(|id| HeaderValue::from_str(&id).ok()) {
        headers.insert(HeaderName::from_static("x-request-id"), id);
    }
    headers.insert(
        HeaderName::from_static("x-content-type-options"),
        HeaderValue::from_static("nosniff"),
    );
    // What a signed-in request reads is someone's own or staff data: no
    // cache, shared or private, keeps it.
    if signed_in && !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    // The printable forms are our own HTML with inline styles and nothing
    // else: nothing may load, run or frame them. The web pages set their
    // own policy, which stands.
    let html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if html && !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(PRINTABLE_CSP),
        );
    }
    Ok(response)
}
