//! Invariants of working-time arithmetic, over random instants, durations and
//! pauses on the shipped calendar (2024–2026 official, statutory around them).

#![expect(
    clippy::unwrap_used,
    reason = "test helpers fail loudly; that is their job"
)]

use chrono::{DateTime, Datelike, TimeDelta, Utc};
use motcua_calendar::{
    OfficeHours, Pause, VIETNAM_OFFSET, WorkingCalendar, WorkingDuration, bundled,
};
use proptest::prelude::*;
use std::sync::OnceLock;

fn calendar() -> &'static WorkingCalendar {
    static CALENDAR: OnceLock<WorkingCalendar> = OnceLock::new();
    CALENDAR.get_or_init(|| {
        bundled::builder()
            .unwrap()
            .office_hours(OfficeHours::default())
            .years(2023, 2032)
            .build()
            .unwrap()
    })
}

/// Any instant from 2024 to 2029, to the second.
fn instant() -> impl Strategy<Value = DateTime<Utc>> {
    let from = DateTime::parse_from_rfc3339("2024-01-01T00:00:00+07:00")
        .unwrap()
        .to_utc();
    (0i64..6 * 365 * 86_400).prop_map(move |s| from + TimeDelta::seconds(s))
}

/// Up to 80 working days of office time, to the second.
fn duration() -> impl Strategy<Value = WorkingDuration> {
    (0i64..80 * 8 * 3_600).prop_map(|s| WorkingDuration::micros(s * 1_000_000))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn every_result_is_a_working_instant(t in instant(), n in 0u32..=60, d in duration()) {
        let c = calendar();
        prop_assert!(c.is_working_instant(c.next_working_instant(t)?)?);
        prop_assert!(c.is_working_instant(c.add_working_days(t, n)?)?);
        prop_assert!(c.is_working_instant(c.add_working_time(t, d)?)?);
    }

    #[test]
    fn adding_is_monotone(t in instant(), u in instant(), n in 0u32..=60, m in 0u32..=60) {
        let c = calendar();
        let (lo, hi) = (n.min(m), n.max(m));
        prop_assert!(c.add_working_days(t, lo)? <= c.add_working_days(t, hi)?);
        let (early, late) = (t.min(u), t.max(u));
        prop_assert!(c.add_working_days(early, n)? <= c.add_working_days(late, n)?);
    }

    #[test]
    fn adding_a_then_b_is_adding_a_plus_b(t in instant(), a in 0u32..=40, b in 0u32..=40, x in duration(), y in duration()) {
        let c = calendar();
        prop_assert_eq!(c.add_working_days(c.add_working_days(t, a)?, b)?, c.add_working_days(t, a + b)?);
        prop_assert_eq!(c.add_working_time(c.add_working_time(t, x)?, y)?, c.add_working_time(t, x + y)?);
    }

    #[test]
    fn the_working_time_between_t_and_t_plus_d_is_d(t in instant(), d in duration()) {
        let c = calendar();
        prop_assert_eq!(c.working_time_between(t, c.add_working_time(t, d)?)?, d);
    }

    #[test]
    fn n_working_days_keep_the_time_of_day(t in instant(), n in 0u32..=60) {
        let c = calendar();
        let start = c.next_working_instant(t)?.with_timezone(&VIETNAM_OFFSET);
        let due = c.add_working_days(t, n)?.with_timezone(&VIETNAM_OFFSET);
        prop_assert_eq!(start.time(), due.time());
        let working_days_between = start
            .date_naive()
            .iter_days()
            .take_while(|d| *d < due.date_naive())
            .filter(|d| c.is_working_day(*d).unwrap_or(false))
            .count();
        prop_assert_eq!(working_days_between, n as usize);
        prop_assert!(due.weekday().num_days_from_monday() < 5 || c.is_working_day(due.date_naive())?);
    }

    #[test]
    fn a_pause_moves_the_due_instant_by_exactly_its_working_length(
        t in instant(),
        d in duration(),
        into in 0.0f64..1.0,
        length in 0i64..30 * 86_400,
    ) {
        let c = calendar();
        let due = c.due_instant(t, d, &[])?;
        // A pause that starts while the clock runs: between t and the due instant.
        let window = (due - t).num_seconds().max(0);
        let pause_start = t + TimeDelta::seconds((window as f64 * into) as i64);
        let pause = Pause::new(pause_start, pause_start + TimeDelta::seconds(length))?;
        let paused = c.working_time_between(pause.start(), pause.end())?;
        let expected = if c.working_time_between(t, pause_start)? < d {
            c.add_working_time(due, paused)?
        } else {
            // The budget ran out before the pause began (the start was
            // outside office hours, or the pause starts after hours on the
            // due day).
            due
        };
        prop_assert_eq!(c.due_instant(t, d, &[pause])?, expected);
        // And the working time with the pause left out is the budget again.
        prop_assert_eq!(c.working_time_excluding(t, c.due_instant(t, d, &[pause])?, &[pause])?, d);
    }
}
