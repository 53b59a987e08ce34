//! What an attacker tried, answered: each test below failed before its fix
//! (issue 12) and runs on both backends.

use chrono::TimeDelta;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{
    Answer, SANDBOX_SECRET, TestApp, application, at, business_household, spawn_app,
    spawn_app_with, spawn_app_with_long_sessions,
};

/// GET with an `X-Forwarded-For` header.
async fn get_forwarded(app: &TestApp, path: &str, forwarded: &str) -> Answer {
    let response = app
        .client
        .get(app.url(path))
        .header("x-forwarded-for", forwarded)
        .send()
        .await
        .unwrap();
    Answer::from(response).await
}

/// POST of a JSON body with an `X-Forwarded-For` header.
async fn post_forwarded(app: &TestApp, path: &str, forwarded: &str, body: &Value) -> Answer {
    let response = app
        .client
        .post(app.url(path))
        .header("x-forwarded-for", forwarded)
        .json(body)
        .send()
        .await
        .unwrap();
    Answer::from(response).await
}

// 1. An anonymous request made the server build and keep a 300-year calendar
//    per distinct `office_hours`, on the HTTP thread, without limit.

#[tokio::test]
async fn anonymous_calendar_questions_are_bounded_in_shape_and_rate_limited() {
    let app = spawn_app_with(|s| s.rate_limits.calendar_per_client = 2).await;
    let due = |hours: &str| {
        format!(
            "/api/v1/calendar/due?from=2026-02-13T16:30:00%2B07:00&working_days=3&office_hours={hours}"
        )
    };

    // Other office hours are answered from the same days: due three
    // working days after Friday 16:30 under 08:00-12:00,13:30-17:30 (Tết
    // skipped), at the same working time of day.
    let other = app.get(&due("08:00-12:00,13:30-17:30"), None).await;
    assert_eq!(other.status, StatusCode::OK, "{}", other.text);
    assert_eq!(other.json["due_local"], "2026-02-25T16:30:00+07:00");

    // Hours of a shape no office has are refused before anything is built.
    for hours in [
        "7:30-11:30".to_owned(),
        "06:00-06:30,07:00-07:30,08:00-08:30,09:00-09:30,10:00-10:30".to_owned(),
        "07:30-11:30,".repeat(500),
    ] {
        let answer = app.get(&due(&hours), None).await;
        answer.assert_problem(422, "validation");
        assert_eq!(answer.json["errors"][0]["field"], "office_hours");
    }

    // And the calendar answers a client only so often, on every route.
    let year = app.get("/api/v1/calendar/2026", None).await;
    assert_eq!(year.status, StatusCode::OK, "{}", year.text);
    let limited = app.get("/api/v1/calendar/lunar/2026-02-17", None).await;
    limited.assert_problem(429, "rate_limited");
    assert!(limited.headers.contains_key("retry-after"));
    app.get(&due("08:00-12:00"), None)
        .await
        .assert_problem(429, "rate_limited");
}

// 2. The signed payment URL itself, with `vnp_ResponseCode=` appended, passed
//    as a signed "failed" callback; the real payment was then dropped.

/// A household-business dossier accepted and waiting for its fee, and a
/// started payment: (code, payment URL, reference).
async fn waiting_for_the_fee(app: &TestApp) -> (String, String, String) {
    let (citizen, id, code) = crate::payments::accepted_household_business(app).await;
    let clerk = app.login("clerk").await;
    app.act_ok(&clerk, &code, "request-payment", json!({}))
        .await;
    let started = app
        .post(
            &format!("/api/v1/me/dossiers/{id}/payments"),
            Some(&citizen),
            &json!({}),
        )
        .await;
    assert_eq!(started.status, StatusCode::CREATED, "{}", started.text);
    let url = started.json["payment_url"].as_str().unwrap().to_owned();
    let reference = started.json["reference"].as_str().unwrap().to_owned();
    (code, url, reference)
}

/// A callback the sandbox gateway signs, sent as the gateway sends it.
async fn call_back(app: &TestApp, parameters: &[(String, String)]) -> Answer {
    let query = crate::payments::query(parameters);
    app.get(&format!("/api/v1/payments/callback/sandbox?{query}"), None)
        .await
}

