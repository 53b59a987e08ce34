//! The working calendar: built once, shared by every office hours.

use motcua_calendar::{OfficeHours, WorkingCalendar, bundled};
use std::sync::Arc;

use motcua_db::DbConnection;

use crate::error::{AppError, AppResult};

/// The first and last years a calendar covers: far enough back for history,
/// as far ahead as the lunar calendar goes. Building one takes ~25 ms.
const FIRST_YEAR: i32 = 1900;
const LAST_YEAR: i32 = 2199;

/// The Vietnamese calendar with the shipped schedules. Its days are built
/// once at start; a calendar for other office hours shares them, so nothing
/// is kept per office hours and any hours, even an anonymous request's,
/// cost the same few bytes.
pub struct Calendars {
    base: Arc<WorkingCalendar>,
    official_years: String,
}

impl Calendars {
    /// Builds the calendar for the default office hours.
    pub fn new() -> AppResult<Self> {
        let years: Vec<String> = bundled::FILES
            .iter()
            .map(|(year, _)| year.to_string())
            .collect();
        let base = bundled::builder()
            .map_err(|e| AppError::unexpected("shipped calendar schedules", e))?
            .years(FIRST_YEAR, LAST_YEAR)
            .build()
            .map_err(|e| AppError::unexpected("building the calendar", e))?;
        Ok(Calendars {
            base: Arc::new(base),
            official_years: years.join(","),
        })
    }

    /// The calendar for these office hours.
    pub fn for_hours(&self, hours: &OfficeHours) -> Arc<WorkingCalendar> {
        if self.base.office_hours() == hours {
            return Arc::clone(&self.base);
        }
        Arc::new(self.base.with_office_hours(hours.clone()))
    }

    /// What computed a due instant, stored beside it: the official schedules
    /// and the office hours (e.g. `vn:2024,2025,2026@07:30-11:30,13:00-17:00`).
    pub fn version(&self, hours: &OfficeHours) -> String {
        format!("vn:{}@{hours}", self.official_years)
    }

    /// The calendar of an agency's office hours.
    pub(crate) fn of_agency(
        &self,
        conn: &mut DbConnection,
        agency_id: &str,
    ) -> AppResult<Arc<WorkingCalendar>> {
        let agency = motcua_db::agencies::by_id(conn, agency_id)?
            .ok_or_else(|| AppError::unexpected("calendar", "agency missing"))?;
        let hours: OfficeHours = agency
            .office_hours
            .parse()
            .map_err(|e| AppError::unexpected("stored office hours", e))?;
        Ok(self.for_hours(&hours))
    }
}

/// A calendar that cannot answer for stored dates is our fault: the dates it
/// is asked about were bounded when they came in.
pub(crate) fn calendar_error(e: motcua_calendar::CalendarError) -> AppError {
    AppError::unexpected("calendar", e)
}
