//! Online fees: the clerk asks for the fee, the citizen starts a payment,
//! and the gateway calls back (VNPay's IPN, a GET with signed parameters).

use actix_web::{HttpRequest, HttpResponse, web};
use motcua_app::{App, AppError, DossierAction};
use motcua_domain::{DossierCode, Violation, Violations};

use super::Answer;
use super::workflow::{dossier_answer, version_of};
use crate::extract::Citizen;
use crate::problem::ApiError;
use crate::{Client, Staff};

fn dossier_code(text: &str) -> Result<DossierCode, ApiError> {
    DossierCode::parse("code", text)
        .map_err(|_| AppError::NotFound(format!("no dossier {text} in your agency")).into())
}

/// `POST /api/v1/dossiers/{code}/request-payment` body.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestPaymentRequest {
    version: Option<i32>,
    /// In đồng; by default the procedure's fees.
    amount_vnd: Option<i64>,
    note: Option<String>,
}

/// Asks the applicant to pay the fee online; the clock stops (clerk).
pub async fn request_payment(
    app: web::Data<App>,
    Staff(principal): Staff,
    path: web::Path<String>,
    req: HttpRequest,
    body: web::Json<RequestPaymentRequest>,
) -> Answer {
    let code = dossier_code(&path)?;
    let b = body.into_inner();
    let version = version_of(&req, b.version)?;
    let mut v = Violations::new();
    if let Some(amount) = b.amount_vnd
        && !(1..=1_000_000_000_000).contains(&amount)
    {
        v.push(Violation::new(
            "amount_vnd",
            "out_of_range",
            "an amount in đồng, 1 to 1,000,000,000,000",
        ));
    }
    let note = match b
        .note
        .map(|n| n.trim().to_owned())
        .filter(|n| !n.is_empty())
    {
        Some(n) if n.chars().count() > 2000 => {
            v.push(Violation::new(
                "note",
                "too_long",
                "at most 2000 characters",
            ));
            None
        }
        other => other,
    };
    if !v.is_empty() {
        return Err(AppError::Validation(v.into_vec()).into());
    }
    let action = DossierAction::RequestPayment {
        amount_vnd: b.amount_vnd,
        note,
    };
    let view = app.act_on_dossier(principal, code, version, action).await?;
    dossier_answer(&view)
}

/// The fees of a dossier, their attempts and receipts (staff).
pub async fn dossier_payments(
    app: web::Data<App>,
    Staff(principal): Staff,
    path: web::Path<String>,
) -> Answer {
    let code = dossier_code(&path)?;
    let payments = app.dossier_payments(principal, code).await?;
    super::ok(&serde_json::json!({ "payments": payments }))
}

/// Starts paying the fee the citizen's dossier waits for.
pub async fn start(
    app: web::Data<App>,
    Citizen(citizen): Citizen,
    Client(client): Client,
    path: web::Path<String>,
) -> Answer {
    let start = app
        .start_payment(citizen, path.into_inner(), client.0)
        .await?;
    Ok(HttpResponse::Created()
        .insert_header(("cache-control", "no-store"))
        .json(start))
}

/// The gateway's server-to-server callback: 401 unless it carries the
/// gateway's signature, else 200 with the gateway protocol's answer code.
pub async fn callback(
    app: web::Data<App>,
    path: web::Path<String>,
    query: web::Query<Vec<(String, String)>>,
) -> Answer {
    let answer = app
        .payment_callback(path.into_inner(), query.into_inner())
        .await?;
    super::ok(&answer)
}

/// The development sandbox's "bank": pays at once and calls back.
pub async fn sandbox_pay(app: web::Data<App>, query: web::Query<Vec<(String, String)>>) -> Answer {
    super::ok(&app.sandbox_pay(query.into_inner()).await?)
}
