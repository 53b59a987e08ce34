//! One working calendar per set of office hours, built on first use.

use motcua_calendar::{OfficeHours, WorkingCalendar, bundled};
use std::collections::HashMap;
use std::sync::{Arc, PoisonError, RwLock};

use crate::{AppError, AppResult};

/// The first and last years a calendar covers: far enough back for history,
/// as far ahead as the lunar calendar goes. Building one takes ~25 ms.
const FIRST_YEAR: i32 = 1900;
const LAST_YEAR: i32 = 2199;

/// The Vietnamese calendar with the shipped schedules, per office hours.
pub struct Calendars {
    built: RwLock<HashMap<String, Arc<WorkingCalendar>>>,
    official_years: String,
}

impl Calendars {
    /// Builds the calendar for the default office hours.
    pub fn new() -> AppResult<Self> {
        let years: Vec<String> = bundled::FILES
            .iter()
            .map(|(year, _)| year.to_string())
            .collect();
        let calendars = Calendars {
            built: RwLock::new(HashMap::new()),
            official_years: years.join(","),
        };
        calendars.for_hours(&OfficeHours::default())?;
        Ok(calendars)
    }

    /// The calendar for these office hours.
    pub fn for_hours(&self, hours: &OfficeHours) -> AppResult<Arc<WorkingCalendar>> {
        let key = hours.to_string();
        if let Some(calendar) = self
            .built
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&key)
        {
            return Ok(Arc::clone(calendar));
        }
        let calendar = bundled::builder()
            .map_err(|e| AppError::unexpected("shipped calendar schedules", e))?
            .office_hours(hours.clone())
            .years(FIRST_YEAR, LAST_YEAR)
            .build()
            .map(Arc::new)
            .map_err(|e| AppError::unexpected("building a calendar", e))?;
        let mut built = self.built.write().unwrap_or_else(PoisonError::into_inner);
        Ok(Arc::clone(built.entry(key).or_insert(calendar)))
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
        self.calendars.for_hours(&hours)
    }
}

impl crate::App {
    /// Every weekday off and weekend day worked of `year`, with sources.
    pub fn calendar_year(&self, year: i32) -> AppResult<motcua_calendar::YearReport> {
        let calendar = self.services.calendars.for_hours(&OfficeHours::default())?;
        calendar
            .year_report(year)
            .map_err(|e| AppError::invalid("year", "out_of_range", e.to_string()))
    }

    /// The due instant of a processing time started at `from`, explained.
    pub fn calendar_due(
        &self,
        from: chrono::DateTime<chrono::Utc>,
        time: motcua_calendar::ProcessingTime,
        hours: &OfficeHours,
    ) -> AppResult<motcua_calendar::DueExplanation> {
        let calendar = self.services.calendars.for_hours(hours)?;
        calendar
            .explain_due(from, time, &[])
            .map_err(|e| AppError::invalid("from", "out_of_range", e.to_string()))
    }

    /// The lunar date of a civil date.
    pub fn lunar_day(&self, date: chrono::NaiveDate) -> AppResult<motcua_calendar::LunarDay> {
        motcua_calendar::lunar::lunar_day(date)
            .map_err(|e| AppError::invalid("date", "out_of_range", e.to_string()))
    }
}
