//! The schedules shipped in `calendars/vn/`, compiled into the binary so that a
//! server needs no data files at run time.

use crate::{CalendarError, OfficeHours, WorkingCalendar, WorkingCalendarBuilder, YearSchedule};

/// The text of every shipped schedule file, by year. A test checks that this
/// list and the folder agree.
pub const FILES: &[(i32, &str)] = &[
    (2024, include_str!("../../../calendars/vn/2024.toml")),
    (2025, include_str!("../../../calendars/vn/2025.toml")),
    (2026, include_str!("../../../calendars/vn/2026.toml")),
];

/// The official schedules shipped with Motcua.
pub fn official_schedules() -> Result<Vec<YearSchedule>, CalendarError> {
    FILES
        .iter()
        .map(|&(year, text)| {
            YearSchedule::from_toml(text).map_err(|source| CalendarError::Schedule { year, source })
        })
        .collect()
}

/// A calendar builder loaded with the shipped official schedules.
pub fn builder() -> Result<WorkingCalendarBuilder, CalendarError> {
    Ok(official_schedules()?.into_iter().fold(
        WorkingCalendar::builder(),
        WorkingCalendarBuilder::official_schedule,
    ))
}

/// The Vietnamese public-service calendar with the shipped schedules and the
/// given office hours, over every supported year.
pub fn vietnam(office_hours: OfficeHours) -> Result<WorkingCalendar, CalendarError> {
    builder()?.office_hours(office_hours).build()
}
