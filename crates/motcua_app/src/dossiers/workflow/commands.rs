//! What a caller asks the workflow to do, and who asks: the actions with
//! what each needs, parsed, and the check that a staff member may act on a
//! dossier where it is now.

use motcua_db::dossiers::DossierRow;
use motcua_domain::{Action, AgencyCode, DossierStatus, Role};

use crate::dossiers::reads::ResultRecord;
use crate::error::{AppError, AppResult};
use crate::staff::principal::Principal;

/// How the result reaches the applicant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReturnMethod {
    /// Collected at the one-stop section.
    Counter,
    /// Sent by the public postal service.
    Post {
        /// The postal tracking number.
        tracking_number: String,
    },
    /// Downloaded by the applicant.
    Online,
}

/// A workflow action with what it needs, parsed: texts are trimmed and
/// non-empty, ids are UUIDs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DossierAction {
    /// Accept a dossier submitted online; its clock starts.
    Accept {
        /// Free-text remarks for the timeline, at most 2,000 characters.
        note: Option<String>,
    },
    /// Hand to a unit and/or a person of the holding agency.
    Assign {
        /// The unit (default: the holding unit, else the caller's).
        unit_id: Option<String>,
        /// The person.
        assignee_id: Option<String>,
        /// Free-text remarks for the timeline, at most 2,000 characters.
        note: Option<String>,
    },
    /// Pass to the next step.
    HandOver {
        /// The unit taking it (default: the same).
        unit_id: Option<String>,
        /// The person taking it.
        assignee_id: Option<String>,
        /// Free-text remarks for the timeline, at most 2,000 characters.
        note: Option<String>,
    },
    /// Return to the previous step.
    SendBack {
        /// Why, in words the applicant reads, at most 2,000 characters.
        reason: String,
    },
    /// Transfer to another agency (liên thông).
    Transfer {
        /// The agency.
        agency: AgencyCode,
        /// Free-text remarks for the timeline, at most 2,000 characters.
        note: Option<String>,
    },
    /// Ask the applicant for more; the clock stops.
    RequestSupplement {
        /// What to bring or fix, all at once.
        items: Vec<String>,
    },
    /// The applicant brought it; the clock runs again.
    RecordSupplement {
        /// Free-text remarks for the timeline, at most 2,000 characters.
        note: Option<String>,
    },
    /// Ask for the fee online; the clock stops.
    RequestPayment {
        /// The amount in đồng; by default the procedure's fees.
        amount_vnd: Option<i64>,
        /// Free-text remarks for the timeline, at most 2,000 characters.
        note: Option<String>,
    },
    /// The gateway confirmed the payment; the clock runs again.
    ConfirmPayment {
        /// What was recorded: amount, gateway, transaction, receipt.
        receipt: serde_json::Value,
    },
    /// Refuse, with reasons.
    Refuse {
        /// Each reason, in words the applicant reads.
        reasons: Vec<String>,
    },
    /// The result is ready.
    Finish {
        /// The result record.
        result: ResultRecord,
    },
    /// The result was handed over.
    ReturnResult {
        /// How the result was handed over.
        method: ReturnMethod,
    },
    /// The applicant asks to withdraw.
    RequestWithdrawal {
        /// The applicant's reason.
        reason: String,
    },
    /// Withdrawal confirmed.
    ConfirmWithdrawal {
        /// Free-text remarks for the timeline, at most 2,000 characters.
        note: Option<String>,
    },
    /// Withdrawal declined.
    DeclineWithdrawal {
        /// Why, in words the applicant reads, at most 2,000 characters.
        reason: String,
    },
    /// Processing stopped.
    Stop {
        /// Why, in words the applicant reads, at most 2,000 characters.
        reason: String,
    },
}

impl DossierAction {
    /// The action of the status machine.
    pub fn action(&self) -> Action {
        match self {
            DossierAction::Accept { .. } => Action::Accept,
            DossierAction::Assign { .. } => Action::Assign,
            DossierAction::HandOver { .. } => Action::HandOver,
            DossierAction::SendBack { .. } => Action::SendBack,
            DossierAction::Transfer { .. } => Action::Transfer,
            DossierAction::RequestSupplement { .. } => Action::RequestSupplement,
            DossierAction::RecordSupplement { .. } => Action::RecordSupplement,
            DossierAction::RequestPayment { .. } => Action::RequestPayment,
            DossierAction::ConfirmPayment { .. } => Action::ConfirmPayment,
            DossierAction::Refuse { .. } => Action::Refuse,
            DossierAction::Finish { .. } => Action::Finish,
            DossierAction::ReturnResult { .. } => Action::ReturnResult,
            DossierAction::RequestWithdrawal { .. } => Action::RequestWithdrawal,
            DossierAction::ConfirmWithdrawal { .. } => Action::ConfirmWithdrawal,
            DossierAction::DeclineWithdrawal { .. } => Action::DeclineWithdrawal,
            DossierAction::Stop { .. } => Action::Stop,
        }
    }
}

/// Who takes an action: staff, or the applicant (online, on their own
/// dossier: answering a supplement request, asking to withdraw, paying a
/// fee through the gateway).
#[derive(Clone, Copy)]
pub(crate) enum Actor<'a> {
    /// A staff member.
    Staff(&'a Principal),
    /// The applicant, through their citizen account.
    Applicant,
}

/// Checks that the caller may act on the dossier now: it must be held by the
/// caller's agency, and processing staff act on what their unit holds
/// (specialists on what is assigned to them).
pub(crate) fn check_place(
    principal: &Principal,
    row: &DossierRow,
    action: Action,
) -> AppResult<()> {
    let holder = row.holder_agency_id();
    if holder != principal.agency_id {
        return Err(AppError::Forbidden(
            "the dossier is held by another agency now".into(),
        ));
    }
    let processing_work = matches!(
        action,
        Action::HandOver | Action::SendBack | Action::Finish | Action::RequestSupplement
    );
    match principal.role {
        Role::Specialist if row.assignee_id.as_deref() != Some(principal.user_id.as_str()) => Err(
            AppError::Forbidden("specialists act on the dossiers assigned to them".into()),
        ),
        Role::UnitHead
            if (processing_work || row.status == DossierStatus::Processing)
                && row.current_unit_id.is_some()
                && row.current_unit_id != principal.unit_id =>
        {
            Err(AppError::Forbidden(
                "unit heads act on the dossiers their unit holds".into(),
            ))
        }
        _ => Ok(()),
    }
}
