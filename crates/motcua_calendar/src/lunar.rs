//! The Vietnamese lunisolar calendar (âm lịch), computed for UTC+7.
//!
//! The rules are those of the Chinese calendar since 1645, applied to the
//! meridian of Vietnam (105°E, UTC+7) that the Vietnamese calendar has used
//! since 1968, so the two calendars differ whenever a new moon or a solar term
//! falls between 23:00 and 24:00 UTC+7: Tết 1985 fell on 21 January in Vietnam
//! and on 20 February in China. The issue that specified this crate fixes UTC+7
//! for every year; before 1968 the calendar in use was in fact computed for
//! UTC+8, so dates before then can differ from those printed at the time.
//!
//! 1. A civil day runs from midnight to midnight, UTC+7.
//! 2. A month starts on the day that contains a new moon.
//! 3. The month that contains the winter solstice is month 11.
//! 4. When 13 months lie between two months 11, the first of them without a
//!    principal solar term (trung khí, solar longitude a multiple of 30°) is a
//!    leap month and repeats the number of the month before it.

use chrono::{Datelike, NaiveDate};
use std::f64::consts::PI;

use crate::astro;

/// First solar year this crate converts.
pub const FIRST_YEAR: i32 = 1900;
/// Last solar year this crate converts.
pub const LAST_YEAR: i32 = 2199;

const UTC_OFFSET_DAYS: f64 = 7.0 / 24.0;
/// Julian day number of 1 January of year 1 (proleptic Gregorian) minus one.
const JDN_OF_CE_DAY_ZERO: i64 = 1_721_425;
/// Julian day (TT) of the mean new moon of lunation 0, and the mean lunation.
const LUNATION_ZERO: f64 = 2_451_550.097_66;
const SYNODIC_MONTH: f64 = 29.530_588_861;

/// A date of the Vietnamese lunar calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct LunarDate {
    /// Day of the month, 1–30.
    pub day: u8,
    /// Month, 1–12; a leap month carries the number of the month before it.
    pub month: u8,
    /// Lunar year: the solar year in which its first month starts.
    pub year: i32,
    /// Whether the month is a leap month (tháng nhuận).
    pub leap: bool,
}

impl LunarDate {
    /// The traditional name of the lunar year (Can Chi), e.g. "Bính Ngọ" for 2026.
    pub fn year_name(&self) -> String {
        const STEMS: [&str; 10] = [
            "Giáp", "Ất", "Bính", "Đinh", "Mậu", "Kỷ", "Canh", "Tân", "Nhâm", "Quý",
        ];
        const BRANCHES: [&str; 12] = [
            "Tý", "Sửu", "Dần", "Mão", "Thìn", "Tỵ", "Ngọ", "Mùi", "Thân", "Dậu", "Tuất", "Hợi",
        ];
        let stem = STEMS[(self.year + 6).rem_euclid(10) as usize];
        let branch = BRANCHES[(self.year + 8).rem_euclid(12) as usize];
        format!("{stem} {branch}")
    }
}

/// A civil date with its lunar date, as the command line and the API report it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct LunarDay {
    /// The civil (solar) date.
    pub date: NaiveDate,
    /// Its lunar date.
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub lunar: LunarDate,
    /// The name of the lunar year, e.g. "Bính Ngọ".
    pub year_name: String,
}

/// The lunar date of `date`, with the name of its lunar year.
pub fn lunar_day(date: NaiveDate) -> Result<LunarDay, LunarError> {
    let lunar = to_lunar(date)?;
    Ok(LunarDay {
        date,
        year_name: lunar.year_name(),
        lunar,
    })
}

/// Why a conversion has no answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LunarError {
    /// The date lies outside 1900–2199.
    #[error("{0} is outside the supported years {FIRST_YEAR}–{LAST_YEAR}")]
    OutOfRange(String),
    /// The lunar year has no such month, or the month is shorter.
    #[error("there is no lunar date {day}/{month}{leap} in lunar year {year}", leap = if *leap { " (leap)" } else { "" })]
    NoSuchDate {
        /// The day asked for.
        day: u8,
        /// The month asked for.
        month: u8,
        /// The lunar year asked for.
        year: i32,
        /// Whether a leap month was asked for.
        leap: bool,
    },
}

fn julian_day_number(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce()) + JDN_OF_CE_DAY_ZERO
}