async fn attempts(app: &TestApp, code: &str) -> Vec<Value> {
    let clerk = app.login("clerk").await;
    let payments = app
        .get(&format!("/api/v1/dossiers/{code}/payments"), Some(&clerk))
        .await;
    payments.json["payments"][0]["attempts"]
        .as_array()
        .unwrap()
        .clone()
}

#[tokio::test]
async fn a_payment_url_replayed_as_a_callback_voids_nothing_and_the_payment_lands() {
    let app = spawn_app_with_long_sessions().await;
    let (code, url, _) = waiting_for_the_fee(&app).await;
    let query = url.split_once('?').unwrap().1;
    let before = app.counts().await;
    for forged in [
        format!("{query}&vnp_ResponseCode="),
        format!("{query}&vnp_ResponseCode=&vnp_TransactionStatus="),
        query.to_owned(),
    ] {
        app.get(&format!("/api/v1/payments/callback/sandbox?{forged}"), None)
            .await
            .assert_problem(401, "unauthenticated");
    }
    assert_eq!(app.counts().await, before);
    assert_eq!(attempts(&app, &code).await[0]["state"], "pending");

    // The bank pays: the payment is accepted and the dossier goes on.
    let paid = app.get(&crate::helpers::scripted_bank(&url), None).await;
    assert_eq!(paid.json["RspCode"], "00", "{}", paid.text);
    let clerk = app.login("clerk").await;
    assert_eq!(app.dossier(&clerk, &code).await["status"]["code"], 2);
}

#[tokio::test]
async fn a_payment_reported_failed_then_paid_is_accepted_flagged_and_told_to_staff() {
    let app = spawn_app_with_long_sessions().await;
    let (code, _, reference) = waiting_for_the_fee(&app).await;
    let when = at("2026-03-02T10:00:00+07:00");
    let sandbox = crate::payments::gateway(SANDBOX_SECRET);
    let failed = sandbox.callback_for(&reference, 100_000, "24", "0", when);
    let answer = call_back(&app, &failed).await;
    assert_eq!(answer.json["RspCode"], "00", "{}", answer.text);
    assert_eq!(attempts(&app, &code).await[0]["state"], "failed");

    // Then the bank reports the money taken after all: not dropped as
    // "already settled".
    let paid = sandbox.callback_for(&reference, 100_000, "00", "14123456", when);
    let answer = call_back(&app, &paid).await;
    assert_eq!(answer.json["RspCode"], "00", "{}", answer.text);
    let clerk = app.login("clerk").await;
    let dossier = app.dossier(&clerk, &code).await;
    assert_eq!(dossier["status"]["code"], 2, "the dossier goes on");
    let attempt = &attempts(&app, &code).await[0];
    assert_eq!(attempt["state"], "paid");
    assert_eq!(attempt["review"], "paid_after_failure");
    assert_eq!(attempt["transaction_no"], "14123456");
    // The one-stop section and the leader are told.
    let kinds = app.notice_kinds(&code).await;
    assert_eq!(
        kinds.iter().filter(|k| *k == "payment_review").count(),
        2,
        "{kinds:?}"
    );
    // A repeat changes nothing and tells nobody again.
    let before = app.counts().await;
    let answer = call_back(&app, &paid).await;
    assert_eq!(answer.json["RspCode"], "02");
    assert_eq!(app.counts().await, before);
}

// 3. The admin of one ward created a leader in another agency, who read that
//    agency's dossiers with the applicants' ID numbers.

