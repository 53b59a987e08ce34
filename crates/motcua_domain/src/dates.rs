//! Dates and instants taken from outside: within the calendar's years.
//!
//! Every date Motcua reasons about lies in the years the working calendar
//! covers (1900–2199, as far as the lunar calendar is computed). A date
//! outside them can only be a mistake or a probe, and some would not even
//! fit the database's date type: they are refused where they are read.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use motcua_calendar::lunar::{FIRST_YEAR, LAST_YEAR};

use crate::Violation;

fn out_of_range(field: &str) -> Violation {
    Violation::new(
        field,
        "out_of_range",
        format!("must lie between the years {FIRST_YEAR} and {LAST_YEAR}"),
    )
}

/// A date within the calendar's years.
pub fn calendar_date(field: &str, date: NaiveDate) -> Result<NaiveDate, Violation> {
    if (FIRST_YEAR..=LAST_YEAR).contains(&date.year()) {
        Ok(date)
    } else {
        Err(out_of_range(field))
    }
}

/// A date as Vietnamese forms write it, day first: `17/05/1990` (or
/// `17-05-1990`, `17.05.1990`), within the calendar's years.
pub fn day_month_year(field: &str, text: &str) -> Result<NaiveDate, Violation> {
    let text = text.trim().replace(['-', '.'], "/");
    let date = NaiveDate::parse_from_str(&text, "%d/%m/%Y")
        .map_err(|_| Violation::new(field, "invalid_date", "expected day/month/year"))?;
    calendar_date(field, date)
}

/// `17/05/1990`: a date as Vietnamese forms write it.
pub fn write_day_month_year(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// An instant within the calendar's years (in Vietnam, where it falls on
/// the calendar).
pub fn calendar_instant(field: &str, instant: DateTime<Utc>) -> Result<DateTime<Utc>, Violation> {
    let local = instant.with_timezone(&motcua_calendar::VIETNAM_OFFSET);
    calendar_date(field, local.date_naive()).map(|_| instant)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_read_day_first_as_people_write_them() {
        let may = NaiveDate::from_ymd_opt(1990, 5, 17).unwrap();
        for text in ["17/05/1990", " 17/5/1990 ", "17-05-1990", "17.05.1990"] {
            assert_eq!(day_month_year("d", text).unwrap(), may, "{text}");
        }
        assert_eq!(write_day_month_year(may), "17/05/1990");
        for text in ["1990-05-17", "31/02/1990", "17/05", "", "17/05/1800"] {
            assert!(day_month_year("d", text).is_err(), "{text}");
        }
    }

    #[test]
    fn dates_outside_the_calendar_are_refused() {
        let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert!(calendar_date("on", date(1900, 1, 1)).is_ok());
        assert!(calendar_date("on", date(2199, 12, 31)).is_ok());
        assert_eq!(
            calendar_date("on", date(-5000, 1, 1)).unwrap_err().code,
            "out_of_range"
        );
        assert!(calendar_date("on", date(2200, 1, 1)).is_err());
        // 31 December 2199, 20:00 UTC is already 2200 in Vietnam.
        let late = date(2199, 12, 31).and_hms_opt(20, 0, 0).unwrap().and_utc();
        assert!(calendar_instant("from", late).is_err());
    }
}
