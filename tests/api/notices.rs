//! Notices leave through the outbox: written with the change, sent by a job,
//! marked sent with the provider's answer, retried, failed for good and
//! visible to staff, never sent twice.

use chrono::TimeDelta;
use motcua_notify::SendError;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, business_household, spawn_app_with_long_sessions as spawn};

const WARD: &str = "000.25.01.H26";
const ECONOMY: &str = "Phòng Kinh tế, Hạ tầng và Đô thị";

/// The outbox rows of a dossier: (kind, channel, state, attempts).
async fn outbox(app: &TestApp, code: &str) -> Vec<(String, String, String, i32)> {
    let db = app.db.clone();
    let code = code.to_owned();
    tokio::task::spawn_blocking(move || {
        let mut conn = db.get().unwrap();
        let row = motcua_db::dossiers::by_code(&mut conn, &code)
            .unwrap()
            .unwrap();
        motcua_db::notices::of_dossier(&mut conn, &row.id)
            .unwrap()
            .into_iter()
            .map(|n| {
                (
                    n.kind.to_string(),
                    n.channel.to_string(),
                    n.state.to_string(),
                    n.attempts,
                )
            })
            .collect()
    })
    .await
    .unwrap()
}

fn row(kind: &str, channel: &str, state: &str, attempts: i32) -> (String, String, String, i32) {
    (kind.into(), channel.into(), state.into(), attempts)
}

