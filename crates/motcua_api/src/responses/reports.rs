//! Reports: the register of dossiers.

use super::catalogue::AgencyRefResponse;
use super::dossiers::StatusResponse;
use chrono::{DateTime, NaiveDate, Utc};
use motcua_domain::Outcome;

/// One line of the register.
#[derive(Debug, serde::Serialize)]
pub(crate) struct RegisterEntryResponse {
    /// "15/2026": the line in the book of that year.
    pub(crate) receipt_number: String,
    /// Dossier code.
    pub(crate) code: String,
    /// Procedure name.
    pub(crate) procedure_name: String,
    /// The organisation that applied, else the person.
    pub(crate) applicant: String,
    /// The applicant's address.
    pub(crate) address: String,
    /// The applicant's phone.
    pub(crate) phone: Option<String>,
    /// The agency (and unit) deciding it.
    pub(crate) decided_by: String,
    /// Where it stands.
    pub(crate) status: StatusResponse,
    /// Received or accepted.
    pub(crate) received_at: DateTime<Utc>,
    /// The appointment given at reception.
    pub(crate) original_due_at: DateTime<Utc>,
    /// The appointment now.
    pub(crate) due_at: DateTime<Utc>,
    /// Handed on to be decided.
    pub(crate) handed_on_at: Option<DateTime<Utc>>,
    /// The result came back.
    pub(crate) result_ready_at: Option<DateTime<Utc>>,
    /// The result was handed over.
    pub(crate) returned_at: Option<DateTime<Utc>>,
    /// Early, on time or late.
    pub(crate) outcome: Option<Outcome>,
    /// The register's notes.
    pub(crate) notes: Vec<String>,
}

/// The register of an agency for a period.
#[derive(Debug, serde::Serialize)]
pub(crate) struct RegisterResponse {
    /// The agency.
    pub(crate) agency: AgencyRefResponse,
    /// `vn-2018` or `vn-2025`: which form it prints as.
    pub(crate) rule_set: &'static str,
    /// First day.
    pub(crate) from: NaiveDate,
    /// Last day.
    pub(crate) to: NaiveDate,
    /// The lines, by book and line.
    pub(crate) entries: Vec<RegisterEntryResponse>,
}

impl From<motcua_app::Register> for RegisterResponse {
    fn from(view: motcua_app::Register) -> Self {
        RegisterResponse {
            agency: view.agency.into(),
            rule_set: view.rule_set.name,
            from: view.period.from(),
            to: view.period.to(),
            entries: view
                .entries
                .into_iter()
                .map(|e| RegisterEntryResponse {
                    receipt_number: e.receipt_number,
                    code: e.code,
                    procedure_name: e.procedure_name,
                    applicant: e.applicant,
                    address: e.address,
                    phone: e.phone,
                    decided_by: e.decided_by,
                    status: e.status.into(),
                    received_at: e.received_at,
                    original_due_at: e.original_due_at,
                    due_at: e.due_at,
                    handed_on_at: e.handed_on_at,
                    result_ready_at: e.result_ready_at,
                    returned_at: e.returned_at,
                    outcome: e.outcome,
                    notes: e.notes,
                })
                .collect(),
        }
    }
}
