//! Liveness, readiness and the API contract.

use actix_web::{HttpResponse, web};
use motcua_app::App;

use super::Answer;

/// The contract, as written: `openapi.yaml` at the repository root.
pub const OPENAPI: &str = include_str!("../../../../openapi.yaml");

/// `GET /healthz`: the process answers.
pub async fn healthz() -> Answer {
    super::ok(&serde_json::json!({"status": "ok"}))
}

/// `GET /readyz`: the database answers too.
pub async fn readyz(app: web::Data<App>) -> Answer {
    match app.ready().await {
        Ok(backend) => super::ok(&serde_json::json!({"status": "ready", "database": backend})),
        Err(error) => {
            tracing::warn!(error = %error, "not ready");
            Ok(HttpResponse::ServiceUnavailable()
                .insert_header(("content-type", "application/problem+json"))
                .json(serde_json::json!({
                    "type": "urn:motcua:problem:not_ready",
                    "title": "Not ready",
                    "status": 503,
                    "detail": "the database does not answer",
                    "code": "not_ready",
                })))
        }
    }
}

/// `GET /api/v1/openapi.yaml`.
pub async fn openapi() -> Answer {
    Ok(HttpResponse::Ok()
        .content_type("application/yaml; charset=utf-8")
        .body(OPENAPI))
}
