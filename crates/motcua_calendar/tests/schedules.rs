//! The schedules shipped in `calendars/vn/` against the Government's
//! announcements for 2024, 2025 and 2026.

#![expect(
    clippy::unwrap_used,
    reason = "test helpers fail loudly; that is their job"
)]

use chrono::NaiveDate;
use motcua_calendar::{DayKind, OfficeHours, ScheduleSource, WorkingCalendar, bundled};
use std::sync::OnceLock;

fn calendar() -> &'static WorkingCalendar {
    static CALENDAR: OnceLock<WorkingCalendar> = OnceLock::new();
    CALENDAR.get_or_init(|| bundled::vietnam(OfficeHours::default()).unwrap())
}

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// (weekdays off, weekend days worked) of a year, as ISO dates.
fn exceptions(year: i32) -> (Vec<String>, Vec<String>) {
    let report = calendar().year_report(year).unwrap();
    let off = report
        .days
        .iter()
        .filter(|d| !d.working)
        .map(|d| d.date.to_string())
        .collect();
    let worked = report
        .days
        .iter()
        .filter(|d| d.working)
        .map(|d| d.date.to_string())
        .collect();
    (off, worked)
}

#[test]
fn every_file_in_the_folder_is_compiled_in() {
    let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/../../calendars/vn");
    let mut on_disk: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.ends_with(".toml"))
        .collect();
    on_disk.sort();
    let shipped: Vec<String> = bundled::FILES
        .iter()
        .map(|(year, _)| format!("{year}.toml"))
        .collect();
    assert_eq!(on_disk, shipped);
    for schedule in bundled::official_schedules().unwrap() {
        assert_eq!(schedule.source(), ScheduleSource::Official);
    }
}

#[test]
fn schedule_2024_matches_the_announcements() {
    // Tết 8–14/2 (8662/VPCP-KGVX), 29/4 swapped for Saturday 4/5
    // (2450/VPCP-KGVX), National Day 2–3/9.
    let (off, worked) = exceptions(2024);
    assert_eq!(
        off,
        [
            "2024-01-01",
            "2024-02-08",
            "2024-02-09",
            "2024-02-12",
            "2024-02-13",
            "2024-02-14",
            "2024-04-18",
            "2024-04-29",
            "2024-04-30",
            "2024-05-01",
            "2024-09-02",
            "2024-09-03",
        ]
    );
    assert_eq!(worked, ["2024-05-04"]);
}

#[test]
fn schedule_2025_matches_the_announcements() {
    // Tết 25/1–2/2, 2/5 swapped for Saturday 26/4, National Day 30/8–2/9
    // (8726/VPCP-KGVX); Hùng Kings' day Monday 7/4.
    let (off, worked) = exceptions(2025);
    assert_eq!(
        off,
        [
            "2025-01-01",
            "2025-01-27",
            "2025-01-28",
            "2025-01-29",
            "2025-01-30",
            "2025-01-31",
            "2025-04-07",
            "2025-04-30",
            "2025-05-01",
            "2025-05-02",
            "2025-09-01",
            "2025-09-02",
        ]
    );
    assert_eq!(worked, ["2025-04-26"]);
}

#[test]
fn schedule_2026_matches_the_announcements() {
    // New Year 1–4/1 with 2/1 swapped for Saturday 10/1 (12729/VPCP-KGVX);
    // Tết 14–22/2 and National Day 29/8–2/9 with 31/8 swapped for Saturday
    // 22/8 (9859/VPCP-KGVX); Hùng Kings' day on Sunday 26/4, Monday 27/4 off.
    let (off, worked) = exceptions(2026);
    assert_eq!(
        off,
        [
            "2026-01-01",
            "2026-01-02",
            "2026-02-16",
            "2026-02-17",
            "2026-02-18",
            "2026-02-19",
            "2026-02-20",
            "2026-04-27",
            "2026-04-30",
            "2026-05-01",
            "2026-08-31",
            "2026-09-01",
            "2026-09-02",
        ]
    );
    assert_eq!(worked, ["2026-01-10", "2026-08-22"]);
    let report = calendar().year_report(2026).unwrap();
    assert_eq!(report.source, ScheduleSource::Official);
    let monday = report
        .days
        .iter()
        .find(|d| d.date == date("2026-04-27"))
        .unwrap();
    assert_eq!(monday.kind, DayKind::Compensatory);
    assert!(report.days.iter().all(|d| d.document.is_some()));
}

#[test]
fn vietnamese_culture_day_is_worked_in_2026() {
    // Decided in calendars/vn/2026.toml: Resolution 80-NQ/TW announced the
    // policy, but the Labour Code was not amended and no decision gives
    // public servants 24/11/2026 off.
    assert!(calendar().is_working_day(date("2026-11-24")).unwrap());
}

#[test]
fn a_year_without_a_file_falls_back_to_the_statute() {
    let report = calendar().year_report(2027).unwrap();
    assert_eq!(report.source, ScheduleSource::Statutory);
    // Tết Đinh Mùi is Saturday 6/2/2027.
    assert!(!calendar().is_working_day(date("2027-02-05")).unwrap());
    assert!(!calendar().is_working_day(date("2027-02-08")).unwrap());
}
