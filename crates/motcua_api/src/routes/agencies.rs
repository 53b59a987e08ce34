//! Agencies, units and staff (admin), and the public list of agencies.

use actix_web::web;
use motcua_app::{App, NewAgency, NewUnit, NewUser};
use motcua_domain::AgencyCode;

use super::Answer;
use crate::Staff;
use crate::extract::Json;
use crate::problem::ApiError;
use crate::requests::agencies::{AgencyRequest, UnitRequest, UserRequest};
use crate::responses::{AgencyResponse, ColleagueResponse, UnitResponse, UserResponse};

fn agency_code(text: &str) -> Result<AgencyCode, ApiError> {
    super::in_path(text, motcua_app::Reason::NoSuchAgency, |t| {
        AgencyCode::parse("code", t)
    })
}

/// Every agency.
pub async fn list(app: web::Data<App>) -> Answer {
    let agencies: Vec<AgencyResponse> = super::each(app.list_agencies().await?);
    super::ok(&agencies)
}

/// Adds an agency.
pub async fn create(
    app: web::Data<App>,
    Staff(principal): Staff,
    body: Json<AgencyRequest>,
) -> Answer {
    let b = body.into_inner();
    let new = NewAgency::parse(
        &b.code,
        &b.name,
        b.parent_code.as_deref(),
        b.office_hours.as_deref(),
    )
    .map_err(motcua_app::AppError::from)?;
    let agency = app.create_agency(principal, new).await?;
    super::created(
        &format!("/api/v1/agencies/{}/units", agency.code),
        &AgencyResponse::from(agency),
    )
}

/// The units of an agency.
pub async fn list_units(app: web::Data<App>, path: web::Path<String>) -> Answer {
    let units: Vec<UnitResponse> = super::each(app.list_units(agency_code(&path)?).await?);
    super::ok(&units)
}

/// The staff of an agency, by name (its own staff and its administrators).
pub async fn list_users(
    app: web::Data<App>,
    Staff(principal): Staff,
    path: web::Path<String>,
) -> Answer {
    let code = agency_code(&path)?;
    let users: Vec<ColleagueResponse> = super::each(app.list_users(principal, code).await?);
    super::ok(&users)
}

/// Adds a unit.
pub async fn create_unit(
    app: web::Data<App>,
    Staff(principal): Staff,
    path: web::Path<String>,
    body: Json<UnitRequest>,
) -> Answer {
    let b = body.into_inner();
    let code = agency_code(&path)?;
    let new = NewUnit::parse(&b.name, b.one_stop).map_err(motcua_app::AppError::from)?;
    let unit = app.create_unit(principal, code.clone(), new).await?;
    super::created(
        &format!("/api/v1/agencies/{code}/units"),
        &UnitResponse::from(unit),
    )
}

/// Adds a staff member.
pub async fn create_user(
    app: web::Data<App>,
    Staff(principal): Staff,
    body: Json<UserRequest>,
) -> Answer {
    let b = body.into_inner();
    let new = NewUser::parse(
        &b.username,
        &b.password,
        &b.full_name,
        &b.role,
        &b.agency_code,
        b.unit_id.as_deref(),
        b.email.as_deref(),
    )
    .map_err(motcua_app::AppError::from)?;
    let user = app.create_user(principal, new).await?;
    super::created("/api/v1/me", &UserResponse::from(user))
}
