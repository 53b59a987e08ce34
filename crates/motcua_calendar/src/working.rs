//! Working time: which instants count, and arithmetic on them.
//!
//! Every working instant has a *position*: the working time, in microseconds,
//! between the opening of the calendar's first working day and that instant.
//! The calendar precomputes, for every day of its range, how many working days
//! came before it, and the list of working days in order; with those two
//! arrays every operation is a few array look-ups and no walk over days.
//!
//! An instant outside office hours has the position of the next opening: a
//! dossier received at 17:30 starts its clock at 07:30 the next working day.
//! Conversely a position that falls on a closing time is answered with the
//! next opening, so every instant this module returns is a working instant:
//! "one working day after 07:30 Monday" is 07:30 Tuesday, the same working
//! time of day, never 17:00 Monday.

use chrono::{
    DateTime, Datelike, Days, FixedOffset, NaiveDate, NaiveDateTime, TimeDelta, Utc, Weekday,
};
use std::collections::BTreeMap;
use std::fmt;
use std::ops::{Add, Sub};
use std::sync::Arc;

use crate::lunar;
use crate::office_hours::OfficeHours;
use crate::schedule::{
    DayKind, Document, ScheduleError, ScheduleSource, ScheduledDay, YearSchedule, is_weekend,
};

/// `Asia/Ho_Chi_Minh` has kept UTC+7, without daylight saving, since 1975.
const UTC_OFFSET_SECONDS: i32 = 7 * 3_600;

/// The offset of Vietnamese local time (`Asia/Ho_Chi_Minh`) from UTC.
pub const VIETNAM_OFFSET: FixedOffset = match FixedOffset::east_opt(UTC_OFFSET_SECONDS) {
    Some(offset) => offset,
    None => panic!("UTC+7 is a valid offset"),
};

/// An amount of working time (office time only), to the microsecond.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct WorkingDuration(i64);

impl WorkingDuration {
    /// No working time.
    pub const ZERO: WorkingDuration = WorkingDuration(0);

    /// `hours` hours of office time.
    pub fn hours(hours: i64) -> Self {
        WorkingDuration(hours.saturating_mul(3_600_000_000))
    }

    /// `minutes` minutes of office time.
    pub fn minutes(minutes: i64) -> Self {
        WorkingDuration(minutes.saturating_mul(60_000_000))
    }

    /// `micros` microseconds of office time.
    pub fn micros(micros: i64) -> Self {
        WorkingDuration(micros)
    }

    /// This duration in microseconds.
    pub fn as_micros(self) -> i64 {
        self.0
    }

    /// This duration in whole seconds, rounded toward zero.
    pub fn as_seconds(self) -> i64 {
        self.0 / 1_000_000
    }
}

impl Add for WorkingDuration {
    type Output = WorkingDuration;
    fn add(self, other: Self) -> Self {
        WorkingDuration(self.0.saturating_add(other.0))
    }
}

impl Sub for WorkingDuration {
    type Output = WorkingDuration;
    fn sub(self, other: Self) -> Self {
        WorkingDuration(self.0.saturating_sub(other.0))
    }
}

impl fmt::Display for WorkingDuration {
    /// E.g. `-2h05m30s`: hours of office time, not days.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let seconds = self.0.unsigned_abs() / 1_000_000;
        write!(
            f,
            "{sign}{}h{:02}m{:02}s",
            seconds / 3_600,
            seconds / 60 % 60,
            seconds % 60
        )
    }
}

/// A procedure's processing time (thời hạn giải quyết), in the unit its
/// legal text uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProcessingTime {
    /// N working days ("ngày làm việc"): due at the same working time of day
    /// N working days later.
    WorkingDays(u32),
    /// N working hours: office time only.
    WorkingHours(u32),
    /// N days ("ngày" without "làm việc"), counted as the Civil Code counts a
    /// period (Law 91/2015/QH13, Art. 147–148): the day of reception is not
    /// counted, the period ends when the last day's office closes, and a last
    /// day that is not worked gives way to the end of the next working day.
    CalendarDays(u32),
    /// N months (Civil Code Art. 148(2)): ends at the close of the same-
    /// numbered day of the last month (its last day when it has no such
    /// day), moved to the next working day like a period of days.
    Months(u32),
    /// Within the day ("trong ngày"): received before `cutoff`, due when the
    /// office closes that working day; at or after it, when it closes the
    /// next working day (Decree 23/2015/NĐ-CP Art. 21(1) and the civil-status
    /// procedures set the cut-off at 15:00, [`WITHIN_THE_DAY_CUTOFF`]).
    WithinTheDay {
        /// The local time after which the next working day applies.
        cutoff: chrono::NaiveTime,
    },
}

/// 15:00, the cut-off of procedures done within the day (Decree
/// 23/2015/NĐ-CP Art. 21(1); Law 60/2014/QH13 on civil status, Art. 16–18,
/// as the national procedure database words it).
pub const WITHIN_THE_DAY_CUTOFF: chrono::NaiveTime = match chrono::NaiveTime::from_hms_opt(15, 0, 0)
{
    Some(t) => t,
    None => panic!("15:00 is a time"),
};

