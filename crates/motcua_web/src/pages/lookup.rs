//! The public lookup by dossier code (`/tra-cuu/{code}`): the address the
//! receipt's QR code points at.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use motcua_app::{App, AppError, PublicDossier};
use motcua_domain::{DossierStatus, format_date as date, format_date_time as date_time};

use super::segment;
use crate::WebError;
use crate::client::Client;
use crate::frame::{Frame, Nav};
use crate::messages::{Lang, Messages};

/// What the lookup form sends.
#[derive(Debug, Default, serde::Deserialize)]
pub struct LookupQuery {
    ma: Option<String>,
}

#[derive(Template)]
#[template(path = "lookup.html")]
struct LookupPage {
    frame: Frame,
    code: String,
    /// The message at the code field, and in the error summary.
    error: Option<String>,
    /// A second line under the error: how to read a code.
    error_hint: Option<&'static str>,
}

/// `GET /tra-cuu`, and the form's `GET /tra-cuu?ma=…`, which goes on to the
/// dossier's own address so it can be bookmarked and shared.
pub async fn form(lang: Lang, query: web::Query<LookupQuery>, req: HttpRequest) -> HttpResponse {
    let m = lang.messages();
    match query.into_inner().ma.map(|c| c.trim().to_owned()) {
        Some(code) if !code.is_empty() => HttpResponse::SeeOther()
            .insert_header((header::LOCATION, format!("/tra-cuu/{}", segment(&code))))
            .finish(),
        asked => {
            let error = asked.map(|_| m.lookup_code_missing.to_owned());
            let status = if error.is_some() {
                StatusCode::BAD_REQUEST
            } else {
                StatusCode::OK
            };
            lookup_page(lang, &req, status, String::new(), error, None)
        }
    }
}

fn lookup_page(
    lang: Lang,
    req: &HttpRequest,
    status: StatusCode,
    code: String,
    error: Option<String>,
    error_hint: Option<&'static str>,
) -> HttpResponse {
    let m = lang.messages();
    let title = match &error {
        // The title says there is an error, for screen readers first.
        Some(_) => format!("{}: {}", m.error_summary_title, m.lookup_title),
        None => m.lookup_title.to_owned(),
    };
    let page = LookupPage {
        frame: Frame::new(lang, title, Nav::Lookup, req),
        code,
        error,
        error_hint,
    };
    crate::html(status, &page)
}

struct Apology {
    line: String,
    reason: String,
}

struct Step {
    name: String,
    at: String,
}

#[derive(Template)]
#[template(path = "dossier.html")]
struct DossierPage {
    frame: Frame,
    heading: String,
    status_text: &'static str,
    status_next: &'static str,
    status_class: &'static str,
    appointment: Option<String>,
    first_appointment: Option<String>,
    no_appointment: &'static str,
    d: PublicDossier,
    procedure_href: String,
    channel: &'static str,
    received: String,
    clock: Option<Clock>,
    apologies: Vec<Apology>,
    timeline: Vec<Step>,
}

/// The short explanation of the due date, in words.
struct Clock {
    time: String,
    /// Only when pauses or apologies moved the appointment since.
    first_due: Option<String>,
    rule: &'static str,
    days_off: Vec<String>,
    paused: Option<String>,
}

/// `14/02/2026 – 22/02/2026 (Tết Nguyên đán)` or `30/04/2026 (Ngày Chiến thắng)`;
/// `4 ngày thứ Bảy, Chủ nhật` last.
fn clock_of(m: &Messages, c: &motcua_app::PublicClock, moved: bool) -> Clock {
    let mut days_off: Vec<String> = c
        .days_off
        .iter()
        .map(|d| {
            let from = motcua_domain::format_day(d.from);
            if d.from == d.to {
                format!("{from} ({})", d.reason)
            } else {
                format!(
                    "{from} – {} ({})",
                    motcua_domain::format_day(d.to),
                    d.reason
                )
            }
        })
        .collect();
    if c.weekend_days > 0 {
        days_off.push((m.lookup_clock_weekends)(c.weekend_days));
    }
    let minutes = (c.paused_seconds + 59) / 60;
    Clock {
        time: (m.lookup_clock_time)(&c.processing_time_text, &date_time(c.clock_started_at)),
        first_due: moved.then(|| date_time(c.first_due_at)),
        rule: c.rule,
        days_off,
        paused: (minutes > 0).then(|| (m.lookup_clock_paused)(minutes / 60, minutes % 60)),
    }
}

/// `GET /tra-cuu/{code}`.
pub async fn dossier(
    app: web::Data<App>,
    lang: Lang,
    Client(client): Client,
    path: web::Path<String>,
    req: HttpRequest,
) -> Result<HttpResponse, WebError> {
    let m = lang.messages();
    let code = path.into_inner();
    let mut response = match app.lookup(client, code.clone()).await {
        Ok(d) => crate::html(StatusCode::OK, &dossier_page(lang, m, d, &req)),
        Err(AppError::NotFound(..)) => {
            let shown: String = code.chars().take(64).collect();
            lookup_page(
                lang,
                &req,
                StatusCode::NOT_FOUND,
                shown.clone(),
                Some((m.dossier_not_found_text)(&shown)),
                Some(m.dossier_not_found_check),
            )
        }
        Err(e) => return Err(e.into()),
    };
    // Where a dossier stands changes; no cache keeps an old answer.
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

fn dossier_page(
    lang: Lang,
    m: &'static Messages,
    d: PublicDossier,
    req: &HttpRequest,
) -> DossierPage {
    let status = super::DossierState::of(m, d.status.code);
    let channel = super::channel_name(m, d.channel.code);
    let no_appointment = if status.status == DossierStatus::Refused {
        m.lookup_no_appointment_refused
    } else {
        m.lookup_no_appointment_yet
    };
    let first_appointment = match (d.due_at, d.original_due_at) {
        (Some(now), Some(first)) if now != first => Some(date_time(first)),
        _ => None,
    };
    DossierPage {
        frame: Frame::new(lang, (m.lookup_result_title)(&d.code), Nav::Lookup, req),
        heading: (m.lookup_result_title)(&d.code),
        status_text: status.text,
        status_next: status.next,
        status_class: status.class,
        appointment: d.due_at.map(date_time),
        first_appointment,
        no_appointment,
        procedure_href: format!("/thu-tuc/{}", segment(&d.procedure.code)),
        channel,
        received: date_time(d.received_at),
        clock: d
            .clock
            .as_ref()
            .map(|c| clock_of(m, c, d.due_at != Some(c.first_due_at))),
        apologies: d
            .apologies
            .iter()
            .map(|a| Apology {
                line: (m.lookup_apology_line)(&date(a.issued_at), &date_time(a.new_due_at)),
                reason: a.reason.clone(),
            })
            .collect(),
        timeline: d
            .timeline
            .iter()
            .map(|s| Step {
                name: s.step.clone(),
                at: date_time(s.at),
            })
            .collect(),
        d,
    }
}
