//! The working calendar: built once, shared by every office hours.

use motcua_calendar::{OfficeHours, WorkingCalendar, bundled};
use std::sync::Arc;

use crate::{AppError, AppResult, ClientKey};

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
}

impl crate::Services {
    /// The calendar of an agency's office hours.
    pub(crate) fn calendar_of(
        &self,
        conn: &mut motcua_db::DbConnection,
        agency_id: &str,
    ) -> AppResult<Arc<WorkingCalendar>> {
        let agency = motcua_db::agencies::by_id(conn, agency_id)?
            .ok_or_else(|| AppError::unexpected("calendar", "agency missing"))?;
        let hours: OfficeHours = agency
            .office_hours
            .parse()
            .map_err(|e| AppError::unexpected("stored office hours", e))?;
        Ok(self.calendars.for_hours(&hours))
    }
}

impl crate::App {
    /// Every weekday off and weekend day worked of `year`, with sources
    /// (public, rate-limited per client).
    pub async fn calendar_year(
        &self,
        client: ClientKey,
        year: i32,
    ) -> AppResult<motcua_calendar::YearReport> {
        self.services.limits.calendar(&client)?;
        self.blocking(move |s| {
            s.calendars
                .for_hours(&OfficeHours::default())
                .year_report(year)
                .map_err(|e| AppError::invalid("year", "out_of_range", e.to_string()))
        })
        .await
    }

    /// The due instant of a processing time started at `from`, explained
    /// (public, rate-limited per client). The answer lists every day skipped,
    /// so it is computed off the server's I/O threads.
    pub async fn calendar_due(
        &self,
        client: ClientKey,
        from: chrono::DateTime<chrono::Utc>,
        time: motcua_calendar::ProcessingTime,
        hours: OfficeHours,
    ) -> AppResult<motcua_calendar::DueExplanation> {
        self.services.limits.calendar(&client)?;
        self.blocking(move |s| {
            s.calendars
                .for_hours(&hours)
                .explain_due(from, time, &[])
                .map_err(|e| AppError::invalid("from", "out_of_range", e.to_string()))
        })
        .await
    }

    /// The lunar date of a civil date (public, rate-limited per client).
    pub fn lunar_day(
        &self,
        client: &ClientKey,
        date: chrono::NaiveDate,
    ) -> AppResult<motcua_calendar::LunarDay> {
        self.services.limits.calendar(client)?;
        motcua_calendar::lunar::lunar_day(date)
            .map_err(|e| AppError::invalid("date", "out_of_range", e.to_string()))
    }
}
