//! Liveness, readiness and the API contract.

use actix_web::{HttpResponse, web};
use motcua_app::App;

use super::Answer;
use crate::problem::ApiError;
use crate::responses::{HealthResponse, ReadinessResponse};

/// The contract, as written: `openapi.yaml` at the repository root.
pub const OPENAPI: &str = include_str!("../../../../openapi.yaml");

/// `GET /healthz`: the process answers.
pub async fn healthz() -> Answer {
    super::ok(&HealthResponse { status: "ok" })
}

/// `GET /readyz`: the database answers too.
pub async fn readyz(app: web::Data<App>) -> Answer {
    match app.ready().await {
        Ok(database) => super::ok(&ReadinessResponse {
            status: "ready",
            database,
        }),
        Err(error) => {
            tracing::warn!(error = %error, "not ready");
            Err(ApiError::not_ready())
        }
    }
}

/// `GET /api/v1/openapi.yaml`.
pub async fn openapi() -> Answer {
    Ok(HttpResponse::Ok()
        .content_type("application/yaml; charset=utf-8")
        .body(OPENAPI))
}
