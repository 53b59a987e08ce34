//! The whole online path, as the "done when" reads: a citizen
//! registers, submits a `full` procedure with documents, pays through the
//! sandbox gateway and downloads the result; a `partial` one ends at the
//! counter. Then the rating, once.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{PDF, TestApp, application, spawn_app_with_long_sessions};

pub(crate) const WARD: &str = "000.25.01.H26";
pub(crate) const ECONOMY: &str = "Phòng Kinh tế, Hạ tầng và Đô thị";

/// A detached PKCS #7 signature's first bytes (SEQUENCE, signedData OID).
const P7S: &[u8] = &[
    0x30, 0x82, 0x07, 0x1A, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x02, 0xA0,
    0x82, 0x07, 0x0B,
];

pub(crate) async fn attach(
    app: &TestApp,
    token: &str,
    code: &str,
    files: &[(&str, &[u8])],
) -> crate::helpers::Answer {
    app.put_files(
        &format!("/api/v1/dossiers/{code}/result-files"),
        token,
        files,
    )
    .await
}

/// Submits `procedure` online with its mandatory documents; (id, code).
pub(crate) async fn submitted(
    app: &TestApp,
    citizen: &str,
    procedure: &str,
    delivery: &str,
    documents: &[usize],
    key: &str,
) -> (String, String) {
    let created = app
        .post(
            "/api/v1/me/dossiers",
            Some(citizen),
            &application(procedure, delivery),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let id = created.json["id"].as_str().unwrap().to_owned();
    for &document in documents {
        let uploaded = app
            .upload(
                citizen,
                &id,
                document,
                "giay-to.pdf",
                "application/pdf",
                PDF,
            )
            .await;
        assert_eq!(uploaded.status, StatusCode::OK, "{}", uploaded.text);
    }
    let answer = app.submit(citizen, &id, key).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
    (
        id,
        answer.json["dossier"]["code"].as_str().unwrap().to_owned(),
    )
}

#[tokio::test]
async fn a_full_procedure_is_submitted_paid_and_its_result_downloaded_without_a_counter_visit() {
    let app = spawn_app_with_long_sessions().await;
    let clerk = app.login("clerk").await;
    let specialist = app.login("specialist").await;
    let citizen = app.citizen("binh.tran@example.vn").await;

    // Household business registration: full online, 100,000 đồng.
    let (id, code) = submitted(&app, &citizen, "1.001612", "online", &[0], "k-full").await;
    app.act_ok(&clerk, &code, "accept", json!({})).await;
    app.act_ok(&clerk, &code, "request-payment", json!({}))
        .await;
    let started = app
        .post(
            &format!("/api/v1/me/dossiers/{id}/payments"),
            Some(&citizen),
            &json!({}),
        )
        .await;
    let url = started.json["payment_url"].as_str().unwrap();
    let paid = app.get(&crate::helpers::scripted_bank(url), None).await;
    assert_eq!(paid.json["RspCode"], "00", "{}", paid.text);

    let economy = app.unit_id(&clerk, WARD, ECONOMY).await;
    let specialist_id = app.user_id(&specialist).await;
    app.act_ok(
        &clerk,
        &code,
        "assign",
        json!({"unit_id": economy, "assignee_id": specialist_id}),
    )
    .await;

    // The specialist attaches the result and its signature while processing.
    let before = app.counts().await;
    attach(&app, &specialist, &code, &[("chu-ky.p7s", P7S)])
        .await
        .assert_problem(422, "validation");
    attach(
        &app,
        &specialist,
        &code,
        &[("ket-qua.pdf", b"MZ not a pdf")],
    )
    .await
    .assert_problem(415, "unsupported_media_type");
    attach(&app, &citizen, &code, &[("ket-qua.pdf", PDF)])
        .await
        .assert_problem(401, "unauthenticated");
    assert_eq!(app.counts().await, before);
    let stored = app.stored_files();
    let attached = attach(
        &app,
        &specialist,
        &code,
        &[
            ("giay-chung-nhan.pdf", PDF),
            ("giay-chung-nhan.pdf.p7s", P7S),
        ],
    )
    .await;
    assert_eq!(attached.status, StatusCode::OK, "{}", attached.text);
    let kinds: Vec<&str> = attached.json["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["content_type"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["application/pdf", "application/pkcs7-signature"]);
    // Attached again: the earlier bytes are replaced, not kept.
    let again = attach(
        &app,
        &specialist,
        &code,
        &[
            ("giấy chứng nhận.pdf", PDF),
            ("giay-chung-nhan.pdf.p7s", P7S),
        ],
    )
    .await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.json["results"][0]["file_name"], "giấy chứng nhận.pdf");
    assert_eq!(app.stored_files(), stored + 2);
    let result_id = again.json["results"][0]["id"].as_str().unwrap().to_owned();

    // Not the applicant's before the result is ready.
    let view = app
        .get(&format!("/api/v1/me/dossiers/{id}"), Some(&citizen))
        .await;
    assert_eq!(view.json["results"], json!([]));
    assert_eq!(
        app.download(
            &format!("/api/v1/me/dossiers/{id}/files/{result_id}"),
            &citizen
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    // Rated only after the result.
    let scores: serde_json::Map<String, Value> = motcua_domain::CRITERIA
        .iter()
        .map(|c| ((*c).to_owned(), json!(2)))
        .collect();
    app.post(
        &format!("/api/v1/me/dossiers/{id}/rating"),
        Some(&citizen),
        &json!({"scores": scores}),
    )
    .await
    .assert_problem(409, "conflict");

    app.approve_and_finish(
        &specialist,
        &code,
        json!({"summary": "Cấp Giấy chứng nhận đăng ký hộ kinh doanh"}),
    )
    .await;
    let view = app
        .get(&format!("/api/v1/me/dossiers/{id}"), Some(&citizen))
        .await;
    assert_eq!(view.json["state"], "finished");
    assert_eq!(view.json["results"].as_array().unwrap().len(), 2);
    let got = app
        .download(
            &format!("/api/v1/me/dossiers/{id}/files/{result_id}"),
            &citizen,
        )
        .await;
    assert_eq!(got.status, StatusCode::OK);
    assert_eq!(got.bytes, PDF);
    assert_eq!(got.headers["content-type"], "application/pdf");
    // The Vietnamese name survives the download, with an ASCII fallback.
    assert_eq!(
        got.headers["content-disposition"],
        "attachment; filename=\"gi_y ch_ng nh_n.pdf\"; filename*=UTF-8''gi%E1%BA%A5y%20ch%E1%BB%A9ng%20nh%E1%BA%ADn.pdf"
    );

    // Returned online: no counter visit; the timeline says so.
    let returned = app
        .act_ok(&clerk, &code, "return-result", json!({"method": "online"}))
        .await;
    assert_eq!(returned["status"]["code"], 10);
    assert_eq!(returned["returned"]["method"], "online");
    let kinds: Vec<String> = app.notices_to("binh.tran@example.vn").await;
    assert_eq!(
        kinds,
        [
            "account_verification",
            "receipt",
            "payment_requested",
            "result_ready"
        ]
    );

    // The rating: every criterion, 0 to 2, once.
    let mut wrong = scores.clone();
    wrong.insert("total_time".into(), json!(5));
    wrong.remove("online_service");
    let bad = app
        .post(
            &format!("/api/v1/me/dossiers/{id}/rating"),
            Some(&citizen),
            &json!({"scores": wrong}),
        )
        .await;
    bad.assert_problem(422, "validation");
    assert_eq!(
        bad.error_fields(),
        ["scores.total_time", "scores.online_service"]
    );
    let mut fair = scores.clone();
    fair.insert("total_time".into(), json!(1));
    let rated = app
        .post(
            &format!("/api/v1/me/dossiers/{id}/rating"),
            Some(&citizen),
            &json!({"scores": fair, "comment": "Nhanh, không phải đi lại"}),
        )
        .await;
    assert_eq!(rated.status, StatusCode::CREATED, "{}", rated.text);
    assert_eq!(rated.json["rating"]["total"], 17);
    assert_eq!(rated.json["rating"]["band"], "excellent");
    assert_eq!(rated.json["rating"]["scores"]["total_time"], 1);
    let before = app.counts().await;
    app.post(
        &format!("/api/v1/me/dossiers/{id}/rating"),
        Some(&citizen),
        &json!({"scores": scores}),
    )
    .await
    .assert_problem(409, "conflict");
    assert_eq!(app.counts().await, before);
}

#[tokio::test]
async fn a_partial_procedure_ends_at_the_counter() {
    let app = spawn_app_with_long_sessions().await;
    let clerk = app.login("clerk").await;
    let specialist = app.login("specialist").await;
    let citizen = app.citizen("binh.tran@example.vn").await;

    // Marriage registration: partial, collected at the counter.
    let (id, code) = submitted(&app, &citizen, "1.000894", "counter", &[0], "k-partial").await;
    app.act_ok(&clerk, &code, "accept", json!({})).await;
    let economy = app.unit_id(&clerk, WARD, ECONOMY).await;
    let specialist_id = app.user_id(&specialist).await;
    app.act_ok(
        &clerk,
        &code,
        "assign",
        json!({"unit_id": economy, "assignee_id": specialist_id}),
    )
    .await;
    app.approve_and_finish(
        &specialist,
        &code,
        json!({"summary": "Cấp Giấy chứng nhận kết hôn"}),
    )
    .await;
    // Nothing attached: it cannot be returned online.
    let d = app.dossier(&clerk, &code).await;
    app.act(
        &clerk,
        &code,
        "return-result",
        d["version"].as_i64().unwrap(),
        json!({"method": "online"}),
    )
    .await
    .assert_problem(409, "conflict");
    let returned = app
        .act_ok(&clerk, &code, "return-result", json!({"method": "counter"}))
        .await;
    assert_eq!(returned["status"]["code"], 10);
    assert_eq!(returned["returned"]["method"], "counter");
    let view = app
        .get(&format!("/api/v1/me/dossiers/{id}"), Some(&citizen))
        .await;
    assert_eq!(view.json["state"], "returned");
    assert_eq!(view.json["results"], json!([]));

    // A counter dossier has no online result to attach.
    let counter = app
        .receive(&clerk, &crate::helpers::business_household())
        .await;
    let counter_code = counter.json["dossier"]["code"].as_str().unwrap();
    app.act_ok(
        &clerk,
        counter_code,
        "assign",
        json!({"unit_id": economy, "assignee_id": specialist_id}),
    )
    .await;
    attach(&app, &specialist, counter_code, &[("ket-qua.pdf", PDF)])
        .await
        .assert_problem(409, "conflict");
    // Nor does a dossier not yet being processed.
    let (_, waiting) = submitted(&app, &citizen, "1.000894", "counter", &[0], "k-waiting").await;
    attach(&app, &clerk, &waiting, &[("ket-qua.pdf", PDF)])
        .await
        .assert_problem(409, "illegal_transition");
}

#[tokio::test]
async fn a_counter_dossier_is_rated_on_the_paper_form_the_clerk_records() {
    let app = crate::helpers::spawn_app().await;
    let clerk = app.login("clerk").await;
    let specialist = app.login("specialist").await;
    let answer = app
        .receive(&clerk, &crate::helpers::business_household())
        .await;
    let code = answer.json["dossier"]["code"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/dossiers/{code}/rating");
    let form = json!({"scores": {"total_time": 2, "time_per_agency": 2, "contacts_needed": 2, "agencies_contacted": 2, "one_stop_section": 2, "procedure_publication": 1, "staff_attitude": 2, "feedback_handling": 2, "online_service": 0}, "comment": "Cán bộ hướng dẫn tận tình"});
    // Not before the result.
    app.post(&path, Some(&clerk), &form)
        .await
        .assert_problem(409, "conflict");
    let economy = app.unit_id(&clerk, "000.25.01.H26", ECONOMY).await;
    let specialist_id = app.user_id(&specialist).await;
    app.act_ok(
        &clerk,
        &code,
        "assign",
        json!({"unit_id": economy, "assignee_id": specialist_id}),
    )
    .await;
    app.approve_and_finish(&specialist, &code, json!({"summary": "Cấp giấy"}))
        .await;
    // Only the one-stop section records it; a wrong form says what is wrong.
    app.post(&path, Some(&specialist), &form)
        .await
        .assert_problem(403, "forbidden");
    let mut wrong = form.clone();
    wrong["scores"]["total_time"] = json!(3);
    app.post(&path, Some(&clerk), &wrong)
        .await
        .assert_problem(422, "validation");
    let rated = app.post(&path, Some(&clerk), &form).await;
    assert_eq!(rated.status, 201, "{}", rated.text);
    assert_eq!(rated.json["total"], 15);
    assert_eq!(rated.json["scores"]["online_service"], 0);
    // Once.
    let again = app.post(&path, Some(&clerk), &form).await;
    again.assert_problem(409, "conflict");
    assert_eq!(again.json["reason"], "rated_already");
}
