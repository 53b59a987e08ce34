use chrono::TimeDelta;
use serde_json::json;

use crate::helpers::{at, business_household, spawn_app};

#[tokio::test]
async fn a_complete_dossier_is_received_with_a_code_a_due_instant_and_a_receipt() {
    let app = spawn_app().await;
    let clerk = app.login("clerk").await;
    let answer = app.receive(&clerk, &business_household()).await;
    assert_eq!(answer.status, 201, "{}", answer.text);
    assert_eq!(answer.json["outcome"], "received");
    let dossier = &answer.json["dossier"];
    let code = "000.25.01.H26-260302-0001";
    assert_eq!(dossier["code"], code);
    assert_eq!(
        answer.headers["location"],
        format!("/api/v1/dossiers/{code}")
    );
    assert_eq!(
        dossier["status"],
        json!({"code": 2, "name": "received", "label": "Đã tiếp nhận"})
    );
    assert_eq!(dossier["channel"]["code"], 1);
    // Monday 09:00 + 3 working days = Thursday 09:00 (Hà Nội).
    assert_eq!(dossier["received_at"], "2026-03-02T02:00:00Z");
    assert_eq!(dossier["due_at"], "2026-03-05T02:00:00Z");
    assert_eq!(dossier["original_due_at"], dossier["due_at"]);
    assert_eq!(dossier["processing_time"]["text"], "3 ngày làm việc");
    assert_eq!(dossier["events"][0]["kind"], "received");
    assert_eq!(dossier["events"][0]["actor"]["full_name"], "Nguyễn Thị Lan");

    let receipt = &answer.json["receipt"];
    assert_eq!(receipt["form"], "Mẫu 01");
    assert_eq!(receipt["dossier_code"], code);
    assert_eq!(receipt["register_number"], 1);
    assert_eq!(receipt["due_at_local"], "2026-03-05T09:00:00+07:00");
    assert_eq!(
        receipt["documents"][0]["name"],
        "Giấy đề nghị đăng ký hộ kinh doanh"
    );
    assert_eq!(receipt["received_by"], "Nguyễn Thị Lan");
    assert_eq!(receipt["result_delivery"]["method"], "counter");

    let html = app
        .get(&format!("/api/v1/dossiers/{code}/receipt"), Some(&clerk))
        .await;
    assert_eq!(html.status, 200);
    assert_eq!(html.content_type(), "text/html; charset=utf-8");
    assert!(
        html.text
            .contains("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ")
    );
    assert!(html.text.contains(code));
    assert!(html.text.contains("09 giờ 00 phút, ngày 05/03/2026"));
    assert!(html.text.contains("size: A5"));
    // "Đăng ký nhận kết quả tại:" names the place, once.
    assert!(
        html.text
            .contains("6. Đăng ký nhận kết quả tại: Bộ phận Một cửa</p>"),
        "{}",
        html.text
    );
}

#[tokio::test]
async fn codes_run_per_agency_per_day_and_supplements_use_none() {
    let app = spawn_app().await;
    let clerk = app.login("clerk").await;
    assert_eq!(
        app.receive(&clerk, &business_household()).await.json["dossier"]["code"],
        "000.25.01.H26-260302-0001"
    );

    let mut incomplete = business_household();
    incomplete["documents"] = json!([]);
    let before = app.counts().await;
    let supplement = app.receive(&clerk, &incomplete).await;
    assert_eq!(supplement.status, 200, "{}", supplement.text);
    assert_eq!(supplement.json["outcome"], "supplement_needed");
    assert_eq!(supplement.json["notice"]["form"], "Mẫu 02");
    assert_eq!(
        supplement.json["notice"]["items"][0]["document"],
        "Giấy đề nghị đăng ký hộ kinh doanh"
    );
    let after = app.counts().await;
    assert_eq!(
        after["supplement_notices"],
        before["supplement_notices"] + 1
    );
    assert_eq!(after["dossiers"], before["dossiers"]);
    assert_eq!(after["dossier_sequences"], before["dossier_sequences"]);

    assert_eq!(
        app.receive(&clerk, &business_household()).await.json["dossier"]["code"],
        "000.25.01.H26-260302-0002"
    );
    app.advance(TimeDelta::days(1));
    let clerk = app.login("clerk").await;
    assert_eq!(
        app.receive(&clerk, &business_household()).await.json["dossier"]["code"],
        "000.25.01.H26-260303-0001"
    );
}

