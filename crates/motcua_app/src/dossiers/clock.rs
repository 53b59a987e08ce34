//! Why a dossier is due when it is due: the processing time in its own unit
//! and how that unit is counted, when the clock started, the days it skipped
//! (each holiday, swapped day and weekend by name and the document that set
//! it), every pause with the working time it stood still, and every apology
//! that moved the appointment. Read from the dossier's events, so it explains
//! the appointment that was actually set, not one recomputed today.

use chrono::{DateTime, Utc};
use motcua_calendar::{DayStatus, WorkingCalendar};
use motcua_db::dossiers::{self as store, DossierEventRow, DossierRow};
use motcua_db::{DbConnection, from_utc};
use motcua_domain::{DossierCode, EventKind, ProcessingUnit};

use crate::app::App;
use crate::calendars::calendar_error;
use crate::dossiers::reads::{STAFF, own_dossier};
use crate::error::{AppError, AppResult};
use crate::staff::principal::Principal;

/// Why the clock stood still.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PauseReason {
    /// Waiting for a supplement.
    Supplement,
    /// Waiting for a fee to be paid.
    Payment,
}

impl PauseReason {
    /// `supplement` or `payment`.
    pub fn as_str(self) -> &'static str {
        match self {
            PauseReason::Supplement => "supplement",
            PauseReason::Payment => "payment",
        }
    }
}

/// A stretch the clock stood still.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClockPause {
    /// Why.
    pub reason: PauseReason,
    /// When it stopped (UTC).
    pub from: DateTime<Utc>,
    /// When it went on again; none while it still waits.
    pub to: Option<DateTime<Utc>>,
    /// The office time it stood still, in seconds (until now while it waits).
    pub working_seconds: i64,
    /// The appointment before and after it went on again.
    pub due_before: Option<DateTime<Utc>>,
    /// After.
    pub due_after: Option<DateTime<Utc>>,
}

/// An apology that moved the appointment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClockMove {
    /// When it was sent (UTC).
    pub at: DateTime<Utc>,
    /// The appointment it moved.
    pub from: DateTime<Utc>,
    /// The new appointment.
    pub to: DateTime<Utc>,
}

/// How a dossier's appointment came about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClockExplanation {
    /// Dossier code.
    pub dossier_code: String,
    /// The processing time's value.
    pub processing_time: u32,
    /// Its unit.
    pub processing_unit: ProcessingUnit,
    /// "3 ngày làm việc".
    pub processing_time_text: String,
    /// How the unit is counted, with the rule's source.
    pub rule: &'static str,
    /// When the dossier was received (or accepted online).
    pub received_at: DateTime<Utc>,
    /// When the clock started: the next opening when received after hours.
    pub clock_started_at: DateTime<Utc>,
    /// The appointment the processing time gave at reception, before any
    /// pause or apology.
    pub first_due_at: DateTime<Utc>,
    /// A period of days or months whose last day was off: that day.
    pub ended_on_day_off: Option<chrono::NaiveDate>,
    /// Every day not worked between reception and the appointment, and why.
    pub skipped: Vec<DayStatus>,
    /// Every pause, oldest first.
    pub pauses: Vec<ClockPause>,
    /// Every apology that moved the appointment.
    pub moves: Vec<ClockMove>,
    /// The appointment before any apology (moved by pauses only).
    pub original_due_at: DateTime<Utc>,
    /// The appointment now.
    pub due_at: DateTime<Utc>,
}

#[derive(serde::Deserialize, Default)]
struct Moved {
    due_before: Option<DateTime<Utc>>,
    due_after: Option<DateTime<Utc>>,
    original_due_at: Option<DateTime<Utc>>,
    new_due_at: Option<DateTime<Utc>>,
    /// A fee request or payment under a procedure whose fee wait does not
    /// stop the clock says `false`.
    clock_paused: Option<bool>,
}

fn details(event: &DossierEventRow) -> Moved {
    event
        .details
        .as_deref()
        .and_then(|d| serde_json::from_str(d).ok())
        .unwrap_or_default()
}

