//! Why a dossier is due when it is (`/can-bo/ho-so/{code}/thoi-han`): the
//! processing time and how it is counted, when the clock started, the days
//! off it skipped, every pause waiting for the applicant and every apology
//! that moved the appointment. What the API's `/clock` says, for a person.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use motcua_app::{App, ClockExplanation, PauseReason};
use motcua_domain::{format_date_time, format_day};

use super::{OnDuty, PREFIX, Section, StaffFrame, dossier_code};
use crate::WebError;
use crate::csrf::FormToken;
use crate::messages::Lang;
use crate::pages::segment;

/// A day off inside the processing time.
struct Skipped {
    day: String,
    reason: String,
}

/// A stretch the clock stood still.
struct Pause {
    reason: &'static str,
    from: String,
    to: Option<String>,
    stood: String,
    due_change: Option<String>,
}

/// An apology that moved the appointment.
struct Move {
    at: String,
    from: String,
    to: String,
}

#[derive(Template)]
#[template(path = "staff/clock.html")]
struct ClockPage {
    frame: StaffFrame,
    code: String,
    dossier_href: String,
    processing_time: String,
    rule: &'static str,
    received: String,
    started: Option<String>,
    first_due: String,
    day_off: Option<String>,
    skipped: Vec<Skipped>,
    pauses: Vec<Pause>,
    moves: Vec<Move>,
    due: String,
}

/// `GET /can-bo/ho-so/{code}/thoi-han`.
pub async fn show(
    app: web::Data<App>,
    lang: Lang,
    OnDuty(staff): OnDuty,
    FormToken(csrf): FormToken,
    path: web::Path<String>,
    req: HttpRequest,
) -> Result<HttpResponse, WebError> {
    let s = lang.staff();
    let e: ClockExplanation = app
        .dossier_clock(staff.principal.clone(), dossier_code(&path)?)
        .await?;
    let page = ClockPage {
        frame: StaffFrame::new(
            lang,
            (s.clock_title)(&e.dossier_code),
            Section::Dossiers,
            Some(&staff),
            &csrf,
            &req,
        ),
        dossier_href: format!("{PREFIX}/ho-so/{}", segment(&e.dossier_code)),
        processing_time: e.processing_time_text.clone(),
        rule: e.rule,
        received: format_date_time(e.received_at),
        started: (e.clock_started_at != e.received_at)
            .then(|| format_date_time(e.clock_started_at)),
        first_due: format_date_time(e.first_due_at),
        day_off: e
            .ended_on_day_off
            .map(|d| (s.clock_day_off)(&format_day(d))),
        skipped: e
            .skipped
            .iter()
            .map(|d| Skipped {
                day: format_day(d.date),
                reason: d.reason.clone(),
            })
            .collect(),
        pauses: e
            .pauses
            .iter()
            .map(|p| Pause {
                reason: match p.reason {
                    PauseReason::Supplement => s.clock_pause_supplement,
                    PauseReason::Payment => s.clock_pause_payment,
                },
                from: format_date_time(p.from),
                to: p.to.map(format_date_time),
                stood: (s.clock_duration)(p.working_seconds / 3600, p.working_seconds / 60 % 60),
                due_change: match (p.due_before, p.due_after) {
                    (Some(before), Some(after)) => Some(format!(
                        "{} → {}",
                        format_date_time(before),
                        format_date_time(after)
                    )),
                    _ => None,
                },
            })
            .collect(),
        moves: e
            .moves
            .iter()
            .map(|m| Move {
                at: format_date_time(m.at),
                from: format_date_time(m.from),
                to: format_date_time(m.to),
            })
            .collect(),
        due: format_date_time(e.due_at),
        code: e.dossier_code,
    };
    Ok(crate::html(StatusCode::OK, &page))
}
