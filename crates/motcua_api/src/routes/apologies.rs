//! Apology notices of a late dossier: complete, sign, send, read, print.

use actix_web::{HttpRequest, web};
use motcua_app::{App, AppError, Reason};
use motcua_domain::{Violations, required_text};

use super::{Answer, Format, dossier_code};
use crate::Staff;
use crate::extract::Json;
use crate::extract::instant;
use crate::problem::ApiError;
use crate::requests::apologies::{ApologyRequest, AwaitingQuery, NoticeQuery};
use crate::responses::{ApologyNoticeResponse, ApologyResponse, ApologyWorkResponse};

fn apology_id(text: &str) -> Result<String, ApiError> {
    super::uuid_in_path(text, Reason::NoSuchApology)
}

/// The holding unit writes the apology: reason and new appointment.
pub async fn complete(
    app: web::Data<App>,
    Staff(principal): Staff,
    path: web::Path<String>,
    body: Json<ApologyRequest>,
) -> Answer {
    let code = dossier_code(&path)?;
    let b = body.into_inner();
    let mut v = Violations::new();
    let reason = v.check(required_text("reason", &b.reason, 2000));
    let new_due_at = v.check(instant("new_due_at", &b.new_due_at));
    let (Some(reason), Some(new_due_at), true) = (reason, new_due_at, v.is_empty()) else {
        return Err(AppError::Validation(v.into_vec()).into());
    };
    let apology = app
        .complete_apology(principal, code.clone(), reason, new_due_at)
        .await?;
    super::created(
        &format!("/api/v1/dossiers/{code}/apologies/{}", apology.id),
        &ApologyResponse::from(apology),
    )
}

/// The apologies waiting on the caller's agency in one state: drafts to
/// complete, completed ones to sign, signed ones to send.
pub async fn awaiting(
    app: web::Data<App>,
    Staff(principal): Staff,
    query: web::Query<AwaitingQuery>,
) -> Answer {
    let state = query.state().map_err(AppError::Validation)?;
    let work: Vec<ApologyWorkResponse> =
        super::each(app.apologies_awaiting(principal, state).await?);
    super::ok(&work)
}

/// A dossier's apology notices.
pub async fn list(app: web::Data<App>, Staff(principal): Staff, path: web::Path<String>) -> Answer {
    let apologies: Vec<ApologyResponse> =
        super::each(app.list_apologies(principal, dossier_code(&path)?).await?);
    super::ok(&apologies)
}

/// One apology notice: JSON, or the printable notice with `?format=html` or
/// `Accept: text/html`.
pub async fn get(
    app: web::Data<App>,
    Staff(principal): Staff,
    path: web::Path<(String, String)>,
    query: web::Query<NoticeQuery>,
    req: HttpRequest,
) -> Answer {
    let (code, id) = path.into_inner();
    let offered = [Format::Json, Format::Html, Format::Pdf];
    let format = super::format_of(query.format.as_deref(), &req, &offered)?;
    let notice = app
        .apology_notice(principal, dossier_code(&code)?, apology_id(&id)?)
        .await?;
    match format {
        Format::Json => super::ok(&ApologyNoticeResponse::from(notice)),
        printable => super::printed(&notice, printable).await,
    }
}

/// The leader signs.
pub async fn sign(
    app: web::Data<App>,
    Staff(principal): Staff,
    path: web::Path<(String, String)>,
) -> Answer {
    let (code, id) = path.into_inner();
    let apology = app
        .sign_apology(principal, dossier_code(&code)?, apology_id(&id)?)
        .await?;
    super::ok(&ApologyResponse::from(apology))
}

/// The one-stop section sends it; the appointment moves.
pub async fn send(
    app: web::Data<App>,
    Staff(principal): Staff,
    path: web::Path<(String, String)>,
) -> Answer {
    let (code, id) = path.into_inner();
    let apology = app
        .send_apology(principal, dossier_code(&code)?, apology_id(&id)?)
        .await?;
    super::ok(&ApologyResponse::from(apology))
}
