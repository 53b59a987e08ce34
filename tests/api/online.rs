//! Online submission through the HTTP API: citizen accounts, drafts, uploads,
//! idempotent submission, and the clerk's review of what arrives online.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{PDF, PNG, TestApp, application, at, spawn_app, spawn_app_with_long_sessions};

/// Starts a draft; its id.
async fn draft(app: &TestApp, token: &str, body: &Value) -> String {
    let answer = app.post("/api/v1/me/dossiers", Some(token), body).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
    assert_eq!(answer.json["state"], "draft");
    answer.json["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_citizen_registers_proves_the_address_and_signs_in() {
    let app = spawn_app().await;
    let before = app.counts().await;
    let email = "binh.tran@example.vn";

    // Bad registrations write nothing.
    for (body, field) in [
        (
            json!({"email": "not-an-address", "password": "mật khẩu đủ dài", "full_name": "Trần Thị Bình"}),
            "email",
        ),
        (
            json!({"email": email, "password": "short", "full_name": "Trần Thị Bình"}),
            "password",
        ),
        (
            json!({"email": email, "password": "mật khẩu đủ dài", "full_name": ""}),
            "full_name",
        ),
        (
            json!({"email": email, "password": "mật khẩu đủ dài", "full_name": "Công ty A", "organization": {"name": "Công ty A", "tax_code": "12"}}),
            "organization.tax_code",
        ),
        (
            json!({"email": email, "password": "mật khẩu đủ dài", "full_name": "Trần Thị Bình", "language": "fr"}),
            "language",
        ),
    ] {
        let answer = app.post("/api/v1/citizens", None, &body).await;
        answer.assert_problem(422, "validation");
        assert!(
            answer.error_fields().contains(&field.to_owned()),
            "{}",
            answer.text
        );
    }
    app.post(
        "/api/v1/citizens",
        None,
        &json!({"email": email, "password": 12}),
    )
    .await
    .assert_problem(422, "validation");
    app.post_raw(
        "/api/v1/citizens",
        None,
        "application/json",
        b"{\"email\":".to_vec(),
    )
    .await
    .assert_problem(400, "malformed_json");
    assert_eq!(app.counts().await, before);

    let answer = app
        .post(
            "/api/v1/citizens",
            None,
            &json!({"email": "Binh.Tran@Example.vn", "password": "mật khẩu đủ dài", "full_name": "Trần Thị Bình", "language": "en"}),
        )
        .await;
    assert_eq!(answer.status, StatusCode::ACCEPTED, "{}", answer.text);
    assert_eq!(answer.json, json!({"email": email}));

    // Not before the address is proved.
    app.post(
        "/api/v1/citizens/login",
        None,
        &json!({"email": email, "password": "mật khẩu đủ dài"}),
    )
    .await
    .assert_problem(403, "forbidden");

    // The link goes through the outbox, in English as asked.
    app.run_jobs().await;
    let mail = app.mail.kept();
    assert_eq!(mail.len(), 1);
    assert_eq!(mail[0].to, [email]);
    assert!(
        mail[0].raw.contains("Subject: Confirm your e-mail address"),
        "{}",
        mail[0].raw
    );
    assert_eq!(app.notices_to(email).await, ["account_verification"]);
    let token = app.link_token(email).await;

    // Forged and tampered links are refused.
    app.get("/api/v1/citizens/verify-email?token=abc.def.ghi", None)
        .await
        .assert_problem(401, "unauthenticated");
    let tampered = format!("{}x", &token[..token.len() - 1]);
    app.get(
        &format!("/api/v1/citizens/verify-email?token={tampered}"),
        None,
    )
    .await
    .assert_problem(401, "unauthenticated");
    app.get("/api/v1/citizens/verify-email", None)
        .await
        .assert_problem(400, "invalid_query");

    let verified = app
        .get(
            &format!("/api/v1/citizens/verify-email?token={token}"),
            None,
        )
        .await;
    assert_eq!(verified.status, StatusCode::OK, "{}", verified.text);
    assert_eq!(verified.json["email_verified"], true);
    let again = app
        .get(
            &format!("/api/v1/citizens/verify-email?token={token}"),
            None,
        )
        .await;
    assert_eq!(again.status, StatusCode::OK);

    let citizen = app
        .citizen_login("BINH.TRAN@example.vn", "mật khẩu đủ dài")
        .await;
    let me = app.get("/api/v1/citizens/me", Some(&citizen)).await;
    assert_eq!(me.status, StatusCode::OK, "{}", me.text);
    assert_eq!(me.json["full_name"], "Trần Thị Bình");

    // Citizen and staff tokens open only their own doors.
    let clerk = app.login("clerk").await;
    app.get("/api/v1/citizens/me", Some(&clerk))
        .await
        .assert_problem(401, "unauthenticated");
    app.get("/api/v1/dossiers", Some(&citizen))
        .await
        .assert_problem(401, "unauthenticated");
    app.get("/api/v1/me/dossiers", Some(&clerk))
        .await
        .assert_problem(401, "unauthenticated");

    // An organisation carries its tax code.
    let org = app
        .post(
            "/api/v1/citizens",
            None,
            &json!({"email": "ketoan@congty-a.vn", "password": "mật khẩu đủ dài", "full_name": "Lê Văn Cường", "organization": {"name": "Công ty TNHH A", "tax_code": "0101234567"}}),
        )
        .await;
    assert_eq!(org.status, StatusCode::ACCEPTED, "{}", org.text);
    let token = app.link_token("ketoan@congty-a.vn").await;
    let org = app
        .get(
            &format!("/api/v1/citizens/verify-email?token={token}"),
            None,
        )
        .await;
    assert_eq!(org.json["kind"], "organization");
    assert_eq!(org.json["organization"]["tax_code"], "0101234567");
}

#[tokio::test]
async fn verification_links_expire() {
    let app = spawn_app().await;
    let email = "late@example.vn";
    app.post(
        "/api/v1/citizens",
        None,
        &json!({"email": email, "password": "mật khẩu đủ dài", "full_name": "Trần Thị Bình"}),
    )
    .await;
    let token = app.link_token(email).await;
    app.advance(chrono::TimeDelta::hours(49));
    app.get(
        &format!("/api/v1/citizens/verify-email?token={token}"),
        None,
    )
    .await
    .assert_problem(401, "unauthenticated");
    // Asking for a reset sends a link to set a password, which proves the
    // address too.
    let asked = app
        .post(
            "/api/v1/citizens/password-reset",
            None,
            &json!({"email": email}),
        )
        .await;
    assert_eq!(asked.status, StatusCode::ACCEPTED);
    assert_eq!(
        app.notices_to(email).await,
        ["account_verification", "password_reset"]
    );
    let fresh = app.link_token(email).await;
    let reset = app
        .post(
            "/api/v1/citizens/password-reset/confirm",
            None,
            &json!({"token": fresh, "password": "một mật khẩu mới"}),
        )
        .await;
    assert_eq!(reset.status, StatusCode::NO_CONTENT, "{}", reset.text);
    app.citizen_login(email, "một mật khẩu mới").await;
}

#[tokio::test]
async fn wrong_passwords_lock_the_account_and_a_reset_link_works_once() {
    let app = spawn_app().await;
    let email = "binh.tran@example.vn";
    app.citizen(email).await;
    let login = |password: &'static str| {
        let app = &app;
        async move {
            app.post(
                "/api/v1/citizens/login",
                None,
                &json!({"email": email, "password": password}),
            )
            .await
        }
    };
    for _ in 0..4 {
        login("wrong password")
            .await
            .assert_problem(401, "unauthenticated");
    }
    let locked = login("wrong password").await;
    locked.assert_problem(429, "rate_limited");
    assert_eq!(locked.headers["retry-after"], "900");
    // Locked: even the right password waits.
    login("mật khẩu đủ dài")
        .await
        .assert_problem(429, "rate_limited");
    app.advance(chrono::TimeDelta::minutes(16));
    let ok = login("mật khẩu đủ dài").await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.text);

    // An unknown address is answered the same, and nothing is sent.
    let before = app.counts().await;
    let unknown = app
        .post(
            "/api/v1/citizens/password-reset",
            None,
            &json!({"email": "nobody@example.vn"}),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::ACCEPTED);
    assert_eq!(app.counts().await, before);

    let asked = app
        .post(
            "/api/v1/citizens/password-reset",
            None,
            &json!({"email": email}),
        )
        .await;
    assert_eq!(asked.status, StatusCode::ACCEPTED);
    assert_eq!(asked.json, unknown.json);
    let token = app.link_token(email).await;

    // A verification token is not a reset token.
    app.post(
        "/api/v1/citizens/password-reset/confirm",
        None,
        &json!({"token": "abc", "password": "một mật khẩu mới"}),
    )
    .await
    .assert_problem(401, "unauthenticated");
    app.post(
        "/api/v1/citizens/password-reset/confirm",
        None,
        &json!({"token": token, "password": "short"}),
    )
    .await
    .assert_problem(422, "validation");

    let reset = app
        .post(
            "/api/v1/citizens/password-reset/confirm",
            None,
            &json!({"token": token, "password": "một mật khẩu mới"}),
        )
        .await;
    assert_eq!(reset.status, StatusCode::NO_CONTENT, "{}", reset.text);
    login("mật khẩu đủ dài")
        .await
        .assert_problem(401, "unauthenticated");
    app.citizen_login(email, "một mật khẩu mới").await;
    // Once only.
    app.post(
        "/api/v1/citizens/password-reset/confirm",
        None,
        &json!({"token": token, "password": "a third new password"}),
    )
    .await
    .assert_problem(401, "unauthenticated");
    app.run_jobs().await;
    assert_eq!(
        app.notices_to(email).await,
        ["account_verification", "password_reset"]
    );
    assert_eq!(app.mail.kept().len(), 2);
}

