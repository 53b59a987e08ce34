//! Notices to the applicant, written to the outbox in the transaction of the
//! change that causes them (DOMAIN.md, "Notifications"). A worker delivers
//! them by e-mail or SMS to the contacts given at intake.

use chrono::{DateTime, Utc};
use motcua_db::dossiers::{self as store, DossierRow, NoticeRow};
use motcua_db::{DbConnection, from_utc, utc};

use crate::AppResult;

/// What the applicant is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ApplicantNotice {
    /// Mẫu 01: received, with the appointment.
    Receipt,
    /// Mẫu 02 during processing: what to bring.
    SupplementRequest,
    /// Mẫu 03: refused, with reasons.
    Refusal,
    /// Mẫu 04: apology and new appointment.
    Apology,
    /// The result is ready.
    ResultReady,
}

impl ApplicantNotice {
    fn kind(self) -> &'static str {
        match self {
            ApplicantNotice::Receipt => "receipt",
            ApplicantNotice::SupplementRequest => "supplement_request",
            ApplicantNotice::Refusal => "refusal",
            ApplicantNotice::Apology => "apology",
            ApplicantNotice::ResultReady => "result_ready",
        }
    }
}

/// Puts a notice to the applicant of `row` in the outbox, once per `cause`
/// (the event or apology that caused it): a replayed change writes nothing.
/// An applicant who gave neither e-mail nor phone is told at the counter,
/// so nothing is written.
pub(crate) fn queue_applicant_notice(
    conn: &mut DbConnection,
    row: &DossierRow,
    notice: ApplicantNotice,
    cause: &str,
    details: serde_json::Value,
    now: DateTime<Utc>,
) -> AppResult<bool> {
    if row.applicant_email.is_none() && row.applicant_phone.is_none() {
        return Ok(false);
    }
    let mut payload = serde_json::json!({
        "dossier_code": row.code,
        "due_at": from_utc(row.due_at),
    });
    if let (Some(target), serde_json::Value::Object(extra)) = (payload.as_object_mut(), details) {
        target.extend(extra);
    }
    let kind = notice.kind();
    Ok(store::insert_notice(
        conn,
        &NoticeRow {
            id: uuid::Uuid::now_v7().to_string(),
            unique_key: format!("{kind}:{}:{cause}", row.id),
            kind: kind.into(),
            dossier_id: Some(row.id.clone()),
            recipient_user_id: None,
            payload: payload.to_string(),
            state: "pending".into(),
            attempts: 0,
            created_at: utc(now),
            sent_at: None,
            last_error: None,
        },
    )?)
}
