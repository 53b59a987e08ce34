//! Counter intake and staff reads of dossiers.

use actix_web::{HttpRequest, web};
use motcua_app::{App, AppError, DossierListQuery, IntakeCommand, Reason};

use super::{Answer, Format, dossier_code};
use crate::Staff;
use crate::extract::Json;
use crate::requests::dossiers::{FormQuery, IntakeRequest, ListQuery, SearchRequest};
use crate::responses::{ClockResponse, DossierListResponse, DossierSearchResponse, IntakeResponse};

/// How a form that has no JSON of its own is answered: a page (the
/// default) or a PDF.
const PRINTED: [Format; 2] = [Format::Html, Format::Pdf];

/// Receives a paper dossier: 201 with the receipt, 200 with the supplement
/// notice, or 201 with the refusal.
pub async fn receive(
    app: web::Data<App>,
    Staff(principal): Staff,
    body: Json<IntakeRequest>,
) -> Answer {
    let command = IntakeCommand::try_from(body.into_inner()).map_err(AppError::from)?;
    let outcome = IntakeResponse::from(app.receive_dossier(principal, command).await?);
    match &outcome {
        IntakeResponse::SupplementNeeded { .. } => super::ok(&outcome),
        IntakeResponse::Received { dossier, .. } | IntakeResponse::Refused { dossier, .. } => {
            super::created(&format!("/api/v1/dossiers/{}", dossier.code), &outcome)
        }
    }
}

/// A dossier's full record.
pub async fn get(app: web::Data<App>, Staff(principal): Staff, path: web::Path<String>) -> Answer {
    super::workflow::dossier_answer(app.get_dossier(principal, dossier_code(&path)?).await?)
}

/// The receipt (Mẫu 01) as a printable A5 page.
pub async fn receipt(
    app: web::Data<App>,
    Staff(principal): Staff,
    path: web::Path<String>,
    query: web::Query<FormQuery>,
    req: HttpRequest,
) -> Answer {
    let format = super::format_of(query.format.as_deref(), &req, &PRINTED)?;
    let receipt = app.receipt(principal, dossier_code(&path)?).await?;
    super::printed(&receipt, format).await
}

/// How the dossier's appointment came about.
pub async fn dossier_clock(
    app: web::Data<App>,
    Staff(principal): Staff,
    path: web::Path<String>,
) -> Answer {
    super::ok(&ClockResponse::from(
        app.dossier_clock(principal, dossier_code(&path)?).await?,
    ))
}

/// The notice that processing stopped, as a page or a PDF.
pub async fn stop_notice(
    app: web::Data<App>,
    Staff(principal): Staff,
    path: web::Path<String>,
    query: web::Query<FormQuery>,
    req: HttpRequest,
) -> Answer {
    let format = super::format_of(query.format.as_deref(), &req, &PRINTED)?;
    let notice = app.stop_notice(principal, dossier_code(&path)?).await?;
    super::printed(&notice, format).await
}

/// The refusal (Mẫu 03) of a refused dossier, as a page or a PDF.
pub async fn refusal(
    app: web::Data<App>,
    Staff(principal): Staff,
    path: web::Path<String>,
    query: web::Query<FormQuery>,
    req: HttpRequest,
) -> Answer {
    let format = super::format_of(query.format.as_deref(), &req, &PRINTED)?;
    let notice = app.refusal(principal, dossier_code(&path)?).await?;
    super::printed(&notice, format).await
}

/// The last supplement request (Mẫu 02) of a dossier, as a page or a PDF.
pub async fn supplement_request(
    app: web::Data<App>,
    Staff(principal): Staff,
    path: web::Path<String>,
    query: web::Query<FormQuery>,
    req: HttpRequest,
) -> Answer {
    let format = super::format_of(query.format.as_deref(), &req, &PRINTED)?;
    let notice = app
        .supplement_request(principal, dossier_code(&path)?)
        .await?;
    super::printed(&notice, format).await
}

/// A supplement request given at the counter (Mẫu 02, no dossier code), as
/// a page or a PDF.
pub async fn supplement_notice(
    app: web::Data<App>,
    Staff(principal): Staff,
    path: web::Path<String>,
    query: web::Query<FormQuery>,
    req: HttpRequest,
) -> Answer {
    let format = super::format_of(query.format.as_deref(), &req, &PRINTED)?;
    let id = super::uuid_in_path(&path, Reason::NoSuchSupplementNotice)?;
    let notice = app.counter_supplement_notice(principal, id).await?;
    super::printed(&notice, format).await
}

/// The agency's work list, by due instant.
/// Finds the agency's dossiers by code, number or the applicant's name.
pub async fn search(
    app: web::Data<App>,
    Staff(principal): Staff,
    body: Json<SearchRequest>,
) -> Answer {
    let body = body.into_inner();
    let search = motcua_app::DossierSearch::parse("query", &body.query)
        .map_err(|v| AppError::Validation(vec![v]))?;
    let limit = body.limit.unwrap_or(50);
    let items = app.search_dossiers(principal, search, limit).await?;
    super::ok(&DossierSearchResponse {
        items: super::each(items),
    })
}

pub async fn list(
    app: web::Data<App>,
    Staff(principal): Staff,
    query: web::Query<ListQuery>,
) -> Answer {
    let query = DossierListQuery::try_from(query.into_inner()).map_err(AppError::from)?;
    super::ok(&DossierListResponse::from(
        app.list_dossiers(principal, query).await?,
    ))
}