impl ProcessingTime {
    /// How this unit is counted, in Vietnamese, with the rule's source: the
    /// first line of a due date's explanation.
    pub fn rule(self) -> &'static str {
        match self {
            ProcessingTime::WorkingDays(_) => {
                "Tính theo ngày làm việc: đến cùng thời điểm làm việc của ngày làm việc cuối cùng, \
                 không tính ngày nghỉ hằng tuần, ngày nghỉ lễ, Tết; nhận ngoài giờ hành chính thì \
                 tính từ giờ làm việc kế tiếp."
            }
            ProcessingTime::WorkingHours(_) => {
                "Tính theo giờ làm việc: chỉ tính thời gian trong giờ hành chính của ngày làm việc."
            }
            ProcessingTime::CalendarDays(_) => {
                "Tính theo ngày (Bộ luật Dân sự 2015, Điều 147, 148): không tính ngày tiếp nhận; \
                 hết thời hạn khi hết giờ làm việc của ngày cuối cùng; nếu ngày cuối cùng là ngày \
                 nghỉ thì hết thời hạn vào cuối ngày làm việc tiếp theo."
            }
            ProcessingTime::Months(_) => {
                "Tính theo tháng (Bộ luật Dân sự 2015, Điều 148): hết thời hạn vào cuối ngày tương \
                 ứng của tháng cuối cùng (ngày cuối tháng nếu tháng đó không có ngày tương ứng); \
                 nếu đó là ngày nghỉ thì vào cuối ngày làm việc tiếp theo."
            }
            ProcessingTime::WithinTheDay { .. } => {
                "Giải quyết trong ngày: nhận trước 15 giờ thì trả trong ngày làm việc đó; nhận từ \
                 15 giờ trở đi hoặc ngoài giờ hành chính thì trả trong ngày làm việc tiếp theo \
                 (Nghị định 23/2015/NĐ-CP, Điều 21)."
            }
        }
    }
}

/// A stretch of time during which the clock stood still (waiting for the
/// applicant): from `start` to `end`, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pause {
    start: DateTime<Utc>,
    end: DateTime<Utc>,
}

impl Pause {
    /// A pause from `start` to `end`; `end` may not come before `start`.
    pub fn new(start: DateTime<Utc>, end: DateTime<Utc>) -> Result<Self, CalendarError> {
        if end < start {
            return Err(CalendarError::PauseEndsBeforeItStarts { start, end });
        }
        Ok(Pause { start, end })
    }

    /// When the clock stopped.
    pub fn start(&self) -> DateTime<Utc> {
        self.start
    }

    /// When it ran again.
    pub fn end(&self) -> DateTime<Utc> {
        self.end
    }
}

/// How a finished dossier compares with its due instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Outcome {
    /// Finished on a day before the due day (trước hạn).
    Early,
    /// Finished on the due day, by the due instant (đúng hạn).
    OnTime,
    /// Finished after the due instant (quá hạn).
    Late,
}

impl Outcome {
    /// The name in the API and the database (`early`, `on_time`, `late`).
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Early => "early",
            Outcome::OnTime => "on_time",
            Outcome::Late => "late",
        }
    }

    /// The outcome of a dossier due at `due` and finished at `finished`: late
    /// after the due instant, early when finished on an earlier (local) day,
    /// else on time.
    pub fn of(due: DateTime<Utc>, finished: DateTime<Utc>) -> Outcome {
        if finished > due {
            Outcome::Late
        } else if local(finished).date() < local(due).date() {
            Outcome::Early
        } else {
            Outcome::OnTime
        }
    }
}

/// Where a running dossier stands against its due instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum SlaState {
    /// More than one working day left.
    OnTrack,
    /// At most one working day left: the unit must finish or apologise.
    DueSoon,
    /// The due instant has passed.
    Overdue,
}

impl SlaState {
    /// The name in the API and the database (`on_track`, `due_soon`,
    /// `overdue`).
    pub fn as_str(self) -> &'static str {
        match self {
            SlaState::OnTrack => "on_track",
            SlaState::DueSoon => "due_soon",
            SlaState::Overdue => "overdue",
        }
    }

    /// The state of a stored name; anything else is on track, the state a
    /// dossier starts in.
    pub fn from_stored(name: &str) -> SlaState {
        match name {
            "due_soon" => SlaState::DueSoon,
            "overdue" => SlaState::Overdue,
            _ => SlaState::OnTrack,
        }
    }
}

/// Why a calendar question has no answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// The instant or date lies outside the years the calendar was built for.
    #[error("{what} is outside the calendar, which covers {first} to {last}")]
    OutOfRange {
        /// The instant or date asked about.
        what: String,
        /// The calendar's first day.
        first: NaiveDate,
        /// The calendar's last day.
        last: NaiveDate,
    },
    /// The calendar cannot cover these years.
    #[error(
        "a calendar covers years {}–{}; {first}–{last} is not possible",
        lunar::FIRST_YEAR,
        lunar::LAST_YEAR
    )]
    InvalidYears {
        /// First year asked for.
        first: i32,
        /// Last year asked for.
        last: i32,
    },
    /// A pause that ends before it starts.
    #[error("a pause cannot end ({end}) before it starts ({start})")]
    PauseEndsBeforeItStarts {
        /// Its start.
        start: DateTime<Utc>,
        /// Its end.
        end: DateTime<Utc>,
    },
    /// A year's schedule could not be used.
    #[error("schedule for {year}: {source}")]
    Schedule {
        /// The year.
        year: i32,
        /// What is wrong with it.
        source: ScheduleError,
    },
}

