//! The lunar calendar against the independently produced tables of
//! `fixtures/` (see its README): every month of 1900–2199, every Tết and every
//! Hùng Kings' day.

#![expect(
    clippy::unwrap_used,
    reason = "test helpers fail loudly; that is their job"
)]

use chrono::NaiveDate;
use motcua_calendar::lunar::{self, LunarDate};

fn rows(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines().skip(1).map(|line| line.split(',').collect())
}

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

#[test]
fn every_lunar_month_from_1900_to_2199_starts_on_the_tables_day() {
    let table: Vec<(NaiveDate, LunarDate)> =
        rows(include_str!("fixtures/lunar_months_1900_2199.csv"))
            .map(|r| {
                let first = LunarDate {
                    day: 1,
                    month: r[2].parse().unwrap(),
                    year: r[1].parse().unwrap(),
                    leap: r[3] == "1",
                };
                (date(r[0]), first)
            })
            .collect();
    assert_eq!(table.len(), 3711);

    let mut mismatches = Vec::new();
    for (i, &(start, first)) in table.iter().enumerate() {
        // The first day of the month, both ways.
        if start.format("%Y").to_string() != "1899" && lunar::to_lunar(start) != Ok(first) {
            mismatches.push(format!(
                "{start}: crate {:?}, table {first:?}",
                lunar::to_lunar(start)
            ));
        }
        if start.format("%Y").to_string() != "1899" && lunar::from_lunar(first) != Ok(start) {
            mismatches.push(format!(
                "{first:?}: crate {:?}, table {start}",
                lunar::from_lunar(first)
            ));
        }
        // Its last day: the day before the next month starts.
        if let Some(&(next, _)) = table.get(i + 1) {
            let last = next.pred_opt().unwrap();
            let length = (next - start).num_days() as u8;
            let expected = LunarDate {
                day: length,
                ..first
            };
            if lunar::to_lunar(last) != Ok(expected) {
                mismatches.push(format!(
                    "{last}: crate {:?}, table {expected:?}",
                    lunar::to_lunar(last)
                ));
            }
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} mismatches:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

#[test]
fn tet_and_hung_kings_day_match_the_table_for_every_year() {
    let mut checked = 0;
    for r in rows(include_str!("fixtures/tet_hung_kings_1900_2199.csv")) {
        let year: i32 = r[0].parse().unwrap();
        assert_eq!(lunar::tet(year), Ok(date(r[1])), "Tết {year}");
        assert_eq!(
            lunar::hung_kings_day(year),
            Ok(date(r[2])),
            "Hùng Kings' day {year}"
        );
        checked += 1;
    }
    assert_eq!(checked, 300);
}
