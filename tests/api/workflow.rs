//! Processing after intake: every transition and every refused one, step
//! clocks and the control sheet, pauses, transfers, concurrent updates.

use chrono::TimeDelta;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, at, business_household, spawn_app_with_long_sessions as spawn_app};

const WARD: &str = "000.25.01.H26";
const ECONOMY: &str = "Phòng Kinh tế, Hạ tầng và Đô thị";
const OFFICE: &str = "Văn phòng HĐND và UBND";

/// The demo staff's tokens and ids, and the two processing units.
struct Staff {
    clerk: String,
    specialist: String,
    specialist_id: String,
    unit_head: String,
    leader: String,
    leader_id: String,
    economy: String,
    office: String,
}

async fn staff(app: &TestApp) -> Staff {
    let clerk = app.login("clerk").await;
    let specialist = app.login("specialist").await;
    let unit_head = app.login("unit_head").await;
    let leader = app.login("leader").await;
    Staff {
        specialist_id: app.user_id(&specialist).await,
        leader_id: app.user_id(&leader).await,
        economy: app.unit_id(&clerk, WARD, ECONOMY).await,
        office: app.unit_id(&clerk, WARD, OFFICE).await,
        clerk,
        specialist,
        unit_head,
        leader,
    }
}

/// Receives the business-household dossier (3 working days; steps: clerk 2 h,
/// specialist 14 h, leader 6 h, clerk 2 h) at the test clock's time.
async fn received(app: &TestApp, s: &Staff) -> String {
    let answer = app.receive(&s.clerk, &business_household()).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
    answer.json["dossier"]["code"].as_str().unwrap().to_owned()
}

fn version(dossier: &Value) -> i64 {
    dossier["version"].as_i64().unwrap()
}

/// Acts and expects 200; returns the dossier.
async fn ok(app: &TestApp, token: &str, code: &str, action: &str, body: Value) -> Value {
    let current = app.dossier(token, code).await;
    let answer = app.act(token, code, action, version(&current), body).await;
    assert_eq!(answer.status, StatusCode::OK, "{action}: {}", answer.text);
    assert_eq!(
        answer.headers.get("etag").unwrap().to_str().unwrap(),
        format!("\"{}\"", version(&answer.json))
    );
    answer.json
}

async fn to_specialist(app: &TestApp, s: &Staff, code: &str) -> Value {
    ok(
        app,
        &s.clerk,
        code,
        "assign",
        json!({"unit_id": s.economy, "assignee_id": s.specialist_id, "note": "Chuyển phòng Kinh tế"}),
    )
    .await
}