#[tokio::test]
async fn the_clerk_can_ask_for_more_than_missing_documents() {
    let app = spawn_app().await;
    let clerk = app.login("clerk").await;
    let mut body = business_household();
    body["supplement_requests"] = json!(["Chủ hộ ký và ghi rõ họ tên trên Giấy đề nghị"]);
    let answer = app.receive(&clerk, &body).await;
    assert_eq!(
        answer.json["outcome"], "supplement_needed",
        "{}",
        answer.text
    );
    assert_eq!(
        answer.json["notice"]["items"],
        json!([{"document": null, "reason": "Chủ hộ ký và ghi rõ họ tên trên Giấy đề nghị"}])
    );
}

#[tokio::test]
async fn a_refused_dossier_gets_a_refusal_notice() {
    let app = spawn_app().await;
    let clerk = app.login("clerk").await;
    let mut body = business_household();
    body["refusal_reasons"] = json!(["Ngành nghề kinh doanh thuộc danh mục cấm kinh doanh"]);
    let answer = app.receive(&clerk, &body).await;
    assert_eq!(answer.status, 201, "{}", answer.text);
    assert_eq!(answer.json["outcome"], "refused");
    assert_eq!(answer.json["refusal"]["form"], "Mẫu 03");
    assert_eq!(
        answer.json["refusal"]["reasons"][0],
        "Ngành nghề kinh doanh thuộc danh mục cấm kinh doanh"
    );
    let code = answer.json["dossier"]["code"].as_str().unwrap();
    assert_eq!(answer.json["dossier"]["status"]["code"], 3);
    let lookup = app.get(&format!("/api/v1/lookup/{code}"), None).await;
    assert_eq!(lookup.json["status"]["code"], 3);
    assert!(lookup.json["due_at"].is_null());
    assert!(
        lookup.json["clock"].is_null(),
        "no appointment, nothing to explain"
    );
    app.get(&format!("/api/v1/dossiers/{code}/receipt"), Some(&clerk))
        .await
        .assert_problem(412, "precondition_failed");
}

#[tokio::test]
async fn a_dossier_received_after_hours_starts_its_clock_next_morning() {
    let app = spawn_app().await;
    app.clock.set(at("2026-03-02T17:30:00+07:00"));
    let clerk = app.login("clerk").await;
    let answer = app.receive(&clerk, &business_household()).await;
    let dossier = &answer.json["dossier"];
    assert_eq!(
        dossier["clock_started_at"], "2026-03-03T00:30:00Z",
        "{}",
        answer.text
    );
    // Three working days from Tuesday 07:30: Friday 07:30.
    assert_eq!(dossier["due_at"], "2026-03-06T00:30:00Z");
}

#[tokio::test]
async fn the_due_instant_skips_tet() {
    let app = spawn_app().await;
    // Friday before Tết Bính Ngọ, 16:30: three working days end on Wednesday 25 February.
    app.clock.set(at("2026-02-13T16:30:00+07:00"));
    let clerk = app.login("clerk").await;
    let answer = app.receive(&clerk, &business_household()).await;
    assert_eq!(
        answer.json["receipt"]["due_at_local"], "2026-02-25T16:30:00+07:00",
        "{}",
        answer.text
    );
}

#[tokio::test]
async fn an_organisation_applies_with_its_tax_code_and_the_result_goes_by_post() {
    let app = spawn_app().await;
    let clerk = app.login("clerk").await;
    let mut body = business_household();
    body["applicant"] = json!({
        "full_name": "Trần Văn Bảo",
        "address": "5 Điện Biên Phủ, Ba Đình, Hà Nội",
        "organization": {"name": "Công ty TNHH Sen Vàng", "tax_code": "0101234567"}
    });
    body["result_delivery"] =
        json!({"method": "post", "address": "5 Điện Biên Phủ, Ba Đình, Hà Nội"});
    let answer = app.receive(&clerk, &body).await;
    assert_eq!(answer.status, 201, "{}", answer.text);
    assert_eq!(
        answer.json["receipt"]["applicant_name"],
        "Công ty TNHH Sen Vàng"
    );
    assert!(
        answer.json["receipt"]["result_delivery"]["text"]
            .as_str()
            .unwrap()
            .contains("bưu chính")
    );
}