/// One day and why it is, or is not, worked.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct DayStatus {
    /// The day.
    pub date: NaiveDate,
    /// Whether public servants work that day.
    pub working: bool,
    /// What kind of day it is.
    pub kind: DayKind,
    /// Why, in Vietnamese: the holiday's name, "Thứ Bảy", ...
    pub reason: String,
    /// The document that decided it, if it is not an ordinary day.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub document: Option<String>,
}

/// The exceptional days of one year: every weekday that is not worked and
/// every weekend day that is.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct YearReport {
    /// The year.
    pub year: i32,
    /// Whether the days come from the Government's announced schedule or were
    /// derived from the Labour Code.
    pub source: ScheduleSource,
    /// The documents the days cite.
    pub documents: Vec<Document>,
    /// The days, in date order.
    pub days: Vec<DayStatus>,
}

/// A due instant that explains itself.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct DueExplanation {
    /// The due instant (UTC).
    pub due: DateTime<Utc>,
    /// The same instant in Vietnamese local time.
    pub due_local: DateTime<FixedOffset>,
    /// When the clock started: the given instant, or the next opening if that
    /// instant was outside office hours.
    pub clock_started: DateTime<Utc>,
    /// How the unit is counted, and the rule's source.
    pub rule: &'static str,
    /// Where a period of days or months ended on a day that is not worked:
    /// that day (the due instant is then the end of the next working day).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub ended_on_day_off: Option<NaiveDate>,
    /// Every day from the start to the due day that was not worked, and why.
    pub skipped: Vec<DayStatus>,
}

struct YearSource {
    source: ScheduleSource,
    documents: Vec<Document>,
}

/// A working-time calendar: the Vietnamese public-service calendar over a range
/// of years, with one agency's office hours.
///
/// Which days are worked does not depend on the office hours, and is most of
/// what a calendar weighs (300 years of days and schedules, about 2 MB, built
/// in tens of milliseconds): [`WorkingCalendar::with_office_hours`] shares it,
/// so a calendar for other hours costs a pointer and the hours themselves.
#[derive(Clone)]
pub struct WorkingCalendar {
    days: Arc<DayTable>,
    office_hours: OfficeHours,
    day_length: i64,
}

/// The days of a calendar's range: which are worked, and why not.
struct DayTable {
    first_day: NaiveDate,
    last_day: NaiveDate,
    /// For each day of the range, and one past its end: how many working days
    /// came before it.
    working_before: Vec<u32>,
    /// The index (days since `first_day`) of each working day, in order.
    working_days: Vec<u32>,
    /// The days that are not ordinary weekdays or weekends.
    exceptions: BTreeMap<NaiveDate, ScheduledDay>,
    years: BTreeMap<i32, YearSource>,
}

/// Builds a [`WorkingCalendar`].
pub struct WorkingCalendarBuilder {
    office_hours: OfficeHours,
    first_year: i32,
    last_year: i32,
    official: BTreeMap<i32, YearSchedule>,
}

impl WorkingCalendarBuilder {
    /// Use these office hours instead of 07:30–11:30, 13:00–17:00.
    pub fn office_hours(mut self, office_hours: OfficeHours) -> Self {
        self.office_hours = office_hours;
        self
    }

    /// Cover only `first..=last` instead of every year the lunar calendar supports.
    pub fn years(mut self, first: i32, last: i32) -> Self {
        self.first_year = first;
        self.last_year = last;
        self
    }

    /// Use the Government's schedule for its year instead of the statutory rules.
    pub fn official_schedule(mut self, schedule: YearSchedule) -> Self {
        self.official.insert(schedule.year(), schedule);
        self
    }

