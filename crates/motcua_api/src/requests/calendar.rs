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
        let time = match (q.working_days, q.working_hours) {
            (Some(days), None) if days <= 1_000 => ProcessingTime::WorkingDays(days),
            (None, Some(hours)) if hours <= 8_000 => ProcessingTime::WorkingHours(hours),
            (Some(_), Some(_)) => {
                return refuse("ambiguous", "give working_days or working_hours, not both");
            }
            (None, None) => return refuse("required", "give working_days or working_hours"),
            _ => {
                return refuse(
                    "out_of_range",
                    "at most 1000 working days or 8000 working hours",
                );
            }
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
