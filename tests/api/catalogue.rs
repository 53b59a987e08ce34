use serde_json::{Value, json};

use crate::helpers::spawn_app;

fn new_procedure() -> Value {
    json!({
        "code": "1.000419",
        "effective_from": "2026-01-01",
        "agencies": ["000.25.01.H26"],
        "name": "Đăng ký khai tử lưu động",
        "field": "Hộ tịch",
        "processing_time": 5,
        "processing_unit": "working_days",
        "online_mode": "none",
        "result_type": "Trích lục khai tử",
        "documents": [{"name": "Tờ khai đăng ký khai tử", "copy_type": "original", "count": 1, "mandatory": true}],
        "fees": [{"name": "Lệ phí", "amount_vnd": 0}],
        "steps": [{"name": "Đăng ký lưu động", "role": "specialist", "budget_working_hours": 40}],
        "legal_basis": ["Luật Hộ tịch số 60/2014/QH13"],
        "source_url": "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.000419"
    })
}

#[tokio::test]
async fn the_demo_catalogue_holds_real_procedures() {
    let app = spawn_app().await;
    let all = app.get("/api/v1/procedures?per_page=100", None).await;
    assert_eq!(all.status, 200, "{}", all.text);
    assert!(all.json["total"].as_i64().unwrap() >= 8);
    let codes: Vec<&str> = all.json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["code"].as_str().unwrap())
        .collect();
    for code in [
        "1.001193", "1.000894", "1.004222", "1.001612", "1.009994", "1.013831",
    ] {
        assert!(codes.contains(&code), "{code} missing from {codes:?}");
    }
    let birth = app.get("/api/v1/procedures/1.001193", None).await;
    assert_eq!(birth.status, 200);
    assert_eq!(birth.json["name"], "Đăng ký khai sinh");
    assert_eq!(birth.json["field"], "Hộ tịch");
    assert!(birth.json["documents"].as_array().unwrap().len() >= 2);
    assert!(
        birth.json["source_url"]
            .as_str()
            .unwrap()
            .contains("ma_thu_tuc=1.001193")
    );
    assert_eq!(birth.json["agencies"][0]["code"], "000.25.01.H26");
}

#[tokio::test]
async fn search_ignores_diacritics_and_filters() {
    let app = spawn_app().await;
    let by_words = app
        .get("/api/v1/procedures?q=dang%20ky%20khai%20sinh", None)
        .await;
    assert_eq!(by_words.json["total"], 1, "{}", by_words.text);
    assert_eq!(by_words.json["items"][0]["code"], "1.001193");
    let by_field = app
        .get("/api/v1/procedures?field=H%E1%BB%99%20t%E1%BB%8Bch", None)
        .await;
    assert_eq!(by_field.json["total"], 3, "{}", by_field.text);
    let by_code = app.get("/api/v1/procedures?code=1.004222", None).await;
    assert_eq!(by_code.json["items"][0]["name"], "Đăng ký thường trú");
    let police = app
        .get("/api/v1/procedures?agency=000.25.02.H26", None)
        .await;
    assert_eq!(police.json["total"], 2, "{}", police.text);
    let unknown_agency = app
        .get("/api/v1/procedures?agency=000.99.99.H26", None)
        .await;
    assert_eq!(unknown_agency.json["total"], 0);
    let page = app.get("/api/v1/procedures?per_page=2&page=2", None).await;
    assert_eq!(page.json["items"].as_array().unwrap().len(), 2);
    assert_eq!(page.json["page"], 2);
    // A LIKE wildcard is a character, not a wildcard.
    assert_eq!(
        app.get("/api/v1/procedures?q=%25", None).await.json["total"],
        0
    );
}

#[tokio::test]
async fn bad_catalogue_queries_are_problems() {
    let app = spawn_app().await;
    app.get("/api/v1/procedures?page=0", None)
        .await
        .assert_problem(422, "validation");
    app.get("/api/v1/procedures?per_page=1000", None)
        .await
        .assert_problem(422, "validation");
    app.get("/api/v1/procedures?page=abc", None)
        .await
        .assert_problem(400, "invalid_query");
    app.get("/api/v1/procedures?agency=not%20a%20code", None)
        .await
        .assert_problem(422, "validation");
    app.get("/api/v1/procedures/9.999999", None)
        .await
        .assert_problem(404, "not_found");
    app.get("/api/v1/procedures/nonsense", None)
        .await
        .assert_problem(404, "not_found");
}

