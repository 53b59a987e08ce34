//! The hours of a working day during which the SLA clock runs.

use chrono::{NaiveTime, Timelike};
use std::fmt;
use std::str::FromStr;

const MICROS_PER_SECOND: i64 = 1_000_000;

/// Why office hours were refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OfficeHoursError {
    /// No period at all.
    #[error("office hours need at least one period")]
    Empty,
    /// A period that ends before it starts, or periods out of order or overlapping.
    #[error("office hours must be increasing, non-overlapping periods within one day: {0}")]
    NotIncreasing(String),
    /// Text that is not `HH:MM-HH:MM[,HH:MM-HH:MM...]`.
    #[error("cannot read office hours {0:?}: expected e.g. 07:30-11:30,13:00-17:00")]
    Syntax(String),
    /// More periods than a working day has.
    #[error("office hours have at most {max} periods a day", max = OfficeHours::MAX_PERIODS)]
    TooManyPeriods,
    /// Longer than any office hours are written.
    #[error("office hours are written in at most {max} characters", max = OfficeHours::LONGEST_TEXT)]
    TooLong,
}

/// The periods of a working day, in local time, e.g. 07:30–11:30 and
/// 13:00–17:00. Each period includes its opening and excludes its closing
/// instant, so a working instant is one inside a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficeHours {
    /// (opening, closing) in microseconds since local midnight.
    periods: Vec<(i64, i64)>,
    length: i64,
}

fn micros_of(time: NaiveTime) -> i64 {
    i64::from(time.num_seconds_from_midnight()) * MICROS_PER_SECOND
        + i64::from(time.nanosecond() / 1_000)
}

impl OfficeHours {
    /// The most periods a day may have: a morning and an afternoon, with room
    /// for a split shift. Office hours also arrive from anonymous requests
    /// (`GET /api/v1/calendar/due`), so their size is bounded here.
    pub const MAX_PERIODS: usize = 4;

    /// The longest text office hours are read from: the most periods, with
    /// room for spaces.
    pub const LONGEST_TEXT: usize = 64;

    /// Office hours made of `periods`, which must be non-empty, at most
    /// [`Self::MAX_PERIODS`], each opening before it closes, and in
    /// increasing order without overlap.
    pub fn new(periods: &[(NaiveTime, NaiveTime)]) -> Result<Self, OfficeHoursError> {
        if periods.is_empty() {
            return Err(OfficeHoursError::Empty);
        }
        if periods.len() > Self::MAX_PERIODS {
            return Err(OfficeHoursError::TooManyPeriods);
        }
        let micros: Vec<(i64, i64)> = periods
            .iter()
            .map(|&(a, b)| (micros_of(a), micros_of(b)))
            .collect();
        let mut previous_close = -1;
        for &(open, close) in &micros {
            if open >= close || open <= previous_close {
                let text = periods
                    .iter()
                    .map(|(a, b)| format!("{}-{}", a.format("%H:%M"), b.format("%H:%M")))
                    .collect::<Vec<_>>()
                    .join(",");
                return Err(OfficeHoursError::NotIncreasing(text));
            }
            previous_close = close;
        }
        let length = micros.iter().map(|(a, b)| b - a).sum();
        Ok(OfficeHours {
            periods: micros,
            length,
        })
    }

    /// The working time in one working day, in microseconds.
    pub(crate) fn day_length_micros(&self) -> i64 {
        self.length
    }

    /// When the last period closes (µs since midnight).
    pub(crate) fn closing_micros(&self) -> i64 {
        self.periods.last().map_or(0, |p| p.1)
    }

    /// Working time elapsed on a working day before `time_of_day` (µs since midnight).
    pub(crate) fn elapsed_before(&self, time_of_day: i64) -> i64 {
        self.periods
            .iter()
            .map(|&(open, close)| (time_of_day.clamp(open, close)) - open)
            .sum()
    }

    /// The time of day (µs since midnight) at which `elapsed` working time has
    /// passed. At the close of a period it answers the opening of the next one,
    /// so the answer is always a working instant; `elapsed` must be less than
    /// the day's length.
    pub(crate) fn time_after(&self, elapsed: i64) -> i64 {
        let mut left = elapsed;
        for &(open, close) in &self.periods {
            if left < close - open {
                return open + left;
            }
            left -= close - open;
        }
        // Unreachable for elapsed < length; the end of the day otherwise.
        self.periods.last().map_or(0, |p| p.1)
    }

