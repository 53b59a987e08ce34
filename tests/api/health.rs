use crate::helpers::spawn_app;

#[tokio::test]
async fn health_and_readiness_answer() {
    let app = spawn_app().await;
    let health = app.get("/healthz", None).await;
    assert_eq!(health.status, 200);
    assert_eq!(health.json["status"], "ok");
    assert!(health.headers.contains_key("x-request-id"));
    let ready = app.get("/readyz", None).await;
    assert_eq!(ready.status, 200);
    let backend = if crate::helpers::backend_is_postgres() {
        "postgres"
    } else {
        "sqlite"
    };
    assert_eq!(ready.json["database"], backend);
}

#[tokio::test]
async fn unknown_routes_and_methods_are_problems() {
    let app = spawn_app().await;
    let unknown = app.get("/api/v1/nothing-here", None).await;
    unknown.assert_problem(404, "route_not_found");
    assert_eq!(unknown.json["instance"], "/api/v1/nothing-here");
    assert!(unknown.json["request_id"].is_string());
    let wrong_method = app.post("/healthz", None, &serde_json::json!({})).await;
    wrong_method.assert_problem(405, "method_not_allowed");
    assert_eq!(wrong_method.headers["allow"], "GET");
}

#[tokio::test]
async fn the_contract_is_served() {
    let app = spawn_app().await;
    let answer = app.get("/api/v1/openapi.yaml", None).await;
    assert_eq!(answer.status, 200);
    assert!(answer.content_type().starts_with("application/yaml"));
    assert!(answer.text.starts_with("openapi: 3.0"));
}