#[tokio::test]
async fn a_full_procedure_goes_from_draft_to_a_running_clock_without_a_counter_visit() {
    let app = spawn_app_with_long_sessions().await;
    let citizen = app.citizen("binh.tran@example.vn").await;
    let clerk = app.login("clerk").await;

    // Birth registration (1.001193) is `full`: the result goes online or
    // by post, never to the counter.
    app.post(
        "/api/v1/me/dossiers",
        Some(&citizen),
        &application("1.001193", "counter"),
    )
    .await
    .assert_problem(422, "validation");
    let id = draft(&app, &citizen, &application("1.001193", "online")).await;
    let view = app
        .get(&format!("/api/v1/me/dossiers/{id}"), Some(&citizen))
        .await;
    assert_eq!(view.json["online_mode"], "full");
    assert_eq!(view.json["documents"].as_array().unwrap().len(), 3);
    assert_eq!(view.headers["etag"], "\"1\"");

    // Everything mandatory is needed; all that is missing is named at once.
    let before = app.counts().await;
    let incomplete = app.submit(&citizen, &id, "key-0").await;
    incomplete.assert_problem(422, "validation");
    assert_eq!(incomplete.error_fields(), ["documents[0]", "documents[1]"]);
    assert_eq!(app.counts().await, before);

    let uploaded = app
        .upload(
            &citizen,
            &id,
            0,
            "to-khai.pdf",
            "application/octet-stream",
            PDF,
        )
        .await;
    assert_eq!(uploaded.status, StatusCode::OK, "{}", uploaded.text);
    let file = &uploaded.json["documents"][0]["files"][0];
    assert_eq!(file["content_type"], "application/pdf");
    assert_eq!(file["file_name"], "to-khai.pdf");
    assert_eq!(file["size_bytes"], PDF.len());
    let sha: String = {
        use sha2::Digest;
        sha2::Sha256::digest(PDF)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    };
    assert_eq!(file["sha256"], sha.as_str());
    // Several files for one document, as multipart.
    let several = app
        .put_files(
            &format!("/api/v1/me/dossiers/{id}/documents/1"),
            &citizen,
            &[
                ("giay-chung-sinh-1.png", PNG),
                ("giay-chung-sinh-2.pdf", PDF),
            ],
        )
        .await;
    assert_eq!(several.status, StatusCode::OK, "{}", several.text);
    let view = several.json;
    let files = view["documents"][1]["files"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    assert_eq!(files[0]["content_type"], "image/png");
    assert_eq!(app.stored_files(), 3);

    // Submitted on a Saturday: a code at once, status 1, no clock yet.
    app.clock.set(at("2026-03-07T10:00:00+07:00"));
    let submitted = app.submit(&citizen, &id, "2f1c7a52-first").await;
    assert_eq!(submitted.status, StatusCode::CREATED, "{}", submitted.text);
    assert_eq!(submitted.json["state"], "submitted");
    let code = submitted.json["dossier"]["code"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(code.starts_with("000.25.01.H26-260307-"), "{code}");
    assert_eq!(submitted.json["dossier"]["status"]["code"], 1);
    assert!(
        submitted.json["dossier"]["due_at"].is_null(),
        "no appointment before acceptance"
    );
    assert_eq!(submitted.json["dossier"]["channel"]["code"], 2);
    assert!(submitted.headers.get("idempotent-replayed").is_none());

    // A retry with the key gets the same answer and makes nothing.
    let before = app.counts().await;
    let retry = app.submit(&citizen, &id, "2f1c7a52-first").await;
    assert_eq!(retry.status, StatusCode::CREATED);
    assert_eq!(retry.json, submitted.json);
    assert_eq!(retry.headers["idempotent-replayed"], "true");
    assert_eq!(app.counts().await, before);
    // A new key cannot submit it twice; nor may files change now.
    app.submit(&citizen, &id, "another-key")
        .await
        .assert_problem(409, "conflict");
    app.upload(&citizen, &id, 2, "uy-quyen.pdf", "application/pdf", PDF)
        .await
        .assert_problem(409, "conflict");
    assert_eq!(app.counts().await, before);
    app.run_jobs().await;
    assert_eq!(
        app.mail.kept().len(),
        1,
        "only the verification e-mail so far"
    );

    // The clerk sees it waiting, with its files.
    let dossier = app.dossier(&clerk, &code).await;
    assert_eq!(dossier["status"]["name"], "submitted");
    assert_eq!(dossier["result_delivery"]["method"], "online");
    assert!(dossier["received_by"].is_null());
    let listed = app
        .get(&format!("/api/v1/dossiers/{code}/files"), Some(&clerk))
        .await;
    assert_eq!(listed.status, StatusCode::OK, "{}", listed.text);
    let file_id = listed.json["documents"][0]["files"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let got = app
        .download(&format!("/api/v1/dossiers/{code}/files/{file_id}"), &clerk)
        .await;
    assert_eq!(got.status, StatusCode::OK);
    assert_eq!(got.bytes, PDF);
    assert_eq!(got.headers["content-type"], "application/pdf");
    let mine = app
        .download(
            &format!("/api/v1/me/dossiers/{id}/files/{file_id}"),
            &citizen,
        )
        .await;
    assert_eq!(mine.bytes, PDF);

    // Only a clerk accepts, naming the version read.
    let specialist = app.login("specialist").await;
    let version = dossier["version"].as_i64().unwrap();
    app.act(&specialist, &code, "accept", version, json!({}))
        .await
        .assert_problem(403, "forbidden");
    // Accepted on Monday evening, after hours: the clock starts at the next
    // opening, Tuesday 07:30, and birth registration is done within the day
    // (after 15:00 or after hours: the next working day), so it is due when
    // the office closes on Tuesday.
    app.clock.set(at("2026-03-09T18:30:00+07:00"));
    let accepted = app
        .act(
            &clerk,
            &code,
            "accept",
            version,
            json!({"note": "Đủ hồ sơ"}),
        )
        .await;
    assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.text);
    assert_eq!(accepted.json["status"]["code"], 2);
    assert_eq!(accepted.json["received_at"], "2026-03-09T11:30:00Z");
    assert_eq!(accepted.json["clock_started_at"], "2026-03-10T00:30:00Z");
    assert_eq!(accepted.json["due_at"], "2026-03-10T10:00:00Z");
    assert_eq!(accepted.json["received_by"]["full_name"], "Nguyễn Thị Lan");
    // Accepted, it is entered in the agency's register: its receipt's number.
    assert_eq!(accepted.json["receipt_number"], 1);
    assert_eq!(accepted.json["receipt_year"], 2026);
    app.act(&clerk, &code, "accept", version + 1, json!({}))
        .await
        .assert_problem(409, "illegal_transition");

    // The receipt goes to the applicant, and the citizen's view follows.
    app.run_jobs().await;
    let receipt = app.mail.kept();
    assert_eq!(receipt.len(), 2);
    assert!(receipt[1].raw.contains(&code));
    let view = app
        .get(&format!("/api/v1/me/dossiers/{id}"), Some(&citizen))
        .await;
    assert_eq!(view.json["state"], "received");
    assert_eq!(view.json["editable"], false);
    let steps: Vec<&str> = view.json["dossier"]["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["step"].as_str().unwrap())
        .collect();
    assert_eq!(
        steps,
        ["Nộp hồ sơ trực tuyến", "Tiếp nhận hồ sơ trực tuyến"]
    );
    let list = app.get("/api/v1/me/dossiers", Some(&citizen)).await;
    assert_eq!(list.json["total"], 1);
    assert_eq!(list.json["items"][0]["id"], id.as_str());
}

#[tokio::test]
async fn a_partial_application_is_sent_back_for_more_answered_online_then_withdrawn() {
    let app = spawn_app_with_long_sessions().await;
    let citizen = app.citizen("binh.tran@example.vn").await;
    let clerk = app.login("clerk").await;

    // Marriage registration (1.000894) is `partial`: collected at the
    // counter or posted, not downloaded.
    app.post(
        "/api/v1/me/dossiers",
        Some(&citizen),
        &application("1.000894", "online"),
    )
    .await
    .assert_problem(422, "validation");
    let id = draft(&app, &citizen, &application("1.000894", "counter")).await;
    // The form may change while it is a draft, naming the version read.
    let mut form = application("1.000894", "post");
    form.as_object_mut().unwrap().remove("procedure_code");
    form.as_object_mut().unwrap().remove("agency_code");
    app.put(&format!("/api/v1/me/dossiers/{id}"), Some(&citizen), &form)
        .await
        .assert_problem(428, "precondition_required");
    form["result_delivery"] = json!({"method": "post", "address": "5 Hàng Bông, Hà Nội"});
    form["version"] = json!(1);
    let updated = app
        .put(&format!("/api/v1/me/dossiers/{id}"), Some(&citizen), &form)
        .await;
    assert_eq!(updated.status, StatusCode::OK, "{}", updated.text);
    assert_eq!(updated.json["form"]["result_delivery"]["method"], "post");
    app.put(&format!("/api/v1/me/dossiers/{id}"), Some(&citizen), &form)
        .await
        .assert_problem(412, "precondition_failed");

    app.upload(&citizen, &id, 0, "to-khai.pdf", "application/pdf", PDF)
        .await;
    let submitted = app.submit(&citizen, &id, "k1").await;
    assert_eq!(submitted.status, StatusCode::CREATED, "{}", submitted.text);
    let code = submitted.json["dossier"]["code"]
        .as_str()
        .unwrap()
        .to_owned();

    // The clerk asks for more; the applicant is told.
    let dossier = app.dossier(&clerk, &code).await;
    let asked = app
        .act(
            &clerk,
            &code,
            "request-supplement",
            dossier["version"].as_i64().unwrap(),
            json!({"items": ["Giấy xác nhận tình trạng hôn nhân"]}),
        )
        .await;
    assert_eq!(asked.status, StatusCode::OK, "{}", asked.text);
    assert_eq!(asked.json["status"]["code"], 5);
    app.run_jobs().await;
    assert_eq!(
        app.notices_to("binh.tran@example.vn").await,
        ["account_verification", "supplement_request"]
    );

    // The citizen adds the file and submits again (a new key: a new request).
    let view = app
        .get(&format!("/api/v1/me/dossiers/{id}"), Some(&citizen))
        .await;
    assert_eq!(view.json["editable"], true);
    let added = app
        .upload(
            &citizen,
            &id,
            1,
            "xac-nhan.jpg",
            "image/jpeg",
            &[0xFF, 0xD8, 0xFF, 0xE0, 0, 16, b'J', b'F', b'I', b'F'],
        )
        .await;
    assert_eq!(added.status, StatusCode::OK, "{}", added.text);
    assert_eq!(
        added.json["documents"][1]["files"][0]["content_type"],
        "image/jpeg"
    );
    let again = app.submit(&citizen, &id, "k2").await;
    assert_eq!(again.status, StatusCode::CREATED, "{}", again.text);
    assert_eq!(again.json["state"], "submitted");
    assert_eq!(again.json["dossier"]["code"], code.as_str());
    let dossier = app.dossier(&clerk, &code).await;
    assert_eq!(dossier["status"]["code"], 1);
    let kinds: Vec<&str> = dossier["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "submitted_online",
            "supplement_requested",
            "supplement_received"
        ]
    );

    let accepted = app
        .act(
            &clerk,
            &code,
            "accept",
            dossier["version"].as_i64().unwrap(),
            json!({}),
        )
        .await;
    assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.text);
    // The guidance before acceptance does not use up the one request
    // processing may make.
    let asked = app
        .act(
            &clerk,
            &code,
            "request-supplement",
            accepted.json["version"].as_i64().unwrap(),
            json!({"items": ["Bản sao sổ hộ khẩu"]}),
        )
        .await;
    assert_eq!(asked.status, StatusCode::OK, "{}", asked.text);
    let answered = app.submit(&citizen, &id, "k2b").await;
    assert_eq!(answered.status, StatusCode::CREATED, "{}", answered.text);
    assert_eq!(answered.json["state"], "received");

    // The citizen asks to withdraw; the one-stop section confirms.
    app.post(
        &format!("/api/v1/me/dossiers/{id}/withdraw"),
        Some(&citizen),
        &json!({"reason": ""}),
    )
    .await
    .assert_problem(422, "validation");
    let withdrawn = app
        .post(
            &format!("/api/v1/me/dossiers/{id}/withdraw"),
            Some(&citizen),
            &json!({"reason": "Đã đăng ký ở nơi khác"}),
        )
        .await;
    assert_eq!(withdrawn.status, StatusCode::OK, "{}", withdrawn.text);
    assert_eq!(withdrawn.json["state"], "withdrawal_requested");
    let dossier = app.dossier(&clerk, &code).await;
    let confirmed = app
        .act(
            &clerk,
            &code,
            "confirm-withdrawal",
            dossier["version"].as_i64().unwrap(),
            json!({}),
        )
        .await;
    assert_eq!(confirmed.status, StatusCode::OK, "{}", confirmed.text);
    let view = app
        .get(&format!("/api/v1/me/dossiers/{id}"), Some(&citizen))
        .await;
    assert_eq!(view.json["state"], "stopped");
    app.post(
        &format!("/api/v1/me/dossiers/{id}/withdraw"),
        Some(&citizen),
        &json!({"reason": "again"}),
    )
    .await
    .assert_problem(409, "illegal_transition");

    // Another application is refused at reception.
    let other = draft(&app, &citizen, &application("1.000894", "counter")).await;
    app.upload(&citizen, &other, 0, "to-khai.pdf", "application/pdf", PDF)
        .await;
    let submitted = app.submit(&citizen, &other, "k3").await;
    let other_code = submitted.json["dossier"]["code"]
        .as_str()
        .unwrap()
        .to_owned();
    let refused = app
        .act(
            &clerk,
            &other_code,
            "refuse",
            1,
            json!({"reasons": ["Không thuộc thẩm quyền"]}),
        )
        .await;
    assert_eq!(refused.status, StatusCode::OK, "{}", refused.text);
    assert_eq!(refused.json["status"]["code"], 3);
    let view = app
        .get(&format!("/api/v1/me/dossiers/{other}"), Some(&citizen))
        .await;
    assert_eq!(view.json["state"], "refused");
}

#[tokio::test]
async fn concurrent_retries_of_one_submission_make_one_dossier() {
    let app = spawn_app_with_long_sessions().await;
    let citizen = app.citizen("binh.tran@example.vn").await;
    let id = draft(&app, &citizen, &application("1.000894", "counter")).await;
    app.upload(&citizen, &id, 0, "to-khai.pdf", "application/pdf", PDF)
        .await;
    let before = app.counts().await;
    let answers =
        futures_util::future::join_all((0..8).map(|_| app.submit(&citizen, &id, "3b0e9c1e-retry")))
            .await;
    let codes: Vec<&Value> = answers
        .iter()
        .map(|a| {
            assert_eq!(a.status, StatusCode::CREATED, "{}", a.text);
            &a.json["dossier"]["code"]
        })
        .collect();
    assert!(codes.iter().all(|c| *c == codes[0]), "{codes:?}");
    assert_eq!(
        answers
            .iter()
            .filter(|a| a.headers.get("idempotent-replayed").is_none())
            .count(),
        1
    );
    let after = app.counts().await;
    assert_eq!(after["dossiers"], before["dossiers"] + 1);
    assert_eq!(after["idempotency_keys"], before["idempotency_keys"] + 1);
    assert_eq!(after["dossier_sequences"], before["dossier_sequences"] + 1);

    // A day later the stored answer is forgotten; a very late retry is
    // refused, and still makes no second dossier.
    app.advance(chrono::TimeDelta::hours(25));
    app.run_jobs().await;
    let later = app.counts().await;
    assert_eq!(later["idempotency_keys"], before["idempotency_keys"]);
    app.submit(&citizen, &id, "3b0e9c1e-retry")
        .await
        .assert_problem(409, "conflict");
    assert_eq!(app.counts().await["dossiers"], after["dossiers"]);
}

#[tokio::test]
async fn uploads_are_judged_by_their_bytes_and_refused_ones_leave_nothing_behind() {
    let app = spawn_app().await;
    let citizen = app.citizen("binh.tran@example.vn").await;
    let id = draft(&app, &citizen, &application("1.001193", "online")).await;
    let before = app.counts().await;

    // An executable named like a PDF, with a PDF content type.
    app.upload(
        &citizen,
        &id,
        0,
        "to-khai.pdf",
        "application/pdf",
        b"MZ\x90\x00\x03 not a pdf",
    )
    .await
    .assert_problem(415, "unsupported_media_type");
    app.upload(&citizen, &id, 0, "empty.pdf", "application/pdf", b"")
        .await
        .assert_problem(422, "validation");
    // Over the per-file limit (256 KiB in tests).
    let mut big = PDF.to_vec();
    big.resize(300 * 1024, b' ');
    app.upload(&citizen, &id, 0, "big.pdf", "application/pdf", &big)
        .await
        .assert_problem(413, "payload_too_large");
    // Unknown documents and other people's applications.
    app.upload(&citizen, &id, 3, "x.pdf", "application/pdf", PDF)
        .await
        .assert_problem(404, "not_found");
    app.upload(&citizen, &id, 0, "x.pdf", "application/pdf", PDF)
        .await;
    let stranger = app.citizen("stranger@example.vn").await;
    let before_stranger = app.counts().await;
    for answer in [
        app.get(&format!("/api/v1/me/dossiers/{id}"), Some(&stranger))
            .await,
        app.upload(&stranger, &id, 0, "x.pdf", "application/pdf", PDF)
            .await,
        app.submit(&stranger, &id, "k").await,
        app.get("/api/v1/me/dossiers/not-a-uuid", Some(&stranger))
            .await,
    ] {
        answer.assert_problem(404, "not_found");
    }
    assert_eq!(app.counts().await, before_stranger);
    assert_eq!(app.stored_files(), 1);

    // The per-application limit (512 KiB): two files of 200 KiB fit, a
    // third does not, and the refused one's bytes are gone.
    let mut large = PDF.to_vec();
    large.resize(200 * 1024, b' ');
    let first = app
        .upload(&citizen, &id, 0, "a.pdf", "application/pdf", &large)
        .await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text);
    // Replacing a document's file removes the old bytes.
    assert_eq!(app.stored_files(), 1);
    let second = app
        .upload(&citizen, &id, 1, "b.pdf", "application/pdf", &large)
        .await;
    assert_eq!(second.status, StatusCode::OK, "{}", second.text);
    app.put_files(
        &format!("/api/v1/me/dossiers/{id}/documents/2"),
        &citizen,
        &[("c.pdf", &large)],
    )
    .await
    .assert_problem(413, "payload_too_large");
    assert_eq!(app.stored_files(), 2);
    let view = app
        .get(&format!("/api/v1/me/dossiers/{id}"), Some(&citizen))
        .await;
    assert!(
        view.json["documents"][2]["files"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let after = app.counts().await;
    assert_eq!(after["application_files"], before["application_files"] + 2);

    // A draft can be thrown away with its files; only by its owner.
    let url = format!("/api/v1/me/dossiers/{id}");
    let deleted = app
        .client
        .delete(app.url(&url))
        .bearer_auth(&stranger)
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), StatusCode::NOT_FOUND);
    let deleted = app
        .client
        .delete(app.url(&url))
        .bearer_auth(&citizen)
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    assert_eq!(app.stored_files(), 0);
    app.get(&url, Some(&citizen))
        .await
        .assert_problem(404, "not_found");
    let after = app.counts().await;
    assert_eq!(after["application_files"], before["application_files"]);
    assert_eq!(
        after["online_applications"],
        before["online_applications"] - 1
    );

    // A submitted one is a dossier: it stays.
    let submitted = draft(&app, &citizen, &application("1.000894", "counter")).await;
    app.upload(
        &citizen,
        &submitted,
        0,
        "to-khai.pdf",
        "application/pdf",
        PDF,
    )
    .await;
    app.submit(&citizen, &submitted, "k-keep").await;
    let kept = app
        .client
        .delete(app.url(&format!("/api/v1/me/dossiers/{submitted}")))
        .bearer_auth(&citizen)
        .send()
        .await
        .unwrap();
    assert_eq!(kept.status(), StatusCode::CONFLICT);
    assert_eq!(app.stored_files(), 1);
}

