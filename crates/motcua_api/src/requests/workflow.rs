//! Request bodies and query strings of `routes::workflow`, and what each becomes.

use motcua_app::ReturnMethod;
pub(crate) use motcua_app::action_fields::{id, list, note, reason};
use motcua_domain::Violations;

/// Assign or hand-over body.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssignRequest {
    pub(crate) version: Option<i32>,
    pub(crate) unit_id: Option<String>,
    pub(crate) assignee_id: Option<String>,
    pub(crate) note: Option<String>,
}

/// A body with a reason.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReasonRequest {
    pub(crate) version: Option<i32>,
    pub(crate) reason: String,
}

/// A body with an optional note.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoteRequest {
    pub(crate) version: Option<i32>,
    pub(crate) note: Option<String>,
}

/// Transfer body.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TransferRequest {
    pub(crate) version: Option<i32>,
    pub(crate) agency_code: String,
    pub(crate) note: Option<String>,
}

/// Supplement request body.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SupplementRequest {
    pub(crate) version: Option<i32>,
    pub(crate) items: Vec<String>,
}

/// Refusal body.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RefuseRequest {
    pub(crate) version: Option<i32>,
    pub(crate) reasons: Vec<String>,
}

/// Finish body.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FinishRequest {
    pub(crate) version: Option<i32>,
    pub(crate) summary: String,
    pub(crate) document_number: Option<String>,
}

/// Return body.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReturnRequest {
    pub(crate) version: Option<i32>,
    pub(crate) method: String,
    pub(crate) tracking_number: Option<String>,
}

/// `POST /api/v1/dossiers/{code}/request-payment` body.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestPaymentRequest {
    pub(crate) version: Option<i32>,
    /// In đồng; by default the procedure's fees.
    pub(crate) amount_vnd: Option<i64>,
    pub(crate) note: Option<String>,
}

/// `GET /api/v1/dossiers/{code}/control-sheet` query.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SheetQuery {
    pub(crate) format: Option<String>,
}

impl ReturnRequest {
    /// How the result was handed over; only a result sent by post has, and
    /// must have, a tracking number.
    pub(crate) fn method(&self, v: &mut Violations) -> Option<ReturnMethod> {
        motcua_app::action_fields::return_method(v, &self.method, self.tracking_number.as_deref())
    }
}