#[tokio::test]
async fn a_dossier_runs_from_reception_to_return_and_the_control_sheet_shows_each_step() {
    let app = spawn_app().await;
    let s = staff(&app).await;
    let code = received(&app, &s).await; // Mon 2 March 09:00, due Thu 5 March 09:00
    app.advance(TimeDelta::minutes(30));
    let d = to_specialist(&app, &s, &code).await;
    assert_eq!(d["status"]["code"], 4);
    assert_eq!(d["holder"]["unit"]["name"], ECONOMY);
    assert_eq!(d["holder"]["assignee"]["id"], s.specialist_id.as_str());
    assert_eq!(d["step"]["index"], 1);
    // 14 working hours from Monday 09:30 end at Tuesday's closing, which the
    // calendar gives as the next opening: Wednesday 07:30.
    assert_eq!(d["step"]["due_at"], "2026-03-04T00:30:00Z");

    app.clock.set(at("2026-03-03T10:00:00+07:00"));
    let d = ok(
        &app,
        &s.specialist,
        &code,
        "hand-over",
        json!({"unit_id": s.office, "assignee_id": s.leader_id}),
    )
    .await;
    // 6 working hours from Tuesday 10:00: Wednesday 08:00.
    assert_eq!(d["step"]["index"], 2);
    assert_eq!(d["step"]["due_at"], "2026-03-04T01:00:00Z");

    // Finished after 15:00: the one-stop step starts Wednesday 07:30.
    app.clock.set(at("2026-03-03T16:00:00+07:00"));
    let d = ok(
        &app,
        &s.leader,
        &code,
        "finish",
        json!({"summary": "Cấp Giấy chứng nhận đăng ký hộ kinh doanh", "document_number": "01A8012345"}),
    )
    .await;
    assert_eq!(d["status"]["code"], 9);
    assert_eq!(d["outcome"], "early");
    assert_eq!(d["result"]["document_number"], "01A8012345");
    assert_eq!(
        d["holder"]["unit"]["name"],
        "Trung tâm Phục vụ hành chính công phường"
    );
    assert_eq!(d["step"]["index"], 3);
    assert_eq!(d["step"]["due_at"], "2026-03-04T02:30:00Z");
    assert_eq!(d["sla_state"], Value::Null);
    // The leader's finishing is the approval, and says so.
    let finished = d["events"].as_array().unwrap().last().unwrap();
    assert_eq!(finished["kind"], "finished");
    assert_eq!(finished["approved_by"], "leader", "{finished}");

    app.clock.set(at("2026-03-04T08:00:00+07:00"));
    let d = ok(
        &app,
        &s.clerk,
        &code,
        "return-result",
        json!({"method": "counter"}),
    )
    .await;
    assert_eq!(d["status"]["code"], 10);
    assert_eq!(d["returned"]["method"], "counter");
    // The applicant was told at reception and when the result was ready,
    // once each, through the outbox.
    assert_eq!(app.notice_kinds(&code).await, ["receipt", "result_ready"]);

    let sheet = app
        .get(
            &format!("/api/v1/dossiers/{code}/control-sheet"),
            Some(&s.clerk),
        )
        .await;
    assert_eq!(sheet.status, StatusCode::OK, "{}", sheet.text);
    let rows = sheet.json["rows"].as_array().unwrap();
    let steps: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r["step"].as_str().unwrap(),
                r["result"].as_str().unwrap_or("-"),
            )
        })
        .collect();
    assert_eq!(
        steps,
        [
            ("Tiếp nhận hồ sơ", "on_time"),
            ("Phòng Kinh tế thẩm định hồ sơ", "early"),
            ("Lãnh đạo ký Giấy chứng nhận", "early"),
            ("Đã có kết quả giải quyết", "on_time"),
            ("Trả kết quả", "-"),
        ]
    );
    assert_eq!(rows[0]["giver"]["agency"], "Tổ chức, cá nhân");
    assert_eq!(rows[1]["giver"]["person"], "Nguyễn Thị Lan");
    assert_eq!(rows[1]["receiver"]["unit"], ECONOMY);
    assert_eq!(rows[1]["receiver"]["person"], "Lê Văn Minh");
    assert_eq!(rows[4]["receiver"]["agency"], "Tổ chức, cá nhân");
    assert_eq!(rows[3]["note"], "Phê duyệt: Lãnh đạo cơ quan");
    assert_eq!(rows[2]["note"], Value::Null);
    assert_eq!(sheet.json["late_units"], json!([]));
    assert_eq!(sheet.json["outcome"], "early");

    let html = app
        .get(
            &format!("/api/v1/dossiers/{code}/control-sheet?format=html"),
            Some(&s.clerk),
        )
        .await;
    assert_eq!(html.status, StatusCode::OK);
    assert!(html.content_type().starts_with("text/html"));
    assert!(
        html.text
            .contains("PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ")
    );
    assert!(html.text.contains("Lê Văn Minh"));

    // The public timeline shows the steps, without staff names.
    let lookup = app.get(&format!("/api/v1/lookup/{code}"), None).await;
    assert_eq!(lookup.json["status"]["code"], 10);
    assert!(!lookup.text.contains("Lê Văn Minh"));
    assert!(lookup.text.contains("Trả kết quả"));
}

#[tokio::test]
async fn a_late_step_names_the_unit_that_made_the_dossier_late() {
    let app = spawn_app().await;
    let s = staff(&app).await;
    let code = received(&app, &s).await;
    to_specialist(&app, &s, &code).await; // step due Tuesday 16:30
    app.clock.set(at("2026-03-04T09:00:00+07:00"));
    ok(
        &app,
        &s.specialist,
        &code,
        "hand-over",
        json!({"unit_id": s.office, "assignee_id": s.leader_id}),
    )
    .await;
    let sheet = app
        .get(
            &format!("/api/v1/dossiers/{code}/control-sheet"),
            Some(&s.unit_head),
        )
        .await;
    assert_eq!(sheet.json["rows"][1]["result"], "late");
    assert_eq!(sheet.json["rows"][2]["result"], "in_progress");
    assert_eq!(sheet.json["late_units"], json!([ECONOMY]));
    // The leader's step (6 h from Wednesday 09:00, due Wednesday 16:30) runs late too.
    app.clock.set(at("2026-03-04T17:00:00+07:00"));
    let sheet = app
        .get(
            &format!("/api/v1/dossiers/{code}/control-sheet"),
            Some(&s.leader),
        )
        .await;
    assert_eq!(sheet.json["rows"][2]["result"], "overdue");
    assert_eq!(sheet.json["late_units"], json!([ECONOMY, OFFICE]));
}