    /// Computes the calendar.
    pub fn build(self) -> Result<WorkingCalendar, CalendarError> {
        let (first, last) = (self.first_year, self.last_year);
        let invalid = CalendarError::InvalidYears { first, last };
        if first > last || first < lunar::FIRST_YEAR || last > lunar::LAST_YEAR {
            return Err(invalid);
        }
        let first_day = NaiveDate::from_ymd_opt(first, 1, 1).ok_or(invalid.clone())?;
        let last_day = NaiveDate::from_ymd_opt(last, 12, 31).ok_or(invalid)?;

        let mut exceptions = BTreeMap::new();
        let mut years = BTreeMap::new();
        let mut official = self.official;
        for year in first..=last {
            let schedule = match official.remove(&year) {
                Some(schedule) => schedule,
                None => YearSchedule::statutory(year)
                    .map_err(|source| CalendarError::Schedule { year, source })?,
            };
            for day in schedule.days() {
                exceptions.insert(day.date, day.clone());
            }
            years.insert(
                year,
                YearSource {
                    source: schedule.source(),
                    documents: schedule.documents().to_vec(),
                },
            );
        }

        let day_count = (last_day - first_day).num_days() as usize + 1;
        let mut working_before = Vec::with_capacity(day_count + 1);
        let mut working_days = Vec::with_capacity(day_count * 5 / 7 + 1);
        let mut date = first_day;
        for index in 0..day_count {
            working_before.push(working_days.len() as u32);
            if kind_of(&exceptions, date).is_working() {
                working_days.push(index as u32);
            }
            date = date.succ_opt().unwrap_or(date);
        }
        working_before.push(working_days.len() as u32);

        Ok(WorkingCalendar {
            days: Arc::new(DayTable {
                first_day,
                last_day,
                working_before,
                working_days,
                exceptions,
                years,
            }),
            day_length: self.office_hours.day_length_micros(),
            office_hours: self.office_hours,
        })
    }
}

fn kind_of(exceptions: &BTreeMap<NaiveDate, ScheduledDay>, date: NaiveDate) -> DayKind {
    match exceptions.get(&date) {
        Some(day) => day.kind,
        None if is_weekend(date) => DayKind::Weekend,
        None => DayKind::Workday,
    }
}

fn local(instant: DateTime<Utc>) -> NaiveDateTime {
    instant.naive_utc() + TimeDelta::seconds(i64::from(UTC_OFFSET_SECONDS))
}

impl WorkingCalendar {
    /// A builder with the default office hours, every supported year, and the
    /// statutory rules for every year until official schedules are added.
    pub fn builder() -> WorkingCalendarBuilder {
        WorkingCalendarBuilder {
            office_hours: OfficeHours::default(),
            first_year: lunar::FIRST_YEAR,
            last_year: lunar::LAST_YEAR,
            official: BTreeMap::new(),
        }
    }

    /// The same days with other office hours: cheap, the days are shared.
    pub fn with_office_hours(&self, office_hours: OfficeHours) -> WorkingCalendar {
        WorkingCalendar {
            days: Arc::clone(&self.days),
            day_length: office_hours.day_length_micros(),
            office_hours,
        }
    }

    /// The office hours the clock runs in.
    pub fn office_hours(&self) -> &OfficeHours {
        &self.office_hours
    }

    /// The working time of one working day (8 hours with the default hours).
    pub fn working_day(&self) -> WorkingDuration {
        WorkingDuration(self.day_length)
    }

    /// The working time a processing time in working days or hours stands
    /// for; none for the units counted on the calendar (days, months,
    /// within the day), whose length in working time depends on the start.
    pub fn duration_of(&self, time: ProcessingTime) -> Option<WorkingDuration> {
        match time {
            ProcessingTime::WorkingDays(days) => {
                Some(WorkingDuration(i64::from(days) * self.day_length))
            }
            ProcessingTime::WorkingHours(hours) => Some(WorkingDuration::hours(i64::from(hours))),
            ProcessingTime::CalendarDays(_)
            | ProcessingTime::Months(_)
            | ProcessingTime::WithinTheDay { .. } => None,
        }
    }

    /// When the office closes on working day `date` (local): the end of its
    /// last period, as an instant.
    fn closing(&self, date: NaiveDate) -> DateTime<Utc> {
        let local_instant = date.and_time(chrono::NaiveTime::MIN)
            + TimeDelta::microseconds(self.office_hours.closing_micros());
        (local_instant - TimeDelta::seconds(i64::from(UTC_OFFSET_SECONDS))).and_utc()
    }

    /// The first working day on or after `date`.
    fn working_on_or_after(&self, date: NaiveDate) -> Result<NaiveDate, CalendarError> {
        let index = self.day_index(date)?;
        let ordinal = self.days.working_before[index] as usize;
        let found = *self
            .days
            .working_days
            .get(ordinal)
            .ok_or_else(|| self.out_of_range(date))?;
        Ok(self.days.first_day + Days::new(u64::from(found)))
    }

    /// The last day of a period on the calendar, and the working day it
    /// ends on (itself, or the next working day when it is a day off).
    fn period_end(&self, last: NaiveDate) -> Result<(NaiveDate, Option<NaiveDate>), CalendarError> {
        let ends = self.working_on_or_after(last)?;
        Ok((ends, (ends != last).then_some(last)))
    }

