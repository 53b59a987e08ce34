//! Apology notices for late dossiers: drafted by the sweep, completed by the
//! holding unit, signed by the leader, sent by the one-stop section; the
//! appointment moves once, the dossier still counts as late, the public
//! lookup shows the apology.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, at, business_household, spawn_app_with_long_sessions as spawn};

const WARD: &str = "000.25.01.H26";

pub(crate) struct Staff {
    pub(crate) clerk: String,
    pub(crate) specialist: String,
    pub(crate) leader: String,
}

/// A business-household dossier received Monday 2 March 09:00 (due Thursday
/// 5 March 09:00) and assigned to the demo specialist.
pub(crate) async fn assigned(app: &TestApp) -> (Staff, String) {
    let s = Staff {
        clerk: app.login("clerk").await,
        specialist: app.login("specialist").await,
        leader: app.login("leader").await,
    };
    let answer = app.receive(&s.clerk, &business_household()).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
    let code = answer.json["dossier"]["code"].as_str().unwrap().to_owned();
    let economy = app
        .unit_id(&s.clerk, WARD, "Phòng Kinh tế, Hạ tầng và Đô thị")
        .await;
    let specialist_id = app.user_id(&s.specialist).await;
    let assign = app
        .act(
            &s.clerk,
            &code,
            "assign",
            1,
            json!({"unit_id": economy, "assignee_id": specialist_id}),
        )
        .await;
    assert_eq!(assign.status, StatusCode::OK, "{}", assign.text);
    (s, code)
}

async fn apologies(app: &TestApp, token: &str, code: &str) -> Vec<Value> {
    let list = app
        .get(&format!("/api/v1/dossiers/{code}/apologies"), Some(token))
        .await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text);
    list.json.as_array().unwrap().clone()
}