#[tokio::test]
async fn bad_intakes_are_answered_4xx_and_write_nothing() {
    let app = spawn_app().await;
    let clerk = app.login("clerk").await;
    let specialist = app.login("specialist").await;
    let before = app.counts().await;

    let with = |patch: &dyn Fn(&mut serde_json::Value)| {
        let mut body = business_household();
        patch(&mut body);
        body
    };
    // Unknown procedure, a procedure of another agency, a malformed code.
    let unknown = app
        .receive(&clerk, &with(&|b| b["procedure_code"] = json!("9.999999")))
        .await;
    unknown.assert_problem(422, "validation");
    assert_eq!(unknown.json["errors"][0]["code"], "unknown_procedure");
    let elsewhere = app
        .receive(&clerk, &with(&|b| b["procedure_code"] = json!("1.004194")))
        .await;
    assert_eq!(elsewhere.json["errors"][0]["code"], "not_handled_here");
    app.receive(&clerk, &with(&|b| b["procedure_code"] = json!("abc")))
        .await
        .assert_problem(422, "validation");
    // Every wrong applicant field at once.
    let applicant = app
        .receive(
            &clerk,
            &with(&|b| {
                b["applicant"]["id_number"] = json!("12345");
                b["applicant"]["phone"] = json!("12");
                b["applicant"]["email"] = json!("not-an-email");
                b["applicant"]["full_name"] = json!(" ");
            }),
        )
        .await;
    applicant.assert_problem(422, "validation");
    assert_eq!(
        applicant.error_fields(),
        [
            "applicant.full_name",
            "applicant.id_number",
            "applicant.phone",
            "applicant.email"
        ]
    );
    let future = app
        .receive(
            &clerk,
            &with(&|b| b["applicant"]["birth_date"] = json!("2030-01-01")),
        )
        .await;
    assert_eq!(future.error_fields(), ["applicant.birth_date"]);
    // Documents that are not on the list, twice the same one.
    let documents = app.receive(&clerk, &with(&|b| b["documents"] = json!([{"index": 0, "copy_type": "original"}, {"index": 0, "copy_type": "copy"}, {"index": 9, "copy_type": "copy"}]))).await;
    assert_eq!(
        documents.error_fields(),
        ["documents[1].index", "documents[2].index"]
    );
    let post = app
        .receive(
            &clerk,
            &with(&|b| b["result_delivery"] = json!({"method": "post"})),
        )
        .await;
    assert_eq!(post.error_fields(), ["result_delivery.address"]);
    app.receive(
        &clerk,
        &with(&|b| b["result_delivery"] = json!({"method": "pigeon"})),
    )
    .await
    .assert_problem(422, "validation");
    // Wrong types and unknown fields.
    app.receive(&clerk, &with(&|b| b["applicant"] = json!("Nguyễn Văn An")))
        .await
        .assert_wrong_shape();
    app.receive(&clerk, &with(&|b| b["documents"][0]["count"] = json!(-1)))
        .await
        .assert_wrong_shape();
    app.receive(
        &clerk,
        &with(&|b| b["documents"][0]["copy_type"] = json!("photocopy")),
    )
    .await
    .assert_wrong_shape();
    app.receive(&clerk, &with(&|b| b["priority"] = json!("high")))
        .await
        .assert_wrong_shape();
    // Not JSON, not declared as JSON, too large.
    app.post_raw(
        "/api/v1/dossiers",
        Some(&clerk),
        "application/json",
        b"{\"procedure_code\": \"1.001612\",".to_vec(),
    )
    .await
    .assert_problem(400, "malformed_json");
    app.post_raw(
        "/api/v1/dossiers",
        Some(&clerk),
        "text/plain",
        b"{}".to_vec(),
    )
    .await
    .assert_problem(415, "unsupported_media_type");
    let huge = with(&|b| b["applicant"]["address"] = json!("x".repeat(100_000)));
    app.receive(&clerk, &huge)
        .await
        .assert_problem(413, "payload_too_large");
    // Wrong role, no sign-in.
    app.receive(&specialist, &business_household())
        .await
        .assert_problem(403, "forbidden");
    app.post("/api/v1/dossiers", None, &business_household())
        .await
        .assert_problem(401, "unauthenticated");

    let mut after = app.counts().await;
    after.insert("refresh_tokens", before["refresh_tokens"]);
    assert_eq!(before, after, "a refused request wrote something");
}

