//! The procedure catalogue.

use actix_web::web;
use motcua_app::{App, AppError, ProcedureQuery, Reason};
use motcua_domain::{ProcedureCode, calendar_date};

use super::Answer;
use crate::Staff;
use crate::extract::Json;
use crate::problem::ApiError;
use crate::requests::procedures::{GetQuery, ProcedureRequest, SearchQuery};
use crate::responses::{ProcedureListResponse, ProcedureResponse};

fn code_in_path(text: &str) -> Result<ProcedureCode, ApiError> {
    super::in_path(text, Reason::NoSuchProcedure, |t| {
        ProcedureCode::parse("code", t)
    })
}

/// Searches the catalogue.
pub async fn search(app: web::Data<App>, query: web::Query<SearchQuery>) -> Answer {
    let query = ProcedureQuery::try_from(query.into_inner()).map_err(AppError::from)?;
    super::ok(&ProcedureListResponse::from(
        app.search_procedures(query).await?,
    ))
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
    super::created(
        &format!("/api/v1/procedures/{}", view.code),
        &ProcedureResponse::from(view),
    )
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
    super::ok(&ProcedureResponse::from(
        app.get_procedure(code_in_path(&path)?, on).await?,
    ))
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
    super::ok(&ProcedureResponse::from(
        app.add_procedure_version(principal, code, draft).await?,
    ))
}