#[tokio::test]
async fn a_late_dossier_gets_a_signed_apology_the_public_sees_and_still_counts_as_late() {
    let app = spawn().await;
    let (s, code) = assigned(&app).await;
    // One working day before the due instant the sweep drafts the apology.
    app.clock.set(at("2026-03-04T09:00:30+07:00"));
    app.run_jobs().await;
    let drafts = apologies(&app, &s.specialist, &code).await;
    assert_eq!(drafts.len(), 1);
    assert_eq!(drafts[0]["state"], "draft");
    assert_eq!(drafts[0]["drafted_because"], "due_soon");
    assert_eq!(
        drafts[0]["title"],
        "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT"
    );

    let path = format!("/api/v1/dossiers/{code}/apologies");
    let completed = app
        .post(
            &path,
            Some(&s.specialist),
            &json!({"reason": "Cần xác minh địa điểm kinh doanh tại thực địa", "new_due_at": "2026-03-10T09:00:00+07:00"}),
        )
        .await;
    assert_eq!(completed.status, StatusCode::CREATED, "{}", completed.text);
    assert_eq!(completed.json["id"], drafts[0]["id"]);
    assert_eq!(completed.json["state"], "completed");
    let id = completed.json["id"].as_str().unwrap().to_owned();

    // The clerk may not sign, the leader may not send.
    app.post(&format!("{path}/{id}/sign"), Some(&s.clerk), &json!({}))
        .await
        .assert_problem(403, "forbidden");
    app.post(&format!("{path}/{id}/send"), Some(&s.clerk), &json!({}))
        .await
        .assert_problem(409, "illegal_transition");
    let signed = app
        .post(&format!("{path}/{id}/sign"), Some(&s.leader), &json!({}))
        .await;
    assert_eq!(signed.status, StatusCode::OK, "{}", signed.text);
    assert_eq!(signed.json["signed_by"], "Hoàng Đức Thắng");
    app.post(&format!("{path}/{id}/send"), Some(&s.leader), &json!({}))
        .await
        .assert_problem(403, "forbidden");

    let html = app
        .get(&format!("{path}/{id}?format=html"), Some(&s.clerk))
        .await;
    assert!(html.content_type().starts_with("text/html"));
    assert!(html.text.contains("Cần xác minh địa điểm kinh doanh"));
    assert!(html.text.contains("ĐÃ KÝ, CHƯA GỬI"));
    // The day it was received, as the form says it: a date, not a time
    // read as a day.
    assert!(html.text.contains("<p>Ngày 02/03/2026, "), "{}", html.text);

    let sent = app
        .post(&format!("{path}/{id}/send"), Some(&s.clerk), &json!({}))
        .await;
    // The notice sent prints as the 2025 form: an apology and a request to
    // extend the processing time, signed by the leader.
    let pdf = crate::forms::pdf(&app, &format!("{path}/{id}?format=pdf"), &s.clerk).await;
    if crate::forms::tools() {
        let read = crate::forms::read_pdf(&pdf, "apology-vn-2025");
        let text = crate::forms::words(&read.text);
        assert_eq!(read.pages, 1, "{}", read.text);
        for expected in [
            "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
            "Mẫu 04",
            "Cần xác minh địa điểm kinh doanh tại thực địa",
            "đề nghị được gia hạn",
            "09 giờ 00 phút, ngày 10/03/2026",
            "Hoàng Đức Thắng",
        ] {
            assert!(
                text.contains(expected),
                "{expected:?} missing from {}",
                read.text
            );
        }
        assert!(!text.contains("CHƯA GỬI"), "{}", read.text);
    }
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.text);
    assert_eq!(sent.json["state"], "sent");
    // Sent 30 seconds inside the last working day before the appointment:
    // accepted, but later than the one working day the rule set asks.
    assert_eq!(sent.json["sent_late"], true);
    let stats = app.get("/api/v1/dossiers/stats", Some(&s.leader)).await;
    assert_eq!(stats.json["apologies_sent_late"], 1);
    let d = app.dossier(&s.clerk, &code).await;
    assert_eq!(d["due_at"], "2026-03-10T02:00:00Z");
    assert_eq!(d["original_due_at"], "2026-03-05T02:00:00Z");
    // The appointment explains the move.
    let clock = app
        .get(&format!("/api/v1/dossiers/{code}/clock"), Some(&s.clerk))
        .await;
    assert_eq!(
        clock.json["moves"],
        json!([{"at": "2026-03-04T02:00:30Z", "from": "2026-03-05T02:00:00Z", "to": "2026-03-10T02:00:00Z"}]),
        "{}",
        clock.text
    );
    assert_eq!(clock.json["first_due_at"], "2026-03-05T02:00:00Z");
    assert_eq!(d["late_without_apology"], false);
    assert_eq!(
        d["events"].as_array().unwrap().last().unwrap()["kind"],
        "apology_sent"
    );
    assert!(
        app.notice_kinds(&code)
            .await
            .contains(&"apology".to_owned()),
        "warnings and the applicant's notice"
    );

    let lookup = app.get(&format!("/api/v1/lookup/{code}"), None).await;
    assert_eq!(
        lookup.json["apologies"][0]["reason"],
        "Cần xác minh địa điểm kinh doanh tại thực địa"
    );
    assert_eq!(
        lookup.json["apologies"][0]["new_due_at"],
        "2026-03-10T02:00:00Z"
    );
    assert_eq!(lookup.json["due_at"], "2026-03-10T02:00:00Z");
    assert_eq!(lookup.json["original_due_at"], "2026-03-05T02:00:00Z");

    // Past the first due instant, not the new one: not late without apology.
    app.clock.set(at("2026-03-05T10:00:00+07:00"));
    app.run_jobs().await;
    let d = app.dossier(&s.clerk, &code).await;
    assert_eq!(d["late_without_apology"], false);
    assert_eq!(d["sla_state"], "on_track");
    // The appointment moves once.
    app.post(
        &path,
        Some(&s.specialist),
        &json!({"reason": "Lại chậm", "new_due_at": "2026-03-12T09:00:00+07:00"}),
    )
    .await
    .assert_problem(409, "conflict");
    // Finished before the new appointment: still late for the statistics.
    let finished = app
        .approve_and_finish(&s.specialist, &code, json!({"summary": "Cấp giấy"}))
        .await;
    assert_eq!(finished["outcome"], "late", "{finished}");
    let stats = app.get("/api/v1/dossiers/stats", Some(&s.leader)).await;
    assert_eq!(
        stats.json["finished"],
        json!({"early": 0, "on_time": 0, "late": 1})
    );
    assert_eq!(stats.json["late_without_apology"], 0);
    // The applicant heard of the receipt, the apology and the result, once.
    app.run_jobs().await;
    app.run_jobs().await;
    let mail = app.mail.kept();
    assert_eq!(mail.len(), 3);
    assert!(mail.iter().all(|m| m.to == ["an.nguyen@example.vn"]));
}

