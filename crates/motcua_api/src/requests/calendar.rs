//! Request bodies and query strings of `routes::calendar`, and what each becomes.

use chrono::{DateTime, Utc};
use motcua_calendar::{OfficeHours, ProcessingTime};
use motcua_domain::Violation;

use crate::extract::instant;

/// `GET /api/v1/calendar/due` query.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DueQuery {
    pub(crate) from: String,
    pub(crate) working_days: Option<u32>,
    pub(crate) working_hours: Option<u32>,
    pub(crate) calendar_days: Option<u32>,
    pub(crate) months: Option<u32>,
    pub(crate) within_the_day: Option<bool>,
    pub(crate) office_hours: Option<String>,
}

/// When a processing time started at `from` is due, under `hours`.
pub(crate) struct DueQuestion {
    pub(crate) from: DateTime<Utc>,
    pub(crate) time: ProcessingTime,
    pub(crate) hours: OfficeHours,
}

impl TryFrom<DueQuery> for DueQuestion {
    type Error = Vec<Violation>;

    /// The first mistake found, in the order of the fields.
    fn try_from(q: DueQuery) -> Result<Self, Self::Error> {
        let from = instant("from", &q.from).map_err(|v| vec![v])?;
        let refuse = |code: &'static str, message: &str| {
            Err(vec![Violation::new("working_days", code, message)])
        };
        let within = q
            .within_the_day
            .filter(|w| *w)
            .map(|_| ProcessingTime::WithinTheDay {
                cutoff: motcua_calendar::WITHIN_THE_DAY_CUTOFF,
            });
        let given: Vec<(ProcessingTime, bool)> = [
            q.working_days
                .map(|n| (ProcessingTime::WorkingDays(n), n <= 1_000)),
            q.working_hours
                .map(|n| (ProcessingTime::WorkingHours(n), n <= 8_000)),
            q.calendar_days
                .map(|n| (ProcessingTime::CalendarDays(n), n <= 1_000)),
            q.months.map(|n| (ProcessingTime::Months(n), n <= 120)),
            within.map(|t| (t, true)),
        ]
        .into_iter()
        .flatten()
        .collect();
        const UNITS: &str = "working_days, working_hours, calendar_days, months or within_the_day";
        let time = match given.as_slice() {
            [(time, true)] => *time,
            [(_, false)] => {
                return refuse(
                    "out_of_range",
                    "at most 1000 working or calendar days, 8000 working hours or 120 months",
                );
            }
            [] => return refuse("required", &format!("give one of {UNITS}")),
            _ => return refuse("ambiguous", &format!("give only one of {UNITS}")),
        };
        let hours = match q.office_hours.as_deref() {
            Some(text) => text.parse::<OfficeHours>().map_err(|e| {
                vec![Violation::new(
                    "office_hours",
                    "invalid_office_hours",
                    e.to_string(),
                )]
            })?,
            None => OfficeHours::default(),
        };
        Ok(DueQuestion { from, time, hours })
    }
}
