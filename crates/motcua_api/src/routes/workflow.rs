//! The workflow actions (`POST /api/v1/dossiers/{code}/<action>`), the
//! control sheet and the dashboard counts.
//!
//! Every action names the version of the dossier it was based on, in an
//! `If-Match` header (the `ETag` of the last read) or a `version` field; a
//! stale version answers 412, none at all 428.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use motcua_app::{App, AppError, DossierAction, DossierView, ResultRecord};
use motcua_domain::{AgencyCode, Violation, Violations, required_text};

use super::{Answer, Format, dossier_code};
use crate::Staff;
use crate::extract::Json;
use crate::problem::ApiError;
use crate::requests::workflow::{
    AssignRequest, FinishRequest, NoteRequest, ReasonRequest, RefuseRequest, RequestPaymentRequest,
    ReturnRequest, SheetQuery, SupplementRequest, TransferRequest, id, list, note, reason,
};
use crate::responses::{ControlSheetResponse, DossierResponse, DossierStatsResponse};

/// 200 with the dossier and its `ETag`.
pub(crate) fn dossier_answer(view: DossierView) -> Answer {
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, format!("\"{}\"", view.version)))
        .json(DossierResponse::from(view)))
}

/// The version the client based its change on: `If-Match: "3"` (also
/// `W/"3"` or `3`) or `"version": 3`; both must agree when both are given.
pub(crate) fn version_of(req: &HttpRequest, body: Option<i32>) -> Result<i32, ApiError> {
    let header = match req.headers().get(header::IF_MATCH) {
        Some(value) => {
            let text = value.to_str().unwrap_or("").trim();
            let bare = text.trim_start_matches("W/").trim_matches('"');
            Some(bare.parse::<i32>().map_err(|_| {
                ApiError::invalid(
                    "If-Match",
                    "invalid_version",
                    "If-Match carries the ETag of your last read, e.g. \"3\"",
                )
            })?)
        }
        None => None,
    };
    match (header, body) {
        (Some(h), Some(b)) if h != b => Err(ApiError::invalid(
            "version",
            "version_mismatch",
            "If-Match and version disagree",
        )),
        (Some(v), _) | (None, Some(v)) => Ok(v),
        (None, None) => Err(AppError::PreconditionRequired(
            "send the version you read: an If-Match header with the ETag of your last read, or a version field".into(),
        )
        .into()),
    }
}

async fn act(
    app: web::Data<App>,
    staff: Staff,
    path: web::Path<String>,
    req: HttpRequest,
    version: Option<i32>,
    parse: impl FnOnce(&mut Violations) -> Option<DossierAction>,
) -> Answer {
    let code = dossier_code(&path)?;
    let version = version_of(&req, version)?;
    let mut v = Violations::new();
    let action = parse(&mut v);
    let action = match (action, v.is_empty()) {
        (Some(action), true) => action,
        _ => return Err(AppError::Validation(v.into_vec()).into()),
    };
    let view = app.act_on_dossier(staff.0, code, version, action).await?;
    dossier_answer(view)
}

/// Hands a received dossier to a unit, or assigns it inside the unit.
pub async fn assign(
    app: web::Data<App>,
    staff: Staff,
    path: web::Path<String>,
    req: HttpRequest,
    body: Json<AssignRequest>,
) -> Answer {
    let b = body.into_inner();
    act(app, staff, path, req, b.version, |v| {
        let (unit_id, assignee_id) = (
            id(v, "unit_id", b.unit_id),
            id(v, "assignee_id", b.assignee_id),
        );
        Some(DossierAction::Assign {
            unit_id,
            assignee_id,
            note: note(v, "note", b.note),
        })
    })
    .await
}

