use crate::helpers::{business_household, spawn_app, spawn_app_with};

#[tokio::test]
async fn anyone_looks_a_dossier_up_and_sees_no_personal_data() {
    let app = spawn_app().await;
    let clerk = app.login("clerk").await;
    let code = app.receive(&clerk, &business_household()).await.json["dossier"]["code"]
        .as_str()
        .unwrap()
        .to_owned();
    let answer = app.get(&format!("/api/v1/lookup/{code}"), None).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(answer.json["code"], code.as_str());
    assert_eq!(answer.json["applicant"], "Nguyễn V** A**");
    assert_eq!(
        answer.json["procedure"]["name"],
        "Đăng ký thành lập hộ kinh doanh"
    );
    assert_eq!(answer.json["agency"]["code"], "000.25.01.H26");
    assert_eq!(answer.json["status"]["label"], "Đã tiếp nhận");
    assert_eq!(answer.json["due_at"], "2026-03-05T02:00:00Z");
    assert_eq!(answer.json["timeline"][0]["step"], "Tiếp nhận hồ sơ");
    assert_eq!(answer.json["apologies"], serde_json::json!([]));
    for secret in [
        "001203004567",
        "0912345678",
        "an.nguyen@example.vn",
        "Phan Đình Phùng",
        "Nguyễn Văn An",
        "Nguyễn Thị Lan",
        "1990",
    ] {
        assert!(
            !answer.text.contains(secret),
            "the public lookup shows {secret}"
        );
    }
}

#[tokio::test]
async fn unknown_and_malformed_codes_are_not_found() {
    let app = spawn_app().await;
    app.get("/api/v1/lookup/000.25.01.H26-260302-0001", None)
        .await
        .assert_problem(404, "not_found");
    app.get("/api/v1/lookup/anything", None)
        .await
        .assert_problem(404, "not_found");
}

#[tokio::test]
async fn lookups_are_rate_limited_per_client() {
    let app = spawn_app_with(|s| s.rate_limits.lookup_per_client = 5).await;
    for _ in 0..5 {
        app.get("/api/v1/lookup/anything", None)
            .await
            .assert_problem(404, "not_found");
    }
    let limited = app.get("/api/v1/lookup/anything", None).await;
    limited.assert_problem(429, "rate_limited");
    assert!(limited.headers.contains_key("retry-after"));
}
