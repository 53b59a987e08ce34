//! Processing after intake: every transition of DOMAIN.md's status machine
//! as a use case. The runner here checks the caller's role and place, the
//! dossier's version and status, hands the loaded dossier to the action's own
//! function in [`actions`], which decides what changes, and writes the
//! decision and its event in one transaction; a failed check writes nothing.

mod actions;
mod lookups;

use chrono::{DateTime, Utc};
use motcua_db::dossiers::{self as store, DossierEventRow, DossierRow};
use motcua_db::{DbConnection, procedures, utc, write_transaction};
use motcua_domain::{Action, AgencyCode, DossierCode, DossierStatus, Role, SlaState};

use self::actions::{Decide, Decision, SlaChange};
use crate::catalogue::definition_of;
use crate::dossiers::{DossierView, ResultRecord, dossier_view, own_dossier};
use crate::notices::queue_applicant_notice;
use crate::{App, AppError, AppResult, Principal, Services};

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
        /// Remarks.
        note: Option<String>,
    },
    /// Hand to a unit and/or a person of the holding agency.
    Assign {
        /// The unit (default: the holding unit, else the caller's).
        unit_id: Option<String>,
        /// The person.
        assignee_id: Option<String>,
        /// Remarks.
        note: Option<String>,
    },
    /// Pass to the next step.
    HandOver {
        /// The unit taking it (default: the same).
        unit_id: Option<String>,
        /// The person taking it.
        assignee_id: Option<String>,
        /// Remarks.
        note: Option<String>,
    },
    /// Return to the previous step.
    SendBack {
        /// Why.
        reason: String,
    },
    /// Transfer to another agency (liên thông).
    Transfer {
        /// The agency.
        agency: AgencyCode,
        /// Remarks.
        note: Option<String>,
    },
    /// Ask the applicant for more; the clock stops.
    RequestSupplement {
        /// What to bring or fix, all at once.
        items: Vec<String>,
    },
    /// The applicant brought it; the clock runs again.
    RecordSupplement {
        /// Remarks.
        note: Option<String>,
    },
    /// Ask for the fee online; the clock stops.
    RequestPayment {
        /// The amount in đồng; by default the procedure's fees.
        amount_vnd: Option<i64>,
        /// Remarks.
        note: Option<String>,
    },
    /// The gateway confirmed the payment; the clock runs again.
    ConfirmPayment {
        /// What was recorded: amount, gateway, transaction, receipt.
        receipt: serde_json::Value,
    },
    /// Refuse, with reasons.
    Refuse {
        /// Why.
        reasons: Vec<String>,
    },
    /// The result is ready.
    Finish {
        /// The result record.
        result: ResultRecord,
    },
    /// The result was handed over.
    ReturnResult {
        /// How.
        method: ReturnMethod,
    },
    /// The applicant asks to withdraw.
    RequestWithdrawal {
        /// The applicant's reason.
        reason: String,
    },
    /// Withdrawal confirmed.
    ConfirmWithdrawal {
        /// Remarks.
        note: Option<String>,
    },
    /// Withdrawal declined.
    DeclineWithdrawal {
        /// Why.
        reason: String,
    },
    /// Processing stopped.
    Stop {
        /// Why.
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

pub(crate) fn calendar_error(e: motcua_calendar::CalendarError) -> AppError {
    AppError::unexpected("calendar", e)
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

impl App {
    /// Takes `action` on dossier `code`, which the caller last read at
    /// `version`. A stale version answers 412, a status that does not allow
    /// the action 409, and neither writes anything.
    pub async fn act_on_dossier(
        &self,
        principal: Principal,
        code: DossierCode,
        version: i32,
        action: DossierAction,
    ) -> AppResult<DossierView> {
        let kind = action.action();
        if !kind.allows(principal.role) {
            let allowed: Vec<&str> = kind.roles().iter().map(|r| r.as_str()).collect();
            return Err(AppError::Forbidden(format!(
                "{kind} needs the role {}; you are {}",
                allowed.join(" or "),
                principal.role
            )));
        }
        self.blocking(move |s| {
            let now = s.clock.now();
            let mut conn = s.db.get()?;
            let row = write_transaction(&mut conn, |conn| -> AppResult<DossierRow> {
                let row = own_dossier(conn, &principal, &code)?;
                check_place(&principal, &row, kind)?;
                s.take_action(conn, Actor::Staff(&principal), &row, version, &action, now)
            })?;
            tracing::info!(dossier.code = %row.code, action = %kind, status = %row.status, "dossier action");
            dossier_view(&mut conn, &row, now)
        })
        .await
    }
}

impl Services {
    /// Takes `action` on the loaded dossier `row`, which the actor last read
    /// at `version`, inside the caller's transaction: the change, its event
    /// and the applicant's notice, or nothing. Who may act on `row` is the
    /// caller's check.
    pub(crate) fn take_action(
        &self,
        conn: &mut DbConnection,
        actor: Actor<'_>,
        row: &DossierRow,
        version: i32,
        action: &DossierAction,
        now: DateTime<Utc>,
    ) -> AppResult<DossierRow> {
        let kind = action.action();
        if row.version != version {
            return Err(AppError::PreconditionFailed(format!(
                "dossier {} changed since you read it (version {} now, you sent {version}): read it again",
                row.code, row.version
            )));
        }
        let events = store::events_of(conn, &row.id)?;
        let resume = actions::resume_status(row, &events, kind);
        let to = kind
            .apply(*row.status, resume)
            .map_err(|e| AppError::IllegalTransition(e.to_string()))?;
        let version_row = procedures::version_by_id(conn, &row.procedure_version_id)?
            .ok_or_else(|| AppError::unexpected("workflow", "procedure version missing"))?;
        let definition = definition_of(&version_row)?;
        let cx = Decide {
            actor,
            row,
            events: &events,
            definition: &definition,
            rules: *row.rule_set,
            now,
            to,
        };
        let decision = actions::decide(
            &cx,
            &mut lookups::Stored {
                services: self,
                conn,
            },
            action,
        )?;
        self.write_decision(conn, &cx, decision)
    }

    /// Writes what an action decided: the dossier (if still at the version
    /// read), the rows it adds, the SLA schedule, the event and the
    /// applicant's notice.
    fn write_decision(
        &self,
        conn: &mut DbConnection,
        cx: &Decide<'_>,
        decision: Decision,
    ) -> AppResult<DossierRow> {
        let (row, now) = (cx.row, cx.now);
        if !store::update_if_version(conn, &row.id, row.version, &decision.changes)? {
            return Err(AppError::PreconditionFailed(format!(
                "dossier {} changed while you acted on it: read it again",
                row.code
            )));
        }
        if let Some(request) = &decision.payment_request {
            motcua_db::payments::insert_request(conn, request)?;
        }
        if let Some(agency) = &decision.joins_agency {
            store::add_agency(conn, &row.id, agency)?;
        }
        // Not accepted yet: no clock for the sweep to follow.
        let sla = if cx.to == DossierStatus::Submitted {
            SlaChange::Stop
        } else {
            decision.sla
        };
        match sla {
            SlaChange::Keep => {}
            SlaChange::Stop => {
                store::set_sla(conn, &row.id, None, *row.sla_state, None)?;
            }
            SlaChange::Restart => {
                // The sweep looks at once and writes what the new due
                // instant means (due soon, overdue) as events.
                store::set_sla(conn, &row.id, None, SlaState::OnTrack, Some(utc(now)))?;
            }
        }
        let event = decision.event;
        let event_id = uuid::Uuid::now_v7().to_string();
        let notice = event.kind.applicant_notice();
        let notice_details = event.details.clone().unwrap_or_default();
        let staff = match cx.actor {
            Actor::Staff(principal) => Some(principal),
            Actor::Applicant => None,
        };
        store::insert_event(
            conn,
            &DossierEventRow {
                id: event_id.clone(),
                dossier_id: row.id.clone(),
                kind: event.kind.into(),
                from_status: Some(row.status),
                to_status: cx.to.into(),
                step_name: event.step_name,
                actor_id: staff.map(|p| p.user_id.clone()),
                unit_id: staff.and_then(|p| p.unit_id.clone()),
                note: event.note,
                at: utc(now),
                agency_id: staff.map(|p| p.agency_id.clone()),
                receiver_agency_id: event.receiver_agency_id,
                receiver_unit_id: event.receiver_unit_id,
                receiver_id: event.receiver_id,
                step_index: event.step_index,
                step_due_at: event.step_due_at.map(utc),
                details: event.details.map(|d| d.to_string()),
            },
        )?;
        let updated = store::by_id(conn, &row.id)?
            .ok_or_else(|| AppError::unexpected("workflow", "dossier vanished"))?;
        if let Some(notice) = notice {
            queue_applicant_notice(conn, &updated, notice, &event_id, notice_details, now)?;
        }
        Ok(updated)
    }
}