#[tokio::test]
async fn bad_applications_and_submissions_are_answered_4xx_with_nothing_written() {
    let app = spawn_app().await;
    let citizen = app.citizen("binh.tran@example.vn").await;
    let before = app.counts().await;
    let cases = [
        (application("9.999999", "online"), "procedure_code"),
        (application("2.000815", "counter"), "procedure_code"),
        (
            {
                let mut a = application("1.004222", "online");
                a["agency_code"] = json!("000.25.01.H26");
                a
            },
            "agency_code",
        ),
        (
            {
                let mut a = application("1.001193", "online");
                a["agency_code"] = json!("000.99.99.H99");
                a
            },
            "agency_code",
        ),
        (
            {
                let mut a = application("1.001193", "online");
                a["applicant"]["id_number"] = json!("123");
                a
            },
            "applicant.id_number",
        ),
        (
            {
                let mut a = application("1.001193", "post");
                a["result_delivery"] = json!({"method": "post"});
                a
            },
            "result_delivery.address",
        ),
    ];
    for (body, field) in cases {
        let answer = app.post("/api/v1/me/dossiers", Some(&citizen), &body).await;
        answer.assert_problem(422, "validation");
        assert!(
            answer.error_fields().contains(&field.to_owned()),
            "{field}: {}",
            answer.text
        );
    }
    app.post(
        "/api/v1/me/dossiers",
        Some(&citizen),
        &json!({"procedure_code": 1}),
    )
    .await
    .assert_problem(422, "validation");
    app.post(
        "/api/v1/me/dossiers",
        None,
        &application("1.001193", "online"),
    )
    .await
    .assert_problem(401, "unauthenticated");
    assert_eq!(app.counts().await, before);

    let id = draft(&app, &citizen, &application("1.000894", "counter")).await;
    app.upload(&citizen, &id, 0, "to-khai.pdf", "application/pdf", PDF)
        .await;
    let before = app.counts().await;
    let response = app
        .client
        .post(app.url(&format!("/api/v1/me/dossiers/{id}/submit")))
        .bearer_auth(&citizen)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::PRECONDITION_REQUIRED);
    app.submit(&citizen, &id, "bad key with spaces")
        .await
        .assert_problem(422, "validation");
    assert_eq!(app.counts().await, before);

    // A key used for one application cannot submit another.
    let submitted = app.submit(&citizen, &id, "k-shared").await;
    assert_eq!(submitted.status, StatusCode::CREATED);
    let other = draft(&app, &citizen, &application("1.000894", "counter")).await;
    app.upload(&citizen, &other, 0, "to-khai.pdf", "application/pdf", PDF)
        .await;
    let before = app.counts().await;
    app.submit(&citizen, &other, "k-shared")
        .await
        .assert_problem(422, "idempotency_key_reused");
    app.post(
        &format!("/api/v1/me/dossiers/{other}/withdraw"),
        Some(&citizen),
        &json!({"reason": "x"}),
    )
    .await
    .assert_problem(409, "conflict");
    app.get("/api/v1/me/dossiers?limit=0", Some(&citizen))
        .await
        .assert_problem(422, "validation");
    assert_eq!(app.counts().await, before);
}