/// Passes the dossier to the next step.
pub async fn hand_over(
    app: web::Data<App>,
    staff: Staff,
    path: web::Path<String>,
    req: HttpRequest,
    body: Json<AssignRequest>,
) -> Answer {
    let b = body.into_inner();
    act(app, staff, path, req, b.version, |v| {
        let (unit_id, assignee_id) = (
            id(v, "unit_id", b.unit_id),
            id(v, "assignee_id", b.assignee_id),
        );
        Some(DossierAction::HandOver {
            unit_id,
            assignee_id,
            note: note(v, "note", b.note),
        })
    })
    .await
}

/// Returns the dossier to the previous step.
pub async fn send_back(
    app: web::Data<App>,
    staff: Staff,
    path: web::Path<String>,
    req: HttpRequest,
    body: Json<ReasonRequest>,
) -> Answer {
    let b = body.into_inner();
    act(app, staff, path, req, b.version, |v| {
        Some(DossierAction::SendBack {
            reason: reason(v, "reason", &b.reason)?,
        })
    })
    .await
}

/// Transfers the dossier to another agency (liên thông).
pub async fn transfer(
    app: web::Data<App>,
    staff: Staff,
    path: web::Path<String>,
    req: HttpRequest,
    body: Json<TransferRequest>,
) -> Answer {
    let b = body.into_inner();
    act(app, staff, path, req, b.version, |v| {
        let agency = v.check(AgencyCode::parse("agency_code", &b.agency_code));
        let note = note(v, "note", b.note);
        Some(DossierAction::Transfer {
            agency: agency?,
            note,
        })
    })
    .await
}

/// Asks the applicant for a supplement (Mẫu 02); the clock stops.
pub async fn request_supplement(
    app: web::Data<App>,
    staff: Staff,
    path: web::Path<String>,
    req: HttpRequest,
    body: Json<SupplementRequest>,
) -> Answer {
    let b = body.into_inner();
    act(app, staff, path, req, b.version, |v| {
        Some(DossierAction::RequestSupplement {
            items: list(v, "items", &b.items)?,
        })
    })
    .await
}

/// Accepts a dossier submitted online; its clock starts (clerk).
pub async fn accept(
    app: web::Data<App>,
    staff: Staff,
    path: web::Path<String>,
    req: HttpRequest,
    body: Json<NoteRequest>,
) -> Answer {
    let b = body.into_inner();
    act(app, staff, path, req, b.version, |v| {
        Some(DossierAction::Accept {
            note: note(v, "note", b.note),
        })
    })
    .await
}

/// Asks the applicant to pay the fee online; the clock stops (clerk).
pub async fn request_payment(
    app: web::Data<App>,
    staff: Staff,
    path: web::Path<String>,
    req: HttpRequest,
    body: Json<RequestPaymentRequest>,
) -> Answer {
    let b = body.into_inner();
    act(app, staff, path, req, b.version, |v| {
        if let Some(amount) = b.amount_vnd
            && !(1..=1_000_000_000_000).contains(&amount)
        {
            v.push(Violation::new(
                "amount_vnd",
                "out_of_range",
                "an amount in đồng, 1 to 1,000,000,000,000",
            ));
        }
        Some(DossierAction::RequestPayment {
            amount_vnd: b.amount_vnd,
            note: note(v, "note", b.note),
        })
    })
    .await
}

/// Records the applicant's supplement; the clock runs again.
pub async fn record_supplement(
    app: web::Data<App>,
    staff: Staff,
    path: web::Path<String>,
    req: HttpRequest,
    body: Json<NoteRequest>,
) -> Answer {
    let b = body.into_inner();
    act(app, staff, path, req, b.version, |v| {
        Some(DossierAction::RecordSupplement {
            note: note(v, "note", b.note),
        })
    })
    .await
}

/// Refuses the dossier with reasons (Mẫu 03).
pub async fn refuse(
    app: web::Data<App>,
    staff: Staff,
    path: web::Path<String>,
    req: HttpRequest,
    body: Json<RefuseRequest>,
) -> Answer {
    let b = body.into_inner();
    act(app, staff, path, req, b.version, |v| {
        Some(DossierAction::Refuse {
            reasons: list(v, "reasons", &b.reasons)?,
        })
    })
    .await
}

