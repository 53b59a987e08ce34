//! The public lookup by dossier code: no sign-in, and nothing beyond what
//! DOMAIN.md allows (a masked name, no personal data, no staff names).

use chrono::{DateTime, NaiveDate, Utc};
use motcua_calendar::{DayKind, OfficeHours};
use motcua_db::dossiers::{self as store, PublicRow};
use motcua_db::{DbConnection, from_utc};
use motcua_domain::{ApologyState, DossierCode, DossierStatus, mask_name};

use crate::app::App;
use crate::calendars::{Calendars, calendar_error};
use crate::catalogue::procedures::AgencyRef;
use crate::dossiers::clock::days_off;
use crate::dossiers::reads::{ChannelView, ProcedureRef, StatusView, stored_channel};
use crate::error::{AppError, AppResult, Reason};
use crate::limits::ClientKey;

/// A step of the public timeline: what happened and when, never who.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicStep {
    /// The step's public name.
    pub step: String,
    /// The status it led to.
    pub status: StatusView,
    /// When it happened (UTC).
    pub at: DateTime<Utc>,
}

/// An apology notice as the public sees it (reason, new date, date issued).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicApology {
    /// Why the result is late.
    pub reason: String,
    /// The new appointment.
    pub new_due_at: DateTime<Utc>,
    /// When the notice was issued.
    pub issued_at: DateTime<Utc>,
}

/// Days off in a row for one reason ("Tết Nguyên đán", 14/02–22/02).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicDaysOff {
    /// The first day.
    pub from: NaiveDate,
    /// The last day (the first, for one day).
    pub to: NaiveDate,
    /// Why, in Vietnamese: the holiday's name, "Nghỉ bù", ...
    pub reason: String,
}

/// The short version of why the appointment is when it is (the staff see
/// the whole of it at `/clock`): the processing time and how its unit is
/// counted, when the clock started, the holidays and weekends it skipped,
/// and how far waiting for the applicant moved it. Worked out from the
/// dossier's stored instants and the calendar, without another query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicClock {
    /// "3 ngày làm việc".
    pub processing_time_text: String,
    /// How the unit is counted, with the rule's source.
    pub rule: &'static str,
    /// When the clock started: the next opening when received after hours.
    pub clock_started_at: DateTime<Utc>,
    /// The appointment the processing time gave at reception.
    pub first_due_at: DateTime<Utc>,
    /// Holidays, days off in lieu and swapped days skipped, oldest first.
    pub days_off: Vec<PublicDaysOff>,
    /// How many Saturdays and Sundays were skipped.
    pub weekend_days: u32,
    /// The office time, in seconds, by which waiting for the applicant (a
    /// supplement, a fee) moved the appointment.
    pub paused_seconds: i64,
}

/// What anyone may read about a dossier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicDossier {
    /// The dossier code (`<agency code>-<yymmdd>-<nnnn>`), as printed on the receipt.
    pub code: String,
    /// The procedure, by code and name.
    pub procedure: ProcedureRef,
    /// The agency it belongs to.
    pub agency: AgencyRef,
    /// How it came in (counter or online), with its national code and label.
    pub channel: ChannelView,
    /// Where it stands, with its national status code and label.
    pub status: StatusView,
    /// The applicant's name, masked ("Nguyễn V** A**").
    pub applicant: String,
    /// When the dossier was received at the counter or submitted online (UTC).
    pub received_at: DateTime<Utc>,
    /// Due now (absent for a refused dossier and one not yet accepted).
    pub due_at: Option<DateTime<Utc>>,
    /// Due first (absent for a refused dossier).
    pub original_due_at: Option<DateTime<Utc>>,
    /// How the appointment came about (absent when there is none).
    pub clock: Option<PublicClock>,
    /// Apology notices, oldest first.
    pub apologies: Vec<PublicApology>,
    /// The timeline.
    pub timeline: Vec<PublicStep>,
}

impl App {
    /// Looks a dossier up by its code, for anyone; rate-limited per client.
    /// A malformed code answers like an unknown one.
    pub async fn lookup(&self, client: ClientKey, code: String) -> AppResult<PublicDossier> {
        self.services.limits.lookup(&client)?;
        let Ok(parsed) = DossierCode::parse("code", &code) else {
            return Err(AppError::missing(Reason::NoSuchDossier, code));
        };
        self.blocking(move |s| {
            let mut conn = s.db.get()?;
            public_view(&mut conn, &s.calendars, parsed.as_str())?
                .ok_or_else(|| AppError::missing(Reason::NoSuchDossier, parsed))
        })
        .await
    }
}