#[tokio::test]
async fn an_admin_publishes_a_procedure_and_a_later_version() {
    let app = spawn_app().await;
    let admin = app.login("admin").await;
    let created = app
        .post("/api/v1/procedures", Some(&admin), &new_procedure())
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    assert_eq!(created.headers["location"], "/api/v1/procedures/1.000419");
    assert_eq!(created.json["processing_time_text"], "5 ngày làm việc");

    // The same code again is a conflict.
    app.post("/api/v1/procedures", Some(&admin), &new_procedure())
        .await
        .assert_problem(409, "conflict");

    // A version that starts later; today's version stays in force until then.
    let mut next = new_procedure();
    next["effective_from"] = json!("2026-06-01");
    next["processing_time"] = json!(3);
    let updated = app
        .put("/api/v1/procedures/1.000419", Some(&admin), &next)
        .await;
    assert_eq!(updated.status, 200, "{}", updated.text);
    assert_eq!(updated.json["versions"].as_array().unwrap().len(), 2);
    assert_eq!(
        app.get("/api/v1/procedures/1.000419", None).await.json["processing_time"],
        5
    );
    let june = app
        .get("/api/v1/procedures/1.000419?on=2026-06-02", None)
        .await;
    assert_eq!(june.json["processing_time"], 3);
    assert_eq!(june.json["effective_from"], "2026-06-01");
    app.get("/api/v1/procedures/1.000419?on=2025-01-01", None)
        .await
        .assert_problem(404, "not_found");

    // History is only added to.
    let mut earlier = new_procedure();
    earlier["effective_from"] = json!("2026-02-01");
    app.put("/api/v1/procedures/1.000419", Some(&admin), &earlier)
        .await
        .assert_problem(409, "conflict");
    let mut other_code = next.clone();
    other_code["code"] = json!("1.000420");
    other_code["effective_from"] = json!("2026-07-01");
    app.put("/api/v1/procedures/1.000419", Some(&admin), &other_code)
        .await
        .assert_problem(422, "validation");
    let mut without_code = next.clone();
    without_code.as_object_mut().unwrap().remove("code");
    app.put("/api/v1/procedures/9.999999", Some(&admin), &without_code)
        .await
        .assert_problem(404, "not_found");
}

#[tokio::test]
async fn only_admins_publish_and_bad_procedures_write_nothing() {
    let app = spawn_app().await;
    let before = app.counts().await;
    let clerk = app.login("clerk").await;
    app.post("/api/v1/procedures", Some(&clerk), &new_procedure())
        .await
        .assert_problem(403, "forbidden");
    app.post("/api/v1/procedures", None, &new_procedure())
        .await
        .assert_problem(401, "unauthenticated");

    let admin = app.login("admin").await;
    let mut bad = new_procedure();
    bad["name"] = json!("  ");
    bad["processing_time"] = json!(0);
    bad["agencies"] = json!(["000.99.99.H26"]);
    bad["documents"][0]["count"] = json!(0);
    let answer = app.post("/api/v1/procedures", Some(&admin), &bad).await;
    answer.assert_problem(422, "validation");
    assert_eq!(
        answer.error_fields(),
        ["name", "processing_time", "documents[0].count"]
    );

    let mut unknown_agency = new_procedure();
    unknown_agency["agencies"] = json!(["000.99.99.H26"]);
    let answer = app
        .post("/api/v1/procedures", Some(&admin), &unknown_agency)
        .await;
    answer.assert_problem(422, "validation");
    assert_eq!(answer.error_fields(), ["agencies[0]"]);

    for (field, value) in [
        ("processing_time", json!("five")),
        ("processing_unit", json!("weeks")),
        ("surprise", json!(1)),
    ] {
        let mut wrong = new_procedure();
        wrong[field] = value;
        app.post("/api/v1/procedures", Some(&admin), &wrong)
            .await
            .assert_wrong_shape();
    }
    let mut no_code = new_procedure();
    no_code.as_object_mut().unwrap().remove("code");
    app.post("/api/v1/procedures", Some(&admin), &no_code)
        .await
        .assert_problem(422, "validation");

    // Sign-ins write refresh tokens; nothing else changed.
    let mut after = app.counts().await;
    after.insert("refresh_tokens", before["refresh_tokens"]);
    assert_eq!(before, after);
}