async fn receive(app: &TestApp, clerk: &str, extra: Value) -> String {
    let mut body = business_household();
    for (key, value) in extra.as_object().unwrap() {
        body[key] = value.clone();
    }
    let answer = app.receive(clerk, &body).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
    answer.json["dossier"]["code"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn every_notice_goes_once_by_each_channel_the_applicant_chose_in_their_language() {
    let app = spawn().await;
    let clerk = app.login("clerk").await;
    let specialist = app.login("specialist").await;
    let code = receive(
        &app,
        &clerk,
        json!({"notify_by": ["email", "sms"], "notice_language": "en"}),
    )
    .await;
    let d = app.dossier(&clerk, &code).await;
    assert_eq!(d["notify_by"], json!(["email", "sms"]));
    assert_eq!(d["notice_language"], "en");
    assert_eq!(
        outbox(&app, &code).await,
        [
            row("receipt", "email", "pending", 0),
            row("receipt", "sms", "pending", 0)
        ]
    );
    // Nothing leaves in the request: only a job sends.
    assert!(app.mail.kept().is_empty());
    app.run_jobs().await;
    assert_eq!(
        outbox(&app, &code).await,
        [
            row("receipt", "email", "sent", 1),
            row("receipt", "sms", "sent", 1)
        ]
    );
    let mail = app.mail.kept();
    assert_eq!(mail.len(), 1);
    assert_eq!(mail[0].to, ["an.nguyen@example.vn"]);
    // English subject, plain ASCII, so not encoded.
    assert!(
        mail[0]
            .raw
            .contains(&format!("Subject: Dossier {code} received")),
        "{}",
        mail[0].raw
    );
    let sms = app.sms.kept();
    assert_eq!(sms.len(), 1);
    assert_eq!(sms[0].to, "0912345678");
    assert_eq!(
        sms[0].text,
        format!("Dossier {code} received. Due: 09:00 on 05/03/2026")
    );

    // A supplement request, its answer, the result: one notice each per
    // channel (recording the supplement tells nobody).
    let economy = app.unit_id(&clerk, WARD, ECONOMY).await;
    let specialist_id = app.user_id(&specialist).await;
    app.act_ok(
        &clerk,
        &code,
        "assign",
        json!({"unit_id": economy, "assignee_id": specialist_id}),
    )
    .await;
    app.act_ok(
        &specialist,
        &code,
        "request-supplement",
        json!({"items": ["Bản sao hợp đồng thuê địa điểm"]}),
    )
    .await;
    app.act_ok(&clerk, &code, "record-supplement", json!({}))
        .await;
    app.approve_and_finish(&specialist, &code, json!({"summary": "Cấp giấy"}))
        .await;
    app.run_jobs().await;
    // Jobs that run again send nothing again.
    app.advance(TimeDelta::hours(2));
    app.run_jobs().await;
    app.run_jobs().await;
    let rows = outbox(&app, &code).await;
    assert_eq!(
        rows,
        [
            row("receipt", "email", "sent", 1),
            row("receipt", "sms", "sent", 1),
            row("supplement_request", "email", "sent", 1),
            row("supplement_request", "sms", "sent", 1),
            row("result_ready", "email", "sent", 1),
            row("result_ready", "sms", "sent", 1),
        ]
    );
    assert_eq!(app.mail.kept().len(), 3);
    let texts: Vec<String> = app.sms.kept().into_iter().map(|s| s.text).collect();
    assert_eq!(
        texts[1],
        format!("Dossier {code}: documents needed. Ban sao hop dong thue dia diem")
    );
    assert_eq!(texts[2], format!("Dossier {code}: your result is ready"));

    // Staff see what went out and what the provider said.
    let list = app
        .get(&format!("/api/v1/notices?dossier={code}"), Some(&clerk))
        .await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text);
    let items = list.json["items"].as_array().unwrap();
    assert_eq!(items.len(), 6);
    assert!(items.iter().all(|n| n["state"] == "sent"));
    assert_eq!(items[5]["kind"], "receipt");
    assert_eq!(items[5]["dossier_code"], code.as_str());
    assert!(
        items
            .iter()
            .any(|n| n["provider_answer"] == "250 kept in memory as #1")
    );
}

#[tokio::test]
async fn an_applicant_who_gives_no_choice_gets_email_and_one_who_declines_gets_nothing() {
    let app = spawn().await;
    let clerk = app.login("clerk").await;
    let default = receive(&app, &clerk, json!({})).await;
    assert_eq!(
        outbox(&app, &default).await,
        [row("receipt", "email", "pending", 0)]
    );
    let declined = receive(&app, &clerk, json!({"notify_by": []})).await;
    assert!(outbox(&app, &declined).await.is_empty());
    let mut phone_only = business_household();
    phone_only["applicant"]["email"] = Value::Null;
    let answer = app.receive(&clerk, &phone_only).await;
    let by_sms = answer.json["dossier"]["code"].as_str().unwrap();
    assert_eq!(
        outbox(&app, by_sms).await,
        [row("receipt", "sms", "pending", 0)]
    );
}

#[tokio::test]
async fn bad_notice_preferences_are_refused_with_nothing_written() {
    let app = spawn().await;
    let clerk = app.login("clerk").await;
    let before = app.counts().await;
    let mut no_phone = business_household();
    no_phone["applicant"]["phone"] = Value::Null;
    no_phone["notify_by"] = json!(["sms"]);
    let answer = app.receive(&clerk, &no_phone).await;
    answer.assert_problem(422, "validation");
    assert_eq!(answer.json["errors"][0]["field"], "applicant.phone");
    for (key, value) in [
        ("notify_by", json!(["fax"])),
        ("notify_by", json!("email")),
        ("notify_by", json!([1])),
        ("notice_language", json!("fr")),
        ("notice_language", json!(7)),
    ] {
        let mut body = business_household();
        body[key] = value.clone();
        let answer = app.receive(&clerk, &body).await;
        assert!(
            answer.status.is_client_error(),
            "{key}={value}: {}",
            answer.text
        );
        assert_eq!(answer.content_type(), "application/problem+json");
    }
    assert_eq!(app.counts().await, before);
}

#[tokio::test]
async fn a_failing_mail_server_is_retried_then_the_notice_fails_for_good_and_staff_resend_it() {
    let app = spawn().await;
    let clerk = app.login("clerk").await;
    let specialist = app.login("specialist").await;
    let code = receive(&app, &clerk, json!({})).await;

    // Busy once: tried again after the back-off, then sent.
    app.mail
        .fail_with(Some(SendError::Transient("421 4.3.2 try later".into())));
    let ran = app.run_jobs().await;
    assert!(
        ran.iter()
            .any(|r| r.kind == "send_notice" && r.result == "retry")
    );
    assert_eq!(
        outbox(&app, &code).await,
        [row("receipt", "email", "pending", 1)]
    );
    app.mail.fail_with(None);
    app.run_jobs().await;
    assert!(app.mail.kept().is_empty(), "not before the back-off");
    app.advance(TimeDelta::seconds(10));
    app.run_jobs().await;
    assert_eq!(
        outbox(&app, &code).await,
        [row("receipt", "email", "sent", 2)]
    );
    assert_eq!(app.mail.kept().len(), 1);

    // Down for good: twelve tries over hours, then failed.
    let second = receive(&app, &clerk, json!({})).await;
    app.mail
        .fail_with(Some(SendError::Transient("connection refused".into())));
    for _ in 0..14 {
        app.run_jobs().await;
        app.advance(TimeDelta::hours(1));
    }
    assert_eq!(
        outbox(&app, &second).await,
        [row("receipt", "email", "failed", 12)]
    );
    // A refused address fails at once.
    app.mail
        .fail_with(Some(SendError::Permanent("550 5.1.1 no such user".into())));
    let third = receive(&app, &clerk, json!({})).await;
    app.run_jobs().await;
    assert_eq!(
        outbox(&app, &third).await,
        [row("receipt", "email", "failed", 1)]
    );
    app.mail.fail_with(None);

    // Staff see the failures; the specialist sees only their own notices.
    let failed = app.get("/api/v1/notices?state=failed", Some(&clerk)).await;
    assert_eq!(failed.status, StatusCode::OK, "{}", failed.text);
    let items = failed.json["items"].as_array().unwrap().clone();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["dossier_code"], third.as_str());
    assert_eq!(items[0]["last_error"], "550 5.1.1 no such user");
    assert_eq!(items[1]["last_error"], "connection refused");
    let own = app
        .get("/api/v1/notices?state=failed", Some(&specialist))
        .await;
    assert_eq!(own.json["items"], json!([]));
    let other = app.other_agency_clerk().await;
    let theirs = app.get("/api/v1/notices", Some(&other)).await;
    assert_eq!(theirs.json["items"], json!([]));

    // The one-stop clerk sends it again; it goes once.
    let id = items[1]["id"].as_str().unwrap();
    let resend = format!("/api/v1/notices/{id}/resend");
    app.post(&resend, Some(&specialist), &json!({}))
        .await
        .assert_problem(403, "forbidden");
    app.post(&resend, Some(&other), &json!({}))
        .await
        .assert_problem(404, "not_found");
    let again = app.post(&resend, Some(&clerk), &json!({})).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.text);
    assert_eq!(again.json["state"], "pending");
    app.post(&resend, Some(&clerk), &json!({}))
        .await
        .assert_problem(409, "conflict");
    app.run_jobs().await;
    assert_eq!(
        outbox(&app, &second).await,
        [row("receipt", "email", "sent", 13)]
    );
    assert_eq!(app.mail.kept().len(), 2);
    app.run_jobs().await;
    assert_eq!(app.mail.kept().len(), 2);

    // Bad input.
    for bad in [
        "state=lost",
        "dossier=not-a-code",
        "limit=0",
        "limit=201",
        "offset=-1",
        "mine=maybe",
        "colour=red",
    ] {
        app.get(&format!("/api/v1/notices?{bad}"), Some(&clerk))
            .await
            .assert_status_4xx();
    }
    app.get("/api/v1/notices", None)
        .await
        .assert_problem(401, "unauthenticated");
    app.post(
        "/api/v1/notices/not-a-uuid/resend",
        Some(&clerk),
        &json!({}),
    )
    .await
    .assert_problem(404, "not_found");
    app.post(
        &format!("/api/v1/notices/{}/resend", uuid::Uuid::now_v7()),
        Some(&clerk),
        &json!({}),
    )
    .await
    .assert_problem(404, "not_found");
}

