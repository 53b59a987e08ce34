//! Every due date explains itself: `GET /api/v1/dossiers/{code}/clock` says
//! how the processing time is counted, when the clock started, which days it
//! skipped and why, how long each pause stood still, and what moved it.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{at, business_household, spawn_app};

#[tokio::test]
async fn a_dossier_received_before_tet_explains_its_appointment_and_its_pause() {
    let app = spawn_app().await;
    // Friday 13 February 2026, 15:30: three working days run over Tết.
    app.clock.set(at("2026-02-13T15:30:00+07:00"));
    let clerk = app.login("clerk").await;
    let answer = app.receive(&clerk, &business_household()).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
    let code = answer.json["dossier"]["code"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/dossiers/{code}/clock");

    let clock = app.get(&path, Some(&clerk)).await;
    assert_eq!(clock.status, StatusCode::OK, "{}", clock.text);
    let c = &clock.json;
    assert_eq!(c["processing_time"], 3);
    assert_eq!(c["processing_unit"], "working_days");
    assert_eq!(c["processing_time_text"], "3 ngày làm việc");
    assert!(c["rule"].as_str().unwrap().contains("ngày làm việc"));
    assert_eq!(c["received_at"], "2026-02-13T08:30:00Z");
    assert_eq!(c["clock_started_at"], "2026-02-13T08:30:00Z");
    // Monday 23, Tuesday 24, Wednesday 25 at 15:30.
    assert_eq!(c["first_due_at"], "2026-02-25T08:30:00Z");
    assert_eq!(c["due_at"], "2026-02-25T08:30:00Z");
    assert_eq!(c["due_at_local"], "2026-02-25T15:30:00+07:00");
    let skipped = c["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 9, "14–22 February");
    assert_eq!(skipped[0]["reason"], "Thứ Bảy");
    assert_eq!(
        skipped[3]["reason"],
        "Tết Nguyên đán (mùng 1 tháng Giêng Bính Ngọ)"
    );
    assert_eq!(skipped[3]["document"], "9859/VPCP-KGVX");
    assert_eq!(c["pauses"], json!([]));
    assert_eq!(c["moves"], json!([]));

    // A supplement asked on Monday 23 at 09:30, brought on Tuesday 24 at
    // 09:30: the clock stood still one working day, and the appointment moved
    // by as much.
    app.clock.set(at("2026-02-23T09:30:00+07:00"));
    let clerk = app.login("clerk").await;
    app.act_ok(
        &clerk,
        &code,
        "request-supplement",
        json!({"items": ["Bản sao hợp đồng thuê địa điểm kinh doanh"]}),
    )
    .await;
    let waiting = app.get(&path, Some(&clerk)).await.json;
    assert_eq!(waiting["pauses"][0]["reason"], "supplement");
    assert_eq!(waiting["pauses"][0]["to"], serde_json::Value::Null);
    app.clock.set(at("2026-02-24T09:30:00+07:00"));
    let clerk = app.login("clerk").await;
    app.act_ok(&clerk, &code, "record-supplement", json!({}))
        .await;
    let c = app.get(&path, Some(&clerk)).await.json;
    let pause = &c["pauses"][0];
    assert_eq!(pause["from"], "2026-02-23T02:30:00Z");
    assert_eq!(pause["to"], "2026-02-24T02:30:00Z");
    assert_eq!(pause["working_seconds"], 8 * 3_600);
    assert_eq!(pause["due_before"], "2026-02-25T08:30:00Z");
    assert_eq!(pause["due_after"], "2026-02-26T08:30:00Z");
    assert_eq!(c["due_at"], "2026-02-26T08:30:00Z");
    assert_eq!(c["first_due_at"], "2026-02-25T08:30:00Z");

    // The public lookup has the short version: the time and its start, Tết
    // as one stretch, the weekends counted, the pause's working time.
    let public = app.get(&format!("/api/v1/lookup/{code}"), None).await;
    assert_eq!(public.status, StatusCode::OK, "{}", public.text);
    assert_eq!(
        public.json["clock"],
        json!({
            "processing_time_text": "3 ngày làm việc",
            "rule": c["rule"],
            "clock_started_at": "2026-02-13T08:30:00Z",
            "first_due_at": "2026-02-25T08:30:00Z",
            "days_off": [{"from": "2026-02-16", "to": "2026-02-20", "reason": "Tết Nguyên đán"}],
            "weekend_days": 4,
            "paused_seconds": 8 * 3_600,
        })
    );
    let page = app.get(&format!("/tra-cuu/{code}"), None).await;
    for words in [
        "Cách tính ngày hẹn",
        "Thời hạn giải quyết 3 ngày làm việc, tính từ 13/02/2026 15:30.",
        "Theo thời hạn đó, ngày hẹn là: 25/02/2026 15:30.",
        "16/02/2026 – 20/02/2026 (Tết Nguyên đán)",
        "4 ngày thứ Bảy, Chủ nhật",
        "ngày hẹn lùi thêm 8 giờ làm việc.",
    ] {
        assert!(page.text.contains(words), "{words} not in {}", page.text);
    }

    // Staff of another agency do not see it; nobody anonymous does.
    let other = app.other_agency_clerk().await;
    app.get(&path, Some(&other))
        .await
        .assert_problem(404, "not_found");
    app.get(&path, None)
        .await
        .assert_problem(401, "unauthenticated");
}