#[tokio::test]
async fn registration_and_sign_in_are_rate_limited_per_client() {
    let app = crate::helpers::spawn_app_with(|s| s.rate_limits.login_per_client = 3).await;
    for n in 0..3 {
        let answer = app
            .post(
                "/api/v1/citizens",
                None,
                &json!({"email": format!("c{n}@example.vn"), "password": "mật khẩu đủ dài", "full_name": "Trần Thị Bình"}),
            )
            .await;
        assert_eq!(answer.status, StatusCode::ACCEPTED, "{}", answer.text);
    }
    let before = app.counts().await;
    let limited = app
        .post(
            "/api/v1/citizens/login",
            None,
            &json!({"email": "c0@example.vn", "password": "mật khẩu đủ dài"}),
        )
        .await;
    limited.assert_problem(429, "rate_limited");
    assert!(limited.headers.contains_key("retry-after"));
    assert_eq!(app.counts().await, before);
}

#[tokio::test]
async fn a_citizen_session_rotates_and_ends_with_a_sign_out_a_reused_token_or_a_new_password() {
    let app = crate::helpers::spawn_app_with(|s| {
        s.access_ttl_seconds = 900;
        s.refresh_ttl_seconds = 1800;
    })
    .await;
    let email = "binh.tran@example.vn";
    app.citizen(email).await;
    let sign_in = || {
        let app = &app;
        async move {
            let answer = app
                .post(
                    "/api/v1/citizens/login",
                    None,
                    &json!({"email": email, "password": "mật khẩu đủ dài"}),
                )
                .await;
            assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
            assert_eq!(answer.json["refresh_expires_in"], 1800);
            answer.json["refresh_token"].as_str().unwrap().to_owned()
        }
    };
    let renew = |token: String| {
        let app = &app;
        async move {
            app.post(
                "/api/v1/citizens/session",
                None,
                &json!({"refresh_token": token}),
            )
            .await
        }
    };
    let refresh_of = |answer: &crate::helpers::Answer| {
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
        answer.json["refresh_token"].as_str().unwrap().to_owned()
    };

    // Ten minutes in: a fresh pair, whose access token works.
    let first = sign_in().await;
    app.advance(chrono::TimeDelta::minutes(10));
    let renewed = renew(first.clone()).await;
    let second = refresh_of(&renewed);
    assert_eq!(renewed.headers["cache-control"], "no-store");
    let access = renewed.json["access_token"].as_str().unwrap();
    assert_eq!(
        app.get("/api/v1/citizens/me", Some(access)).await.status,
        StatusCode::OK
    );
    // The first token used again: it leaked, so the whole session ends.
    renew(first).await.assert_problem(401, "unauthenticated");
    renew(second).await.assert_problem(401, "unauthenticated");

    // Idle past the refresh token's life: sign in again.
    let idle = sign_in().await;
    app.advance(chrono::TimeDelta::minutes(31));
    renew(idle).await.assert_problem(401, "unauthenticated");

    // Signing out ends the session; an unknown token is answered the same.
    let session = sign_in().await;
    for token in [session.clone(), "no-such-token".to_owned()] {
        let out = app
            .post(
                "/api/v1/citizens/logout",
                None,
                &json!({"refresh_token": token}),
            )
            .await;
        assert_eq!(out.status, StatusCode::NO_CONTENT, "{}", out.text);
    }
    renew(session).await.assert_problem(401, "unauthenticated");

    // A new password ends every session.
    let one = sign_in().await;
    let two = refresh_of(&renew(sign_in().await).await);
    app.post(
        "/api/v1/citizens/password-reset",
        None,
        &json!({"email": email}),
    )
    .await;
    let link = app.link_token(email).await;
    let reset = app
        .post(
            "/api/v1/citizens/password-reset/confirm",
            None,
            &json!({"token": link, "password": "một mật khẩu mới"}),
        )
        .await;
    assert_eq!(reset.status, StatusCode::NO_CONTENT);
    renew(one).await.assert_problem(401, "unauthenticated");
    renew(two).await.assert_problem(401, "unauthenticated");

    // Staff and citizen refresh tokens open only their own doors, and a
    // token tried at the wrong door still works at its own.
    let clerk = app.login_answer("clerk", "demo").await;
    let clerk_refresh = clerk.json["refresh_token"].as_str().unwrap().to_owned();
    renew(clerk_refresh.clone())
        .await
        .assert_problem(401, "unauthenticated");
    let citizen_refresh = app
        .post(
            "/api/v1/citizens/login",
            None,
            &json!({"email": email, "password": "một mật khẩu mới"}),
        )
        .await
        .json["refresh_token"]
        .as_str()
        .unwrap()
        .to_owned();
    app.post(
        "/api/v1/auth/refresh",
        None,
        &json!({"refresh_token": citizen_refresh}),
    )
    .await
    .assert_problem(401, "unauthenticated");
    assert_eq!(renew(citizen_refresh).await.status, StatusCode::OK);
    let staff = app
        .post(
            "/api/v1/auth/refresh",
            None,
            &json!({"refresh_token": clerk_refresh}),
        )
        .await;
    assert_eq!(staff.status, StatusCode::OK, "{}", staff.text);
}