#[tokio::test]
async fn an_agency_admin_administers_only_their_agency_and_those_under_it() {
    let app = spawn_app().await;
    let admin = app.login("admin").await;
    let before = app.counts().await;
    let user = |username: &str, role: &str, agency: &str| {
        json!({"username": username, "password": "a-good-password", "full_name": "Vũ Thị Mai",
               "role": role, "agency_code": agency})
    };
    // The police of the same city, and the city itself, are not the ward's.
    for agency in ["000.25.02.H26", "000.00.00.H26"] {
        app.post(
            "/api/v1/users",
            Some(&admin),
            &user("mai", "leader", agency),
        )
        .await
        .assert_problem(403, "forbidden");
        app.post(
            &format!("/api/v1/agencies/{agency}/units"),
            Some(&admin),
            &json!({"name": "Phòng mới"}),
        )
        .await
        .assert_problem(403, "forbidden");
    }
    app.post(
        "/api/v1/agencies",
        Some(&admin),
        &json!({"code": "000.25.09.H26", "name": "UBND phường Hoàn Kiếm", "parent_code": "000.00.00.H26"}),
    )
    .await
    .assert_problem(403, "forbidden");
    app.post(
        "/api/v1/agencies",
        Some(&admin),
        &json!({"code": "000.25.09.H26", "name": "UBND phường Hoàn Kiếm"}),
    )
    .await
    .assert_problem(403, "forbidden");
    // Nor is the whole installation: no system administrator through the API.
    app.post(
        "/api/v1/users",
        Some(&admin),
        &user("mai", "system_admin", "000.25.01.H26"),
    )
    .await
    .assert_problem(403, "forbidden");
    // A procedure for the police is not the ward's to publish.
    let mut definition = procedure();
    definition["agencies"] = json!(["000.25.02.H26"]);
    app.post("/api/v1/procedures", Some(&admin), &definition)
        .await
        .assert_problem(403, "forbidden");
    assert_eq!(app.counts().await, before);

    // Under the ward, the ward's admin does it all; the new leader sees that
    // agency only.
    let village = app
        .post(
            "/api/v1/agencies",
            Some(&admin),
            &json!({"code": "000.25.01.01.H26", "name": "Tổ dân phố số 1", "parent_code": "000.25.01.H26"}),
        )
        .await;
    assert_eq!(village.status, StatusCode::CREATED, "{}", village.text);
    let unit = app
        .post(
            "/api/v1/agencies/000.25.01.01.H26/units",
            Some(&admin),
            &json!({"name": "Bộ phận Một cửa", "one_stop": true}),
        )
        .await;
    assert_eq!(unit.status, StatusCode::CREATED, "{}", unit.text);
    let leader = app
        .post(
            "/api/v1/users",
            Some(&admin),
            &user("mai", "leader", "000.25.01.01.H26"),
        )
        .await;
    assert_eq!(leader.status, StatusCode::CREATED, "{}", leader.text);
    let clerk = app.login("clerk").await;
    let code = app.receive(&clerk, &business_household()).await.json["dossier"]["code"]
        .as_str()
        .unwrap()
        .to_owned();
    let mai = app.login_answer("mai", "a-good-password").await.json["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    app.get(&format!("/api/v1/dossiers/{code}"), Some(&mai))
        .await
        .assert_problem(404, "not_found");

    // The system administrator administers every agency.
    let sysadmin = app.login("sysadmin").await;
    let police_clerk = app
        .post(
            "/api/v1/users",
            Some(&sysadmin),
            &user("police.clerk", "clerk", "000.25.02.H26"),
        )
        .await;
    assert_eq!(
        police_clerk.status,
        StatusCode::CREATED,
        "{}",
        police_clerk.text
    );
    let top = app
        .post(
            "/api/v1/agencies",
            Some(&sysadmin),
            &json!({"code": "000.00.00.H01", "name": "UBND tỉnh Hà Giang"}),
        )
        .await;
    assert_eq!(top.status, StatusCode::CREATED, "{}", top.text);
    app.post(
        "/api/v1/users",
        Some(&sysadmin),
        &user("root2", "system_admin", "000.00.00.H01"),
    )
    .await
    .assert_problem(403, "forbidden");
}

/// A procedure version as an admin publishes it.
fn procedure() -> Value {
    json!({
        "code": "1.009999", "effective_from": "2026-03-01", "agencies": ["000.25.01.H26"],
        "name": "Thủ tục thử", "field": "Thử", "processing_time": 3, "processing_unit": "working_days",
        "online_mode": "none", "result_type": "Giấy xác nhận",
        "documents": [{"name": "Tờ khai", "copy_type": "original", "count": 1, "mandatory": true}]
    })
}

// 4. Someone registered a victim's address with their own password; the
//    victim's "forgot password" sent a verification link, and the
//    registrant's password then opened the victim's verified account.

#[tokio::test]
async fn an_address_registered_by_someone_else_is_taken_over_with_a_new_password() {
    let app = spawn_app().await;
    let victim = "an.nguyen@example.vn";
    let registered = app
        .post(
            "/api/v1/citizens",
            None,
            &json!({"email": victim, "password": "the attacker's password", "full_name": "Kẻ Giả Mạo"}),
        )
        .await;
    assert_eq!(registered.status, StatusCode::ACCEPTED);
    let attackers_link = app.link_token(victim).await;

    // The victim asks for a reset: a link to set a password, not to prove
    // the address under the attacker's password.
    app.post(
        "/api/v1/citizens/password-reset",
        None,
        &json!({"email": victim}),
    )
    .await;
    assert_eq!(
        app.notices_to(victim).await,
        ["account_verification", "password_reset"]
    );
    let reset_link = app.link_token(victim).await;
    let reset = app
        .post(
            "/api/v1/citizens/password-reset/confirm",
            None,
            &json!({"token": reset_link, "password": "the victim's own password"}),
        )
        .await;
    assert_eq!(reset.status, StatusCode::NO_CONTENT, "{}", reset.text);
    // The address is proved under the victim's password only.
    app.citizen_login(victim, "the victim's own password").await;
    app.post(
        "/api/v1/citizens/login",
        None,
        &json!({"email": victim, "password": "the attacker's password"}),
    )
    .await
    .assert_problem(401, "unauthenticated");
    // The verification link sent under the attacker's password proves
    // nothing any more.
    app.get(
        &format!("/api/v1/citizens/verify-email?token={attackers_link}"),
        None,
    )
    .await
    .assert_problem(401, "unauthenticated");
}

#[tokio::test]
async fn registering_an_address_that_has_an_account_answers_the_same_and_mails_its_owner() {
    let app = spawn_app().await;
    let owner = "binh.tran@example.vn";
    app.citizen(owner).await;
    let body =
        |email: &str| json!({"email": email, "password": "another long one", "full_name": "Ai Đó"});
    let before = app.counts().await;
    let taken = app.post("/api/v1/citizens", None, &body(owner)).await;
    let fresh = app
        .post("/api/v1/citizens", None, &body("new@example.vn"))
        .await;
    assert_eq!(taken.status, StatusCode::ACCEPTED, "{}", taken.text);
    assert_eq!(fresh.status, taken.status);
    assert_eq!(taken.json, json!({"email": owner}));
    assert_eq!(fresh.json, json!({"email": "new@example.vn"}));
    // The owner's account is unchanged; the owner is told, with a link to
    // set a new password.
    let after = app.counts().await;
    assert_eq!(after["citizens"], before["citizens"] + 1);
    assert_eq!(
        app.notices_to(owner).await,
        ["account_verification", "account_exists"]
    );
    // Registered again and again, the owner hears of it once an hour.
    for _ in 0..3 {
        let again = app.post("/api/v1/citizens", None, &body(owner)).await;
        assert_eq!(again.json, taken.json);
    }
    assert_eq!(app.notices_to(owner).await.len(), 2);
    app.citizen_login(owner, "mật khẩu đủ dài").await;
    app.run_jobs().await;
    let mail = app.mail.kept();
    let note = mail
        .iter()
        .find(|m| m.to == [owner] && m.raw.contains("/dat-lai-mat-khau?token="))
        .expect("the owner's note");
    assert!(!note.raw.contains("another long one"));
    let link = app.link_token(owner).await;
    let reset = app
        .post(
            "/api/v1/citizens/password-reset/confirm",
            None,
            &json!({"token": link, "password": "một mật khẩu mới"}),
        )
        .await;
    assert_eq!(reset.status, StatusCode::NO_CONTENT, "{}", reset.text);
}

#[tokio::test]
async fn accounts_never_verified_are_forgotten_when_their_link_expires() {
    let app = spawn_app().await;
    app.post(
        "/api/v1/citizens",
        None,
        &json!({"email": "never@example.vn", "password": "mật khẩu đủ dài", "full_name": "Ai Đó"}),
    )
    .await;
    app.citizen("kept@example.vn").await;
    let before = app.counts().await;
    app.advance(TimeDelta::hours(47));
    app.run_jobs().await;
    assert_eq!(app.counts().await["citizens"], before["citizens"]);
    app.advance(TimeDelta::hours(2));
    app.run_jobs().await;
    assert_eq!(app.counts().await["citizens"], before["citizens"] - 1);
    app.citizen_login("kept@example.vn", "mật khẩu đủ dài")
        .await;
}

// 5. With X-Forwarded-For trusted, its first entry (the client's own) was the
//    client address: 125 lookups from one client, none limited.

#[tokio::test]
async fn behind_a_proxy_the_client_is_the_address_the_proxy_added() {
    let app = spawn_app_with(|s| {
        s.trusted_proxy_hops = 1;
        s.rate_limits.lookup_per_client = 5;
    })
    .await;
    for n in 0..5 {
        get_forwarded(
            &app,
            "/api/v1/lookup/anything",
            &format!("10.9.8.{n}, 203.0.113.9"),
        )
        .await
        .assert_problem(404, "not_found");
    }
    get_forwarded(&app, "/api/v1/lookup/anything", "10.9.8.77, 203.0.113.9")
        .await
        .assert_problem(429, "rate_limited");
    // Another client behind the same proxy is counted on its own.
    get_forwarded(&app, "/api/v1/lookup/anything", "203.0.113.10")
        .await
        .assert_problem(404, "not_found");
}

#[tokio::test]
async fn without_a_trusted_proxy_x_forwarded_for_is_ignored() {
    let app = spawn_app_with(|s| s.rate_limits.lookup_per_client = 3).await;
    for n in 0..3 {
        get_forwarded(&app, "/api/v1/lookup/anything", &format!("198.51.100.{n}"))
            .await
            .assert_problem(404, "not_found");
    }
    get_forwarded(&app, "/api/v1/lookup/anything", "198.51.100.99")
        .await
        .assert_problem(429, "rate_limited");
}

// 6. A NUL in text, and far dates, answered 500 on PostgreSQL.

#[tokio::test]
async fn control_characters_and_far_dates_are_refused_before_any_database_sees_them() {
    let app = spawn_app_with_long_sessions().await;
    let clerk = app.login("clerk").await;
    let code = app.receive(&clerk, &business_household()).await.json["dossier"]["code"]
        .as_str()
        .unwrap()
        .to_owned();
    let before = app.counts().await;
    for (path, body, field) in [
        (
            "/api/v1/auth/login",
            json!({"username": "cl\u{0}erk", "password": "demo"}),
            "username",
        ),
        (
            "/api/v1/citizens/login",
            json!({"email": "a\u{0}@example.vn", "password": "mật khẩu đủ dài"}),
            "email",
        ),
        (
            "/api/v1/citizens/password-reset",
            json!({"email": "a@example.vn\u{1b}[2J"}),
            "email",
        ),
    ] {
        let answer = app.post(path, None, &body).await;
        answer.assert_problem(422, "validation");
        assert_eq!(answer.json["errors"][0]["field"], field, "{path}");
        assert_eq!(answer.json["errors"][0]["code"], "control_characters");
    }
    let citizen = app.citizen("binh.tran@example.vn").await;
    let rated = app
        .post(
            "/api/v1/me/dossiers/00000000-0000-0000-0000-000000000000/rating",
            Some(&citizen),
            &json!({"scores": {}, "comment": "tốt\u{0}"}),
        )
        .await;
    rated.assert_problem(422, "validation");
    assert_eq!(rated.json["errors"][0]["field"], "comment");
    let noted = app
        .act(
            &clerk,
            &code,
            "request-supplement",
            1,
            json!({"items": ["Bản sao\u{0}"]}),
        )
        .await;
    noted.assert_problem(422, "validation");
    assert_eq!(noted.json["errors"][0]["field"], "items[0]");
    // Line breaks and tabs are text.
    let note = app
        .act(
            &clerk,
            &code,
            "assign",
            1,
            json!({"unit_id": app.unit_id(&clerk, "000.25.01.H26", "Phòng Kinh tế, Hạ tầng và Đô thị").await, "note": "Dòng một\nDòng hai\tcột"}),
        )
        .await;
    assert_eq!(note.status, StatusCode::OK, "{}", note.text);
    let before_queries = app.counts().await;
    for path in [
        "/api/v1/procedures?q=%00",
        "/api/v1/procedures?field=h%E1%BB%99%00",
        "/api/v1/procedures?code=1.00%0A",
        "/api/v1/dossiers?cursor=%00",
    ] {
        app.get(path, Some(&clerk))
            .await
            .assert_problem(400, "invalid_query");
    }
    app.get("/api/v1/lookup/000.25.01.H26-260302-0001%00", None)
        .await
        .assert_problem(400, "invalid_path");
    for path in [
        "/api/v1/procedures/1.001612?on=-5000-01-01",
        "/api/v1/procedures/1.001612?on=+20000-01-01",
        "/api/v1/dossiers?received_from=9999-01-01T00:00:00Z",
        // A cursor that decodes to a due instant beyond any calendar.
        "/api/v1/dossiers?cursor=LTkwMDAwMDAwMDAwMDAwMDAwMDB8MDE5YWIyYzQtNWQxMC03YzJlLTlhNTEtM2YwZTJiN2M5ZDQx",
        "/api/v1/calendar/due?from=2400-01-01T00:00:00Z&working_days=1",
    ] {
        app.get(path, Some(&clerk)).await.assert_status_4xx();
    }
    let mut procedure = procedure();
    procedure["effective_from"] = json!("-5000-03-01");
    let admin = app.login("admin").await;
    app.post("/api/v1/procedures", Some(&admin), &procedure)
        .await
        .assert_status_4xx();
    procedure["effective_from"] = json!("2300-01-01");
    let far = app
        .post("/api/v1/procedures", Some(&admin), &procedure)
        .await;
    far.assert_problem(422, "validation");
    assert_eq!(far.json["errors"][0]["field"], "effective_from");
    let mut after = app.counts().await;
    // Sign-ins and the one good action wrote their rows; nothing else did.
    after.insert("refresh_tokens", before_queries["refresh_tokens"]);
    assert_eq!(after, before_queries);
    assert!(before["dossier_events"] < before_queries["dossier_events"]);
}

// 7. Registration said which addresses have accounts, the fifth wrong
//    password said which accounts exist, and anyone could lock anyone out.

#[tokio::test]
async fn wrong_passwords_lock_a_client_out_of_one_address_whether_it_exists_or_not() {
    let app = spawn_app_with(|s| s.trusted_proxy_hops = 1).await;
    let owner = "binh.tran@example.vn";
    app.citizen(owner).await;
    let attempt = |email: &'static str, password: &'static str, client: &'static str| {
        let app = &app;
        async move {
            post_forwarded(
                app,
                "/api/v1/citizens/login",
                client,
                &json!({"email": email, "password": password}),
            )
            .await
        }
    };
    let stranger = "203.0.113.66";
    for email in [owner, "nobody@example.vn"] {
        for _ in 0..4 {
            attempt(email, "guessed password", stranger)
                .await
                .assert_problem(401, "unauthenticated");
        }
        let fifth = attempt(email, "guessed password", stranger).await;
        fifth.assert_problem(429, "rate_limited");
        assert_eq!(fifth.headers["retry-after"], "900");
    }
    // The stranger waits, even with the right password...
    attempt(owner, "mật khẩu đủ dài", stranger)
        .await
        .assert_problem(429, "rate_limited");
    // ...but the owner, from elsewhere, is not locked out.
    let mine = attempt(owner, "mật khẩu đủ dài", "198.51.100.7").await;
    assert_eq!(mine.status, StatusCode::OK, "{}", mine.text);
}

