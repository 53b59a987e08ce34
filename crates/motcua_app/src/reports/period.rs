//! The period a report covers: a month, a quarter, a year, or any days.

use chrono::{DateTime, Datelike, Months, NaiveDate, NaiveTime, Utc};
use motcua_calendar::VIETNAM_OFFSET;

use crate::error::{AppError, AppResult};

/// The longest period one report covers (five years).
const MOST_MONTHS: u32 = 60;

/// The longest a period may be.
#[derive(Debug, Clone, Copy)]
enum Longest {
    Months(u32),
    Days(i64),
}

impl std::fmt::Display for Longest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Longest::Months(m) => write!(f, "{} years", m / 12),
            Longest::Days(d) => write!(f, "{d} days"),
        }
    }
}

/// A period of whole days in Vietnam, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportPeriod {
    from: NaiveDate,
    to: NaiveDate,
}

impl ReportPeriod {
    /// `period` (`2026`, `2026-Q1`, `2026-03`) or `from` and `to` (both
    /// included), not both; at most five years, days of the years 1900 to
    /// 9999.
    pub fn parse(
        period: Option<&str>,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> AppResult<ReportPeriod> {
        let (from, to) = match (period, from, to) {
            (Some(text), None, None) => named(text).ok_or_else(|| {
                AppError::invalid(
                    "period",
                    "malformed",
                    "a year (2026), a quarter (2026-Q1) or a month (2026-03)",
                )
            })?,
            (None, Some(from), Some(to)) => (from, to),
            (Some(_), _, _) => {
                return Err(AppError::invalid(
                    "period",
                    "conflict",
                    "give either period, or from and to",
                ));
            }
            (None, None, _) => {
                return Err(AppError::invalid(
                    "from",
                    "required",
                    "give period, or from and to",
                ));
            }
            (None, Some(_), None) => {
                return Err(AppError::invalid("to", "required", "give to with from"));
            }
        };
        ReportPeriod::new(from, to)
    }

    /// From `from` to `to`, both included; at most five years.
    pub fn new(from: NaiveDate, to: NaiveDate) -> AppResult<ReportPeriod> {
        ReportPeriod::within(from, to, Longest::Months(MOST_MONTHS))
    }

    /// A period of a streamed export, which costs one page of memory
    /// whatever its length: at most ten years (a decade's register).
    pub fn for_export(from: NaiveDate, to: NaiveDate) -> AppResult<ReportPeriod> {
        ReportPeriod::within(from, to, Longest::Months(2 * MOST_MONTHS))
    }

    /// A period of the printed register: at most 366 days, a year's book.
    pub fn for_register(from: NaiveDate, to: NaiveDate) -> AppResult<ReportPeriod> {
        ReportPeriod::within(from, to, Longest::Days(366))
    }

    fn within(from: NaiveDate, to: NaiveDate, longest: Longest) -> AppResult<ReportPeriod> {
        for (field, day) in [("from", from), ("to", to)] {
            if !(1900..=9999).contains(&day.year()) {
                return Err(AppError::invalid(
                    field,
                    "out_of_range",
                    "a day of the years 1900 to 9999",
                ));
            }
        }
        if to < from {
            return Err(AppError::invalid(
                "to",
                "before_from",
                "the period ends before it starts",
            ));
        }
        let too_long = match longest {
            Longest::Months(months) => from
                .checked_add_months(Months::new(months))
                .is_some_and(|limit| to >= limit),
            Longest::Days(days) => (to - from).num_days() >= days,
        };
        if too_long {
            return Err(AppError::invalid(
                "to",
                "out_of_range",
                format!("a period of at most {longest}"),
            ));
        }
        Ok(ReportPeriod { from, to })
    }

    /// The first day.
    pub fn from(self) -> NaiveDate {
        self.from
    }

    /// The last day.
    pub fn to(self) -> NaiveDate {
        self.to
    }

    /// `[start of from, start of the day after to)` as UTC instants.
    pub(crate) fn instants(self) -> (DateTime<Utc>, DateTime<Utc>) {
        let from = start_of(self.from).unwrap_or(DateTime::<Utc>::MIN_UTC);
        let to = self
            .to
            .succ_opt()
            .and_then(start_of)
            .unwrap_or(DateTime::<Utc>::MAX_UTC);
        (from, to)
    }
}

/// The instant a day starts in Vietnam; `None` only for a day chrono
/// cannot place (none of the years a report takes).
pub fn start_of(day: NaiveDate) -> Option<DateTime<Utc>> {
    day.and_time(NaiveTime::MIN)
        .and_local_timezone(VIETNAM_OFFSET)
        .single()
        .map(|t| t.with_timezone(&Utc))
}

/// The days of a named period.
fn named(text: &str) -> Option<(NaiveDate, NaiveDate)> {
    let months = |year: i32, first: u32, count: u32| {
        let from = NaiveDate::from_ymd_opt(year, first, 1)?;
        let to = from.checked_add_months(Months::new(count))?.pred_opt()?;
        Some((from, to))
    };
    let digits = |s: &str, len: usize| s.len() == len && s.bytes().all(|b| b.is_ascii_digit());
    match text.split_once('-') {
        None if digits(text, 4) => months(text.parse().ok()?, 1, 12),
        Some((year, rest)) if digits(year, 4) => {
            let year: i32 = year.parse().ok()?;
            if let Some(q) = rest.strip_prefix('Q') {
                let q: u32 = digits(q, 1).then(|| q.parse().ok())??;
                (1..=4).contains(&q).then(|| months(year, 3 * q - 2, 3))?
            } else if digits(rest, 2) {
                let month: u32 = rest.parse().ok()?;
                (1..=12).contains(&month).then(|| months(year, month, 1))?
            } else {
                None
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn parsed(text: &str) -> Option<(NaiveDate, NaiveDate)> {
        ReportPeriod::parse(Some(text), None, None)
            .ok()
            .map(|p| (p.from(), p.to()))
    }

    #[test]
    fn a_year_a_quarter_or_a_month() {
        assert_eq!(parsed("2026"), Some((day("2026-01-01"), day("2026-12-31"))));
        assert_eq!(
            parsed("2026-Q1"),
            Some((day("2026-01-01"), day("2026-03-31")))
        );
        assert_eq!(
            parsed("2026-Q4"),
            Some((day("2026-10-01"), day("2026-12-31")))
        );
        assert_eq!(
            parsed("2028-02"),
            Some((day("2028-02-01"), day("2028-02-29")))
        );
        for bad in [
            "2026-Q5", "2026-Q0", "2026-13", "2026-1", "26", "2026-", "x", "2026-Q11",
        ] {
            assert_eq!(parsed(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_period_is_whole_vietnamese_days() {
        let p = ReportPeriod::new(day("2026-03-01"), day("2026-03-31")).unwrap();
        let (from, to) = p.instants();
        assert_eq!(from.to_rfc3339(), "2026-02-28T17:00:00+00:00");
        assert_eq!(to.to_rfc3339(), "2026-03-31T17:00:00+00:00");
        assert!(ReportPeriod::new(day("2026-03-01"), day("2026-03-01")).is_ok());
    }

    #[test]
    fn a_printed_register_covers_at_most_a_year() {
        let p = ReportPeriod::for_register;
        assert!(p(day("2026-03-02"), day("2026-03-01")).is_err());
        assert!(p(day("2026-01-01"), day("2026-12-31")).is_ok());
        assert!(p(day("2026-01-01"), day("2027-01-01")).is_ok());
        assert!(p(day("2026-01-01"), day("2027-01-02")).is_err());
        assert!(p(day("1899-12-31"), day("1900-01-01")).is_err());
        assert!(p(day("9999-12-31"), day("9999-12-31")).is_ok());
        assert!(p(day("-0001-01-01"), day("-0001-01-02")).is_err());
        let export = ReportPeriod::for_export;
        assert!(export(day("2016-04-01"), day("2026-03-31")).is_ok());
        assert!(export(day("2016-03-31"), day("2026-03-31")).is_err());
    }

    #[test]
    fn at_most_five_years_forwards() {
        let p = |a: &str, b: &str| ReportPeriod::parse(None, Some(day(a)), Some(day(b)));
        assert!(p("2021-01-01", "2025-12-31").is_ok());
        assert!(p("2021-01-01", "2026-01-01").is_err());
        assert!(p("2026-03-02", "2026-03-01").is_err());
        assert!(ReportPeriod::parse(Some("2026"), Some(day("2026-01-01")), None).is_err());
        assert!(ReportPeriod::parse(None, Some(day("2026-01-01")), None).is_err());
        assert!(ReportPeriod::parse(None, None, None).is_err());
    }
}