/// What anyone may see of dossier `code`: no staff names, the applicant's
/// name masked. The applicant's own view shows the same timeline.
pub(crate) fn public_view(
    conn: &mut DbConnection,
    calendars: &Calendars,
    code: &str,
) -> AppResult<Option<PublicDossier>> {
    let Some((row, steps)) = store::public_by_code(conn, code)? else {
        return Ok(None);
    };
    let status = *row.status;
    // A refused dossier has no appointment, nor one no clerk has accepted
    // yet (waiting, or asked for more before acceptance): the clock starts
    // at acceptance.
    let unappointed = status == DossierStatus::Refused || row.received_by.is_none();
    // Only a sent apology moves the appointment away from the original
    // due instant (pauses move both), so most lookups skip the query.
    let moved = row.due_at != row.original_due_at;
    let sent = if moved {
        motcua_db::apologies::of_dossier(conn, &row.id)?
    } else {
        Vec::new()
    };
    let apologies = sent
        .into_iter()
        .filter(|a| a.state == ApologyState::Sent)
        .filter_map(|a| {
            Some(PublicApology {
                reason: a.reason?,
                new_due_at: from_utc(a.new_due_at?),
                issued_at: from_utc(a.sent_at?),
            })
        })
        .collect();
    let clock = if unappointed {
        None
    } else {
        Some(public_clock(calendars, &row)?)
    };
    let timeline = steps
        .into_iter()
        .map(|(step, to_status, at)| {
            Ok(PublicStep {
                step,
                status: (*to_status).into(),
                at: from_utc(at),
            })
        })
        .collect::<AppResult<Vec<_>>>()?;
    Ok(Some(PublicDossier {
        applicant: mask_name(
            row.applicant_organization
                .as_deref()
                .unwrap_or(&row.applicant_name),
        ),
        code: row.code,
        procedure: ProcedureRef {
            code: row.procedure_code,
            name: row.procedure_name,
        },
        agency: AgencyRef {
            code: row.agency_code,
            name: row.agency_name,
        },
        channel: stored_channel(row.channel)?,
        status: status.into(),
        received_at: from_utc(row.received_at),
        due_at: (!unappointed).then(|| from_utc(row.due_at)),
        original_due_at: (!unappointed).then(|| from_utc(row.original_due_at)),
        clock,
        apologies,
        timeline,
    }))
}

/// The short explanation of `row`'s appointment.
fn public_clock(calendars: &Calendars, row: &PublicRow) -> AppResult<PublicClock> {
    let hours: OfficeHours = row
        .office_hours
        .parse()
        .map_err(|e| AppError::unexpected("stored office hours", e))?;
    let calendar = calendars.for_hours(&hours);
    let value = u32::try_from(row.processing_time).unwrap_or(0);
    let unit = *row.processing_unit;
    let received = from_utc(row.received_at);
    let first = calendar
        .explain_due(received, unit.processing_time(value), &[])
        .map_err(calendar_error)?;
    let original = from_utc(row.original_due_at);
    // Pauses move the original appointment too; apologies move only the
    // current one, and the public sees those as apology notices.
    let paused_seconds = if original > first.due {
        calendar
            .working_time_between(first.due, original)
            .map_err(calendar_error)?
            .as_seconds()
    } else {
        0
    };
    let mut days: Vec<PublicDaysOff> = Vec::new();
    let mut weekend_days = 0;
    // A holiday of several days is one stretch ("Tết Nguyên đán (mùng 1
    // tháng Giêng)", "(mùng 2 …)" read as "Tết Nguyên đán"), across a
    // weekend too: days of the same name join when every day between them
    // was off.
    let mut previous: Option<NaiveDate> = None;
    let mut unbroken = false;
    for day in days_off(&calendar, received, from_utc(row.due_at).max(first.due))? {
        unbroken = unbroken && previous.and_then(|p| p.succ_opt()) == Some(day.date);
        previous = Some(day.date);
        if day.kind == DayKind::Weekend {
            weekend_days += 1;
            continue;
        }
        match days.last_mut() {
            Some(last) if unbroken && stem(&last.reason) == stem(&day.reason) => {
                last.to = day.date;
                last.reason = stem(&day.reason).to_owned();
            }
            _ => days.push(PublicDaysOff {
                from: day.date,
                to: day.date,
                reason: day.reason,
            }),
        }
        unbroken = true;
    }
    Ok(PublicClock {
        processing_time_text: unit.describe(value),
        rule: first.rule,
        clock_started_at: from_utc(row.clock_started_at),
        first_due_at: first.due,
        days_off: days,
        weekend_days,
        paused_seconds,
    })
}

/// A day's name without its gloss: "Tết Nguyên đán (mùng 1 tháng Giêng)"
/// is "Tết Nguyên đán".
fn stem(reason: &str) -> &str {
    reason.split(" (").next().unwrap_or(reason)
}
