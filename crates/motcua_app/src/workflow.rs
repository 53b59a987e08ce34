//! Processing after intake: every transition of DOMAIN.md's status machine
//! as a use case. Each one checks the caller's role and place, the dossier's
//! version and status, and writes the change and its event in one
//! transaction; a failed check writes nothing.

use chrono::{DateTime, Utc};
use motcua_calendar::{Outcome, WorkingCalendar};
use motcua_db::dossiers::{self as store, DossierChanges, DossierEventRow, DossierRow};
use motcua_db::stored::Stored;
use motcua_db::{DbConnection, agencies, from_utc, procedures, users, utc, write_transaction};
use motcua_domain::{
    Action, AgencyCode, DeliveryMethod, DossierCode, DossierStatus, EventKind, FilePurpose,
    ProcedureDefinition, ResumePolicy, Role, RuleSet, SlaState, due_soon_instant, step_due,
};
use std::sync::Arc;

use crate::catalogue::{definition_of, local_date};
use crate::dossiers::{DossierView, ResultRecord, dossier_view, own_dossier};
use crate::intake::Appointment;
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

/// The event an action writes, filled in as the action is applied.
struct Event {
    kind: EventKind,
    step_name: String,
    note: Option<String>,
    receiver_agency_id: Option<String>,
    receiver_unit_id: Option<String>,
    receiver_id: Option<String>,
    step_index: Option<i32>,
    step_due_at: Option<DateTime<Utc>>,
    details: Option<serde_json::Value>,
}

impl Event {
    fn new(kind: EventKind, step_name: impl Into<String>) -> Self {
        Event {
            kind,
            step_name: step_name.into(),
            note: None,
            receiver_agency_id: None,
            receiver_unit_id: None,
            receiver_id: None,
            step_index: None,
            step_due_at: None,
            details: None,
        }
    }
}

/// Everything one action works with.
struct Context<'a> {
    services: &'a Services,
    actor: Actor<'a>,
    row: &'a DossierRow,
    definition: &'a ProcedureDefinition,
    rules: RuleSet,
    now: DateTime<Utc>,
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

impl Context<'_> {
    /// The staff member acting; actions only staff take ask for it.
    fn staff(&self) -> AppResult<&Principal> {
        match self.actor {
            Actor::Staff(principal) => Ok(principal),
            Actor::Applicant => Err(AppError::Forbidden("only staff take this action".into())),
        }
    }

    /// The calendar of `agency_id`'s office hours.
    fn calendar(
        &self,
        conn: &mut DbConnection,
        agency_id: &str,
    ) -> AppResult<Arc<WorkingCalendar>> {
        self.services.calendar_of(conn, agency_id)
    }

    fn holder(&self) -> &str {
        self.row.holder_agency_id()
    }

    fn step_name(&self, index: i32) -> String {
        usize::try_from(index)
            .ok()
            .and_then(|i| self.definition.steps.get(i))
            .map(|s| s.name.clone())
            .unwrap_or_else(|| "Xử lý hồ sơ".to_owned())
    }

    /// The due instant of step `index` handed over now to `agency_id`.
    fn step_due(
        &self,
        conn: &mut DbConnection,
        agency_id: &str,
        index: i32,
    ) -> AppResult<Option<DateTime<Utc>>> {
        let Some(step) = usize::try_from(index)
            .ok()
            .and_then(|i| self.definition.steps.get(i))
        else {
            return Ok(None);
        };
        let calendar = self.calendar(conn, agency_id)?;
        step_due(&calendar, self.now, step.budget_working_hours)
            .map(Some)
            .map_err(calendar_error)
    }

    /// A unit of the holding agency.
    fn unit_of_holder(&self, conn: &mut DbConnection, unit_id: &str) -> AppResult<()> {
        match agencies::unit_by_id(conn, unit_id)? {
            Some(unit) if unit.agency_id == self.holder() => Ok(()),
            _ => Err(AppError::invalid(
                "unit_id",
                "unknown_unit",
                "no such unit in the agency holding the dossier",
            )),
        }
    }

    /// An active staff member of `unit_id` who processes dossiers.
    fn assignee_in(
        &self,
        conn: &mut DbConnection,
        assignee_id: &str,
        unit_id: Option<&str>,
    ) -> AppResult<()> {
        let user = users::by_id(conn, assignee_id)?;
        let fits = user.is_some_and(|u| {
            u.active
                && u.agency_id == self.holder()
                && [Role::Specialist, Role::UnitHead, Role::Leader, Role::Clerk].contains(&u.role)
                && (unit_id.is_none() || u.unit_id.as_deref() == unit_id || u.role == Role::Leader)
        });
        if fits {
            Ok(())
        } else {
            Err(AppError::invalid(
                "assignee_id",
                "unknown_assignee",
                "no such active staff member in that unit of the agency holding the dossier",
            ))
        }
    }
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