#[tokio::test]
async fn concurrent_intakes_get_distinct_consecutive_codes() {
    let app = spawn_app().await;
    let clerk = app.login("clerk").await;
    let body = business_household();
    let requests = (0..12).map(|_| app.receive(&clerk, &body));
    let answers = futures_util::future::join_all(requests).await;
    let mut codes: Vec<String> = answers
        .iter()
        .map(|a| {
            assert_eq!(a.status, 201, "{}", a.text);
            a.json["dossier"]["code"].as_str().unwrap().to_owned()
        })
        .collect();
    codes.sort();
    let expected: Vec<String> = (1..=12)
        .map(|n| format!("000.25.01.H26-260302-{n:04}"))
        .collect();
    assert_eq!(codes, expected);
}

#[tokio::test]
async fn a_copy_where_the_original_is_required_is_not_received_and_says_why() {
    let app = spawn_app().await;
    let clerk = app.login("clerk").await;
    let mut body = business_household();
    body["documents"] = json!([{"index": 0, "copy_type": "copy", "count": 1}]);
    let before = app.counts().await;
    let answer = app.receive(&clerk, &body).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(answer.json["outcome"], "supplement_needed");
    assert_eq!(
        answer.json["notice"]["items"][0]["reason"],
        "Giấy đề nghị đăng ký hộ kinh doanh: cần bản chính, đã nộp bản sao"
    );
    // No dossier, no code used.
    assert_eq!(app.counts().await["dossiers"], before["dossiers"]);
}

