//! Request bodies and query strings of `routes::workflow`, and what each becomes.

use motcua_app::ReturnMethod;
use motcua_domain::{Violation, Violations, required_text};

/// An optional remark: trimmed, at most 2000 characters, none when blank.
pub(crate) fn note(v: &mut Violations, field: &str, text: Option<String>) -> Option<String> {
    text.and_then(|t| {
        if t.chars().count() > 2000 {
            v.push(Violation::new(field, "too_long", "at most 2000 characters"));
            None
        } else {
            Some(t.trim().to_owned()).filter(|t| !t.is_empty())
        }
    })
}

pub(crate) fn reason(v: &mut Violations, field: &str, text: &str) -> Option<String> {
    v.check(required_text(field, text, 2000))
}

pub(crate) fn list(v: &mut Violations, field: &str, items: &[String]) -> Option<Vec<String>> {
    if items.is_empty() || items.len() > 50 {
        v.push(Violation::new(field, "out_of_range", "give 1 to 50 items"));
        return None;
    }
    let parsed: Vec<Option<String>> = items
        .iter()
        .enumerate()
        .map(|(i, item)| v.check(required_text(&format!("{field}[{i}]"), item, 1000)))
        .collect();
    parsed.into_iter().collect()
}

pub(crate) fn id(v: &mut Violations, field: &str, text: Option<String>) -> Option<String> {
    text.and_then(|t| match uuid::Uuid::parse_str(&t) {
        Ok(uuid) => Some(uuid.to_string()),
        Err(_) => {
            v.push(Violation::new(field, "invalid_id", "expected a UUID"));
            None
        }
    })
}

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
        let violation = match (self.method.as_str(), &self.tracking_number) {
            ("counter", None) => return Some(ReturnMethod::Counter),
            ("online", None) => return Some(ReturnMethod::Online),
            ("post", Some(number)) => {
                return v
                    .check(required_text("tracking_number", number, 40))
                    .map(|tracking_number| ReturnMethod::Post { tracking_number });
            }
            ("post", None) => Violation::new(
                "tracking_number",
                "required",
                "a result sent by post needs its tracking number",
            ),
            ("counter" | "online", Some(_)) => Violation::new(
                "tracking_number",
                "not_allowed",
                "only a result sent by post has a tracking number",
            ),
            (other, _) => Violation::new(
                "method",
                "unknown_method",
                format!("{other:?}: expected counter, post or online"),
            ),
        };
        v.push(violation);
        None
    }
}