#[tokio::test]
async fn a_due_instant_passing_without_an_apology_flags_the_dossier_and_tells_the_leader() {
    let app = spawn().await;
    let (s, code) = assigned(&app).await;
    app.clock.set(at("2026-03-05T09:30:00+07:00"));
    app.run_jobs().await;
    let d = app.dossier(&s.leader, &code).await;
    assert_eq!(d["late_without_apology"], true);
    assert_eq!(d["sla_state"], "overdue");
    let stats = app.get("/api/v1/dossiers/stats", Some(&s.leader)).await;
    assert_eq!(stats.json["late_without_apology"], 1);
    let list = apologies(&app, &s.leader, &code).await;
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["drafted_because"], "late_without_apology");
    // The flag is for staff, not the public timeline.
    let lookup = app.get(&format!("/api/v1/lookup/{code}"), None).await;
    assert!(!lookup.text.contains("chưa có văn bản xin lỗi"));
    assert_eq!(lookup.json["apologies"], json!([]));
    // A late apology still goes out, and the flag stays.
    let path = format!("/api/v1/dossiers/{code}/apologies");
    let done = app
        .post(&path, Some(&s.specialist), &json!({"reason": "Chờ ý kiến cơ quan thuế", "new_due_at": "2026-03-09T14:00:00+07:00"}))
        .await;
    assert_eq!(done.status, StatusCode::CREATED, "{}", done.text);
    let id = done.json["id"].as_str().unwrap();
    app.post(&format!("{path}/{id}/sign"), Some(&s.leader), &json!({}))
        .await;
    let sent = app
        .post(&format!("{path}/{id}/send"), Some(&s.clerk), &json!({}))
        .await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.text);
    assert_eq!(
        app.dossier(&s.leader, &code).await["late_without_apology"],
        true
    );
    // Running the sweep again adds nothing.
    let before = app.counts().await;
    app.run_jobs().await;
    assert_eq!(app.counts().await["notices"], before["notices"]);
    assert_eq!(app.counts().await["apologies"], before["apologies"]);
}

