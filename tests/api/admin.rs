use serde_json::json;

use crate::helpers::spawn_app;

#[tokio::test]
async fn the_system_admin_adds_agencies_units_and_staff() {
    let app = spawn_app().await;
    let admin = app.login("sysadmin").await;
    let agency = app
        .post(
            "/api/v1/agencies",
            Some(&admin),
            &json!({"code": "000.25.09.H26", "name": "UBND phường Hoàn Kiếm", "parent_code": "000.00.00.H26", "office_hours": "08:00-12:00,13:30-17:30"}),
        )
        .await;
    assert_eq!(agency.status, 201, "{}", agency.text);
    assert_eq!(agency.json["parent_code"], "000.00.00.H26");
    assert_eq!(agency.json["office_hours"], "08:00-12:00,13:30-17:30");

    let unit = app
        .post(
            "/api/v1/agencies/000.25.09.H26/units",
            Some(&admin),
            &json!({"name": "Bộ phận Một cửa", "one_stop": true}),
        )
        .await;
    assert_eq!(unit.status, 201, "{}", unit.text);
    let units = app.get("/api/v1/agencies/000.25.09.H26/units", None).await;
    assert_eq!(units.json.as_array().unwrap().len(), 1);

    let user = app
        .post(
            "/api/v1/users",
            Some(&admin),
            &json!({"username": "clerk.hk", "password": "a-good-password", "full_name": "Vũ Thị Mai", "role": "clerk", "agency_code": "000.25.09.H26", "unit_id": unit.json["id"]}),
        )
        .await;
    assert_eq!(user.status, 201, "{}", user.text);
    assert_eq!(user.json["unit"]["name"], "Bộ phận Một cửa");
    assert_eq!(
        app.login_answer("clerk.hk", "a-good-password").await.status,
        200
    );

    let list = app.get("/api/v1/agencies", None).await;
    assert_eq!(list.json.as_array().unwrap().len(), 4);
}

#[tokio::test]
async fn bad_agencies_and_users_are_refused_and_write_nothing() {
    let app = spawn_app().await;
    let admin = app.login("admin").await;
    let clerk = app.login("clerk").await;
    let sysadmin = app.login("sysadmin").await;
    let before = app.counts().await;

    let invalid_code = app
        .post(
            "/api/v1/agencies",
            Some(&admin),
            &json!({"code": "000.25.h26", "name": "X"}),
        )
        .await;
    invalid_code.assert_problem(422, "validation");
    assert_eq!(
        invalid_code.json["errors"][0]["code"],
        "invalid_agency_code"
    );
    app.post(
        "/api/v1/agencies",
        Some(&admin),
        &json!({"code": format!("{}1", "1.".repeat(18)), "name": "X"}),
    )
    .await
    .assert_problem(422, "validation");
    app.post(
        "/api/v1/agencies",
        Some(&sysadmin),
        &json!({"code": "000.25.01.H26", "name": "Again"}),
    )
    .await
    .assert_problem(409, "conflict")
    .assert_reason("agency_exists");
    app.post(
        "/api/v1/agencies",
        Some(&admin),
        &json!({"code": "000.25.10.H26", "name": "X", "parent_code": "000.99.99.H26"}),
    )
    .await
    .assert_problem(422, "validation");
    app.post(
        "/api/v1/agencies",
        Some(&admin),
        &json!({"code": "000.25.10.H26", "name": "X", "office_hours": "17:00-08:00"}),
    )
    .await
    .assert_problem(422, "validation");
    app.post(
        "/api/v1/agencies",
        Some(&clerk),
        &json!({"code": "000.25.10.H26", "name": "X"}),
    )
    .await
    .assert_problem(403, "forbidden");
    app.post(
        "/api/v1/agencies/000.99.99.H26/units",
        Some(&admin),
        &json!({"name": "X"}),
    )
    .await
    .assert_problem(404, "not_found");
    app.get("/api/v1/agencies/not-a-code/units", None)
        .await
        .assert_problem(404, "not_found");

    let user = |username: &str, password: &str, role: &str, agency: &str| json!({"username": username, "password": password, "full_name": "Vũ Thị Mai", "role": role, "agency_code": agency});
    app.post(
        "/api/v1/users",
        Some(&admin),
        &user("clerk", "a-good-password", "clerk", "000.25.01.H26"),
    )
    .await
    .assert_problem(409, "conflict")
    .assert_reason("username_taken");
    let weak = app
        .post(
            "/api/v1/users",
            Some(&admin),
            &user("Bad Name", "short", "emperor", "000.25.01.H26"),
        )
        .await;
    weak.assert_problem(422, "validation");
    assert_eq!(weak.error_fields(), ["username", "password", "role"]);
    app.post(
        "/api/v1/users",
        Some(&admin),
        &user("mai", "a-good-password", "citizen", "000.25.01.H26"),
    )
    .await
    .assert_problem(422, "validation");
    app.post(
        "/api/v1/users",
        Some(&admin),
        &user("mai", "a-good-password", "clerk", "000.99.99.H26"),
    )
    .await
    .assert_problem(422, "validation");
    app.post(
        "/api/v1/users",
        Some(&clerk),
        &user("mai", "a-good-password", "clerk", "000.25.01.H26"),
    )
    .await
    .assert_problem(403, "forbidden");

    assert_eq!(before, app.counts().await);
}