// 8. Citizen sessions could not be revoked: see
//    `online::a_citizen_session_rotates_and_ends_with_a_sign_out_a_reused_token_or_a_new_password`.

// 9. The smaller ones.

#[tokio::test]
async fn a_one_word_name_is_masked_in_the_lookup() {
    let app = spawn_app().await;
    let clerk = app.login("clerk").await;
    let mut body = business_household();
    body["applicant"]["full_name"] = json!("Madonna");
    let code = app.receive(&clerk, &body).await.json["dossier"]["code"]
        .as_str()
        .unwrap()
        .to_owned();
    let lookup = app.get(&format!("/api/v1/lookup/{code}"), None).await;
    assert_eq!(lookup.json["applicant"], "M**");
    assert!(!lookup.text.contains("Madonna"));
}

#[tokio::test]
async fn a_citizen_holds_a_bounded_number_of_drafts_and_bytes() {
    let app = spawn_app_with(|s| {
        s.max_drafts_per_citizen = 2;
        s.max_file_bytes = 2048;
        s.max_application_bytes = 4096;
        s.max_citizen_bytes = 4096;
    })
    .await;
    let citizen = app.citizen("binh.tran@example.vn").await;
    let form = application("1.001612", "online");
    let mut drafts = Vec::new();
    for _ in 0..2 {
        let created = app.post("/api/v1/me/dossiers", Some(&citizen), &form).await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
        drafts.push(created.json["id"].as_str().unwrap().to_owned());
    }
    app.post("/api/v1/me/dossiers", Some(&citizen), &form)
        .await
        .assert_problem(409, "conflict");

    let mut pdf = crate::helpers::PDF.to_vec();
    pdf.resize(2000, b' ');
    let upload = |id: String, document: usize| {
        let (app, citizen, pdf) = (&app, &citizen, &pdf);
        async move {
            app.upload(citizen, &id, document, "a.pdf", "application/pdf", pdf)
                .await
        }
    };
    // 2,000 bytes in each draft: 4,000 held.
    for id in &drafts {
        assert_eq!(upload(id.clone(), 0).await.status, StatusCode::OK);
    }
    let files = app.stored_files();
    // A third file would make 6,000: refused, nothing kept.
    upload(drafts[0].clone(), 1)
        .await
        .assert_problem(413, "payload_too_large");
    assert_eq!(app.stored_files(), files);
    // Replacing a file counts the new one instead of the old.
    assert_eq!(upload(drafts[0].clone(), 0).await.status, StatusCode::OK);
    // A deleted draft gives its room back.
    let deleted = app
        .client
        .delete(app.url(&format!("/api/v1/me/dossiers/{}", drafts[1])))
        .bearer_auth(&citizen)
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    assert_eq!(upload(drafts[0].clone(), 1).await.status, StatusCode::OK);
    let created = app.post("/api/v1/me/dossiers", Some(&citizen), &form).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
}

