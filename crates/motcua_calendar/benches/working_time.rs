//! The cost of the working-time operations the SLA clock calls on every
//! intake, hand-over and sweep. Target: a median under 1 µs a call.

use chrono::{DateTime, TimeDelta, Utc};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use motcua_calendar::{OfficeHours, Pause, WorkingDuration, bundled};
use std::hint::black_box;

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.to_utc())
        .unwrap_or_default()
}

fn working_time(c: &mut Criterion) {
    let calendar = match bundled::vietnam(OfficeHours::default()) {
        Ok(calendar) => calendar,
        Err(error) => panic!("the shipped calendar must build: {error}"),
    };
    // Friday before Tết 2026, late afternoon: the worst case for day skipping.
    let start = at("2026-02-13T16:30:00+07:00");

    let mut group = c.benchmark_group("add_working_days");
    for days in [1u32, 5, 15, 30, 60] {
        group.bench_with_input(BenchmarkId::from_parameter(days), &days, |b, &days| {
            b.iter(|| calendar.add_working_days(black_box(start), black_box(days)))
        });
    }
    group.finish();

    c.bench_function("add_working_time/7h30m", |b| {
        b.iter(|| {
            calendar.add_working_time(black_box(start), black_box(WorkingDuration::minutes(450)))
        })
    });

    let a_year_later = start + TimeDelta::days(365);
    c.bench_function("working_time_between/one_year", |b| {
        b.iter(|| calendar.working_time_between(black_box(start), black_box(a_year_later)))
    });

    let pauses = [
        Pause::new(
            at("2026-03-02T09:00:00+07:00"),
            at("2026-03-10T14:00:00+07:00"),
        ),
        Pause::new(
            at("2026-05-04T08:00:00+07:00"),
            at("2026-05-06T16:00:00+07:00"),
        ),
    ]
    .map(|p| p.unwrap_or_else(|e| panic!("{e}")));
    c.bench_function("due_instant/60_days_two_pauses", |b| {
        let budget = WorkingDuration::micros(calendar.working_day().as_micros() * 60);
        b.iter(|| calendar.due_instant(black_box(start), black_box(budget), black_box(&pauses)))
    });

    c.bench_function("build/1900_2199_with_official_years", |b| {
        b.iter(|| bundled::vietnam(OfficeHours::default()).map(|c| c.range()))
    });
}

criterion_group!(benches, working_time);
criterion_main!(benches);
