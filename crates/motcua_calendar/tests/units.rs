//! Due dates in each unit a procedure's processing time is written in, on the
//! shipped 2025–2026 schedules (Tết Bính Ngọ, the New Year swap and the worked
//! Saturday), with what each explanation says it skipped.

#![expect(
    clippy::unwrap_used,
    reason = "test helpers fail loudly; that is their job"
)]

use chrono::{DateTime, NaiveDate, Utc};
use motcua_calendar::{
    OfficeHours, ProcessingTime, VIETNAM_OFFSET, WITHIN_THE_DAY_CUTOFF, WorkingCalendar, bundled,
};
use std::sync::OnceLock;

fn calendar() -> &'static WorkingCalendar {
    static CALENDAR: OnceLock<WorkingCalendar> = OnceLock::new();
    CALENDAR.get_or_init(|| bundled::vietnam(OfficeHours::default()).unwrap())
}

/// A local (Vietnam) instant, "2026-03-02 09:00".
fn at(text: &str) -> DateTime<Utc> {
    chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M")
        .unwrap()
        .and_local_timezone(VIETNAM_OFFSET)
        .unwrap()
        .with_timezone(&Utc)
}

fn due(start: &str, time: ProcessingTime) -> DateTime<Utc> {
    calendar().due(at(start), time).unwrap()
}

const WITHIN_THE_DAY: ProcessingTime = ProcessingTime::WithinTheDay {
    cutoff: WITHIN_THE_DAY_CUTOFF,
};

#[test]
fn within_the_day_means_before_three_oclock_today_and_after_it_the_next_working_day() {
    // Monday 2 March 2026, office until 17:00.
    assert_eq!(
        due("2026-03-02 14:59", WITHIN_THE_DAY),
        at("2026-03-02 17:00")
    );
    assert_eq!(
        due("2026-03-02 07:00", WITHIN_THE_DAY),
        at("2026-03-02 17:00")
    );
    assert_eq!(
        due("2026-03-02 15:00", WITHIN_THE_DAY),
        at("2026-03-03 17:00")
    );
    assert_eq!(
        due("2026-03-02 18:30", WITHIN_THE_DAY),
        at("2026-03-03 17:00")
    );
    // Saturday: done on Monday.
    assert_eq!(
        due("2026-03-07 10:00", WITHIN_THE_DAY),
        at("2026-03-09 17:00")
    );
    // Friday 13 February after 15:00: the next working day is after Tết.
    let explained = calendar()
        .explain_due(at("2026-02-13 15:30"), WITHIN_THE_DAY, &[])
        .unwrap();
    assert_eq!(explained.due, at("2026-02-23 17:00"));
    let skipped: Vec<String> = explained
        .skipped
        .iter()
        .map(|d| d.date.to_string())
        .collect();
    assert_eq!(
        skipped,
        [
            "2026-02-14",
            "2026-02-15",
            "2026-02-16",
            "2026-02-17",
            "2026-02-18",
            "2026-02-19",
            "2026-02-20",
            "2026-02-21",
            "2026-02-22"
        ]
    );
    let tet = &explained.skipped[3];
    assert_eq!(tet.reason, "Tết Nguyên đán (mùng 1 tháng Giêng Bính Ngọ)");
    assert_eq!(tet.document.as_deref(), Some("9859/VPCP-KGVX"));
    assert!(explained.rule.contains("15 giờ"), "{}", explained.rule);
}

#[test]
fn calendar_days_do_not_count_the_day_of_reception_and_a_last_day_off_gives_way() {
    // 15 days from Monday 2 March: Tuesday 17 March, at closing.
    assert_eq!(
        due("2026-03-02 10:00", ProcessingTime::CalendarDays(15)),
        at("2026-03-17 17:00")
    );
    // 15 days from Monday 2 February end on Tuesday 17 February, mùng 1 Tết:
    // the period ends when the office closes on Monday 23 February.
    let explained = calendar()
        .explain_due(
            at("2026-02-02 10:00"),
            ProcessingTime::CalendarDays(15),
            &[],
        )
        .unwrap();
    assert_eq!(explained.due, at("2026-02-23 17:00"));
    assert_eq!(
        explained.ended_on_day_off,
        Some(NaiveDate::from_ymd_opt(2026, 2, 17).unwrap())
    );
    assert!(
        explained.rule.contains("Bộ luật Dân sự"),
        "{}",
        explained.rule
    );
}

#[test]
fn months_end_on_the_same_day_or_the_months_last_and_move_past_days_off() {
    // One month from 31 January: 28 February, a Saturday, so Monday 2 March.
    let explained = calendar()
        .explain_due(at("2026-01-31 09:00"), ProcessingTime::Months(1), &[])
        .unwrap();
    assert_eq!(explained.due, at("2026-03-02 17:00"));
    assert_eq!(
        explained.ended_on_day_off,
        Some(NaiveDate::from_ymd_opt(2026, 2, 28).unwrap())
    );
    assert_eq!(
        due("2026-03-16 09:00", ProcessingTime::Months(2)),
        at("2026-05-18 17:00"),
        "16 May 2026 is a Saturday"
    );
}

#[test]
fn working_days_skip_the_new_year_swap_and_count_the_worked_saturday() {
    // Wednesday 31 December 2025 + 3 working days: 1/1 holiday, 2/1 swapped,
    // 3–4/1 weekend; Monday 5, Tuesday 6, Wednesday 7.
    let explained = calendar()
        .explain_due(at("2025-12-31 09:00"), ProcessingTime::WorkingDays(3), &[])
        .unwrap();
    assert_eq!(explained.due, at("2026-01-07 09:00"));
    let swapped = explained
        .skipped
        .iter()
        .find(|d| d.date == NaiveDate::from_ymd_opt(2026, 1, 2).unwrap())
        .unwrap();
    assert_eq!(swapped.document.as_deref(), Some("12729/VPCP-KGVX"));
    // Thursday 8 January + 2: Friday 9, and Saturday 10, worked in exchange.
    assert_eq!(
        due("2026-01-08 09:00", ProcessingTime::WorkingDays(2)),
        at("2026-01-10 09:00")
    );
    // Working hours stay in office time: 10:00 + 4 h = 15:30 (lunch 11:30–13:00).
    assert_eq!(
        due("2026-03-02 10:00", ProcessingTime::WorkingHours(4)),
        at("2026-03-02 15:30")
    );
}
