//! The contract: every body the API answers is a type here, built from the
//! use cases' views with `From`. The views are what the use cases know; these
//! are what clients see, so a view can change for the web pages without the
//! JSON changing under an integrator.

mod catalogue;
mod citizens;
mod dossiers;
mod reports;
mod staff;

pub(crate) use catalogue::*;
pub(crate) use citizens::*;
pub(crate) use dossiers::*;
pub(crate) use reports::*;
pub(crate) use staff::*;

use motcua_app::IntakeOutcome;

/// `GET /healthz`.
#[derive(serde::Serialize)]
pub(crate) struct HealthResponse {
    pub(crate) status: &'static str,
}

/// `GET /readyz` when the database answers.
#[derive(serde::Serialize)]
pub(crate) struct ReadinessResponse {
    pub(crate) status: &'static str,
    /// `sqlite` or `postgres`.
    pub(crate) database: &'static str,
}

/// `POST /api/v1/dossiers`: what the counter decided, with its form.
#[derive(serde::Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub(crate) enum IntakeResponse {
    /// Received: the dossier and its receipt (Mẫu 01).
    Received {
        dossier: Box<DossierResponse>,
        receipt: Box<ReceiptResponse>,
    },
    /// Not complete: what to bring (Mẫu 02); no dossier was made.
    SupplementNeeded { notice: SupplementNoticeResponse },
    /// Refused: the dossier, recorded as refused, and the refusal (Mẫu 03).
    Refused {
        dossier: Box<DossierResponse>,
        refusal: RefusalNoticeResponse,
    },
}

impl From<IntakeOutcome> for IntakeResponse {
    fn from(outcome: IntakeOutcome) -> Self {
        match outcome {
            IntakeOutcome::Received { dossier, receipt } => IntakeResponse::Received {
                dossier: Box::new((*dossier).into()),
                receipt: Box::new((*receipt).into()),
            },
            IntakeOutcome::SupplementNeeded(notice) => IntakeResponse::SupplementNeeded {
                notice: notice.into(),
            },
            IntakeOutcome::Refused { dossier, refusal } => IntakeResponse::Refused {
                dossier: Box::new((*dossier).into()),
                refusal: refusal.into(),
            },
        }
    }
}

/// `GET /api/v1/dossiers/{code}/payments`.
#[derive(serde::Serialize)]
pub(crate) struct PaymentsResponse {
    pub(crate) payments: Vec<PaymentResponse>,
}

/// `PUT /api/v1/dossiers/{code}/result-files`.
#[derive(serde::Serialize)]
pub(crate) struct ResultFilesResponse {
    pub(crate) results: Vec<FileResponse>,
}

/// 202 to a request whose outcome is told elsewhere (by e-mail), worded so
/// that it reveals nothing.
#[derive(serde::Serialize)]
pub(crate) struct AcceptedResponse {
    pub(crate) detail: &'static str,
}

/// The payment gateway's answer to its callback, in its own field names.
#[derive(serde::Serialize)]
pub(crate) struct IpnAnswerResponse {
    #[serde(rename = "RspCode")]
    rsp_code: &'static str,
    #[serde(rename = "Message")]
    message: &'static str,
}

impl From<motcua_pay::IpnAnswer> for IpnAnswerResponse {
    fn from(answer: motcua_pay::IpnAnswer) -> Self {
        IpnAnswerResponse {
            rsp_code: answer.rsp_code,
            message: answer.message,
        }
    }
}
