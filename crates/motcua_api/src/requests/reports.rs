//! Query strings of `routes::reports`.

use chrono::NaiveDate;
use motcua_app::{AppError, RegisterPeriod};

/// `GET /api/v1/reports/register` query: the period, both days included,
/// and the format.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisterQuery {
    pub(crate) from: NaiveDate,
    pub(crate) to: NaiveDate,
    pub(crate) format: Option<String>,
}

impl RegisterQuery {
    pub(crate) fn period(&self) -> Result<RegisterPeriod, AppError> {
        RegisterPeriod::new(self.from, self.to)
    }
}