/// The hand-over into step `index` that is still in force: the unit and the
/// person who held that step last.
fn last_holder_of_step(
    conn: &mut DbConnection,
    dossier_id: &str,
    index: i32,
) -> AppResult<(Option<String>, Option<String>)> {
    let events = store::events_of(conn, dossier_id)?;
    Ok(events
        .iter()
        .rev()
        .find(|e| e.step_index == Some(index) && e.receiver_unit_id.is_some())
        .map(|e| (e.receiver_unit_id.clone(), e.receiver_id.clone()))
        .unwrap_or((None, None)))
}

/// Where a paused dossier goes back to (kept on the dossier), or a declined
/// withdrawal (the status the withdrawal request left, from its event).
fn resume_status(
    conn: &mut DbConnection,
    row: &DossierRow,
    action: Action,
) -> AppResult<Option<DossierStatus>> {
    let stored = if action == Action::DeclineWithdrawal {
        store::events_of(conn, &row.id)?
            .into_iter()
            .rev()
            .find(|e| e.kind == EventKind::WithdrawalRequested)
            .and_then(|e| e.from_status)
    } else {
        row.resume_status
    };
    Ok(stored.map(|s| *s))
}

/// Applies `action` to the loaded dossier: the changes and the event.
fn apply(
    conn: &mut DbConnection,
    cx: &Context<'_>,
    action: &DossierAction,
    to: DossierStatus,
) -> AppResult<(DossierChanges, Event, SlaChange)> {
    let row = cx.row;
    let mut changes = DossierChanges::from(row);
    changes.status = to.into();
    changes.updated_at = utc(cx.now);
    let mut sla = SlaChange::Keep;
    let from = *row.status;
    let event = match action {
        DossierAction::Accept { note } => {
            let clerk = cx.staff()?;
            let calendar = cx.calendar(conn, &row.agency_id)?;
            // The clock starts at acceptance; outside office hours (an
            // evening's work on the weekend's submissions), at the next
            // opening, exactly as at the counter.
            let appointment = Appointment::of(&calendar, cx.definition, cx.now)?;
            changes.received_at = utc(cx.now);
            changes.clock_started_at = utc(appointment.clock_started);
            changes.due_at = utc(appointment.due);
            changes.original_due_at = utc(appointment.due);
            changes.due_soon_at = Some(utc(appointment.due_soon));
            changes.received_by = Some(clerk.user_id.clone());
            changes.rule_set = RuleSet::for_reception(local_date(cx.now)).into();
            changes.current_agency_id = Some(row.agency_id.clone());
            changes.current_unit_id = clerk.unit_id.clone();
            changes.assignee_id = Some(clerk.user_id.clone());
            changes.step_index = 0;
            changes.step_due_at = appointment.reception_due.map(utc);
            sla = SlaChange::Restart;
            let mut event = Event::new(EventKind::Accepted, "Tiếp nhận hồ sơ trực tuyến");
            event.note = note.clone();
            event.receiver_agency_id = Some(row.agency_id.clone());
            event.receiver_unit_id = clerk.unit_id.clone();
            event.receiver_id = Some(clerk.user_id.clone());
            event.step_index = Some(0);
            event.step_due_at = changes.step_due_at.map(from_utc);
            event.details = Some(
                serde_json::json!({ "form": "Mẫu 01", "submitted_at": from_utc(row.received_at) }),
            );
            event
        }
        DossierAction::Assign {
            unit_id,
            assignee_id,
            note,
        } => {
            let principal = cx.staff()?;
            let unit = match unit_id {
                Some(unit) => Some(unit.clone()),
                None if from == DossierStatus::Processing => row.current_unit_id.clone(),
                None => principal.unit_id.clone(),
            };
            if let Some(unit) = &unit {
                cx.unit_of_holder(conn, unit)?;
            }
            if principal.role == Role::UnitHead && unit != principal.unit_id {
                return Err(AppError::Forbidden(
                    "unit heads assign inside their own unit; hand the dossier over to pass it to another".into(),
                ));
            }
            if let Some(assignee) = assignee_id {
                cx.assignee_in(conn, assignee, unit.as_deref())?;
            }
            if unit.is_none() && assignee_id.is_none() {
                return Err(AppError::invalid(
                    "unit_id",
                    "required",
                    "give the unit or the person to assign the dossier to",
                ));
            }
            // Into processing, or into another unit: a hand-over with a new
            // step clock. Inside the unit: the same step, the same clock.
            let new_unit = unit != row.current_unit_id || from == DossierStatus::Received;
            if from == DossierStatus::Received {
                changes.step_index = row.step_index.max(1);
            }
            if new_unit {
                changes.step_due_at = cx.step_due(conn, cx.holder(), changes.step_index)?.map(utc);
            }
            changes.current_unit_id = unit.clone();
            changes.assignee_id = assignee_id.clone();
            let mut event = Event::new(EventKind::Assigned, cx.step_name(changes.step_index));
            event.note = note.clone();
            event.receiver_agency_id = Some(cx.holder().to_owned());
            event.receiver_unit_id = unit;
            event.receiver_id = assignee_id.clone();
            event.step_index = Some(changes.step_index);
            event.step_due_at = changes.step_due_at.map(from_utc);
            event
        }
        DossierAction::HandOver {
            unit_id,
            assignee_id,
            note,
        } => {
            let next = row.step_index + 1;
            if usize::try_from(next).map_or(true, |n| n >= cx.definition.steps.len()) {
                return Err(AppError::Conflict(
                    "this is the last step of the procedure: finish the dossier instead".into(),
                ));
            }
            let unit = unit_id.clone().or_else(|| row.current_unit_id.clone());
            if let Some(unit) = &unit {
                cx.unit_of_holder(conn, unit)?;
            }
            if let Some(assignee) = assignee_id {
                cx.assignee_in(conn, assignee, unit.as_deref())?;
            }
            changes.step_index = next;
            changes.step_due_at = cx.step_due(conn, cx.holder(), next)?.map(utc);
            changes.current_unit_id = unit.clone();
            changes.assignee_id = assignee_id.clone();
            let mut event = Event::new(EventKind::HandedOver, cx.step_name(next));
            event.note = note.clone();
            event.receiver_agency_id = Some(cx.holder().to_owned());
            event.receiver_unit_id = unit;
            event.receiver_id = assignee_id.clone();
            event.step_index = Some(next);
            event.step_due_at = changes.step_due_at.map(from_utc);
            event
        }
        DossierAction::SendBack { reason } => {
            let previous = row.step_index - 1;
            if previous < 1 {
                return Err(AppError::Conflict(
                    "the dossier is at its first processing step: ask the applicant for a supplement instead".into(),
                ));
            }
            let (unit, person) = last_holder_of_step(conn, &row.id, previous)?;
            changes.step_index = previous;
            changes.step_due_at = cx.step_due(conn, cx.holder(), previous)?.map(utc);
            changes.current_unit_id = unit.clone().or_else(|| row.current_unit_id.clone());
            changes.assignee_id = person.clone();
            let mut event = Event::new(EventKind::SentBack, cx.step_name(previous));
            event.note = Some(reason.clone());
            event.receiver_agency_id = Some(cx.holder().to_owned());
            event.receiver_unit_id = changes.current_unit_id.clone();
            event.receiver_id = person;
            event.step_index = Some(previous);
            event.step_due_at = changes.step_due_at.map(from_utc);
            event
        }
        DossierAction::Transfer { agency, note } => {
            let target = agencies::by_code(conn, agency.as_str())?.ok_or_else(|| {
                AppError::invalid("agency_code", "unknown_agency", "no agency with this code")
            })?;
            if target.id == cx.holder() {
                return Err(AppError::invalid(
                    "agency_code",
                    "same_agency",
                    "the dossier is already held by this agency",
                ));
            }
            store::add_agency(conn, &row.id, &target.id)?;
            let one_stop = agencies::one_stop_unit(conn, &target.id)?;
            changes.current_agency_id = Some(target.id.clone());
            changes.current_unit_id = one_stop.map(|u| u.id);
            changes.assignee_id = None;
            changes.step_due_at = cx.step_due(conn, &target.id, row.step_index)?.map(utc);
            let mut event = Event::new(
                EventKind::Transferred,
                format!("Chuyển liên thông đến {}", target.name),
            );
            event.note = note.clone();
            event.receiver_agency_id = Some(target.id);
            event.receiver_unit_id = changes.current_unit_id.clone();
            event.step_index = Some(row.step_index);
            event.step_due_at = changes.step_due_at.map(from_utc);
            event
        }
        DossierAction::RequestSupplement { items } => {
            let asked = store::events_of(conn, &row.id)?
                .iter()
                // Guidance before an online dossier is accepted is the
                // online form of the counter's Mẫu 02, not the one request
                // processing may make.
                .filter(|e| {
                    e.kind == EventKind::SupplementRequested
                        && e.agency_id.as_deref() == Some(cx.holder())
                        && e.from_status != Some(Stored(DossierStatus::Submitted))
                })
                .count();
            if asked >= usize::try_from(cx.rules.supplements_per_agency).unwrap_or(usize::MAX) {
                return Err(AppError::Conflict(format!(
                    "your agency already asked for a supplement on this dossier; under {} it may ask {} time(s)",
                    cx.rules.name, cx.rules.supplements_per_agency
                )));
            }
            changes.paused_at = Some(utc(cx.now));
            changes.resume_status = Some(from.into());
            sla = SlaChange::Stop;
            let mut event = Event::new(
                EventKind::SupplementRequested,
                "Yêu cầu bổ sung, hoàn thiện hồ sơ",
            );
            event.details = Some(serde_json::json!({ "form": "Mẫu 02", "items": items }));
            event
        }
        DossierAction::RecordSupplement { note } => {
            let details = resume_clock(conn, cx, &mut changes)?;
            sla = SlaChange::Restart;
            let mut event = Event::new(EventKind::SupplementReceived, "Tiếp nhận hồ sơ bổ sung");
            event.note = note.clone();
            event.step_index = Some(row.step_index);
            event.step_due_at = changes.step_due_at.map(from_utc);
            event.details = Some(details);
            event
        }
        DossierAction::RequestPayment { amount_vnd, note } => {
            let amount = match amount_vnd {
                Some(amount) => *amount,
                None => cx.definition.fees.iter().filter_map(|f| f.amount_vnd).sum(),
            };
            if amount <= 0 {
                return Err(AppError::invalid(
                    "amount_vnd",
                    "required",
                    "the procedure lists no fee with an amount; give amount_vnd",
                ));
            }
            if motcua_db::online::application_of_dossier(conn, &row.id)?.is_none() {
                return Err(AppError::Conflict(
                    "the dossier was not submitted online: its applicant pays at the counter"
                        .into(),
                ));
            }
            let staff = cx.staff()?;
            motcua_db::payments::insert_request(
                conn,
                &motcua_db::payments::PaymentRequestRow {
                    id: uuid::Uuid::now_v7().to_string(),
                    dossier_id: row.id.clone(),
                    amount_vnd: amount,
                    requested_by: Some(staff.user_id.clone()),
                    requested_at: utc(cx.now),
                    paid_at: None,
                    receipt_number: None,
                },
            )?;
            changes.paused_at = Some(utc(cx.now));
            changes.resume_status = Some(from.into());
            sla = SlaChange::Stop;
            let mut event = Event::new(
                EventKind::PaymentRequested,
                "Yêu cầu thanh toán phí, lệ phí",
            );
            event.note = note.clone();
            event.details = Some(serde_json::json!({ "amount_vnd": amount }));
            event
        }
        DossierAction::ConfirmPayment { receipt } => {
            let mut details = resume_clock(conn, cx, &mut changes)?;
            if let (Some(target), Some(extra)) = (details.as_object_mut(), receipt.as_object()) {
                target.extend(extra.clone());
            }
            sla = SlaChange::Restart;
            let mut event = Event::new(
                EventKind::PaymentReceived,
                "Đã thanh toán phí, lệ phí trực tuyến",
            );
            event.step_index = Some(row.step_index);
            event.step_due_at = changes.step_due_at.map(from_utc);
            event.details = Some(details);
            event
        }
        DossierAction::Refuse { reasons } => {
            changes.refusal_reasons = Some(
                serde_json::to_string(reasons).map_err(|e| AppError::unexpected("reasons", e))?,
            );
            changes.finished_at = Some(utc(cx.now));
            changes.paused_at = None;
            sla = SlaChange::Stop;
            let mut event = Event::new(EventKind::Refused, "Từ chối giải quyết hồ sơ");
            event.details = Some(serde_json::json!({ "form": "Mẫu 03", "reasons": reasons }));
            event
        }
        DossierAction::Finish { result } => {
            let owner = row.agency_id.clone();
            let one_stop = agencies::one_stop_unit(conn, &owner)?;
            // The result goes back to the one-stop section of the receiving
            // agency, into the procedure's last step when that is the return.
            let last = i32::try_from(cx.definition.steps.len()).unwrap_or(1) - 1;
            let returns_at_counter = cx
                .definition
                .steps
                .last()
                .is_some_and(|s| s.role == Some(Role::Clerk));
            if returns_at_counter && last > row.step_index {
                changes.step_index = last;
                changes.step_due_at = cx.step_due(conn, &owner, last)?.map(utc);
            } else {
                changes.step_due_at = None;
            }
            changes.current_agency_id = Some(owner.clone());
            changes.current_unit_id = one_stop.map(|u| u.id);
            changes.assignee_id = None;
            changes.finished_at = Some(utc(cx.now));
            // Against the due instant before any apology: an apology moves
            // the appointment but the dossier still counts as late.
            let outcome = Outcome::of(from_utc(row.original_due_at), cx.now);
            changes.outcome = Some(outcome.into());
            changes.result =
                Some(serde_json::to_string(result).map_err(|e| AppError::unexpected("result", e))?);
            sla = SlaChange::Stop;
            let mut event = Event::new(EventKind::Finished, "Đã có kết quả giải quyết");
            event.receiver_agency_id = Some(owner);
            event.receiver_unit_id = changes.current_unit_id.clone();
            event.step_index = Some(changes.step_index);
            event.step_due_at = changes.step_due_at.map(from_utc);
            event.details = Some(serde_json::json!({ "result": result, "outcome": outcome }));
            event
        }
        DossierAction::ReturnResult { method } => {
            if *method == ReturnMethod::Online {
                // Online means the applicant downloads it: there must be an
                // application to download from, and a result in it.
                let application = motcua_db::online::application_of_dossier(conn, &row.id)?
                    .ok_or_else(|| {
                        AppError::Conflict(
                            "the dossier was not submitted online: return its result at the counter or by post"
                                .into(),
                        )
                    })?;
                let attached = motcua_db::online::files_of(conn, &application.id)?
                    .iter()
                    .any(|f| f.purpose == FilePurpose::Result);
                if !attached {
                    return Err(AppError::Conflict(
                        "attach the result file first (PUT /api/v1/dossiers/{code}/result-files)"
                            .into(),
                    ));
                }
            }
            let (how, tracking) = match method {
                ReturnMethod::Counter => (DeliveryMethod::Counter, None),
                ReturnMethod::Post { tracking_number } => {
                    (DeliveryMethod::Post, Some(tracking_number.clone()))
                }
                ReturnMethod::Online => (DeliveryMethod::Online, None),
            };
            changes.returned_at = Some(utc(cx.now));
            changes.return_method = Some(how.into());
            changes.tracking_number = tracking.clone();
            changes.step_due_at = None;
            changes.assignee_id = None;
            let mut event = Event::new(EventKind::ResultReturned, "Trả kết quả");
            event.details = Some(serde_json::json!({ "method": how, "tracking_number": tracking }));
            event
        }
        DossierAction::RequestWithdrawal { reason } => {
            // The status to go back to is the event's from_status; a paused
            // dossier keeps its own resume status for the supplement answer.
            let mut event =
                Event::new(EventKind::WithdrawalRequested, "Công dân yêu cầu rút hồ sơ");
            event.note = Some(reason.clone());
            event
        }
        DossierAction::ConfirmWithdrawal { note } => {
            changes.resume_status = None;
            changes.paused_at = None;
            changes.finished_at = Some(utc(cx.now));
            changes.step_due_at = None;
            sla = SlaChange::Stop;
            let mut event = Event::new(
                EventKind::WithdrawalConfirmed,
                "Dừng xử lý: công dân rút hồ sơ",
            );
            event.note = note.clone();
            event
        }
        DossierAction::DeclineWithdrawal { reason } => {
            let mut event = Event::new(
                EventKind::WithdrawalDeclined,
                "Không chấp nhận yêu cầu rút hồ sơ",
            );
            event.note = Some(reason.clone());
            event
        }
        DossierAction::Stop { reason } => {
            changes.paused_at = None;
            changes.resume_status = None;
            changes.finished_at = Some(utc(cx.now));
            changes.step_due_at = None;
            sla = SlaChange::Stop;
            let mut event = Event::new(EventKind::Stopped, "Dừng xử lý hồ sơ");
            event.note = Some(reason.clone());
            event
        }
    };
    Ok((changes, event, sla))
}