    /// The due instant of `time` started at `start`, and the last day of a
    /// calendar period when it was a day off.
    fn due_of(
        &self,
        start: DateTime<Utc>,
        time: ProcessingTime,
    ) -> Result<(DateTime<Utc>, Option<NaiveDate>), CalendarError> {
        let received = local(start).date();
        match time {
            ProcessingTime::WorkingDays(_) | ProcessingTime::WorkingHours(_) => {
                let budget = self.duration_of(time).unwrap_or_default();
                Ok((self.due_instant(start, budget, &[])?, None))
            }
            ProcessingTime::CalendarDays(days) => {
                let last = received
                    .checked_add_days(Days::new(u64::from(days)))
                    .ok_or_else(|| self.out_of_range("the answer"))?;
                let (ends, off) = self.period_end(last)?;
                Ok((self.closing(ends), off))
            }
            ProcessingTime::Months(months) => {
                let last = received
                    .checked_add_months(chrono::Months::new(months))
                    .ok_or_else(|| self.out_of_range("the answer"))?;
                let (ends, off) = self.period_end(last)?;
                Ok((self.closing(ends), off))
            }
            ProcessingTime::WithinTheDay { cutoff } => {
                let opening = self.next_working_instant(start)?;
                let opening_day = local(opening).date();
                let day = if opening_day == received && local(start).time() < cutoff {
                    received
                } else if opening_day == received {
                    let next = received
                        .succ_opt()
                        .ok_or_else(|| self.out_of_range("the answer"))?;
                    self.working_on_or_after(next)?
                } else {
                    // Received on a day off or after closing: the next
                    // working day is the day it is done in.
                    opening_day
                };
                Ok((self.closing(day), None))
            }
        }
    }

    /// The due instant of a procedure's processing time started at `start`,
    /// in the procedure's own unit.
    pub fn due(
        &self,
        start: DateTime<Utc>,
        time: ProcessingTime,
    ) -> Result<DateTime<Utc>, CalendarError> {
        self.due_of(start, time).map(|(due, _)| due)
    }

    fn out_of_range(&self, what: impl ToString) -> CalendarError {
        CalendarError::OutOfRange {
            what: what.to_string(),
            first: self.days.first_day,
            last: self.days.last_day,
        }
    }

    fn day_index(&self, date: NaiveDate) -> Result<usize, CalendarError> {
        if date < self.days.first_day || date > self.days.last_day {
            return Err(self.out_of_range(date));
        }
        Ok((date - self.days.first_day).num_days() as usize)
    }

    fn is_working_index(&self, index: usize) -> bool {
        self.days.working_before[index + 1] > self.days.working_before[index]
    }

    /// The day index and the local time of day (µs since midnight) of an instant.
    fn locate(&self, instant: DateTime<Utc>) -> Result<(usize, i64), CalendarError> {
        let at = local(instant);
        let index = self
            .day_index(at.date())
            .map_err(|_| self.out_of_range(instant.to_rfc3339()))?;
        let time_of_day = (at - at.date().and_time(chrono::NaiveTime::MIN))
            .num_microseconds()
            .unwrap_or(0);
        Ok((index, time_of_day))
    }

    /// The working position of an instant (see the module documentation).
    fn position(&self, instant: DateTime<Utc>) -> Result<i64, CalendarError> {
        let (index, time_of_day) = self.locate(instant)?;
        let within = if self.is_working_index(index) {
            self.office_hours.elapsed_before(time_of_day)
        } else {
            0
        };
        Ok(i64::from(self.days.working_before[index]) * self.day_length + within)
    }

    /// The working instant at a position: always inside office hours.
    fn instant_at(&self, position: i64) -> Result<DateTime<Utc>, CalendarError> {
        let beyond = || self.out_of_range("the answer");
        if position < 0 {
            return Err(beyond());
        }
        let ordinal = usize::try_from(position / self.day_length).map_err(|_| beyond())?;
        let index = *self.days.working_days.get(ordinal).ok_or_else(beyond)?;
        let date = self.days.first_day + Days::new(u64::from(index));
        let time_of_day = self.office_hours.time_after(position % self.day_length);
        let local_instant =
            date.and_time(chrono::NaiveTime::MIN) + TimeDelta::microseconds(time_of_day);
        Ok((local_instant - TimeDelta::seconds(i64::from(UTC_OFFSET_SECONDS))).and_utc())
    }

    /// Whether public servants work on `date` (a local date).
    pub fn is_working_day(&self, date: NaiveDate) -> Result<bool, CalendarError> {
        Ok(self.is_working_index(self.day_index(date)?))
    }

    /// Whether `instant` lies within office hours on a working day.
    pub fn is_working_instant(&self, instant: DateTime<Utc>) -> Result<bool, CalendarError> {
        let (index, time_of_day) = self.locate(instant)?;
        Ok(self.is_working_index(index) && self.office_hours.contains(time_of_day))
    }

    /// `instant` itself if it is a working instant, else the next opening.
    pub fn next_working_instant(
        &self,
        instant: DateTime<Utc>,
    ) -> Result<DateTime<Utc>, CalendarError> {
        self.instant_at(self.position(instant)?)
    }

    /// The same working time of day, `days` working days later; an instant
    /// outside office hours counts from the next opening.
    pub fn add_working_days(
        &self,
        instant: DateTime<Utc>,
        days: u32,
    ) -> Result<DateTime<Utc>, CalendarError> {
        self.add_working_time(instant, WorkingDuration(i64::from(days) * self.day_length))
    }

    /// The working instant `duration` of office time after `instant`.
    pub fn add_working_time(
        &self,
        instant: DateTime<Utc>,
        duration: WorkingDuration,
    ) -> Result<DateTime<Utc>, CalendarError> {
        self.instant_at(self.position(instant)?.saturating_add(duration.0))
    }