#[tokio::test]
async fn staff_with_an_email_address_get_their_warnings_by_email() {
    let app = spawn().await;
    let admin = app.login("admin").await;
    let clerk = app.login("clerk").await;
    let economy = app.unit_id(&clerk, WARD, ECONOMY).await;
    let created = app
        .post(
            "/api/v1/users",
            Some(&admin),
            &json!({"username": "thuly2", "password": "another-secret", "full_name": "Trần Thị Hoa",
                    "role": "specialist", "agency_code": WARD, "unit_id": economy,
                    "email": "hoa.tran@phuong.example.gov.vn"}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    assert_eq!(created.json["email"], "hoa.tran@phuong.example.gov.vn");
    let bad = app
        .post(
            "/api/v1/users",
            Some(&admin),
            &json!({"username": "thuly3", "password": "another-secret", "full_name": "Lê Văn C",
                    "role": "specialist", "agency_code": WARD, "email": "not-an-address"}),
        )
        .await;
    bad.assert_problem(422, "validation");

    let code = receive(&app, &clerk, json!({"notify_by": []})).await;
    app.act_ok(
        &clerk,
        &code,
        "assign",
        json!({"unit_id": economy, "assignee_id": created.json["id"]}),
    )
    .await;
    // One working day before the due instant (Thursday 5 March 09:00).
    app.clock
        .set(crate::helpers::at("2026-03-04T09:00:30+07:00"));
    app.run_jobs().await;
    let mut warnings: Vec<_> = outbox(&app, &code)
        .await
        .into_iter()
        .map(|(kind, _, state, _)| (kind, state))
        .collect();
    warnings.sort();
    // The new specialist by e-mail; the unit head, who gave no address, has
    // the warning on record and in the work queue.
    assert_eq!(
        warnings,
        [
            ("due_soon_warning".to_owned(), "sent".to_owned()),
            ("due_soon_warning".to_owned(), "unaddressed".to_owned())
        ]
    );
    let mail = app.mail.kept();
    assert_eq!(mail.len(), 1);
    assert_eq!(mail[0].to, ["hoa.tran@phuong.example.gov.vn"]);
    assert!(
        mail[0]
            .raw
            .contains("Content-Type: text/html; charset=utf-8")
    );
    let hoa = app.login_answer("thuly2", "another-secret").await;
    let hoa = hoa.json["access_token"].as_str().unwrap();
    let mine = app.get("/api/v1/notices?mine=true", Some(hoa)).await;
    assert_eq!(mine.json["items"][0]["kind"], "due_soon_warning");
    assert_eq!(mine.json["items"][0]["state"], "sent");
}

/// A real SMTP server: aiosmtpd (from the Python package index) writing to a Maildir. `.ci/run`
/// installs it and sets `MOTCUA_TEST_SMTP_PYTHON`, which makes this test
/// mandatory; elsewhere it runs when `python3` can import aiosmtpd.
struct SmtpServer {
    python: String,
    port: u16,
    maildir: tempfile::TempDir,
    child: std::process::Child,
}

impl SmtpServer {
    fn start() -> Option<SmtpServer> {
        let python = match std::env::var("MOTCUA_TEST_SMTP_PYTHON") {
            Ok(python) => python,
            Err(_) => {
                let found = std::process::Command::new("python3")
                    .args(["-c", "import aiosmtpd"])
                    .output()
                    .is_ok_and(|o| o.status.success());
                if !found {
                    eprintln!(
                        "skipped: no aiosmtpd (set MOTCUA_TEST_SMTP_PYTHON, as .ci/run does)"
                    );
                    return None;
                }
                "python3".to_owned()
            }
        };
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let maildir = tempfile::tempdir().unwrap();
        let child = std::process::Command::new(&python)
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}")])
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(maildir.path().join("Maildir"))
            .spawn()
            .expect("start aiosmtpd");
        let server = SmtpServer {
            python,
            port,
            maildir,
            child,
        };
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Some(server);
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        panic!("aiosmtpd did not listen on {port}");
    }

    /// What arrived, parsed by Python's own e-mail package: headers decoded,
    /// each part's type and decoded text.
    fn received(&self) -> Vec<Value> {
        let script = r#"
import json, mailbox, sys
from email import policy
from email.parser import BytesParser
out = []
box = mailbox.Maildir(sys.argv[1], factory=None, create=False)
for key in sorted(box.keys()):
    with box.get_file(key) as f:
        msg = BytesParser(policy=policy.default).parse(f)
    out.append({
        "subject": str(msg["subject"]),
        "from": str(msg["from"]),
        "to": str(msg["to"]),
        "message_id": str(msg["message-id"]),
        "date": str(msg["date"]),
        "mime_version": str(msg["mime-version"]),
        "content_type": msg.get_content_type(),
        "parts": [{"type": p.get_content_type(), "charset": p.get_content_charset(), "text": p.get_content()}
                  if p.get_content_maintype() == "text" else
                  {"type": p.get_content_type(), "filename": p.get_filename(),
                   "head": p.get_content()[:5].decode("latin-1"), "size": len(p.get_content())}
                  for p in msg.walk() if not p.is_multipart()],
    })
print(json.dumps(out, ensure_ascii=False))
"#;
        let output = std::process::Command::new(&self.python)
            .args(["-c", script])
            .arg(self.maildir.path().join("Maildir"))
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let mut all: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
        all.sort_by_key(|m| m["date"].as_str().unwrap_or_default().to_owned());
        all
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
async fn a_signed_apology_reaches_a_real_smtp_server_in_vietnamese() {
    let Some(smtp) = SmtpServer::start() else {
        return;
    };
    let port = smtp.port;
    let app = crate::helpers::spawn_app_with(move |s| {
        s.access_ttl_seconds = 90 * 86_400;
        s.refresh_ttl_seconds = 90 * 86_400;
        s.smtp_url = Some(format!("smtp://127.0.0.1:{port}"));
        s.mail_from = "Một cửa phường Ba Đình <motcua@phuong.example.gov.vn>".into();
        s.mail_domain = Some("motcua.example.gov.vn".into());
    })
    .await;
    let clerk = app.login("clerk").await;
    let specialist = app.login("specialist").await;
    let leader = app.login("leader").await;
    let code = receive(&app, &clerk, json!({})).await;
    let economy = app.unit_id(&clerk, WARD, ECONOMY).await;
    let specialist_id = app.user_id(&specialist).await;
    app.act_ok(
        &clerk,
        &code,
        "assign",
        json!({"unit_id": economy, "assignee_id": specialist_id}),
    )
    .await;
    app.clock
        .set(crate::helpers::at("2026-03-04T09:00:30+07:00"));
    app.run_jobs().await;
    let path = format!("/api/v1/dossiers/{code}/apologies");
    let completed = app
        .post(
            &path,
            Some(&specialist),
            &json!({"reason": "Cần xác minh địa điểm kinh doanh tại thực địa", "new_due_at": "2026-03-10T09:00:00+07:00"}),
        )
        .await;
    let id = completed.json["id"].as_str().unwrap().to_owned();
    let signed = app
        .post(&format!("{path}/{id}/sign"), Some(&leader), &json!({}))
        .await;
    assert_eq!(signed.status, StatusCode::OK, "{}", signed.text);
    let sent = app
        .post(&format!("{path}/{id}/send"), Some(&clerk), &json!({}))
        .await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.text);
    app.run_jobs().await;
    app.run_jobs().await;

    let notices = app
        .get(&format!("/api/v1/notices?dossier={code}"), Some(&clerk))
        .await;
    let applicant: Vec<&Value> = notices.json["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["recipient_user_id"].is_null())
        .collect();
    assert_eq!(applicant.len(), 2, "{}", notices.text);
    for notice in &applicant {
        assert_eq!(notice["state"], "sent");
        assert!(
            notice["provider_answer"]
                .as_str()
                .unwrap()
                .starts_with("250"),
            "{notice}"
        );
    }
    let apology_id = applicant.iter().find(|n| n["kind"] == "apology").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let mail = smtp.received();
    assert_eq!(mail.len(), 2, "{mail:?}");
    let apology = mail
        .iter()
        .find(|m| m["subject"].as_str().unwrap().starts_with("Xin lỗi"))
        .unwrap();
    assert_eq!(
        apology["subject"],
        format!("Xin lỗi và hẹn lại ngày trả kết quả hồ sơ {code}")
    );
    assert_eq!(
        apology["from"],
        "Một cửa phường Ba Đình <motcua@phuong.example.gov.vn>"
    );
    assert_eq!(apology["to"], "Nguyễn Văn An <an.nguyen@example.vn>");
    assert_eq!(
        apology["message_id"],
        format!("<{apology_id}@motcua.example.gov.vn>")
    );
    assert_eq!(apology["mime_version"], "1.0");
    // The words, and the signed notice as a PDF.
    assert_eq!(apology["content_type"], "multipart/mixed");
    let parts = apology["parts"].as_array().unwrap();
    assert_eq!(parts.len(), 3);
    assert_eq!(parts[0]["type"], "text/plain");
    assert_eq!(parts[1]["type"], "text/html");
    assert_eq!(parts[2]["type"], "application/pdf");
    assert_eq!(parts[2]["filename"], format!("{code}-mau-04.pdf"));
    assert_eq!(parts[2]["head"], "%PDF-");
    for part in &parts[..2] {
        assert_eq!(part["charset"], "utf-8");
        let text = part["text"].as_str().unwrap();
        assert!(text.contains("Kính gửi Nguyễn Văn An,"), "{text}");
        assert!(
            text.contains("không thể trả kết quả đúng hẹn 09:00 ngày 05/03/2026."),
            "{text}"
        );
        assert!(
            text.contains("Lý do: Cần xác minh địa điểm kinh doanh tại thực địa."),
            "{text}"
        );
        assert!(
            text.contains("Thời gian hẹn trả kết quả mới: 09:00 ngày 10/03/2026."),
            "{text}"
        );
    }
    let receipt = mail
        .iter()
        .find(|m| m["subject"] == format!("Tiếp nhận hồ sơ {code}"))
        .unwrap();
    assert!(
        receipt["parts"][0]["text"]
            .as_str()
            .unwrap()
            .contains(&format!(
                "Tra cứu tình trạng hồ sơ: https://motcua.test/tra-cuu/{code}"
            ))
    );
    // The link lands on the lookup page, not on JSON.
    let page = app.get(&format!("/tra-cuu/{code}"), None).await;
    assert_eq!(page.status, 200);
    assert_eq!(page.headers["content-type"], "text/html; charset=utf-8");
    assert!(page.text.contains(&code));
}
