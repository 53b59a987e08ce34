//! What the API answers beyond the use cases' own views: the envelopes and
//! the answers a handler used to spell as a `json!` literal, each a type, so
//! the contract is written down in one place.

use motcua_app::{FileView, IntakeOutcome, PaymentView};

/// `GET /healthz`.
#[derive(serde::Serialize)]
pub(crate) struct Health {
    pub(crate) status: &'static str,
}

/// `GET /readyz` when the database answers.
#[derive(serde::Serialize)]
pub(crate) struct Readiness {
    pub(crate) status: &'static str,
    /// `sqlite` or `postgres`.
    pub(crate) database: &'static str,
}

/// `POST /api/v1/dossiers`: what the counter decided, with its form.
#[derive(serde::Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub(crate) enum IntakeAnswer {
    /// Received: the dossier and its receipt (Mẫu 01).
    Received {
        dossier: Box<motcua_app::DossierView>,
        receipt: Box<motcua_app::Receipt>,
    },
    /// Not complete: what to bring (Mẫu 02); no dossier was made.
    SupplementNeeded {
        notice: motcua_app::SupplementNotice,
    },
    /// Refused: the dossier, recorded as refused, and the refusal (Mẫu 03).
    Refused {
        dossier: Box<motcua_app::DossierView>,
        refusal: motcua_app::RefusalNotice,
    },
}

impl From<IntakeOutcome> for IntakeAnswer {
    fn from(outcome: IntakeOutcome) -> Self {
        match outcome {
            IntakeOutcome::Received { dossier, receipt } => {
                IntakeAnswer::Received { dossier, receipt }
            }
            IntakeOutcome::SupplementNeeded(notice) => IntakeAnswer::SupplementNeeded { notice },
            IntakeOutcome::Refused { dossier, refusal } => {
                IntakeAnswer::Refused { dossier, refusal }
            }
        }
    }
}

/// `GET /api/v1/dossiers/{code}/payments`.
#[derive(serde::Serialize)]
pub(crate) struct Payments {
    pub(crate) payments: Vec<PaymentView>,
}

/// `PUT /api/v1/dossiers/{code}/result-files`.
#[derive(serde::Serialize)]
pub(crate) struct ResultFiles {
    pub(crate) results: Vec<FileView>,
}

/// 202 to a request whose outcome is told elsewhere (by e-mail), worded so
/// that it reveals nothing.
#[derive(serde::Serialize)]
pub(crate) struct Accepted {
    pub(crate) detail: &'static str,
}

/// The payment gateway's answer to its callback, in its own field names.
#[derive(serde::Serialize)]
pub(crate) struct IpnAnswerBody {
    #[serde(rename = "RspCode")]
    rsp_code: &'static str,
    #[serde(rename = "Message")]
    message: &'static str,
}

impl From<motcua_pay::IpnAnswer> for IpnAnswerBody {
    fn from(answer: motcua_pay::IpnAnswer) -> Self {
        IpnAnswerBody {
            rsp_code: answer.rsp_code,
            message: answer.message,
        }
    }
}