    /// The office time between two instants; negative when `to` comes first.
    pub fn working_time_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<WorkingDuration, CalendarError> {
        Ok(WorkingDuration(self.position(to)? - self.position(from)?))
    }

    /// The office time between two instants, leaving out the pauses.
    pub fn working_time_excluding(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        pauses: &[Pause],
    ) -> Result<WorkingDuration, CalendarError> {
        let (start, end) = (self.position(from)?, self.position(to)?);
        if end <= start {
            return Ok(WorkingDuration(end - start));
        }
        let paused: i64 = self
            .paused_positions(pauses)?
            .into_iter()
            .map(|(a, b)| (b.min(end) - a.max(start)).max(0))
            .sum();
        Ok(WorkingDuration(end - start - paused))
    }

    /// Pauses as merged, sorted position intervals.
    fn paused_positions(&self, pauses: &[Pause]) -> Result<Vec<(i64, i64)>, CalendarError> {
        let mut intervals = pauses
            .iter()
            .map(|p| Ok((self.position(p.start)?, self.position(p.end)?)))
            .collect::<Result<Vec<_>, CalendarError>>()?;
        intervals.sort_unstable();
        let mut merged: Vec<(i64, i64)> = Vec::with_capacity(intervals.len());
        for (a, b) in intervals {
            match merged.last_mut() {
                Some(last) if a <= last.1 => last.1 = last.1.max(b),
                _ => merged.push((a, b)),
            }
        }
        Ok(merged)
    }

    /// The due instant of `budget` working time started at `start`, with the
    /// clock stopped during `pauses`: each pause that begins before the budget
    /// runs out moves the due instant by exactly its working length.
    pub fn due_instant(
        &self,
        start: DateTime<Utc>,
        budget: WorkingDuration,
        pauses: &[Pause],
    ) -> Result<DateTime<Utc>, CalendarError> {
        let mut cursor = self.position(start)?;
        let mut left = budget.0.max(0);
        for (a, b) in self.paused_positions(pauses)? {
            if b <= cursor {
                continue;
            }
            let running = (a - cursor).max(0);
            if running >= left {
                break;
            }
            left -= running;
            cursor = b;
        }
        self.instant_at(cursor.saturating_add(left))
    }

    /// The due instant of a procedure's processing time, explained: when the
    /// clock started and which days it skipped, each with its reason.
    pub fn explain_due(
        &self,
        start: DateTime<Utc>,
        time: ProcessingTime,
        pauses: &[Pause],
    ) -> Result<DueExplanation, CalendarError> {
        let (mut due, ended_on_day_off) = self.due_of(start, time)?;
        if let Some(budget) = self.duration_of(time) {
            due = self.due_instant(start, budget, pauses)?;
        } else {
            // A calendar period moves by the working time each pause that
            // began before it ended stood still.
            for (a, b) in self.paused_positions(pauses)? {
                if a < self.position(due)? {
                    due = self.instant_at(self.position(due)?.saturating_add(b - a))?;
                }
            }
        }
        let clock_started = self.next_working_instant(start)?;
        let mut skipped = Vec::new();
        let mut date = local(start).date();
        let due_date = local(due).date();
        while date <= due_date {
            if !self.is_working_day(date)? {
                skipped.push(self.day_status(date)?);
            }
            date = date.succ_opt().ok_or_else(|| self.out_of_range(date))?;
        }
        Ok(DueExplanation {
            due,
            due_local: due.with_timezone(&VIETNAM_OFFSET),
            clock_started,
            rule: time.rule(),
            ended_on_day_off,
            skipped,
        })
    }

    /// Where a dossier due at `due` stands at `now`.
    pub fn sla_state(
        &self,
        due: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<SlaState, CalendarError> {
        if now > due {
            return Ok(SlaState::Overdue);
        }
        if self.position(due)? - self.position(now)? <= self.day_length {
            Ok(SlaState::DueSoon)
        } else {
            Ok(SlaState::OnTrack)
        }
    }

    /// One day, whether it is worked and why.
    pub fn day_status(&self, date: NaiveDate) -> Result<DayStatus, CalendarError> {
        let index = self.day_index(date)?;
        let working = self.is_working_index(index);
        Ok(match self.days.exceptions.get(&date) {
            Some(day) => DayStatus {
                date,
                working,
                kind: day.kind,
                reason: day.name.clone(),
                document: Some(day.document.clone()),
            },
            None => DayStatus {
                date,
                working,
                kind: kind_of(&self.days.exceptions, date),
                reason: match date.weekday() {
                    Weekday::Sat => "Thứ Bảy".into(),
                    Weekday::Sun => "Chủ nhật".into(),
                    _ => "Ngày làm việc".into(),
                },
                document: None,
            },
        })
    }

    /// Every weekday of `year` that is not worked and every weekend day that
    /// is, with the reason and the document behind each.
    pub fn year_report(&self, year: i32) -> Result<YearReport, CalendarError> {
        let source = self
            .days
            .years
            .get(&year)
            .ok_or_else(|| self.out_of_range(format!("year {year}")))?;
        let days = self
            .days
            .exceptions
            .range(
                NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(NaiveDate::MIN)
                    ..=NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX),
            )
            .filter(|(date, day)| is_weekend(**date) == day.kind.is_working())
            .map(|(&date, _)| self.day_status(date))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(YearReport {
            year,
            source: source.source,
            documents: source.documents.clone(),
            days,
        })
    }