    /// Whether `time_of_day` (µs since midnight) lies inside a period.
    pub(crate) fn contains(&self, time_of_day: i64) -> bool {
        self.periods
            .iter()
            .any(|&(open, close)| open <= time_of_day && time_of_day < close)
    }
}

impl Default for OfficeHours {
    /// 07:30–11:30 and 13:00–17:00, the usual hours of a one-stop section.
    fn default() -> Self {
        const H: i64 = 3_600 * MICROS_PER_SECOND;
        const M: i64 = 60 * MICROS_PER_SECOND;
        let periods = vec![(7 * H + 30 * M, 11 * H + 30 * M), (13 * H, 17 * H)];
        OfficeHours {
            length: 8 * H,
            periods,
        }
    }
}

impl FromStr for OfficeHours {
    type Err = OfficeHoursError;

    /// Reads `07:30-11:30,13:00-17:00`: each time exactly `HH:MM`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        // Refused before it is split or copied into an error.
        if text.len() > OfficeHours::LONGEST_TEXT {
            return Err(OfficeHoursError::TooLong);
        }
        let syntax = || OfficeHoursError::Syntax(text.to_owned());
        let time = |t: &str| {
            let t = t.trim();
            if t.len() != 5 {
                return Err(syntax());
            }
            NaiveTime::parse_from_str(t, "%H:%M").map_err(|_| syntax())
        };
        let periods = text
            .split(',')
            .map(|period| {
                let (open, close) = period.split_once('-').ok_or_else(syntax)?;
                Ok((time(open)?, time(close)?))
            })
            .collect::<Result<Vec<_>, OfficeHoursError>>()?;
        OfficeHours::new(&periods)
    }
}

impl fmt::Display for OfficeHours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hhmm = |micros: i64| {
            let minutes = micros / (60 * MICROS_PER_SECOND);
            format!("{:02}:{:02}", minutes / 60, minutes % 60)
        };
        let text: Vec<String> = self
            .periods
            .iter()
            .map(|&(open, close)| format!("{}-{}", hhmm(open), hhmm(close)))
            .collect();
        f.write_str(&text.join(","))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_is_the_one_stop_sections_day() {
        let hours = OfficeHours::default();
        assert_eq!(hours.to_string(), "07:30-11:30,13:00-17:00");
        assert_eq!("07:30-11:30,13:00-17:00".parse::<OfficeHours>(), Ok(hours));
    }

    #[test]
    fn bad_hours_are_refused() {
        assert!(matches!(
            "".parse::<OfficeHours>(),
            Err(OfficeHoursError::Syntax(_))
        ));
        assert!(matches!(
            "08:00".parse::<OfficeHours>(),
            Err(OfficeHoursError::Syntax(_))
        ));
        assert!(matches!(
            "25:00-26:00".parse::<OfficeHours>(),
            Err(OfficeHoursError::Syntax(_))
        ));
        assert!(matches!(
            "11:00-09:00".parse::<OfficeHours>(),
            Err(OfficeHoursError::NotIncreasing(_))
        ));
        assert!(matches!(
            "08:00-12:00,11:00-17:00".parse::<OfficeHours>(),
            Err(OfficeHoursError::NotIncreasing(_))
        ));
        assert_eq!(OfficeHours::new(&[]), Err(OfficeHoursError::Empty));
        assert!(matches!(
            "7:30-11:30".parse::<OfficeHours>(),
            Err(OfficeHoursError::Syntax(_))
        ));
        assert_eq!(
            "06:00-06:30,07:00-07:30,08:00-08:30,09:00-09:30,10:00-10:30".parse::<OfficeHours>(),
            Err(OfficeHoursError::TooManyPeriods)
        );
        assert_eq!(
            "07:30-11:30,".repeat(1_000).parse::<OfficeHours>(),
            Err(OfficeHoursError::TooLong)
        );
        assert!(
            "06:00-07:00,08:00-09:00,10:00-11:00,12:00-13:00"
                .parse::<OfficeHours>()
                .is_ok()
        );
    }

    #[test]
    fn a_closing_instant_maps_to_the_next_opening() {
        let hours = OfficeHours::default();
        let h = 3_600 * MICROS_PER_SECOND;
        assert_eq!(hours.time_after(0), 7 * h + 30 * 60 * MICROS_PER_SECOND);
        assert_eq!(hours.time_after(4 * h), 13 * h);
        assert_eq!(hours.elapsed_before(12 * h), 4 * h);
        assert!(!hours.contains(11 * h + 30 * 60 * MICROS_PER_SECOND));
    }
}
