//! The procedure catalogue.

use actix_web::web;
use chrono::NaiveDate;
use motcua_app::{App, AppError, ProcedureDraft, ProcedureQuery};
use motcua_domain::{
    AgencyCode, Fee, OnlineMode, ProcedureCode, ProcedureDefinition, ProcessStep, ProcessingUnit,
    RequiredDocument, calendar_date,
};

use super::Answer;
use crate::Staff;
use crate::extract::Json;
use crate::problem::ApiError;

/// `POST /api/v1/procedures` and `PUT /api/v1/procedures/{code}` body: a
/// procedure version. `code` is required when creating; when updating it may
/// be left out, and must match the path if given.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProcedureRequest {
    code: Option<String>,
    effective_from: NaiveDate,
    agencies: Vec<String>,
    name: String,
    field: String,
    processing_time: u32,
    processing_unit: ProcessingUnit,
    processing_note: Option<String>,
    online_mode: OnlineMode,
    result_type: String,
    documents: Vec<RequiredDocument>,
    #[serde(default)]
    fees: Vec<Fee>,
    #[serde(default)]
    steps: Vec<ProcessStep>,
    #[serde(default)]
    legal_basis: Vec<String>,
    source_url: Option<String>,
}

impl ProcedureRequest {
    fn into_draft(self) -> Result<(Option<String>, ProcedureDraft), ApiError> {
        let definition = ProcedureDefinition {
            name: self.name,
            field: self.field,
            processing_time: self.processing_time,
            processing_unit: self.processing_unit,
            processing_note: self.processing_note,
            online_mode: self.online_mode,
            result_type: self.result_type,
            documents: self.documents,
            fees: self.fees,
            steps: self.steps,
            legal_basis: self.legal_basis,
            source_url: self.source_url,
        };
        let draft = ProcedureDraft::parse(self.effective_from, &self.agencies, definition)
            .map_err(AppError::from)?;
        Ok((self.code, draft))
    }
}

/// `GET /api/v1/procedures` query.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchQuery {
    q: Option<String>,
    code: Option<String>,
    field: Option<String>,
    agency: Option<String>,
    page: Option<i64>,
    per_page: Option<i64>,
}

/// `GET /api/v1/procedures/{code}` query.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GetQuery {
    on: Option<NaiveDate>,
}

fn code_in_path(text: &str) -> Result<ProcedureCode, ApiError> {
    ProcedureCode::parse("code", text)
        .map_err(|_| AppError::NotFound(format!("no procedure with code {text}")).into())
}

/// Searches the catalogue.
pub async fn search(app: web::Data<App>, query: web::Query<SearchQuery>) -> Answer {
    let q = query.into_inner();
    let page = q.page.unwrap_or(1);
    let per_page = q.per_page.unwrap_or(20);
    if !(1..=10_000).contains(&page) {
        return Err(ApiError::invalid(
            "page",
            "out_of_range",
            "page is 1 to 10000",
        ));
    }
    if !(1..=100).contains(&per_page) {
        return Err(ApiError::invalid(
            "per_page",
            "out_of_range",
            "per_page is 1 to 100",
        ));
    }
    let agency = match q.agency.as_deref() {
        Some(code) => {
            Some(AgencyCode::parse("agency", code).map_err(|v| AppError::Validation(vec![v]))?)
        }
        None => None,
    };
    let text = q.q.filter(|t| !t.trim().is_empty());
    if text.as_ref().is_some_and(|t| t.chars().count() > 200) {
        return Err(ApiError::invalid(
            "q",
            "too_long",
            "search at most 200 characters",
        ));
    }
    let query = ProcedureQuery {
        text,
        code: q.code,
        field: q.field,
        agency,
        page,
        per_page,
    };
    super::ok(&app.search_procedures(query).await?)
}

/// Publishes a procedure.
pub async fn create(
    app: web::Data<App>,
    Staff(principal): Staff,
    body: Json<ProcedureRequest>,
) -> Answer {
    let (code, draft) = body.into_inner().into_draft()?;
    let code = code.ok_or_else(|| {
        ApiError::invalid("code", "required", "give the procedure's national code")
    })?;
    let code = ProcedureCode::parse("code", &code).map_err(|v| AppError::Validation(vec![v]))?;
    let view = app.create_procedure(principal, code, draft).await?;
    super::created(&format!("/api/v1/procedures/{}", view.code), &view)
}

/// A procedure as in force today (or `on` a date).
pub async fn get(
    app: web::Data<App>,
    path: web::Path<String>,
    query: web::Query<GetQuery>,
) -> Answer {
    let on = query
        .into_inner()
        .on
        .map(|date| calendar_date("on", date))
        .transpose()
        .map_err(|violation| AppError::Validation(vec![violation]))?;
    super::ok(&app.get_procedure(code_in_path(&path)?, on).await?)
}

/// Publishes a new version of a procedure.
pub async fn add_version(
    app: web::Data<App>,
    Staff(principal): Staff,
    path: web::Path<String>,
    body: Json<ProcedureRequest>,
) -> Answer {
    let code = code_in_path(&path)?;
    let (body_code, draft) = body.into_inner().into_draft()?;
    if body_code.is_some_and(|c| c != code.as_str()) {
        return Err(ApiError::invalid(
            "code",
            "mismatch",
            "the code in the body differs from the one in the path",
        ));
    }
    super::ok(&app.add_procedure_version(principal, code, draft).await?)
}
