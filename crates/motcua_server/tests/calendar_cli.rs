//! `motcua calendar ...` run as a user runs it: the real binary, its exit code,
//! its standard output and error.

#![expect(
    clippy::expect_used,
    reason = "test helpers fail loudly; that is their job"
)]

use serde_json::{Value, json};
use std::process::{Command, Output};

fn motcua(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_motcua"))
        .args(args)
        .output()
        .expect("the motcua binary runs")
}

fn json_of(args: &[&str]) -> Value {
    let output = motcua(args);
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON on stdout")
}

#[test]
fn due_answers_the_due_instant_and_the_skipped_days() {
    let answer = json_of(&[
        "calendar",
        "due",
        "--from",
        "2026-02-13T16:30:00+07:00",
        "--working-days",
        "3",
        "--json",
    ]);
    assert_eq!(answer["due"], "2026-02-25T09:30:00Z");
    assert_eq!(answer["due_local"], "2026-02-25T16:30:00+07:00");
    let skipped = answer["skipped"].as_array().unwrap();
    let dates: Vec<&str> = skipped
        .iter()
        .map(|d| d["date"].as_str().unwrap())
        .collect();
    assert_eq!(
        dates,
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
    assert_eq!(skipped[0]["reason"], "Thứ Bảy");
    assert_eq!(
        skipped[3]["reason"],
        "Tết Nguyên đán (mùng 1 tháng Giêng Bính Ngọ)"
    );
    assert_eq!(skipped[3]["document"], "9859/VPCP-KGVX");
}

#[test]
fn due_counts_working_hours_in_office_time() {
    let answer = json_of(&[
        "calendar",
        "due",
        "--from",
        "2026-03-02T10:00:00+07:00",
        "--working-hours",
        "2",
        "--json",
    ]);
    assert_eq!(answer["due_local"], "2026-03-02T13:30:00+07:00");
    assert_eq!(answer["skipped"], json!([]));
}

#[test]
fn year_lists_weekdays_off_and_weekend_days_worked_with_their_source() {
    let answer = json_of(&["calendar", "year", "2026", "--json"]);
    assert_eq!(answer["year"], 2026);
    assert_eq!(answer["source"], "official");
    let days = answer["days"].as_array().unwrap();
    assert_eq!(
        days[0],
        json!({"date": "2026-01-01", "working": false, "kind": "holiday", "reason": "Tết Dương lịch", "document": "Bộ luật Lao động 2019, Điều 112"})
    );
    let worked: Vec<&str> = days
        .iter()
        .filter(|d| d["working"] == true)
        .map(|d| d["date"].as_str().unwrap())
        .collect();
    assert_eq!(worked, ["2026-01-10", "2026-08-22"]);
    let documents: Vec<&str> = answer["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert!(documents.contains(&"12729/VPCP-KGVX") && documents.contains(&"9859/VPCP-KGVX"));

    assert_eq!(
        json_of(&["calendar", "year", "2030", "--json"])["source"],
        "statutory"
    );
}

#[test]
fn lunar_gives_day_month_year_and_leap() {
    let answer = json_of(&["calendar", "lunar", "2026-02-17", "--json"]);
    assert_eq!(
        answer,
        json!({"date": "2026-02-17", "day": 1, "month": 1, "year": 2026, "leap": false, "year_name": "Bính Ngọ"})
    );
    let leap = json_of(&["calendar", "lunar", "2025-07-25", "--json"]);
    assert_eq!(
        (leap["month"].clone(), leap["leap"].clone()),
        (json!(6), json!(true))
    );
}

#[test]
fn the_human_output_reads_well() {
    let output = motcua(&[
        "calendar",
        "due",
        "--from",
        "2026-02-13T16:30:00+07:00",
        "--working-days",
        "3",
    ]);
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.starts_with("Due:           2026-02-25 16:30 (Wed)  [2026-02-25T09:30:00Z]"),
        "{text}"
    );
}

#[test]
fn bad_arguments_get_one_line_and_a_failure_code() {
    let cases: &[&[&str]] = &[
        &[
            "calendar",
            "due",
            "--from",
            "yesterday",
            "--working-days",
            "3",
        ],
        &["calendar", "due", "--from", "2026-02-13T16:30:00+07:00"],
        &[
            "calendar",
            "due",
            "--from",
            "2026-02-13T16:30:00+07:00",
            "--working-days",
            "3",
            "--working-hours",
            "2",
        ],
        &[
            "calendar",
            "due",
            "--from",
            "2026-02-13T16:30:00+07:00",
            "--working-days",
            "-1",
        ],
        &[
            "calendar",
            "due",
            "--from",
            "2026-02-13T16:30:00+07:00",
            "--working-days",
            "99999999999",
        ],
        &[
            "calendar",
            "due",
            "--from",
            "2199-12-31T16:30:00+07:00",
            "--working-days",
            "3",
        ],
        &[
            "calendar",
            "due",
            "--from",
            "2026-02-13T16:30:00+07:00",
            "--working-days",
            "3",
            "--office-hours",
            "17:00-08:00",
        ],
        &["calendar", "lunar", "2200-01-01"],
        &["calendar", "lunar", "2026-02-30"],
        &["calendar", "year", "1899"],
        &["calendar", "year", "twenty"],
        &["calendar"],
        &["nonsense"],
    ];
    for args in cases {
        let output = motcua(args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{args:?} succeeded");
        assert_ne!(
            output.status.code(),
            Some(101),
            "{args:?} panicked: {stderr}"
        );
        if args.len() > 1 {
            assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
            assert!(stderr.starts_with("motcua: "), "{args:?}: {stderr}");
        }
        assert!(output.stdout.is_empty(), "{args:?} wrote to stdout");
    }
}