/// Restarts a paused clock (a supplement or a fee arrived): by default each
/// instant moves by the working time the clock stood still; under a
/// restarting rule set the full time runs again from now. Returns what
/// moved, for the event.
fn resume_clock(
    conn: &mut DbConnection,
    cx: &Context<'_>,
    changes: &mut DossierChanges,
) -> AppResult<serde_json::Value> {
    let row = cx.row;
    let paused = row
        .paused_at
        .map(from_utc)
        .ok_or_else(|| AppError::unexpected("workflow", "paused dossier without paused_at"))?;
    let calendar = cx.calendar(conn, &row.agency_id)?;
    let shift = |t: DateTime<Utc>| -> AppResult<DateTime<Utc>> {
        let left = calendar
            .working_time_between(paused, t)
            .map_err(calendar_error)?;
        calendar
            .add_working_time(cx.now, left)
            .map_err(calendar_error)
    };
    let due = match cx.rules.resume {
        ResumePolicy::Continue => shift(from_utc(row.due_at))?,
        ResumePolicy::Restart => {
            let time = row
                .processing_unit
                .processing_time(u32::try_from(row.processing_time).unwrap_or(0));
            calendar
                .due_instant(cx.now, calendar.duration_of(time), &[])
                .map_err(calendar_error)?
        }
    };
    changes.original_due_at = if row.original_due_at == row.due_at {
        utc(due)
    } else {
        utc(shift(from_utc(row.original_due_at))?)
    };
    changes.due_at = utc(due);
    changes.due_soon_at = Some(utc(
        due_soon_instant(&calendar, due).map_err(calendar_error)?
    ));
    changes.step_due_at = row
        .step_due_at
        .map(|t| shift(from_utc(t)))
        .transpose()?
        .map(utc);
    changes.paused_at = None;
    changes.resume_status = None;
    let policy = match cx.rules.resume {
        ResumePolicy::Continue => "continue",
        ResumePolicy::Restart => "restart",
    };
    Ok(serde_json::json!({
        "paused_from": paused,
        "due_before": from_utc(row.due_at),
        "due_after": due,
        "policy": policy,
    }))
}