#[tokio::test]
async fn personal_data_is_never_cached_and_printable_pages_load_nothing() {
    let app = spawn_app().await;
    let clerk = app.login("clerk").await;
    let code = app.receive(&clerk, &business_household()).await.json["dossier"]["code"]
        .as_str()
        .unwrap()
        .to_owned();
    let citizen = app.citizen("binh.tran@example.vn").await;
    for (path, token) in [
        (format!("/api/v1/dossiers/{code}"), &clerk),
        ("/api/v1/dossiers".to_owned(), &clerk),
        ("/api/v1/me".to_owned(), &clerk),
        ("/api/v1/citizens/me".to_owned(), &citizen),
        ("/api/v1/me/dossiers".to_owned(), &citizen),
    ] {
        let answer = app.get(&path, Some(token)).await;
        assert_eq!(answer.status, StatusCode::OK, "{path}: {}", answer.text);
        assert_eq!(answer.headers["cache-control"], "no-store", "{path}");
    }
    let receipt = app
        .get(&format!("/api/v1/dossiers/{code}/receipt"), Some(&clerk))
        .await;
    assert_eq!(
        receipt.headers["content-security-policy"],
        "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"
    );
    let sheet = app
        .client
        .get(app.url(&format!(
            "/api/v1/dossiers/{code}/control-sheet?format=html"
        )))
        .bearer_auth(&clerk)
        .send()
        .await
        .unwrap();
    assert_eq!(
        sheet.headers()["content-security-policy"],
        "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"
    );
}

#[tokio::test]
async fn a_value_the_database_refuses_is_the_requests_fault_not_ours() {
    // Behind the parsing layer, a safety net: PostgreSQL refuses a NUL in a
    // text and a date beyond its range ("data exception"); such an error
    // becomes a 422, never a 500. SQLite stores both.
    let app = spawn_app().await;
    let db = app.db.clone();
    let outcomes = tokio::task::spawn_blocking(move || {
        let mut conn = db.get().unwrap();
        [
            motcua_db::users::by_username(&mut conn, "cl\u{0}erk").map(|_| ()),
            motcua_db::procedures::versions_in_force(
                &mut conn,
                chrono::NaiveDate::from_ymd_opt(-5000, 1, 1).unwrap(),
            )
            .map(|_| ()),
        ]
    })
    .await
    .unwrap();
    for outcome in outcomes {
        match outcome {
            Ok(()) => assert!(!crate::helpers::backend_is_postgres()),
            Err(error) => {
                assert!(motcua_db::is_bad_value(&error), "{error}");
                assert_eq!(motcua_app::AppError::from(error).code(), "validation");
            }
        }
    }
}
