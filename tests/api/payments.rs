//! Online fees through the HTTP API: the clerk asks, the citizen pays through
//! the sandbox gateway, and callbacks are verified, idempotent and reconciled.

use chrono::TimeDelta;
use motcua_pay::SignedGateway;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{PDF, SANDBOX_SECRET, TestApp, application, at, spawn_app_with_long_sessions};

pub(crate) fn gateway(secret: &str) -> SignedGateway {
    SignedGateway::sandbox(
        secret.as_bytes(),
        "https://motcua.test/api/v1/payments/sandbox/pay",
        "x",
    )
}

/// `?a=b&c=d` as the gateway would send it.
pub(crate) fn query(parameters: &[(String, String)]) -> String {
    parameters
        .iter()
        .map(|(k, v)| format!("{}={}", motcua_pay::urlencode(k), motcua_pay::urlencode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// A full procedure with a fee (1.001612, household business, 100,000 đồng),
/// submitted online and accepted: (citizen token, application id, code).
pub(crate) async fn accepted_household_business(app: &TestApp) -> (String, String, String) {
    let citizen = app.citizen("binh.tran@example.vn").await;
    let created = app
        .post(
            "/api/v1/me/dossiers",
            Some(&citizen),
            &application("1.001612", "online"),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let id = created.json["id"].as_str().unwrap().to_owned();
    app.upload(&citizen, &id, 0, "de-nghi.pdf", "application/pdf", PDF)
        .await;
    let submitted = app.submit(&citizen, &id, "k-household").await;
    let code = submitted.json["dossier"]["code"]
        .as_str()
        .unwrap()
        .to_owned();
    let clerk = app.login("clerk").await;
    let accepted = app.act(&clerk, &code, "accept", 1, json!({})).await;
    assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.text);
    (citizen, id, code)
}

async fn start(app: &TestApp, citizen: &str, id: &str) -> Value {
    let started = app
        .post(
            &format!("/api/v1/me/dossiers/{id}/payments"),
            Some(citizen),
            &json!({}),
        )
        .await;
    assert_eq!(started.status, StatusCode::CREATED, "{}", started.text);
    started.json
}

#[tokio::test]
async fn a_fee_is_paid_through_the_sandbox_and_the_clock_goes_on() {
    let app = spawn_app_with_long_sessions().await;
    let (citizen, id, code) = accepted_household_business(&app).await;
    let clerk = app.login("clerk").await;
    let specialist = app.login("specialist").await;
    let received = app.dossier(&clerk, &code).await;
    let version = received["version"].as_i64().unwrap();

    // Nothing to pay yet.
    app.post(
        &format!("/api/v1/me/dossiers/{id}/payments"),
        Some(&citizen),
        &json!({}),
    )
    .await
    .assert_problem(409, "conflict");

    // The clerk asks for the procedure's fee; the clock stops.
    app.act(&specialist, &code, "request-payment", version, json!({}))
        .await
        .assert_problem(403, "forbidden");
    app.post(
        &format!("/api/v1/dossiers/{code}/request-payment"),
        Some(&clerk),
        &json!({}),
    )
    .await
    .assert_problem(428, "precondition_required");
    let asked = app
        .act(&clerk, &code, "request-payment", version, json!({}))
        .await;
    assert_eq!(asked.status, StatusCode::OK, "{}", asked.text);
    assert_eq!(asked.json["status"]["code"], 6);
    assert!(asked.json["paused_at"].is_string());
    app.run_jobs().await;
    let mail = app.mail.kept();
    let notice = mail.last().unwrap();
    assert!(notice.raw.contains(&code), "{}", notice.raw);
    assert_eq!(
        app.notices_to("binh.tran@example.vn").await.last().unwrap(),
        "payment_requested"
    );

    // Two hours pass at the bank.
    app.advance(TimeDelta::hours(2));
    let first = start(&app, &citizen, &id).await;
    assert_eq!(first["amount_vnd"], 100_000);
    let url = first["payment_url"].as_str().unwrap();
    assert!(
        url.starts_with("https://motcua.test/thanh-toan/thu-nghiem?vnp_Amount=10000000&"),
        "{url}"
    );
    let reference = first["reference"].as_str().unwrap().to_owned();

    // Forged callbacks change nothing.
    let before = app.counts().await;
    let forged = gateway("a guessed key").callback_for(
        &reference,
        100_000,
        "00",
        "1",
        at("2026-03-02T10:00:00+07:00"),
    );
    app.get(
        &format!("/api/v1/payments/callback/sandbox?{}", query(&forged)),
        None,
    )
    .await
    .assert_problem(401, "unauthenticated");
    let mut tampered = gateway(SANDBOX_SECRET).callback_for(
        &reference,
        100_000,
        "00",
        "1",
        at("2026-03-02T10:00:00+07:00"),
    );
    tampered
        .iter_mut()
        .find(|(k, _)| k == "vnp_Amount")
        .unwrap()
        .1 = "100".into();
    app.get(
        &format!("/api/v1/payments/callback/sandbox?{}", query(&tampered)),
        None,
    )
    .await
    .assert_problem(401, "unauthenticated");
    app.get("/api/v1/payments/callback/sandbox?vnp_TxnRef=X", None)
        .await
        .assert_problem(401, "unauthenticated");
    app.get("/api/v1/payments/callback/momo?vnp_TxnRef=X", None)
        .await
        .assert_problem(404, "not_found");
    // A signed callback for no payment of ours.
    let unknown = gateway(SANDBOX_SECRET).callback_for(
        "NOSUCHREF",
        100_000,
        "00",
        "1",
        at("2026-03-02T10:00:00+07:00"),
    );
    let answer = app
        .get(
            &format!("/api/v1/payments/callback/sandbox?{}", query(&unknown)),
            None,
        )
        .await;
    assert_eq!(
        answer.json,
        json!({"RspCode": "01", "Message": "Order not found"})
    );
    assert_eq!(app.counts().await, before);

    // A second attempt reported with another amount is flagged, not accepted.
    let second = start(&app, &citizen, &id).await;
    let second_reference = second["reference"].as_str().unwrap();
    let short = gateway(SANDBOX_SECRET).callback_for(
        second_reference,
        10_000,
        "00",
        "777",
        at("2026-03-02T11:00:00+07:00"),
    );
    let answer = app
        .get(
            &format!("/api/v1/payments/callback/sandbox?{}", query(&short)),
            None,
        )
        .await;
    assert_eq!(answer.json["RspCode"], "04", "{}", answer.text);
    assert_eq!(app.dossier(&clerk, &code).await["status"]["code"], 6);

    // The payer pays the first attempt at the sandbox's bank.
    let paid = app.get(&crate::helpers::scripted_bank(url), None).await;
    assert_eq!(paid.status, StatusCode::OK, "{}", paid.text);
    assert_eq!(
        paid.json,
        json!({"RspCode": "00", "Message": "Confirm Success"})
    );
    let dossier = app.dossier(&clerk, &code).await;
    assert_eq!(dossier["status"]["code"], 2, "back where it was");
    assert!(dossier["paused_at"].is_null());
    // The clock stood still for the two hours the fee was awaited.
    let due_before =
        chrono::DateTime::parse_from_rfc3339(received["due_at"].as_str().unwrap()).unwrap();
    let due_after =
        chrono::DateTime::parse_from_rfc3339(dossier["due_at"].as_str().unwrap()).unwrap();
    assert_eq!(due_after - due_before, TimeDelta::hours(2));
    let last = dossier["events"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["kind"], "payment_received");

    // The receipt is stored, and both parties see the attempts.
    let view = app
        .get(&format!("/api/v1/me/dossiers/{id}"), Some(&citizen))
        .await;
    let payment = &view.json["payments"][0];
    assert_eq!(payment["amount_vnd"], 100_000);
    assert_eq!(payment["receipt_number"], format!("{code}-BL01"));
    assert!(payment["paid_at"].is_string());
    let states: Vec<&str> = payment["attempts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["paid", "amount_mismatch"]);
    assert_eq!(payment["attempts"][1]["paid_amount_vnd"], 10_000);
    let staff = app
        .get(&format!("/api/v1/dossiers/{code}/payments"), Some(&clerk))
        .await;
    assert_eq!(staff.json["payments"], view.json["payments"]);

    // The gateway repeats its callback: confirmed already, nothing changes.
    let before = app.counts().await;
    let version_now = dossier["version"].clone();
    let repeat = gateway(SANDBOX_SECRET).callback_for(
        &reference,
        100_000,
        "00",
        "1",
        at("2026-03-02T11:05:00+07:00"),
    );
    let answer = app
        .get(
            &format!("/api/v1/payments/callback/sandbox?{}", query(&repeat)),
            None,
        )
        .await;
    assert_eq!(answer.json["RspCode"], "02");
    let paid_again = app.get(&crate::helpers::scripted_bank(url), None).await;
    assert_eq!(paid_again.json["RspCode"], "02");
    assert_eq!(app.counts().await, before);
    assert_eq!(app.dossier(&clerk, &code).await["version"], version_now);
    app.post(
        &format!("/api/v1/me/dossiers/{id}/payments"),
        Some(&citizen),
        &json!({}),
    )
    .await
    .assert_problem(409, "conflict");
}

#[tokio::test]
async fn fee_requests_need_an_amount_and_an_online_dossier() {
    let app = spawn_app_with_long_sessions().await;
    let (_, _, code) = accepted_household_business(&app).await;
    let clerk = app.login("clerk").await;
    let before = app.counts().await;
    for amount in [json!(0), json!(-5), json!("100"), json!(1.5)] {
        app.act(
            &clerk,
            &code,
            "request-payment",
            2,
            json!({"amount_vnd": amount}),
        )
        .await
        .assert_status_4xx();
    }
    // A counter dossier pays at the counter.
    let counter = app
        .receive(&clerk, &crate::helpers::business_household())
        .await;
    let counter_code = counter.json["dossier"]["code"].as_str().unwrap();
    app.act(&clerk, counter_code, "request-payment", 1, json!({}))
        .await
        .assert_problem(409, "conflict");
    let after_counter = app.counts().await;
    assert_eq!(
        after_counter["payment_requests"],
        before["payment_requests"]
    );

    // A procedure without a fee amount needs one given: birth registration
    // is free.
    let citizen = app.citizen("other@example.vn").await;
    let created = app
        .post(
            "/api/v1/me/dossiers",
            Some(&citizen),
            &application("1.001193", "online"),
        )
        .await;
    let id = created.json["id"].as_str().unwrap();
    app.upload(&citizen, id, 0, "a.pdf", "application/pdf", PDF)
        .await;
    app.upload(&citizen, id, 1, "b.pdf", "application/pdf", PDF)
        .await;
    let submitted = app.submit(&citizen, id, "k-birth").await;
    let birth = submitted.json["dossier"]["code"].as_str().unwrap();
    app.act(&clerk, birth, "accept", 1, json!({})).await;
    app.act(&clerk, birth, "request-payment", 2, json!({}))
        .await
        .assert_problem(422, "validation");
    let asked = app
        .act(
            &clerk,
            birth,
            "request-payment",
            2,
            json!({"amount_vnd": 8000}),
        )
        .await;
    assert_eq!(asked.status, StatusCode::OK, "{}", asked.text);

    // The sandbox's bank checks the signature of what it is sent.
    let started = app
        .post(
            &format!("/api/v1/me/dossiers/{id}/payments"),
            Some(&citizen),
            &json!({}),
        )
        .await;
    let url = started.json["payment_url"]
        .as_str()
        .unwrap()
        .replace("vnp_Amount=800000", "vnp_Amount=100");
    app.get(&crate::helpers::scripted_bank(&url), None)
        .await
        .assert_problem(401, "unauthenticated");
    assert_eq!(app.dossier(&clerk, birth).await["status"]["code"], 6);
}

/// A procedure whose fee wait does not stop the clock (it takes its fee
/// with the result): the request and the payment leave the appointment
/// where it was, and the applicant is told the time runs on.
#[tokio::test]
async fn a_fee_wait_that_does_not_pause_leaves_the_clock_running() {
    let app = spawn_app_with_long_sessions().await;
    let admin = app.login("admin").await;
    let current = app.get("/api/v1/procedures/1.001612", None).await;
    assert_eq!(current.json["fee_wait_pauses_clock"], true, "the default");
    let mut next = current.json.clone();
    let body = next.as_object_mut().unwrap();
    for derived in ["code", "processing_time_text", "versions"] {
        body.remove(derived);
    }
    body["agencies"] = current.json["agencies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["code"].clone())
        .collect();
    body["effective_from"] = json!("2026-03-01");
    body["fee_wait_pauses_clock"] = json!(false);
    let put = app
        .put("/api/v1/procedures/1.001612", Some(&admin), &next)
        .await;
    assert!(put.status.is_success(), "{}", put.text);
    assert_eq!(put.json["fee_wait_pauses_clock"], false);

    let (citizen, id, code) = accepted_household_business(&app).await;
    let clerk = app.login("clerk").await;
    let received = app.dossier(&clerk, &code).await;
    let asked = app
        .act(
            &clerk,
            &code,
            "request-payment",
            received["version"].as_i64().unwrap(),
            json!({}),
        )
        .await;
    assert_eq!(asked.status, StatusCode::OK, "{}", asked.text);
    assert_eq!(asked.json["status"]["code"], 6);
    assert!(asked.json["paused_at"].is_null(), "{}", asked.text);
    assert_eq!(asked.json["due_at"], received["due_at"]);
    app.run_jobs().await;
    let mail = app.mail.kept();
    let notice = mail.last().unwrap();
    let text = crate::helpers::quoted_printable(&notice.raw);
    assert!(text.contains("vẫn được tính"), "{text}");

    // The fee wait is not a pause in the queue's filter.
    let paused = app.get("/api/v1/dossiers?paused=true", Some(&clerk)).await;
    assert_eq!(paused.status, StatusCode::OK, "{}", paused.text);
    assert!(
        paused.json["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["code"] != code.as_str()),
        "{}",
        paused.text
    );

    let stats = app.get("/api/v1/dossiers/stats", Some(&clerk)).await;
    assert_eq!(stats.json["paused"], 0, "{}", stats.text);
    // The applicant takes a week to pay: the dossier runs late meanwhile,
    // and the queue's overdue filter finds it; the appointment does not move.
    assert_eq!(asked.json["sla_state"], "on_track", "{}", asked.text);
    app.advance(TimeDelta::days(7));
    let overdue = app.get("/api/v1/dossiers?overdue=true", Some(&clerk)).await;
    assert!(
        overdue.json["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == code.as_str() && d["sla_state"] == "overdue"),
        "{}",
        overdue.text
    );
    let url = start(&app, &citizen, &id).await["payment_url"]
        .as_str()
        .unwrap()
        .to_owned();
    let paid = app.get(&crate::helpers::scripted_bank(&url), None).await;
    assert_eq!(paid.json["RspCode"], "00", "{}", paid.text);
    let dossier = app.dossier(&clerk, &code).await;
    assert_eq!(dossier["status"]["code"], 2, "back where it was");
    assert_eq!(dossier["due_at"], received["due_at"]);
    let clock = app
        .get(&format!("/api/v1/dossiers/{code}/clock"), Some(&clerk))
        .await;
    assert_eq!(clock.status, StatusCode::OK, "{}", clock.text);
    assert_eq!(clock.json["pauses"], json!([]), "{}", clock.text);
}