fn date_of(julian_day_number: i64) -> NaiveDate {
    let days = i32::try_from(julian_day_number - JDN_OF_CE_DAY_ZERO).unwrap_or(i32::MAX);
    NaiveDate::from_num_days_from_ce_opt(days).unwrap_or(NaiveDate::MAX)
}

/// The civil day (Julian day number, UTC+7) that contains new moon `k`.
fn new_moon_day(k: i64) -> i64 {
    (astro::new_moon(k) + 0.5 + UTC_OFFSET_DAYS).floor() as i64
}

/// Which 30° sector the Sun is in at the midnight (UTC+7) that starts `day`.
/// Two months that start in the same sector enclose no principal term.
fn solar_sector_at_start_of(day: i64) -> i64 {
    let midnight = day as f64 - 0.5 - UTC_OFFSET_DAYS;
    (astro::apparent_solar_longitude(midnight) / (PI / 6.0)).floor() as i64
}

/// The lunation whose new-moon day is the last one on or before `day`.
fn lunation_on_or_before(day: i64) -> i64 {
    let mut k = ((day as f64 - LUNATION_ZERO) / SYNODIC_MONTH).floor() as i64;
    while new_moon_day(k + 1) <= day {
        k += 1;
    }
    while new_moon_day(k) > day {
        k -= 1;
    }
    k
}

/// The lunation that starts month 11 of solar year `year`: the month holding
/// the December solstice.
fn month_eleven(year: i32) -> i64 {
    let december_31 =
        julian_day_number(NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX));
    let k = lunation_on_or_before(december_31);
    // In late December the Sun is in sector 8 (240°–270°) or 9 (270°–300°); if
    // it already passed 270° when this month began, the solstice belongs to
    // the month before.
    if solar_sector_at_start_of(new_moon_day(k)) >= 9 {
        k - 1
    } else {
        k
    }
}

/// The months from month 11 of solar year `year − 1` up to, not including,
/// month 11 of `year`: the last two months of lunar year `year − 1` and the
/// first ten (with any leap month) of lunar year `year`.
struct SolsticeYear {
    year: i32,
    /// Julian day numbers of each month's first day, plus the next month 11.
    starts: Vec<i64>,
    /// Index into `starts` of the leap month, if any.
    leap: Option<usize>,
}

impl SolsticeYear {
    fn new(year: i32) -> Self {
        let first = month_eleven(year - 1);
        let next = month_eleven(year);
        let starts: Vec<i64> = (first..=next).map(new_moon_day).collect();
        let leap = if next - first == 13 {
            // `starts` has 14 entries; the first month (after month 11) whose
            // start and end fall in one solar sector holds no principal term.
            let sectors: Vec<i64> = starts
                .iter()
                .map(|&d| solar_sector_at_start_of(d))
                .collect();
            (1..13).find(|&i| sectors[i] == sectors[i + 1])
        } else {
            None
        };
        SolsticeYear { year, starts, leap }
    }

    fn months(&self) -> usize {
        self.starts.len() - 1
    }

    /// Month number, leap flag and lunar year of the month at `index`.
    fn label(&self, index: usize) -> (u8, bool, i32) {
        let after_leap = self.leap.is_some_and(|l| index >= l);
        let ordinal = if after_leap { index - 1 } else { index };
        let month = ((10 + ordinal) % 12 + 1) as u8;
        let leap = self.leap == Some(index);
        // Months 11 and 12 (and a leap 11 or 12) open the span and belong to
        // the lunar year that ends with it.
        let year = if month >= 11 && index <= 3 {
            self.year - 1
        } else {
            self.year
        };
        (month, leap, year)
    }
}

fn check_range(date: NaiveDate) -> Result<(), LunarError> {
    if (FIRST_YEAR..=LAST_YEAR).contains(&date.year()) {
        Ok(())
    } else {
        Err(LunarError::OutOfRange(date.to_string()))
    }
}

/// The lunar date of a civil date (1900-01-01 to 2199-12-31).
pub fn to_lunar(date: NaiveDate) -> Result<LunarDate, LunarError> {
    check_range(date)?;
    let day = julian_day_number(date);
    let year = date.year();
    let span = if day >= new_moon_day(month_eleven(year)) {
        SolsticeYear::new(year + 1)
    } else {
        SolsticeYear::new(year)
    };
    let index = (0..span.months())
        .rfind(|&i| span.starts[i] <= day)
        .unwrap_or(0);
    let (month, leap, lunar_year) = span.label(index);
    Ok(LunarDate {
        day: (day - span.starts[index] + 1) as u8,
        month,
        year: lunar_year,
        leap,
    })
}