#[tokio::test]
async fn bad_apologies_are_refused_with_nothing_written() {
    let app = spawn().await;
    let (s, code) = assigned(&app).await;
    let path = format!("/api/v1/dossiers/{code}/apologies");
    let other = app.other_agency_clerk().await;
    let before = app.counts().await;
    for (body, status, problem) in [
        (
            json!({"reason": "x", "new_due_at": "2026-03-04T09:00:00+07:00"}),
            422,
            "validation",
        ),
        (
            json!({"reason": "x", "new_due_at": "2026-03-07T09:00:00+07:00"}),
            422,
            "validation",
        ),
        (
            json!({"reason": "x", "new_due_at": "2026-03-10T12:00:00+07:00"}),
            422,
            "validation",
        ),
        (
            json!({"reason": "x", "new_due_at": "next week"}),
            422,
            "validation",
        ),
        (
            json!({"reason": " ", "new_due_at": "2026-03-10T09:00:00+07:00"}),
            422,
            "validation",
        ),
        (json!({"reason": "x"}), 422, "validation"),
    ] {
        app.post(&path, Some(&s.specialist), &body)
            .await
            .assert_problem(status, problem);
    }
    let ok = json!({"reason": "x", "new_due_at": "2026-03-10T09:00:00+07:00"});
    app.post(&path, Some(&s.clerk), &ok)
        .await
        .assert_problem(403, "forbidden");
    app.get(&path, Some(&other))
        .await
        .assert_problem(404, "not_found");
    let unknown = uuid::Uuid::new_v4();
    app.post(
        &format!("{path}/{unknown}/sign"),
        Some(&s.leader),
        &json!({}),
    )
    .await
    .assert_problem(404, "not_found");
    app.post(
        &format!("{path}/not-an-id/sign"),
        Some(&s.leader),
        &json!({}),
    )
    .await
    .assert_problem(404, "not_found");
    assert_eq!(app.counts().await, before);
    // A draft is not signed; a sent apology's dossier ended cannot move.
    let created = app.post(&path, Some(&s.specialist), &ok).await;
    let id = created.json["id"].as_str().unwrap();
    app.post(&format!("{path}/{id}/sign"), Some(&s.leader), &json!({}))
        .await;
    app.post(&format!("{path}/{id}/sign"), Some(&s.leader), &json!({}))
        .await
        .assert_problem(409, "illegal_transition");
}

#[tokio::test]
async fn an_apology_sent_a_working_day_ahead_is_on_time() {
    let app = spawn().await;
    let (s, code) = assigned(&app).await; // due Thursday 5 March 09:00
    // On Tuesday the unit sees it will be late and apologises at once.
    app.clock.set(at("2026-03-03T10:00:00+07:00"));
    let path = format!("/api/v1/dossiers/{code}/apologies");
    let completed = app
        .post(
            &path,
            Some(&s.specialist),
            &json!({"reason": "Chờ ý kiến phối hợp của cơ quan thuế", "new_due_at": "2026-03-10T09:00:00+07:00"}),
        )
        .await;
    assert_eq!(completed.status, StatusCode::CREATED, "{}", completed.text);
    let id = completed.json["id"].as_str().unwrap().to_owned();
    app.post(&format!("{path}/{id}/sign"), Some(&s.leader), &json!({}))
        .await;
    let sent = app
        .post(&format!("{path}/{id}/send"), Some(&s.clerk), &json!({}))
        .await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.text);
    assert_eq!(sent.json["sent_late"], false);
    let stats = app.get("/api/v1/dossiers/stats", Some(&s.leader)).await;
    assert_eq!(stats.json["apologies_sent_late"], 0);

    // The new appointment passes too: flagged on the history, the leader
    // told again, and not again on the next sweep.
    app.clock.set(at("2026-03-10T09:00:30+07:00"));
    app.run_jobs().await;
    app.advance(chrono::TimeDelta::minutes(5));
    app.run_jobs().await;
    let d = app.dossier(&s.leader, &code).await;
    let missed = d["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "missed_new_appointment")
        .count();
    assert_eq!(missed, 1, "{d}");
    let notices = app
        .get(&format!("/api/v1/notices?dossier={code}"), Some(&s.leader))
        .await;
    let told: Vec<&Value> = notices.json["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "missed_new_appointment")
        .collect();
    assert_eq!(told.len(), 1, "{}", notices.text);
    // The public timeline does not show the flag.
    let public = app.get(&format!("/api/v1/lookup/{code}"), None).await;
    assert_eq!(public.status, StatusCode::OK);
    assert!(
        !public.text.contains("Quá thời gian hẹn trả lại"),
        "{}",
        public.text
    );
}