#[tokio::test]
async fn a_procedure_the_agency_does_not_handle_is_refused_with_mau_03() {
    let app = spawn_app().await;
    let clerk = app.login("clerk").await;
    // Temporary residence is the police's, not the ward's.
    let mut body = business_household();
    body["procedure_code"] = json!("1.004194");
    body["documents"] = json!([]);
    let answer = app.receive(&clerk, &body).await;
    answer.assert_problem(422, "validation");
    assert_eq!(answer.json["errors"][0]["code"], "not_handled_here");
    assert!(
        answer.json["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("Mẫu 03")
    );
    // Refusing it records the dossier as refused and gives the refusal.
    body["refusal_reasons"] = json!([
        "Hồ sơ không thuộc thẩm quyền giải quyết của UBND phường Ba Đình; đề nghị nộp tại Công an phường"
    ]);
    let refused = app.receive(&clerk, &body).await;
    assert_eq!(refused.status, 201, "{}", refused.text);
    assert_eq!(refused.json["outcome"], "refused");
    assert_eq!(refused.json["refusal"]["form"], "Mẫu 03");
    let code = refused.json["dossier"]["code"].as_str().unwrap();
    let page = app
        .get(&format!("/api/v1/dossiers/{code}/refusal"), Some(&clerk))
        .await;
    assert_eq!(page.status, 200, "{}", page.text);
    assert!(page.text.contains("không thuộc thẩm quyền"));
}

#[tokio::test]
async fn receipts_are_numbered_in_the_agencys_register_of_the_year_not_the_day() {
    let app = spawn_app().await;
    let clerk = app.login("clerk").await;
    let first = app.receive(&clerk, &business_household()).await;
    assert_eq!(first.json["receipt"]["receipt_number"], 1, "{}", first.text);
    assert_eq!(first.json["receipt"]["receipt_year"], 2026);
    // Refused at the counter: no receipt, no number.
    let mut refused = business_household();
    refused["refusal_reasons"] = json!(["Không thuộc thẩm quyền"]);
    let refused = app.receive(&clerk, &refused).await;
    assert_eq!(
        refused.json["dossier"]["receipt_number"],
        serde_json::Value::Null
    );
    // The next day the dossier code starts again at 0001; the receipt goes on.
    app.advance(TimeDelta::days(1));
    let clerk = app.login("clerk").await;
    let next = app.receive(&clerk, &business_household()).await;
    let code = next.json["dossier"]["code"].as_str().unwrap().to_owned();
    assert!(code.ends_with("-0001"), "{code}");
    assert_eq!(next.json["receipt"]["receipt_number"], 2);
    assert_eq!(next.json["dossier"]["receipt_number"], 2);
    let html = app
        .get(&format!("/api/v1/dossiers/{code}/receipt"), Some(&clerk))
        .await;
    assert!(html.text.contains("Số: 00002/TNHS"), "{}", html.text);
    assert!(
        html.text
            .contains("Vào Sổ theo dõi hồ sơ, Quyển số: 2026, Số thứ tự: 2"),
        "{}",
        html.text
    );
}

#[tokio::test]
async fn a_dossier_that_came_by_post_is_received_when_the_post_handed_it_over() {
    let app = spawn_app().await; // Monday 2 March 2026, 09:00
    let clerk = app.login("clerk").await;
    let before = app.counts().await;
    let by_post = |at: &str| {
        let mut body = business_household();
        body["arrived_by_post_at"] = json!(at);
        body["result_delivery"] =
            json!({"method": "post", "address": "12 Phan Đình Phùng, phường Ba Đình, Hà Nội"});
        body
    };
    let future = app
        .receive(&clerk, &by_post("2026-03-02T10:00:00+07:00"))
        .await;
    future.assert_problem(422, "validation");
    assert_eq!(future.json["errors"][0]["code"], "in_the_future");
    let old = app
        .receive(&clerk, &by_post("2026-02-20T10:00:00+07:00"))
        .await;
    assert_eq!(old.json["errors"][0]["code"], "too_old");
    app.receive(&clerk, &by_post("last friday"))
        .await
        .assert_problem(422, "validation");
    assert_eq!(app.counts().await, before);

    // Handed over by the post on Friday 27 February at 15:00.
    let answer = app
        .receive(&clerk, &by_post("2026-02-27T15:00:00+07:00"))
        .await;
    assert_eq!(answer.status, 201, "{}", answer.text);
    let d = &answer.json["dossier"];
    assert_eq!(d["channel"]["code"], 3);
    assert!(d["code"].as_str().unwrap().contains("-260227-"), "{d}");
    assert_eq!(d["received_at"], "2026-02-27T08:00:00Z");
    // Three working days from Friday 15:00: Wednesday 4 March, 15:00.
    assert_eq!(d["due_at"], "2026-03-04T08:00:00Z");
    assert_eq!(
        d["events"][0]["step"],
        "Tiếp nhận hồ sơ qua dịch vụ bưu chính"
    );
    let receipt = &answer.json["receipt"];
    assert_eq!(receipt["result_delivery"]["method"], "post");
}

#[tokio::test]
async fn a_day_has_at_most_9999_dossier_codes() {
    let app = spawn_app().await;
    let clerk = app.login("clerk").await;
    let db = app.db.clone();
    tokio::task::spawn_blocking(move || {
        let mut conn = db.get().unwrap();
        let ward = motcua_db::agencies::by_code(&mut conn, "000.25.01.H26")
            .unwrap()
            .unwrap();
        motcua_db::testing::set_day_sequence(&mut conn, &ward.id, "260302", 9_998).unwrap();
    })
    .await
    .unwrap();
    let last = app.receive(&clerk, &business_household()).await;
    assert_eq!(last.status, 201, "{}", last.text);
    assert_eq!(last.json["dossier"]["code"], "000.25.01.H26-260302-9999");
    let before = app.counts().await;
    let full = app.receive(&clerk, &business_household()).await;
    full.assert_problem(409, "conflict");
    assert_eq!(full.json["reason"], "day_full");
    assert_eq!(app.counts().await, before);
}