    /// The first and last day the calendar covers.
    pub fn range(&self) -> (NaiveDate, NaiveDate) {
        (self.days.first_day, self.days.last_day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn calendar() -> WorkingCalendar {
        WorkingCalendar::builder()
            .years(2025, 2027)
            .build()
            .unwrap()
    }

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().to_utc()
    }

    fn vn(instant: DateTime<Utc>) -> String {
        instant.with_timezone(&VIETNAM_OFFSET).to_rfc3339()
    }

    #[test]
    fn other_office_hours_share_the_days_and_answer_as_a_calendar_built_with_them() {
        let hours: OfficeHours = "08:00-12:00,13:30-17:30".parse().unwrap();
        let built = WorkingCalendar::builder()
            .years(2025, 2027)
            .office_hours(hours.clone())
            .build()
            .unwrap();
        let base = calendar();
        let shared = base.with_office_hours(hours.clone());
        assert!(Arc::ptr_eq(&base.days, &shared.days));
        assert_eq!(shared.office_hours(), &hours);
        for (start, time) in [
            ("2026-02-13T16:30:00+07:00", ProcessingTime::WorkingDays(3)),
            (
                "2026-04-24T07:00:00+07:00",
                ProcessingTime::WorkingHours(20),
            ),
        ] {
            assert_eq!(
                shared.explain_due(at(start), time, &[]).unwrap(),
                built.explain_due(at(start), time, &[]).unwrap()
            );
        }
        // The base keeps its own hours.
        assert_eq!(base.office_hours(), &OfficeHours::default());
    }

    #[test]
    fn three_working_days_from_the_friday_before_tet() {
        let due = calendar()
            .explain_due(
                at("2026-02-13T16:30:00+07:00"),
                ProcessingTime::WorkingDays(3),
                &[],
            )
            .unwrap();
        assert_eq!(due.due, at("2026-02-25T09:30:00Z"));
        assert_eq!(due.due_local.to_rfc3339(), "2026-02-25T16:30:00+07:00");
        let skipped: Vec<String> = due
            .skipped
            .iter()
            .map(|d| format!("{} {:?}", d.date, d.kind))
            .collect();
        assert_eq!(
            skipped,
            [
                "2026-02-14 Weekend",
                "2026-02-15 Weekend",
                "2026-02-16 Holiday",
                "2026-02-17 Holiday",
                "2026-02-18 Holiday",
                "2026-02-19 Holiday",
                "2026-02-20 Holiday",
                "2026-02-21 Weekend",
                "2026-02-22 Weekend",
            ]
        );
        assert!(due.skipped[4].reason.contains("Tết Nguyên đán"));
    }

    #[test]
    fn a_dossier_received_after_hours_starts_at_the_next_opening() {
        let c = calendar();
        let monday_evening = at("2026-03-02T17:30:00+07:00");
        assert_eq!(
            vn(c.next_working_instant(monday_evening).unwrap()),
            "2026-03-03T07:30:00+07:00"
        );
        assert_eq!(
            vn(c.add_working_days(monday_evening, 1).unwrap()),
            "2026-03-04T07:30:00+07:00"
        );
        let lunch = at("2026-03-02T12:00:00+07:00");
        assert_eq!(
            vn(c.next_working_instant(lunch).unwrap()),
            "2026-03-02T13:00:00+07:00"
        );
        let saturday = at("2026-03-07T09:00:00+07:00");
        assert_eq!(
            vn(c.next_working_instant(saturday).unwrap()),
            "2026-03-09T07:30:00+07:00"
        );
    }

    #[test]
    fn working_hours_count_office_time_only() {
        let c = calendar();
        let monday_10 = at("2026-03-02T10:00:00+07:00");
        assert_eq!(
            vn(c.add_working_time(monday_10, WorkingDuration::hours(2))
                .unwrap()),
            "2026-03-02T13:30:00+07:00"
        );
        // Eight hours is one working day: the same time the next working day.
        assert_eq!(
            vn(c.add_working_time(monday_10, WorkingDuration::hours(8))
                .unwrap()),
            "2026-03-03T10:00:00+07:00"
        );
        // Landing on a closing time gives the next opening.
        let monday_13 = at("2026-03-02T13:00:00+07:00");
        assert_eq!(
            vn(c.add_working_time(monday_13, WorkingDuration::hours(4))
                .unwrap()),
            "2026-03-03T07:30:00+07:00"
        );
        assert_eq!(
            c.working_time_between(
                at("2026-03-02T07:30:00+07:00"),
                at("2026-03-06T17:00:00+07:00")
            )
            .unwrap(),
            WorkingDuration::hours(40)
        );
    }

    #[test]
    fn one_working_day_is_never_twenty_four_working_hours() {
        let c = calendar();
        let start = at("2026-03-02T09:00:00+07:00");
        assert_eq!(
            c.add_working_days(start, 1).unwrap(),
            at("2026-03-03T09:00:00+07:00")
        );
        assert_ne!(
            c.add_working_days(start, 1).unwrap(),
            c.add_working_time(start, WorkingDuration::hours(24))
                .unwrap()
        );
    }

    #[test]
    fn working_instants_are_inside_office_periods() {
        let c = calendar();
        assert!(
            c.is_working_instant(at("2026-03-02T07:30:00+07:00"))
                .unwrap()
        );
        assert!(
            !c.is_working_instant(at("2026-03-02T11:30:00+07:00"))
                .unwrap()
        );
        assert!(
            !c.is_working_instant(at("2026-03-02T17:00:00+07:00"))
                .unwrap()
        );
        assert!(
            !c.is_working_instant(at("2026-02-17T09:00:00+07:00"))
                .unwrap()
        );
        assert!(
            !c.is_working_day(NaiveDate::from_ymd_opt(2026, 3, 7).unwrap())
                .unwrap()
        );
    }

    #[test]
    fn pauses_stop_the_clock() {
        let c = calendar();
        let start = at("2026-03-02T08:00:00+07:00");
        let budget = WorkingDuration::micros(c.working_day().as_micros() * 5);
        let plain = c.due_instant(start, budget, &[]).unwrap();
        assert_eq!(vn(plain), "2026-03-09T08:00:00+07:00");
        // Waiting for the applicant from Wednesday 10:00 to Thursday 10:00.
        let pause = Pause::new(
            at("2026-03-04T10:00:00+07:00"),
            at("2026-03-05T10:00:00+07:00"),
        )
        .unwrap();
        assert_eq!(
            vn(c.due_instant(start, budget, &[pause]).unwrap()),
            "2026-03-10T08:00:00+07:00"
        );
        assert_eq!(
            c.working_time_excluding(start, at("2026-03-06T08:00:00+07:00"), &[pause])
                .unwrap(),
            WorkingDuration::hours(24)
        );
        // A pause after the due instant changes nothing.
        let late = Pause::new(
            at("2026-03-20T10:00:00+07:00"),
            at("2026-03-25T10:00:00+07:00"),
        )
        .unwrap();
        assert_eq!(c.due_instant(start, budget, &[late]).unwrap(), plain);
        assert!(
            Pause::new(
                at("2026-03-05T10:00:00+07:00"),
                at("2026-03-04T10:00:00+07:00")
            )
            .is_err()
        );
    }

    #[test]
    fn outcomes_and_sla_states() {
        let c = calendar();
        let due = at("2026-03-10T14:00:00+07:00");
        assert_eq!(
            Outcome::of(due, at("2026-03-09T16:00:00+07:00")),
            Outcome::Early
        );
        assert_eq!(
            Outcome::of(due, at("2026-03-10T08:00:00+07:00")),
            Outcome::OnTime
        );
        assert_eq!(Outcome::of(due, due), Outcome::OnTime);
        assert_eq!(
            Outcome::of(due, at("2026-03-10T14:00:01+07:00")),
            Outcome::Late
        );
        assert_eq!(
            c.sla_state(due, at("2026-03-06T14:00:00+07:00")).unwrap(),
            SlaState::OnTrack
        );
        // Monday 14:00 is exactly one working day before.
        assert_eq!(
            c.sla_state(due, at("2026-03-09T14:00:00+07:00")).unwrap(),
            SlaState::DueSoon
        );
        // Over the weekend before, still more than a day of office time left.
        assert_eq!(
            c.sla_state(due, at("2026-03-08T20:00:00+07:00")).unwrap(),
            SlaState::OnTrack
        );
        assert_eq!(
            c.sla_state(due, at("2026-03-10T14:30:00+07:00")).unwrap(),
            SlaState::Overdue
        );
    }

    #[test]
    fn the_year_report_lists_the_exceptional_days() {
        let report = calendar().year_report(2027).unwrap();
        assert_eq!(report.source, ScheduleSource::Statutory);
        assert!(report.days.iter().all(|d| is_weekend(d.date) == d.working));
        assert!(
            report
                .days
                .iter()
                .any(|d| d.date == NaiveDate::from_ymd_opt(2027, 1, 1).unwrap())
        );
    }

    #[test]
    fn questions_outside_the_range_are_refused() {
        let c = calendar();
        assert!(matches!(
            c.next_working_instant(at("2030-01-02T09:00:00+07:00")),
            Err(CalendarError::OutOfRange { .. })
        ));
        assert!(matches!(
            c.add_working_days(at("2027-12-30T09:00:00+07:00"), 10),
            Err(CalendarError::OutOfRange { .. })
        ));
        assert!(matches!(
            c.year_report(2024),
            Err(CalendarError::OutOfRange { .. })
        ));
        assert!(matches!(
            WorkingCalendar::builder().years(1800, 1900).build(),
            Err(CalendarError::InvalidYears { .. })
        ));
    }
}
