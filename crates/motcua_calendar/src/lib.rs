#![doc = include_str!("../README.md")]

mod astro;
#[cfg(feature = "bundled")]
pub mod bundled;
pub mod lunar;
mod office_hours;
mod schedule;
mod working;

pub use lunar::{LunarDate, LunarDay, LunarError};
pub use office_hours::{OfficeHours, OfficeHoursError};
pub use schedule::{
    DayKind, Document, LABOUR_CODE_COMPENSATORY, LABOUR_CODE_HOLIDAYS, ScheduleError,
    ScheduleSource, ScheduledDay, YearSchedule,
};
pub use working::{
    CalendarError, DayStatus, DueExplanation, Outcome, Pause, ProcessingTime, SlaState,
    VIETNAM_OFFSET, WITHIN_THE_DAY_CUTOFF, WorkingCalendar, WorkingCalendarBuilder,
    WorkingDuration, YearReport,
};