#[tokio::test]
async fn stale_or_missing_versions_change_nothing() {
    let app = spawn_app().await;
    let s = staff(&app).await;
    let code = received(&app, &s).await;
    let body = json!({"unit_id": s.economy});
    let before = app.counts().await;
    app.act(&s.clerk, &code, "assign", 7, body.clone())
        .await
        .assert_problem(412, "precondition_failed");
    app.post(
        &format!("/api/v1/dossiers/{code}/assign"),
        Some(&s.clerk),
        &body,
    )
    .await
    .assert_problem(428, "precondition_required");
    app.post_if_match(
        &format!("/api/v1/dossiers/{code}/assign"),
        &s.clerk,
        2,
        &body,
    )
    .await
    .assert_problem(412, "precondition_failed");
    let mut both = body.clone();
    both["version"] = json!(2);
    app.post_if_match(
        &format!("/api/v1/dossiers/{code}/assign"),
        &s.clerk,
        1,
        &both,
    )
    .await
    .assert_problem(422, "validation");
    assert_eq!(app.counts().await, before);
    // The ETag of the last read, as If-Match.
    let answer = app
        .post_if_match(
            &format!("/api/v1/dossiers/{code}/assign"),
            &s.clerk,
            1,
            &body,
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    assert_eq!(answer.json["version"], 2);
}

#[tokio::test]
async fn actions_the_status_does_not_allow_answer_409_and_change_nothing() {
    let app = spawn_app().await;
    let s = staff(&app).await;
    let code = received(&app, &s).await;
    let before = app.counts().await;
    for (token, action, body) in [
        (&s.leader, "finish", json!({"summary": "x"})),
        (&s.clerk, "return-result", json!({"method": "counter"})),
        (&s.clerk, "record-supplement", json!({})),
        (&s.clerk, "confirm-withdrawal", json!({})),
        (&s.leader, "hand-over", json!({})),
    ] {
        app.act(token, &code, action, 1, body)
            .await
            .assert_problem(409, "illegal_transition");
    }
    assert_eq!(app.counts().await, before);
    // The last processing step has no next one; the first has no previous.
    to_specialist(&app, &s, &code).await;
    let d = app.dossier(&s.clerk, &code).await;
    app.act(
        &s.specialist,
        &code,
        "send-back",
        version(&d),
        json!({"reason": "xem lại"}),
    )
    .await
    .assert_problem(409, "conflict");
    // A refused dossier is final.
    ok(
        &app,
        &s.leader,
        &code,
        "refuse",
        json!({"reasons": ["Không thuộc thẩm quyền"]}),
    )
    .await;
    let d = app.dossier(&s.clerk, &code).await;
    assert_eq!(d["status"]["code"], 3);
    assert_eq!(d["refusal_reasons"], json!(["Không thuộc thẩm quyền"]));
    assert_eq!(app.notice_kinds(&code).await, ["receipt", "refusal"]);
    let before = app.counts().await;
    app.act(
        &s.leader,
        &code,
        "stop",
        version(&d),
        json!({"reason": "x"}),
    )
    .await
    .assert_problem(409, "illegal_transition");
    assert_eq!(app.counts().await, before);
}

#[tokio::test]
async fn roles_and_places_are_checked_on_the_server() {
    let app = spawn_app().await;
    let s = staff(&app).await;
    let admin = app.login("admin").await;
    let code = received(&app, &s).await;
    let body = json!({"unit_id": s.economy});
    app.act(&s.specialist, &code, "assign", 1, body.clone())
        .await
        .assert_problem(403, "forbidden");
    app.act(&admin, &code, "assign", 1, body.clone())
        .await
        .assert_problem(403, "forbidden");
    app.act(&s.clerk, &code, "stop", 1, json!({"reason": "x"}))
        .await
        .assert_problem(403, "forbidden");
    app.act(&s.clerk, &code, "assign", 1, body).await;
    // In the unit but not assigned: a specialist may not act.
    let d = app.dossier(&s.clerk, &code).await;
    assert_eq!(d["holder"]["assignee"], Value::Null);
    app.act(&s.specialist, &code, "hand-over", version(&d), json!({}))
        .await
        .assert_problem(403, "forbidden");
    // The unit head assigns inside the unit: same step, same step clock.
    let d2 = ok(
        &app,
        &s.unit_head,
        &code,
        "assign",
        json!({"assignee_id": s.specialist_id}),
    )
    .await;
    assert_eq!(d2["step"], d["step"]);
    // Someone of another unit is not an assignee of this one.
    app.act(
        &s.unit_head,
        &code,
        "assign",
        version(&d2),
        json!({"assignee_id": s.leader_id, "unit_id": s.office}),
    )
    .await
    .assert_problem(403, "forbidden");
    app.act(
        &s.clerk,
        &code,
        "assign",
        version(&d2),
        json!({"assignee_id": uuid::Uuid::new_v4().to_string()}),
    )
    .await
    .assert_problem(422, "validation");
    let d3 = ok(
        &app,
        &s.leader,
        &code,
        "stop",
        json!({"reason": "Cơ quan có thẩm quyền yêu cầu dừng"}),
    )
    .await;
    assert_eq!(d3["status"]["code"], 8);
    // Without a token, or with a forged one.
    app.act(
        "forged.token.here",
        &code,
        "stop",
        1,
        json!({"reason": "x"}),
    )
    .await
    .assert_problem(401, "unauthenticated");
}

#[tokio::test]
async fn a_supplement_request_pauses_the_clock_and_the_answer_resumes_it() {
    let app = spawn_app().await;
    let s = staff(&app).await;
    let code = received(&app, &s).await; // due Thu 5 March 09:00
    to_specialist(&app, &s, &code).await;
    app.clock.set(at("2026-03-02T10:00:00+07:00"));
    let d = ok(
        &app,
        &s.specialist,
        &code,
        "request-supplement",
        json!({"items": ["Bản sao hợp đồng thuê địa điểm kinh doanh"]}),
    )
    .await;
    assert_eq!(d["status"]["code"], 5);
    assert_eq!(d["sla_state"], "paused");
    assert_eq!(d["paused_at"], "2026-03-02T03:00:00Z");
    // Two working days and a weekend later the applicant answers.
    app.clock.set(at("2026-03-06T14:00:00+07:00"));
    let list = app
        .get("/api/v1/dossiers?paused=true", Some(&s.clerk))
        .await;
    assert_eq!(list.json["items"].as_array().unwrap().len(), 1);
    let d = ok(
        &app,
        &s.clerk,
        &code,
        "record-supplement",
        json!({"note": "Đã nộp đủ"}),
    )
    .await;
    assert_eq!(d["status"]["code"], 4);
    // 2 days 23 h of working time were left (Mon 10:00 → Thu 09:00), counted
    // again from Friday 14:00: Wednesday 11 March 13:00.
    assert_eq!(d["due_at"], "2026-03-11T06:00:00Z");
    assert_eq!(d["original_due_at"], "2026-03-11T06:00:00Z");
    // The step clock moved by the same pause: 13 h of the specialist's step
    // were left at Monday 10:00 (due Tuesday 16:30); from Friday 14:00 that is
    // Tuesday 10 March 09:30.
    assert_eq!(d["step"]["due_at"], "2026-03-10T02:30:00Z");
    let events: Vec<&str> = d["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        events,
        [
            "received",
            "assigned",
            "supplement_requested",
            "supplement_received"
        ]
    );
    // Once per agency under the rule set.
    let before = app.counts().await;
    app.act(
        &s.specialist,
        &code,
        "request-supplement",
        version(&d),
        json!({"items": ["Thêm"]}),
    )
    .await
    .assert_problem(409, "conflict");
    assert_eq!(app.counts().await, before);
}

#[tokio::test]
async fn a_transferred_dossier_is_seen_and_handled_by_the_other_agency() {
    let app = spawn_app().await;
    let s = staff(&app).await;
    let other = app.other_agency_clerk().await;
    let code = received(&app, &s).await;
    app.get(&format!("/api/v1/dossiers/{code}"), Some(&other))
        .await
        .assert_problem(404, "not_found");
    let d = to_specialist(&app, &s, &code).await;
    app.act(
        &s.unit_head,
        &code,
        "transfer",
        version(&d),
        json!({"agency_code": "009.99.99.H26"}),
    )
    .await
    .assert_problem(422, "validation");
    let d = ok(
        &app,
        &s.unit_head,
        &code,
        "transfer",
        json!({"agency_code": "000.25.09.H26", "note": "Lấy ý kiến phối hợp"}),
    )
    .await;
    assert_eq!(d["holder"]["agency"]["code"], "000.25.09.H26");
    // The other agency sees it, in its work list too, and acts on it.
    let seen = app.dossier(&other, &code).await;
    assert_eq!(seen["version"], d["version"]);
    let list = app.get("/api/v1/dossiers", Some(&other)).await;
    assert_eq!(list.json["items"][0]["code"], code.as_str());
    // The first agency still sees it but may not act while the other holds it.
    app.act(
        &s.clerk,
        &code,
        "refuse",
        version(&d),
        json!({"reasons": ["x"]}),
    )
    .await
    .assert_problem(403, "forbidden");
    let back = ok(
        &app,
        &other,
        &code,
        "transfer",
        json!({"agency_code": WARD}),
    )
    .await;
    assert_eq!(back["holder"]["agency"]["code"], WARD);
    // After handing it back, the other agency still reads it.
    app.dossier(&other, &code).await;
    let sheet = app
        .get(
            &format!("/api/v1/dossiers/{code}/control-sheet"),
            Some(&s.clerk),
        )
        .await;
    let rows = sheet.json["rows"].as_array().unwrap();
    assert_eq!(rows[2]["receiver"]["agency"], "UBND phường Hoàn Kiếm");
    assert_eq!(rows[3]["giver"]["agency"], "UBND phường Hoàn Kiếm");
}

#[tokio::test]
async fn a_withdrawal_is_confirmed_or_declined_by_the_one_stop_section() {
    let app = spawn_app().await;
    let s = staff(&app).await;
    let code = received(&app, &s).await;
    let d = ok(
        &app,
        &s.clerk,
        &code,
        "request-withdrawal",
        json!({"reason": "Không còn nhu cầu"}),
    )
    .await;
    assert_eq!(d["status"]["code"], 7);
    let d = ok(
        &app,
        &s.clerk,
        &code,
        "decline-withdrawal",
        json!({"reason": "Đơn không có chữ ký"}),
    )
    .await;
    assert_eq!(d["status"]["code"], 2);
    ok(
        &app,
        &s.clerk,
        &code,
        "request-withdrawal",
        json!({"reason": "Không còn nhu cầu"}),
    )
    .await;
    let d = ok(
        &app,
        &s.clerk,
        &code,
        "confirm-withdrawal",
        json!({"note": "Đã trả lại hồ sơ giấy"}),
    )
    .await;
    let last = d["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["kind"], "withdrawal_confirmed");
    assert_eq!(last["note"], "Đã trả lại hồ sơ giấy");
    assert_eq!(d["status"]["code"], 8);
    assert_eq!(d["sla_state"], Value::Null);
    // Withdrawal of a paused dossier goes back to the pause when declined.
    let code = received(&app, &s).await;
    ok(
        &app,
        &s.clerk,
        &code,
        "request-supplement",
        json!({"items": ["Giấy tờ"]}),
    )
    .await;
    ok(
        &app,
        &s.clerk,
        &code,
        "request-withdrawal",
        json!({"reason": "x"}),
    )
    .await;
    let d = ok(
        &app,
        &s.clerk,
        &code,
        "decline-withdrawal",
        json!({"reason": "y"}),
    )
    .await;
    assert_eq!(d["status"]["code"], 5);
    assert_eq!(d["sla_state"], "paused");
    let d = ok(&app, &s.clerk, &code, "record-supplement", json!({})).await;
    assert_eq!(d["status"]["code"], 2);
    // Results go by post with a tracking number only.
    let code = received(&app, &s).await;
    to_specialist(&app, &s, &code).await;
    app.approve_and_finish(&s.specialist, &code, json!({"summary": "Cấp giấy"}))
        .await;
    let d = app.dossier(&s.clerk, &code).await;
    app.act(
        &s.clerk,
        &code,
        "return-result",
        version(&d),
        json!({"method": "post"}),
    )
    .await
    .assert_problem(422, "validation");
    let d = ok(
        &app,
        &s.clerk,
        &code,
        "return-result",
        json!({"method": "post", "tracking_number": "EB123456789VN"}),
    )
    .await;
    assert_eq!(d["returned"]["tracking_number"], "EB123456789VN");
}

#[tokio::test]
async fn of_two_concurrent_changes_one_wins_and_the_other_gets_412() {
    let app = spawn_app().await;
    let s = staff(&app).await;
    let code = received(&app, &s).await;
    for _ in 0..3 {
        let d = app.dossier(&s.clerk, &code).await;
        let v = version(&d);
        let (a, b) = tokio::join!(
            app.act(
                &s.clerk,
                &code,
                "request-withdrawal",
                v,
                json!({"reason": "một"})
            ),
            app.act(
                &s.unit_head,
                &code,
                "assign",
                v,
                json!({"unit_id": s.economy})
            ),
        );
        let mut statuses = [a.status.as_u16(), b.status.as_u16()];
        statuses.sort_unstable();
        assert_eq!(statuses, [200, 412], "{} / {}", a.text, b.text);
        let d = app.dossier(&s.clerk, &code).await;
        assert_eq!(version(&d), v + 1);
        // Back to a state where both actions are allowed again.
        if d["status"]["code"] == 7 {
            ok(
                &app,
                &s.clerk,
                &code,
                "decline-withdrawal",
                json!({"reason": "thử"}),
            )
            .await;
        } else {
            break;
        }
    }
}

#[tokio::test]
async fn bad_action_bodies_are_refused_with_nothing_written() {
    let app = spawn_app().await;
    let s = staff(&app).await;
    let code = received(&app, &s).await;
    let before = app.counts().await;
    let path = format!("/api/v1/dossiers/{code}/refuse");
    app.post_raw(
        &path,
        Some(&s.clerk),
        "application/json",
        b"{\"version\": 1, ".to_vec(),
    )
    .await
    .assert_problem(400, "malformed_json");
    app.act(
        &s.clerk,
        &code,
        "refuse",
        1,
        json!({"reasons": "not a list"}),
    )
    .await
    .assert_wrong_shape();
    app.act(&s.clerk, &code, "refuse", 1, json!({"reasons": []}))
        .await
        .assert_problem(422, "validation");
    app.act(&s.clerk, &code, "refuse", 1, json!({"reasons": ["  "]}))
        .await
        .assert_problem(422, "validation");
    app.act(
        &s.clerk,
        &code,
        "assign",
        1,
        json!({"unit_id": "not-a-uuid"}),
    )
    .await
    .assert_problem(422, "validation");
    app.act(&s.clerk, &code, "assign", 1, json!({"unit": "x"}))
        .await
        .assert_wrong_shape();
    app.act(
        &s.clerk,
        "000.25.01.H26-260302-9999",
        "assign",
        1,
        json!({"unit_id": s.economy}),
    )
    .await
    .assert_problem(404, "not_found");
    app.act(&s.clerk, "nonsense", "assign", 1, json!({}))
        .await
        .assert_problem(404, "not_found");
    app.act(
        &s.clerk,
        &code,
        "assign",
        1,
        json!({"unit_id": uuid::Uuid::new_v4().to_string()}),
    )
    .await
    .assert_problem(422, "validation");
    app.get(
        &format!("/api/v1/dossiers/{code}/control-sheet?format=docx"),
        Some(&s.clerk),
    )
    .await
    .assert_problem(422, "validation");
    assert_eq!(app.counts().await, before);
}

#[tokio::test]
async fn work_queues_filter_and_the_dashboard_counts() {
    let app = spawn_app().await;
    let s = staff(&app).await;
    let a = received(&app, &s).await;
    let b = received(&app, &s).await;
    let c = received(&app, &s).await;
    to_specialist(&app, &s, &a).await;
    ok(
        &app,
        &s.clerk,
        &b,
        "request-supplement",
        json!({"items": ["Giấy tờ"]}),
    )
    .await;
    let codes = |answer: &crate::helpers::Answer| -> Vec<String> {
        answer.json["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["code"].as_str().unwrap().to_owned())
            .collect()
    };
    let mine = app
        .get("/api/v1/dossiers?mine=true", Some(&s.specialist))
        .await;
    assert_eq!(codes(&mine), vec![a.as_str()]);
    let unit = app
        .get(
            &format!("/api/v1/dossiers?unit={}", s.economy),
            Some(&s.clerk),
        )
        .await;
    assert_eq!(codes(&unit), vec![a.as_str()]);
    let paused = app
        .get("/api/v1/dossiers?paused=true", Some(&s.clerk))
        .await;
    assert_eq!(codes(&paused), vec![b.as_str()]);
    let received_only = app
        .get("/api/v1/dossiers?status=received", Some(&s.clerk))
        .await;
    assert_eq!(codes(&received_only), vec![c.as_str()]);
    let set = app
        .get(
            "/api/v1/dossiers?status=received,processing",
            Some(&s.clerk),
        )
        .await;
    assert_eq!(codes(&set).len(), 2);
    // Wednesday 09:00: one working day before Thursday 09:00.
    app.clock.set(at("2026-03-04T09:00:00+07:00"));
    let soon = app
        .get("/api/v1/dossiers?due_soon=true", Some(&s.clerk))
        .await;
    assert_eq!(codes(&soon).len(), 2);
    app.clock.set(at("2026-03-05T09:00:01+07:00"));
    let overdue = app
        .get("/api/v1/dossiers?overdue=true", Some(&s.clerk))
        .await;
    assert_eq!(codes(&overdue).len(), 2);
    assert_eq!(overdue.json["items"][0]["sla_state"], "overdue");
    let stats = app.get("/api/v1/dossiers/stats", Some(&s.leader)).await;
    assert_eq!(stats.status, StatusCode::OK, "{}", stats.text);
    assert_eq!(stats.json["overdue"], 2);
    assert_eq!(stats.json["paused"], 1);
    assert_eq!(stats.json["open"], 3);
    assert_eq!(stats.json["by_status"][1]["name"], "received");
    assert_eq!(stats.json["by_status"][1]["count"], 1);
    assert_eq!(stats.json["by_status"][3]["count"], 1);
    for bad in ["unit=x", "mine=maybe", "assignee=1"] {
        app.get(&format!("/api/v1/dossiers?{bad}"), Some(&s.clerk))
            .await
            .assert_status_4xx();
    }
    let other = app.other_agency_clerk().await;
    let theirs = app.get("/api/v1/dossiers/stats", Some(&other)).await;
    assert_eq!(theirs.json["open"], 0);
}

#[tokio::test]
async fn the_sweep_flags_due_soon_then_overdue_and_queues_staff_warnings_once() {
    let app = spawn_app().await;
    let s = staff(&app).await;
    let code = received(&app, &s).await; // due Thu 5 March 09:00
    to_specialist(&app, &s, &code).await;
    let ran = app.run_jobs().await;
    let summary: Vec<_> = ran.iter().map(|r| (r.kind.as_str(), r.result)).collect();
    // The sweep, the housekeeping, and the applicant's receipt going out.
    assert_eq!(summary.len(), 4, "{summary:?}");
    assert!(summary.contains(&("sla_sweep", "again")), "{summary:?}");
    for housekeeping in ["forget_idempotent_answers", "forget_unverified_accounts"] {
        assert!(summary.contains(&(housekeeping, "again")), "{summary:?}");
    }
    assert!(summary.contains(&("send_notice", "done")), "{summary:?}");
    let kinds = |d: &Value| -> Vec<String> {
        d["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["kind"].as_str().unwrap().to_owned())
            .collect()
    };
    assert!(!kinds(&app.dossier(&s.clerk, &code).await).contains(&"due_soon".to_owned()));

    app.clock.set(at("2026-03-04T09:00:30+07:00"));
    app.run_jobs().await;
    let d = app.dossier(&s.clerk, &code).await;
    assert_eq!(kinds(&d).last().unwrap(), "due_soon");
    assert_eq!(d["sla_state"], "due_soon");
    // The sweep does not bump the version: nobody's If-Match goes stale.
    assert_eq!(d["version"], 2);
    assert_eq!(
        app.notice_kinds(&code).await,
        ["receipt", "due_soon_warning", "due_soon_warning"],
        "the applicant's receipt; the specialist and the unit head warned"
    );

    // Nothing new on the next sweeps.
    app.advance(TimeDelta::minutes(5));
    app.run_jobs().await;
    assert_eq!(app.counts().await["notices"], 3);

    app.clock.set(at("2026-03-05T09:01:00+07:00"));
    app.run_jobs().await;
    let d = app.dossier(&s.clerk, &code).await;
    let tail = kinds(&d).split_off(kinds(&d).len() - 2);
    assert_eq!(tail, ["overdue", "late_without_apology"]);
    assert_eq!(d["sla_state"], "overdue");
    // Overdue: the specialist, the unit head and the leader; and the leader
    // again, told that no apology went out.
    assert_eq!(app.counts().await["notices"], 7);
    app.advance(TimeDelta::days(3));
    app.run_jobs().await;
    let again = app.dossier(&s.clerk, &code).await;
    assert_eq!(kinds(&again), kinds(&d));
    // The public timeline does not show the SLA flags.
    let lookup = app.get(&format!("/api/v1/lookup/{code}"), None).await;
    assert!(
        !lookup.text.contains("Quá hạn giải quyết"),
        "{}",
        lookup.text
    );
    // Finished late: the outcome says so, and the sweep leaves it alone.
    let d = ok(
        &app,
        &s.specialist,
        &code,
        "hand-over",
        json!({"unit_id": s.office, "assignee_id": s.leader_id}),
    )
    .await;
    assert_eq!(d["sla_state"], "overdue");
    let d = ok(
        &app,
        &s.leader,
        &code,
        "finish",
        json!({"summary": "Cấp giấy"}),
    )
    .await;
    assert_eq!(d["outcome"], "late");
}

#[tokio::test]
async fn a_paused_dossier_is_not_flagged_and_a_resumed_one_is_looked_at_again() {
    let app = spawn_app().await;
    let s = staff(&app).await;
    let code = received(&app, &s).await; // due Thu 5 March 09:00
    ok(
        &app,
        &s.clerk,
        &code,
        "request-supplement",
        json!({"items": ["Giấy tờ"]}),
    )
    .await;
    app.clock.set(at("2026-03-09T09:00:00+07:00"));
    app.run_jobs().await;
    assert_eq!(
        app.notice_kinds(&code).await,
        ["receipt", "supplement_request"],
        "no staff warning while paused"
    );
    // Resumed Monday 9 March 09:00 with 3 working days left: due Thursday 12th.
    let d = ok(&app, &s.clerk, &code, "record-supplement", json!({})).await;
    assert_eq!(d["due_at"], "2026-03-12T02:00:00Z");
    assert_eq!(d["status"]["code"], 2);
    app.clock.set(at("2026-03-11T09:00:00+07:00"));
    app.run_jobs().await;
    let d = app.dossier(&s.clerk, &code).await;
    assert_eq!(d["sla_state"], "due_soon");
    assert!(
        app.notice_kinds(&code)
            .await
            .contains(&"due_soon_warning".to_owned())
    );
}

#[tokio::test]
async fn a_dossier_that_ends_late_between_two_sweeps_is_flagged_and_the_leader_told() {
    let app = spawn_app().await;
    let s = staff(&app).await;
    let code = received(&app, &s).await; // due Thu 5 March 09:00
    to_specialist(&app, &s, &code).await;
    ok(
        &app,
        &s.specialist,
        &code,
        "hand-over",
        json!({"unit_id": s.office, "assignee_id": s.leader_id}),
    )
    .await;
    // The leader signs on Thursday at 10:00, an hour late; no sweep ran
    // since the appointment passed.
    app.clock.set(at("2026-03-05T10:00:00+07:00"));
    let d = ok(
        &app,
        &s.leader,
        &code,
        "finish",
        json!({"summary": "Cấp Giấy chứng nhận đăng ký hộ kinh doanh"}),
    )
    .await;
    assert_eq!(d["outcome"], "late");
    assert_eq!(d["late_without_apology"], true);
    let kinds: Vec<&str> = d["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"late_without_apology"), "{kinds:?}");
    let stats = app.get("/api/v1/dossiers/stats", Some(&s.leader)).await;
    assert_eq!(stats.json["late_without_apology"], 1);
    // The leader is told once, even when the sweep runs afterwards.
    app.run_jobs().await;
    app.run_jobs().await;
    let notices = app
        .get(&format!("/api/v1/notices?dossier={code}"), Some(&s.leader))
        .await;
    let told: Vec<&Value> = notices.json["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "late_without_apology")
        .collect();
    assert_eq!(told.len(), 1, "{}", notices.text);
    assert_eq!(told[0]["recipient_user_id"], s.leader_id.as_str());
}

#[tokio::test]
async fn the_plan_is_followed_and_the_leader_decides() {
    let app = spawn_app().await;
    let s = staff(&app).await;
    let code = received(&app, &s).await;
    to_specialist(&app, &s, &code).await; // step 1 of 4: the specialist's
    let before = app.counts().await;
    let d = app.dossier(&s.specialist, &code).await;
    // The specialist alone may not finish, nor refuse, a dossier in
    // processing.
    let alone = app
        .act(
            &s.specialist,
            &code,
            "finish",
            version(&d),
            json!({"summary": "Cấp giấy"}),
        )
        .await;
    alone.assert_problem(403, "forbidden");
    assert!(alone.json["detail"].as_str().unwrap().contains("leader"));
    app.act(
        &s.specialist,
        &code,
        "refuse",
        version(&d),
        json!({"reasons": ["Không đủ điều kiện"]}),
    )
    .await
    .assert_problem(403, "forbidden");
    // Nor the clerk, once the dossier is received.
    app.act(
        &s.clerk,
        &code,
        "refuse",
        version(&d),
        json!({"reasons": ["Không đủ điều kiện"]}),
    )
    .await
    .assert_problem(403, "forbidden");
    // The leader may not skip the signing step either: the plan decides at
    // step 2, "Lãnh đạo ký Giấy chứng nhận".
    let skipped = app
        .act(
            &s.leader,
            &code,
            "finish",
            version(&d),
            json!({"summary": "Cấp giấy"}),
        )
        .await;
    skipped.assert_problem(409, "conflict");
    assert_eq!(skipped.json["reason"], "not_deciding_step");
    assert_eq!(app.counts().await, before);
    // Handed over to the signing step, the leader decides; the decision is
    // on the timeline under the leader's name.
    let d = app
        .approve_and_finish(&s.specialist, &code, json!({"summary": "Cấp giấy"}))
        .await;
    assert_eq!(d["status"]["code"], 9);
    let finished = d["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "finished")
        .unwrap();
    assert_eq!(finished["actor"]["full_name"], "Hoàng Đức Thắng");
    assert_eq!(finished["approved_by"], "leader");
    // A refusal after reception is the leader's too, and says so.
    let other = received(&app, &s).await;
    let refused = ok(
        &app,
        &s.leader,
        &other,
        "refuse",
        json!({"reasons": ["Ngành nghề kinh doanh bị cấm"]}),
    )
    .await;
    let last = refused["events"].as_array().unwrap().last().unwrap();
    assert_eq!(last["kind"], "refused");
    assert_eq!(last["approved_by"], "leader", "{last}");
}