/// What an action does to the SLA schedule the sweep follows.
enum SlaChange {
    /// Nothing.
    Keep,
    /// No more checks: paused or ended.
    Stop,
    /// The due instant moved: look at it afresh.
    Restart,
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
        let code = &row.code;
        if row.version != version {
            return Err(AppError::PreconditionFailed(format!(
                "dossier {code} changed since you read it (version {} now, you sent {version}): read it again",
                row.version
            )));
        }
        let from = *row.status;
        let resume = resume_status(conn, row, kind)?;
        let to = kind
            .apply(from, resume)
            .map_err(|e| AppError::IllegalTransition(e.to_string()))?;
        let version_row = procedures::version_by_id(conn, &row.procedure_version_id)?
            .ok_or_else(|| AppError::unexpected("workflow", "procedure version missing"))?;
        let definition = definition_of(&version_row)?;
        let rules = *row.rule_set;
        let cx = Context {
            services: self,
            actor,
            row,
            definition: &definition,
            rules,
            now,
        };
        let (changes, event, mut sla) = apply(conn, &cx, action, to)?;
        if to == DossierStatus::Submitted {
            // Not accepted yet: no clock for the sweep to follow.
            sla = SlaChange::Stop;
        }
        if !store::update_if_version(conn, &row.id, version, &changes)? {
            return Err(AppError::PreconditionFailed(format!(
                "dossier {code} changed while you acted on it: read it again"
            )));
        }
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
        let event_id = uuid::Uuid::now_v7().to_string();
        let notice = event.kind.applicant_notice();
        let notice_details = event.details.clone().unwrap_or_default();
        let staff = match actor {
            Actor::Staff(principal) => Some(principal),
            Actor::Applicant => None,
        };
        store::insert_event(
            conn,
            &DossierEventRow {
                id: event_id.clone(),
                dossier_id: row.id.clone(),
                kind: event.kind.into(),
                from_status: Some(from.into()),
                to_status: to.into(),
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