#[tokio::test]
async fn no_receipt_and_no_appointment_before_a_clerk_accepts() {
    let app = spawn_app().await;
    let citizen = app.citizen("binh.tran@example.vn").await;
    let id = draft(&app, &citizen, &application("1.001612", "online")).await;
    app.upload(&citizen, &id, 0, "to-khai.pdf", "application/pdf", PDF)
        .await;
    let submitted = app.submit(&citizen, &id, "k1").await;
    assert_eq!(submitted.status, StatusCode::CREATED, "{}", submitted.text);
    let code = submitted.json["dossier"]["code"]
        .as_str()
        .unwrap()
        .to_owned();
    // Waiting for a clerk: no receipt to print, no appointment to show.
    assert_eq!(submitted.json["dossier"]["due_at"], Value::Null);
    let clerk = app.login("clerk").await;
    app.get(&format!("/api/v1/dossiers/{code}/receipt"), Some(&clerk))
        .await
        .assert_problem(412, "precondition_failed");
    // Asked for more before being accepted: still none.
    let version = app.dossier(&clerk, &code).await["version"]
        .as_i64()
        .unwrap();
    let asked = app
        .act(
            &clerk,
            &code,
            "request-supplement",
            version,
            json!({"items": ["Bản sao căn cước"]}),
        )
        .await;
    assert_eq!(asked.status, StatusCode::OK, "{}", asked.text);
    let public = app.get(&format!("/api/v1/lookup/{code}"), None).await;
    assert_eq!(public.json["due_at"], Value::Null, "{}", public.text);
    assert_eq!(public.json["clock"], Value::Null, "{}", public.text);
    app.get(&format!("/api/v1/dossiers/{code}/receipt"), Some(&clerk))
        .await
        .assert_problem(412, "precondition_failed");
    // Submitted again and accepted: the receipt and the appointment.
    app.upload(&citizen, &id, 1, "ccd.pdf", "application/pdf", PDF)
        .await;
    assert_eq!(
        app.submit(&citizen, &id, "k2").await.status,
        StatusCode::CREATED
    );
    let version = app.dossier(&clerk, &code).await["version"]
        .as_i64()
        .unwrap();
    let accepted = app.act(&clerk, &code, "accept", version, json!({})).await;
    assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.text);
    let receipt = app
        .get(&format!("/api/v1/dossiers/{code}/receipt"), Some(&clerk))
        .await;
    assert_eq!(receipt.status, StatusCode::OK, "{}", receipt.text);
    let public = app.get(&format!("/api/v1/lookup/{code}"), None).await;
    assert!(public.json["due_at"].is_string(), "{}", public.text);
}