/// The pauses and apology moves of a dossier's events.
fn history(
    calendar: &WorkingCalendar,
    row: &DossierRow,
    events: &[DossierEventRow],
    now: DateTime<Utc>,
) -> AppResult<(Vec<ClockPause>, Vec<ClockMove>)> {
    let mut pauses: Vec<ClockPause> = Vec::new();
    let mut moves = Vec::new();
    let working = |from: DateTime<Utc>, to: DateTime<Utc>| -> AppResult<i64> {
        Ok(calendar
            .working_time_between(from, to)
            .map_err(calendar_error)?
            .as_seconds())
    };
    for event in events {
        let at = from_utc(event.at);
        let moved = details(event);
        // A fee wait that let the clock run is no pause.
        if moved.clock_paused == Some(false) {
            continue;
        }
        match *event.kind {
            EventKind::SupplementRequested | EventKind::PaymentRequested => {
                let reason = if *event.kind == EventKind::PaymentRequested {
                    PauseReason::Payment
                } else {
                    PauseReason::Supplement
                };
                pauses.push(ClockPause {
                    reason,
                    from: at,
                    to: None,
                    working_seconds: 0,
                    due_before: None,
                    due_after: None,
                });
            }
            EventKind::SupplementReceived | EventKind::PaymentReceived => {
                if let Some(open) = pauses.iter_mut().rev().find(|p| p.to.is_none()) {
                    open.to = Some(at);
                    open.working_seconds = working(open.from, at)?;
                    open.due_before = moved.due_before;
                    open.due_after = moved.due_after;
                }
            }
            EventKind::ApologySent => {
                if let (Some(from), Some(to)) = (moved.original_due_at, moved.new_due_at) {
                    moves.push(ClockMove { at, from, to });
                }
            }
            _ => {}
        }
    }
    // A pause the dossier is still in runs until now.
    if row.paused_at.is_some()
        && let Some(open) = pauses.iter_mut().rev().find(|p| p.to.is_none())
    {
        open.working_seconds = working(open.from, now.max(open.from))?;
    }
    // A request answered by refusal or withdrawal never went on: it ends
    // with the dossier and counts no further.
    for pause in pauses.iter_mut().filter(|p| p.to.is_none()) {
        if row.paused_at.is_none() {
            let end = row.finished_at.map(from_utc).unwrap_or(now);
            pause.working_seconds = working(pause.from, end.max(pause.from))?;
            pause.to = Some(end);
        }
    }
    Ok((pauses, moves))
}

impl App {
    /// How a dossier's appointment came about (staff of an agency that sees
    /// it).
    pub async fn dossier_clock(
        &self,
        principal: Principal,
        code: DossierCode,
    ) -> AppResult<ClockExplanation> {
        principal.require(&STAFF)?;
        self.blocking(move |s| {
            let now = s.clock.now();
            let mut conn = s.db.get()?;
            let row = own_dossier(&mut conn, &principal, &code)?;
            if row.received_by.is_none() {
                return Err(AppError::PreconditionFailed(format!(
                    "dossier {code} waits for a clerk to accept it: its clock starts then"
                )));
            }
            explain(&mut conn, s, &row, now)
        })
        .await
    }
}

/// Every day not worked from `from`'s day to `to`'s day (Vietnam time),
/// with why.
pub(crate) fn days_off(
    calendar: &WorkingCalendar,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> AppResult<Vec<DayStatus>> {
    let mut skipped = Vec::new();
    let mut day = from
        .with_timezone(&motcua_calendar::VIETNAM_OFFSET)
        .date_naive();
    let end = to
        .with_timezone(&motcua_calendar::VIETNAM_OFFSET)
        .date_naive();
    while day <= end {
        let status = calendar.day_status(day).map_err(calendar_error)?;
        if !status.working {
            skipped.push(status);
        }
        day = day
            .succ_opt()
            .ok_or_else(|| AppError::unexpected("clock", "date overflow"))?;
    }
    Ok(skipped)
}

fn explain(
    conn: &mut DbConnection,
    s: &crate::app::Services,
    row: &DossierRow,
    now: DateTime<Utc>,
) -> AppResult<ClockExplanation> {
    let calendar = s.calendars.of_agency(conn, &row.agency_id)?;
    let value = u32::try_from(row.processing_time).unwrap_or(0);
    let unit = *row.processing_unit;
    let time = unit.processing_time(value);
    let received = from_utc(row.received_at);
    let first = calendar
        .explain_due(received, time, &[])
        .map_err(calendar_error)?;
    let due_at = from_utc(row.due_at);
    // The days off from reception to the appointment as it stands.
    let skipped = days_off(&calendar, received, due_at.max(first.due))?;
    let events = store::events_of(conn, &row.id)?;
    let (pauses, moves) = history(&calendar, row, &events, now)?;
    Ok(ClockExplanation {
        dossier_code: row.code.clone(),
        processing_time: value,
        processing_unit: unit,
        processing_time_text: unit.describe(value),
        rule: first.rule,
        received_at: received,
        clock_started_at: from_utc(row.clock_started_at),
        first_due_at: first.due,
        ended_on_day_off: first.ended_on_day_off,
        skipped,
        pauses,
        moves,
        original_due_at: from_utc(row.original_due_at),
        due_at,
    })
}
