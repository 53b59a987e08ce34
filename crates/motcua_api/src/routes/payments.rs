//! Online fees: the clerk asks for the fee, the citizen starts a payment,
//! and the gateway calls back (VNPay's IPN, a GET with signed parameters).

use actix_web::{HttpResponse, web};
use motcua_app::App;

use super::{Answer, dossier_code};
use crate::extract::Citizen;
use crate::responses::{IpnAnswerResponse, PaymentStartResponse, PaymentsResponse};
use crate::{Client, Staff};

/// The fees of a dossier, their attempts and receipts (staff).
pub async fn dossier_payments(
    app: web::Data<App>,
    Staff(principal): Staff,
    path: web::Path<String>,
) -> Answer {
    let code = dossier_code(&path)?;
    let payments = app.dossier_payments(principal, code).await?;
    super::ok(&PaymentsResponse {
        payments: super::each(payments),
    })
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
        .json(PaymentStartResponse::from(start)))
}

/// The gateway's server-to-server callback: 401 unless it carries the
/// gateway's signature, else 200 with the gateway protocol's answer code.
pub async fn callback(
    app: web::Data<App>,
    path: web::Path<String>,
    query: web::Query<Vec<(String, String)>>,
) -> Answer {
    let outcome = app
        .payment_callback(path.into_inner(), query.into_inner())
        .await?;
    super::ok(&IpnAnswerResponse::from(outcome.ipn_answer()))
}

/// The development sandbox's "bank": pays at once and calls back.
pub async fn sandbox_pay(app: web::Data<App>, query: web::Query<Vec<(String, String)>>) -> Answer {
    let outcome = app.sandbox_pay(query.into_inner()).await?;
    super::ok(&IpnAnswerResponse::from(outcome.ipn_answer()))
}