/// The civil date of a lunar date.
pub fn from_lunar(lunar: LunarDate) -> Result<NaiveDate, LunarError> {
    let no_such_date = LunarError::NoSuchDate {
        day: lunar.day,
        month: lunar.month,
        year: lunar.year,
        leap: lunar.leap,
    };
    if !(1..=12).contains(&lunar.month) || !(1..=30).contains(&lunar.day) {
        return Err(no_such_date);
    }
    // Months 11 and 12 of lunar year Y open the solstice year Y + 1.
    let span_year = if lunar.month >= 11 {
        lunar.year + 1
    } else {
        lunar.year
    };
    if !(FIRST_YEAR..=LAST_YEAR + 1).contains(&span_year) {
        return Err(LunarError::OutOfRange(format!("lunar year {}", lunar.year)));
    }
    let span = SolsticeYear::new(span_year);
    let index = (0..span.months())
        .find(|&i| span.label(i) == (lunar.month, lunar.leap, lunar.year))
        .ok_or(no_such_date.clone())?;
    let length = span.starts[index + 1] - span.starts[index];
    if i64::from(lunar.day) > length {
        return Err(no_such_date);
    }
    let date = date_of(span.starts[index] + i64::from(lunar.day) - 1);
    check_range(date)?;
    Ok(date)
}

/// Tết Nguyên đán: the first day of the first month of lunar year `year`.
pub fn tet(year: i32) -> Result<NaiveDate, LunarError> {
    from_lunar(LunarDate {
        day: 1,
        month: 1,
        year,
        leap: false,
    })
}

/// Giỗ Tổ Hùng Vương: the tenth day of the (ordinary) third lunar month.
pub fn hung_kings_day(year: i32) -> Result<NaiveDate, LunarError> {
    from_lunar(LunarDate {
        day: 10,
        month: 3,
        year,
        leap: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn tet_falls_where_the_vietnamese_calendar_puts_it() {
        assert_eq!(tet(2026), Ok(date(2026, 2, 17)));
        assert_eq!(tet(2025), Ok(date(2025, 1, 29)));
        // The years where Vietnam and China disagree.
        assert_eq!(tet(1985), Ok(date(1985, 1, 21)));
        assert_eq!(tet(2007), Ok(date(2007, 2, 17)));
        assert_eq!(tet(2030), Ok(date(2030, 2, 2)));
        // North Vietnam moved to UTC+7 for Tết Mậu Thân.
        assert_eq!(tet(1968), Ok(date(1968, 1, 29)));
    }

    #[test]
    fn a_date_round_trips() {
        let lunar = to_lunar(date(2026, 2, 17)).unwrap();
        assert_eq!(
            lunar,
            LunarDate {
                day: 1,
                month: 1,
                year: 2026,
                leap: false
            }
        );
        assert_eq!(lunar.year_name(), "Bính Ngọ");
        assert_eq!(from_lunar(lunar), Ok(date(2026, 2, 17)));
    }

    #[test]
    fn leap_months_are_marked() {
        // 2025 (Ất Tỵ) has a leap sixth month from 25 July to 22 August.
        let lunar = to_lunar(date(2025, 7, 25)).unwrap();
        assert_eq!(
            lunar,
            LunarDate {
                day: 1,
                month: 6,
                year: 2025,
                leap: true
            }
        );
        // 2033 has the rare leap eleventh month.
        let lunar = to_lunar(date(2033, 12, 22)).unwrap();
        assert_eq!((lunar.month, lunar.leap, lunar.year), (11, true, 2033));
    }

    #[test]
    fn impossible_dates_are_refused() {
        let leap_in_2026 = LunarDate {
            day: 1,
            month: 4,
            year: 2026,
            leap: true,
        };
        assert!(matches!(
            from_lunar(leap_in_2026),
            Err(LunarError::NoSuchDate { .. })
        ));
        let thirty_first = LunarDate {
            day: 31,
            month: 1,
            year: 2026,
            leap: false,
        };
        assert!(matches!(
            from_lunar(thirty_first),
            Err(LunarError::NoSuchDate { .. })
        ));
        assert!(matches!(
            to_lunar(date(1899, 12, 31)),
            Err(LunarError::OutOfRange(_))
        ));
        assert!(matches!(
            to_lunar(date(2200, 1, 1)),
            Err(LunarError::OutOfRange(_))
        ));
    }
}