/// Records the result: the dossier is finished.
pub async fn finish(
    app: web::Data<App>,
    staff: Staff,
    path: web::Path<String>,
    req: HttpRequest,
    body: Json<FinishRequest>,
) -> Answer {
    let b = body.into_inner();
    act(app, staff, path, req, b.version, |v| {
        let summary = reason(v, "summary", &b.summary);
        let document_number = b
            .document_number
            .and_then(|n| v.check(required_text("document_number", &n, 100)));
        Some(DossierAction::Finish {
            result: ResultRecord {
                document_number,
                summary: summary?,
            },
        })
    })
    .await
}

/// Records the hand-over of the result.
pub async fn return_result(
    app: web::Data<App>,
    staff: Staff,
    path: web::Path<String>,
    req: HttpRequest,
    body: Json<ReturnRequest>,
) -> Answer {
    let b = body.into_inner();
    act(app, staff, path, req, b.version, |v| {
        let method = b.method(v)?;
        Some(DossierAction::ReturnResult { method })
    })
    .await
}

/// Records the applicant's request to withdraw.
pub async fn request_withdrawal(
    app: web::Data<App>,
    staff: Staff,
    path: web::Path<String>,
    req: HttpRequest,
    body: Json<ReasonRequest>,
) -> Answer {
    let b = body.into_inner();
    act(app, staff, path, req, b.version, |v| {
        Some(DossierAction::RequestWithdrawal {
            reason: reason(v, "reason", &b.reason)?,
        })
    })
    .await
}

/// Confirms the withdrawal: the dossier stops.
pub async fn confirm_withdrawal(
    app: web::Data<App>,
    staff: Staff,
    path: web::Path<String>,
    req: HttpRequest,
    body: Json<NoteRequest>,
) -> Answer {
    let b = body.into_inner();
    act(app, staff, path, req, b.version, |v| {
        Some(DossierAction::ConfirmWithdrawal {
            note: note(v, "note", b.note),
        })
    })
    .await
}

/// Declines the withdrawal: the dossier goes on.
pub async fn decline_withdrawal(
    app: web::Data<App>,
    staff: Staff,
    path: web::Path<String>,
    req: HttpRequest,
    body: Json<ReasonRequest>,
) -> Answer {
    let b = body.into_inner();
    act(app, staff, path, req, b.version, |v| {
        Some(DossierAction::DeclineWithdrawal {
            reason: reason(v, "reason", &b.reason)?,
        })
    })
    .await
}

/// Stops processing (leader).
pub async fn stop(
    app: web::Data<App>,
    staff: Staff,
    path: web::Path<String>,
    req: HttpRequest,
    body: Json<ReasonRequest>,
) -> Answer {
    let b = body.into_inner();
    act(app, staff, path, req, b.version, |v| {
        Some(DossierAction::Stop {
            reason: reason(v, "reason", &b.reason)?,
        })
    })
    .await
}

/// The control sheet (Mẫu 05): JSON, or a printable page with
/// `?format=html` or `Accept: text/html`.
pub async fn control_sheet(
    app: web::Data<App>,
    Staff(principal): Staff,
    path: web::Path<String>,
    query: web::Query<SheetQuery>,
    req: HttpRequest,
) -> Answer {
    let offered = [Format::Json, Format::Html, Format::Pdf];
    let format = super::format_of(query.format.as_deref(), &req, &offered)?;
    let sheet = app.control_sheet(principal, dossier_code(&path)?).await?;
    match format {
        Format::Json => super::ok(&ControlSheetResponse::from(sheet)),
        printable => super::printed(&sheet, printable).await,
    }
}

/// Counts for a dashboard.
pub async fn stats(app: web::Data<App>, Staff(principal): Staff) -> Answer {
    super::ok(&DossierStatsResponse::from(
        app.dossier_stats(principal).await?,
    ))
}
