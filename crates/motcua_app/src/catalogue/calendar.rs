//! The public's questions about working days: which days of a year are off
//! or worked, when a processing time started at some instant is due (with
//! every day skipped, explained), and a date's lunar date. Anonymous, so each
//! is rate-limited per client.

use motcua_calendar::OfficeHours;

use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::limits::ClientKey;

impl App {
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
