//! One function per workflow action: each takes the loaded dossier (with
//! its history, read once) and decides what changes, the dossier's new
//! fields, the event, what the SLA sweep should do, and any row the action
//! adds, without writing anything. The runner (`super::Services::take_action`)
//! has checked the role, the place, the version and the status machine
//! before, and writes the decision after.

use chrono::{DateTime, Utc};
use motcua_calendar::Outcome;
use motcua_db::dossiers::{DossierChanges, DossierEventRow, DossierRow};
use motcua_db::payments::PaymentRequestRow;
use motcua_db::stored::Stored;
use motcua_db::{from_utc, utc};
use motcua_domain::{
    Action, AgencyCode, DeliveryMethod, DossierStatus, EventKind, ProcedureDefinition,
    ResumePolicy, Role, RuleSet, due_soon_instant, step_due,
};

use super::commands::{Actor, DossierAction, ReturnMethod};
use super::lookups::Lookups;
use crate::calendars::calendar_error;
use crate::clock::local_date;
use crate::dossiers::intake::Appointment;
use crate::dossiers::reads::ResultRecord;
use crate::error::{AppError, AppResult, Reason};
use crate::staff::principal::Principal;

/// What an action works from: the dossier as loaded, its history, its
/// procedure and rule set, who acts and when, and the status the status
/// machine moves it to.
pub(super) struct Decide<'a> {
    pub(super) actor: Actor<'a>,
    pub(super) row: &'a DossierRow,
    /// Its events, oldest first.
    pub(super) events: &'a [DossierEventRow],
    pub(super) definition: &'a ProcedureDefinition,
    pub(super) rules: RuleSet,
    pub(super) now: DateTime<Utc>,
    pub(super) to: DossierStatus,
}

/// The event an action writes.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Event {
    pub(super) kind: EventKind,
    pub(super) step_name: String,
    pub(super) note: Option<String>,
    pub(super) receiver_agency_id: Option<String>,
    pub(super) receiver_unit_id: Option<String>,
    pub(super) receiver_id: Option<String>,
    pub(super) step_index: Option<i32>,
    pub(super) step_due_at: Option<DateTime<Utc>>,
    pub(super) details: Option<serde_json::Value>,
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

    /// The event of a hand-over to `agency`, `unit` and `person`, into the
    /// step and step clock of `changes`.
    fn hand_over(
        kind: EventKind,
        step_name: String,
        changes: &DossierChanges,
        agency: &str,
        person: Option<String>,
    ) -> Self {
        Event {
            receiver_agency_id: Some(agency.to_owned()),
            receiver_unit_id: changes.current_unit_id.clone(),
            receiver_id: person,
            step_index: Some(changes.step_index),
            step_due_at: changes.step_due_at.map(from_utc),
            ..Event::new(kind, step_name)
        }
    }
}

/// What an action does to the SLA schedule the sweep follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SlaChange {
    /// Nothing changes: the sweep goes on as it was.
    Keep,
    /// No more checks: paused or ended.
    Stop,
    /// The due instant moved: look at it afresh.
    Restart,
}

/// What an action decided.
#[derive(Debug, Clone)]
pub(super) struct Decision {
    pub(super) changes: DossierChanges,
    pub(super) event: Event,
    pub(super) sla: SlaChange,
    /// A fee asked for (`request_payment`).
    pub(super) payment_request: Option<PaymentRequestRow>,
    /// An agency the dossier now also belongs to (`transfer`).
    pub(super) joins_agency: Option<String>,
}

impl Decision {
    fn new(changes: DossierChanges, event: Event, sla: SlaChange) -> Self {
        Decision {
            changes,
            event,
            sla,
            payment_request: None,
            joins_agency: None,
        }
    }
}

impl Decide<'_> {
    /// The dossier's fields as they stand, with the new status: what every
    /// action starts from.
    fn changes(&self) -> DossierChanges {
        let mut changes = DossierChanges::from(self.row);
        changes.status = self.to.into();
        changes.updated_at = utc(self.now);
        changes
    }

    /// The staff member acting; actions only staff take ask for it.
    fn staff(&self) -> AppResult<&Principal> {
        match self.actor {
            Actor::Staff(principal) => Ok(principal),
            Actor::Applicant => Err(AppError::Forbidden("only staff take this action".into())),
        }
    }

    fn from(&self) -> DossierStatus {
        *self.row.status
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
        look: &mut dyn Lookups,
        agency_id: &str,
        index: i32,
    ) -> AppResult<Option<DateTime<Utc>>> {
        let Some(step) = usize::try_from(index)
            .ok()
            .and_then(|i| self.definition.steps.get(i))
        else {
            return Ok(None);
        };
        let calendar = look.calendar(agency_id)?;
        step_due(&calendar, self.now, step.budget_working_hours)
            .map(Some)
            .map_err(calendar_error)
    }

    /// A unit of the holding agency.
    fn unit_of_holder(&self, look: &mut dyn Lookups, unit_id: &str) -> AppResult<()> {
        match look.unit(unit_id)? {
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
        look: &mut dyn Lookups,
        assignee_id: &str,
        unit_id: Option<&str>,
    ) -> AppResult<()> {
        let fits = look.user(assignee_id)?.is_some_and(|u| {
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

    /// The unit and the person who last received step `index`.
    fn last_holder_of_step(&self, index: i32) -> (Option<String>, Option<String>) {
        self.events
            .iter()
            .rev()
            .find(|e| e.step_index == Some(index) && e.receiver_unit_id.is_some())
            .map(|e| (e.receiver_unit_id.clone(), e.receiver_id.clone()))
            .unwrap_or((None, None))
    }
}

/// Where a paused dossier goes back to (kept on the dossier), or a declined
/// withdrawal (the status the withdrawal request left, from its event).
pub(super) fn resume_status(
    row: &DossierRow,
    events: &[DossierEventRow],
    action: Action,
) -> Option<DossierStatus> {
    let stored = if action == Action::DeclineWithdrawal {
        events
            .iter()
            .rev()
            .find(|e| e.kind == EventKind::WithdrawalRequested)
            .and_then(|e| e.from_status)
    } else {
        row.resume_status
    };
    stored.map(|s| *s)
}

/// Decides `action` on the loaded dossier.
pub(super) fn decide(
    cx: &Decide<'_>,
    look: &mut dyn Lookups,
    action: &DossierAction,
) -> AppResult<Decision> {
    match action {
        DossierAction::Accept { note } => accept(cx, look, note),
        DossierAction::Assign {
            unit_id,
            assignee_id,
            note,
        } => assign(cx, look, unit_id.as_deref(), assignee_id.as_deref(), note),
        DossierAction::HandOver {
            unit_id,
            assignee_id,
            note,
        } => hand_over(cx, look, unit_id.as_deref(), assignee_id.as_deref(), note),
        DossierAction::SendBack { reason } => send_back(cx, look, reason),
        DossierAction::Transfer { agency, note } => transfer(cx, look, agency, note),
        DossierAction::RequestSupplement { items } => request_supplement(cx, items),
        DossierAction::RecordSupplement { note } => record_supplement(cx, look, note),
        DossierAction::RequestPayment { amount_vnd, note } => {
            request_payment(cx, look, *amount_vnd, note)
        }
        DossierAction::ConfirmPayment { receipt } => confirm_payment(cx, look, receipt),
        DossierAction::Refuse { reasons } => refuse(cx, reasons),
        DossierAction::Finish { result } => finish(cx, look, result),
        DossierAction::ReturnResult { method } => return_result(cx, look, method),
        DossierAction::RequestWithdrawal { reason } => Ok(Decision::new(
            cx.changes(),
            Event {
                note: Some(reason.clone()),
                // The status to go back to is this event's from_status; a
                // paused dossier keeps its own resume status for the answer.
                ..Event::new(EventKind::WithdrawalRequested, "Công dân yêu cầu rút hồ sơ")
            },
            SlaChange::Keep,
        )),
        DossierAction::ConfirmWithdrawal { note } => confirm_withdrawal(cx, note),
        DossierAction::DeclineWithdrawal { reason } => Ok(Decision::new(
            cx.changes(),
            Event {
                note: Some(reason.clone()),
                ..Event::new(
                    EventKind::WithdrawalDeclined,
                    "Không chấp nhận yêu cầu rút hồ sơ",
                )
            },
            SlaChange::Keep,
        )),
        DossierAction::Stop { reason } => stop(cx, reason),
    }
}

/// An online dossier accepted: the clock starts now, or at the next opening
/// when accepted outside office hours (an evening's work on the weekend's
/// submissions), exactly as at the counter; the accepting clerk holds it.
fn accept(cx: &Decide<'_>, look: &mut dyn Lookups, note: &Option<String>) -> AppResult<Decision> {
    let clerk = cx.staff()?;
    let row = cx.row;
    let calendar = look.calendar(&row.agency_id)?;
    let appointment = Appointment::of(&calendar, cx.definition, cx.now)?;
    let mut changes = cx.changes();
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
    let event = Event {
        note: note.clone(),
        details: Some(
            serde_json::json!({ "form": "Mẫu 01", "submitted_at": from_utc(row.received_at) }),
        ),
        ..Event::hand_over(
            EventKind::Accepted,
            "Tiếp nhận hồ sơ trực tuyến".into(),
            &changes,
            &row.agency_id,
            Some(clerk.user_id.clone()),
        )
    };
    Ok(Decision::new(changes, event, SlaChange::Restart))
}

/// To a unit and/or a person of the holding agency. Into processing, or into
/// another unit, it is a hand-over with a new step clock; inside the unit the
/// step and its clock stay.
fn assign(
    cx: &Decide<'_>,
    look: &mut dyn Lookups,
    unit_id: Option<&str>,
    assignee_id: Option<&str>,
    note: &Option<String>,
) -> AppResult<Decision> {
    let principal = cx.staff()?;
    let row = cx.row;
    let from = cx.from();
    let unit = match unit_id {
        Some(unit) => Some(unit.to_owned()),
        None if from == DossierStatus::Processing => row.current_unit_id.clone(),
        None => principal.unit_id.clone(),
    };
    if let Some(unit) = &unit {
        cx.unit_of_holder(look, unit)?;
    }
    if principal.role == Role::UnitHead && unit != principal.unit_id {
        return Err(AppError::Forbidden(
            "unit heads assign inside their own unit; hand the dossier over to pass it to another"
                .into(),
        ));
    }
    if let Some(assignee) = assignee_id {
        cx.assignee_in(look, assignee, unit.as_deref())?;
    }
    if unit.is_none() && assignee_id.is_none() {
        return Err(AppError::invalid(
            "unit_id",
            "required",
            "give the unit or the person to assign the dossier to",
        ));
    }
    let mut changes = cx.changes();
    if from == DossierStatus::Received {
        changes.step_index = row.step_index.max(1);
    }
    if unit != row.current_unit_id || from == DossierStatus::Received {
        changes.step_due_at = cx.step_due(look, cx.holder(), changes.step_index)?.map(utc);
    }
    changes.current_unit_id = unit;
    changes.assignee_id = assignee_id.map(str::to_owned);
    let event = Event {
        note: note.clone(),
        ..Event::hand_over(
            EventKind::Assigned,
            cx.step_name(changes.step_index),
            &changes,
            cx.holder(),
            changes.assignee_id.clone(),
        )
    };
    Ok(Decision::new(changes, event, SlaChange::Keep))
}

/// To the next step of the procedure, in the same unit unless another is
/// named.
fn hand_over(
    cx: &Decide<'_>,
    look: &mut dyn Lookups,
    unit_id: Option<&str>,
    assignee_id: Option<&str>,
    note: &Option<String>,
) -> AppResult<Decision> {
    let row = cx.row;
    let next = row.step_index + 1;
    if usize::try_from(next).map_or(true, |n| n >= cx.definition.steps.len()) {
        return Err(AppError::Conflict(
            Reason::LastStep,
            "this is the last step of the procedure: finish the dossier instead".into(),
        ));
    }
    let unit = unit_id
        .map(str::to_owned)
        .or_else(|| row.current_unit_id.clone());
    if let Some(unit) = &unit {
        cx.unit_of_holder(look, unit)?;
    }
    if let Some(assignee) = assignee_id {
        cx.assignee_in(look, assignee, unit.as_deref())?;
    }
    let mut changes = cx.changes();
    changes.step_index = next;
    changes.step_due_at = cx.step_due(look, cx.holder(), next)?.map(utc);
    changes.current_unit_id = unit;
    changes.assignee_id = assignee_id.map(str::to_owned);
    let event = Event {
        note: note.clone(),
        ..Event::hand_over(
            EventKind::HandedOver,
            cx.step_name(next),
            &changes,
            cx.holder(),
            changes.assignee_id.clone(),
        )
    };
    Ok(Decision::new(changes, event, SlaChange::Keep))
}

/// Back to the previous step, to whoever last held it.
fn send_back(cx: &Decide<'_>, look: &mut dyn Lookups, reason: &str) -> AppResult<Decision> {
    let row = cx.row;
    let previous = row.step_index - 1;
    if previous < 1 {
        return Err(AppError::Conflict(Reason::FirstStep,
            "the dossier is at its first processing step: ask the applicant for a supplement instead"
                .into(),
        ));
    }
    let (unit, person) = cx.last_holder_of_step(previous);
    let mut changes = cx.changes();
    changes.step_index = previous;
    changes.step_due_at = cx.step_due(look, cx.holder(), previous)?.map(utc);
    changes.current_unit_id = unit.or_else(|| row.current_unit_id.clone());
    changes.assignee_id = person.clone();
    let event = Event {
        note: Some(reason.to_owned()),
        ..Event::hand_over(
            EventKind::SentBack,
            cx.step_name(previous),
            &changes,
            cx.holder(),
            person,
        )
    };
    Ok(Decision::new(changes, event, SlaChange::Keep))
}

/// To another agency (liên thông), into its one-stop section; the step's
/// clock starts again on that agency's calendar.
fn transfer(
    cx: &Decide<'_>,
    look: &mut dyn Lookups,
    agency: &AgencyCode,
    note: &Option<String>,
) -> AppResult<Decision> {
    let row = cx.row;
    let target = look.agency(agency)?.ok_or_else(|| {
        AppError::invalid("agency_code", "unknown_agency", "no agency with this code")
    })?;
    if target.id == cx.holder() {
        return Err(AppError::invalid(
            "agency_code",
            "same_agency",
            "the dossier is already held by this agency",
        ));
    }
    let mut changes = cx.changes();
    changes.current_agency_id = Some(target.id.clone());
    changes.current_unit_id = look.one_stop_unit(&target.id)?.map(|u| u.id);
    changes.assignee_id = None;
    changes.step_due_at = cx.step_due(look, &target.id, row.step_index)?.map(utc);
    let event = Event {
        note: note.clone(),
        ..Event::hand_over(
            EventKind::Transferred,
            format!("Chuyển liên thông đến {}", target.name),
            &changes,
            &target.id,
            None,
        )
    };
    let mut decision = Decision::new(changes, event, SlaChange::Keep);
    decision.joins_agency = Some(target.id);
    Ok(decision)
}

/// Ask the applicant for more; the clock stops. An agency asks as often as
/// the rule set allows (once, Decree 61/2018 Art. 19); guidance before an
/// online dossier is accepted is the online form of the counter's Mẫu 02,
/// not that one request.
fn request_supplement(cx: &Decide<'_>, items: &[String]) -> AppResult<Decision> {
    let asked = cx
        .events
        .iter()
        .filter(|e| {
            e.kind == EventKind::SupplementRequested
                && e.agency_id.as_deref() == Some(cx.holder())
                && e.from_status != Some(Stored(DossierStatus::Submitted))
        })
        .count();
    if asked >= usize::try_from(cx.rules.supplements_per_agency).unwrap_or(usize::MAX) {
        return Err(AppError::Conflict(
            Reason::SupplementLimit,
            format!(
                "your agency already asked for a supplement on this dossier; under {} it may ask {} time(s)",
                cx.rules.name, cx.rules.supplements_per_agency
            ),
        ));
    }
    let mut changes = cx.changes();
    changes.paused_at = Some(utc(cx.now));
    changes.resume_status = Some(cx.from().into());
    let event = Event {
        details: Some(serde_json::json!({ "form": "Mẫu 02", "items": items })),
        ..Event::new(
            EventKind::SupplementRequested,
            "Yêu cầu bổ sung, hoàn thiện hồ sơ",
        )
    };
    Ok(Decision::new(changes, event, SlaChange::Stop))
}

/// The supplement arrived: the clock runs again.
fn record_supplement(
    cx: &Decide<'_>,
    look: &mut dyn Lookups,
    note: &Option<String>,
) -> AppResult<Decision> {
    let mut changes = cx.changes();
    let details = resume_clock(cx, look, &mut changes)?;
    let event = Event {
        note: note.clone(),
        step_index: Some(cx.row.step_index),
        step_due_at: changes.step_due_at.map(from_utc),
        details: Some(details),
        ..Event::new(EventKind::SupplementReceived, "Tiếp nhận hồ sơ bổ sung")
    };
    Ok(Decision::new(changes, event, SlaChange::Restart))
}

/// Ask for the fee online (the procedure's fees unless an amount is given);
/// the clock stops. Only a dossier submitted online pays online.
fn request_payment(
    cx: &Decide<'_>,
    look: &mut dyn Lookups,
    amount_vnd: Option<i64>,
    note: &Option<String>,
) -> AppResult<Decision> {
    let amount =
        amount_vnd.unwrap_or_else(|| cx.definition.fees.iter().filter_map(|f| f.amount_vnd).sum());
    if amount <= 0 {
        return Err(AppError::invalid(
            "amount_vnd",
            "required",
            "the procedure lists no fee with an amount; give amount_vnd",
        ));
    }
    if look.application(&cx.row.id)?.is_none() {
        return Err(AppError::Conflict(
            Reason::NotSubmittedOnline,
            "the dossier was not submitted online: its applicant pays at the counter".into(),
        ));
    }
    let staff = cx.staff()?;
    let pauses = cx.definition.fee_wait_pauses_clock;
    let mut changes = cx.changes();
    // Where the payment sends the dossier back to, paused or not.
    changes.resume_status = Some(cx.from().into());
    if pauses {
        changes.paused_at = Some(utc(cx.now));
    }
    let event = Event {
        note: note.clone(),
        details: Some(serde_json::json!({ "amount_vnd": amount, "clock_paused": pauses })),
        ..Event::new(
            EventKind::PaymentRequested,
            "Yêu cầu thanh toán phí, lệ phí",
        )
    };
    let sla = if pauses {
        SlaChange::Stop
    } else {
        SlaChange::Keep
    };
    let mut decision = Decision::new(changes, event, sla);
    decision.payment_request = Some(PaymentRequestRow {
        id: uuid::Uuid::now_v7().to_string(),
        dossier_id: cx.row.id.clone(),
        amount_vnd: amount,
        requested_by: Some(staff.user_id.clone()),
        requested_at: utc(cx.now),
        paid_at: None,
        receipt_number: None,
    });
    Ok(decision)
}

/// The gateway confirmed the fee: the clock runs again.
fn confirm_payment(
    cx: &Decide<'_>,
    look: &mut dyn Lookups,
    receipt: &serde_json::Value,
) -> AppResult<Decision> {
    let mut changes = cx.changes();
    // A procedure whose clock ran while the applicant paid has nothing to
    // resume: the dossier only goes back to where it was.
    let paused = cx.row.paused_at.is_some();
    let mut details = if paused {
        resume_clock(cx, look, &mut changes)?
    } else {
        changes.resume_status = None;
        serde_json::json!({ "clock_paused": false })
    };
    if let (Some(target), Some(extra)) = (details.as_object_mut(), receipt.as_object()) {
        target.extend(extra.clone());
    }
    let event = Event {
        step_index: Some(cx.row.step_index),
        step_due_at: changes.step_due_at.map(from_utc),
        details: Some(details),
        ..Event::new(
            EventKind::PaymentReceived,
            "Đã thanh toán phí, lệ phí trực tuyến",
        )
    };
    let sla = if paused {
        SlaChange::Restart
    } else {
        SlaChange::Keep
    };
    Ok(Decision::new(changes, event, sla))
}

/// Who decides a dossier in processing: refusing a dossier a clerk has
/// received, or finishing one, needs the rule set's approver (the leader by
/// default), not the specialist alone; the approver's own action is the
/// approval, on the timeline and the control sheet under their name. The
/// approving role, which the event keeps as `approved_by`; none for the
/// gateway or the applicant, who approve nothing.
fn check_approver(cx: &Decide<'_>, what: &str) -> AppResult<Option<Role>> {
    let Actor::Staff(principal) = cx.actor else {
        return Ok(None);
    };
    if cx.rules.approves(principal.role) {
        return Ok(Some(principal.role));
    }
    Err(AppError::Forbidden(format!(
        "{what} a dossier in processing needs the approval of the {} (rule set {}); you are {}: \
         hand it over to them",
        cx.rules.approver, cx.rules.name, principal.role
    )))
}

/// The step of the procedure's plan that decides: its last step done by
/// someone other than the one-stop section (whose last step is the return).
fn deciding_step(cx: &Decide<'_>) -> Option<usize> {
    cx.definition
        .steps
        .iter()
        .rposition(|s| s.role != Some(Role::Clerk))
}

/// Refused, with reasons (Mẫu 03): the dossier ends. Before a clerk accepts
/// an online dossier the one-stop section refuses it; once received, the
/// approver decides.
fn refuse(cx: &Decide<'_>, reasons: &[String]) -> AppResult<Decision> {
    let approver = if cx.row.received_by.is_some() {
        check_approver(cx, "refusing")?
    } else {
        None
    };
    let mut changes = cx.changes();
    changes.refusal_reasons =
        Some(serde_json::to_string(reasons).map_err(|e| AppError::unexpected("reasons", e))?);
    changes.finished_at = Some(utc(cx.now));
    changes.paused_at = None;
    let event = Event {
        details: Some(serde_json::json!({
            "form": "Mẫu 03",
            "reasons": reasons,
            "approved_by": approver.map(Role::as_str),
        })),
        ..Event::new(EventKind::Refused, "Từ chối giải quyết hồ sơ")
    };
    Ok(Decision::new(changes, event, SlaChange::Stop))
}

/// The result is ready: back to the one-stop section of the receiving
/// agency, into the procedure's last step when that is the return, and the
/// outcome is measured against the appointment before any apology (an
/// apology moves the appointment, the dossier still counts late).
fn finish(cx: &Decide<'_>, look: &mut dyn Lookups, result: &ResultRecord) -> AppResult<Decision> {
    let row = cx.row;
    let approver = check_approver(cx, "finishing")?;
    // The plan is followed: no step is skipped on the way to the decision.
    if let Some(deciding) = deciding_step(cx)
        && usize::try_from(row.step_index).map_or(true, |at| at < deciding)
    {
        let step = &cx.definition.steps[deciding];
        return Err(AppError::Conflict(
            Reason::NotDecidingStep,
            format!(
                "the procedure decides at step {deciding} ({}); the dossier is at step {}: hand it over first",
                step.name, row.step_index
            ),
        ));
    }
    let owner = row.agency_id.clone();
    let last = i32::try_from(cx.definition.steps.len()).unwrap_or(1) - 1;
    let returns_at_counter = cx
        .definition
        .steps
        .last()
        .is_some_and(|s| s.role == Some(Role::Clerk));
    let mut changes = cx.changes();
    if returns_at_counter && last > row.step_index {
        changes.step_index = last;
        changes.step_due_at = cx.step_due(look, &owner, last)?.map(utc);
    } else {
        changes.step_due_at = None;
    }
    changes.current_agency_id = Some(owner.clone());
    changes.current_unit_id = look.one_stop_unit(&owner)?.map(|u| u.id);
    changes.assignee_id = None;
    changes.finished_at = Some(utc(cx.now));
    // Measured against the first appointment; a dossier whose appointment an
    // apology moved was late whenever it ends (DOMAIN.md: a dossier with an
    // apology counts late). Only a sent apology moves `due_at` away from
    // `original_due_at`; pauses move both.
    let outcome = if row.due_at == row.original_due_at {
        Outcome::of(from_utc(row.original_due_at), cx.now)
    } else {
        Outcome::Late
    };
    changes.outcome = Some(outcome.into());
    changes.result =
        Some(serde_json::to_string(result).map_err(|e| AppError::unexpected("result", e))?);
    let event = Event {
        details: Some(serde_json::json!({
            "result": result,
            "outcome": outcome,
            "approved_by": approver.map(Role::as_str),
        })),
        ..Event::hand_over(
            EventKind::Finished,
            "Đã có kết quả giải quyết".into(),
            &changes,
            &owner,
            None,
        )
    };
    Ok(Decision::new(changes, event, SlaChange::Stop))
}

/// The result handed over. Online means the applicant downloads it: there
/// must be an application to download from, and a result in it.
fn return_result(
    cx: &Decide<'_>,
    look: &mut dyn Lookups,
    method: &ReturnMethod,
) -> AppResult<Decision> {
    if *method == ReturnMethod::Online {
        let application = look.application(&cx.row.id)?.ok_or_else(|| {
            AppError::Conflict(
                Reason::NotSubmittedOnline,
                "the dossier was not submitted online: return its result at the counter or by post"
                    .into(),
            )
        })?;
        if !look.has_result(&application.id)? {
            return Err(AppError::Conflict(
                Reason::ResultFileMissing,
                "attach the result file first (PUT /api/v1/dossiers/{code}/result-files)".into(),
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
    let mut changes = cx.changes();
    changes.returned_at = Some(utc(cx.now));
    changes.return_method = Some(how.into());
    changes.tracking_number = tracking.clone();
    changes.step_due_at = None;
    changes.assignee_id = None;
    let event = Event {
        details: Some(serde_json::json!({ "method": how, "tracking_number": tracking })),
        ..Event::new(EventKind::ResultReturned, "Trả kết quả")
    };
    Ok(Decision::new(changes, event, SlaChange::Keep))
}

/// The withdrawal confirmed: the dossier ends.
fn confirm_withdrawal(cx: &Decide<'_>, note: &Option<String>) -> AppResult<Decision> {
    let changes = ended(cx);
    let event = Event {
        note: note.clone(),
        details: Some(serde_json::json!({ "withdrawn": true })),
        ..Event::new(
            EventKind::WithdrawalConfirmed,
            "Dừng xử lý: công dân rút hồ sơ",
        )
    };
    Ok(Decision::new(changes, event, SlaChange::Stop))
}

/// Processing stopped: the dossier ends.
fn stop(cx: &Decide<'_>, reason: &str) -> AppResult<Decision> {
    let changes = ended(cx);
    let event = Event {
        note: Some(reason.to_owned()),
        details: Some(serde_json::json!({ "reason": reason, "withdrawn": false })),
        ..Event::new(EventKind::Stopped, "Dừng xử lý hồ sơ")
    };
    Ok(Decision::new(changes, event, SlaChange::Stop))
}

/// The fields of a dossier that ends without a result.
fn ended(cx: &Decide<'_>) -> DossierChanges {
    let mut changes = cx.changes();
    changes.paused_at = None;
    changes.resume_status = None;
    changes.finished_at = Some(utc(cx.now));
    changes.step_due_at = None;
    changes
}

/// Restarts a paused clock (a supplement or a fee arrived): by default each
/// instant moves by the working time the clock stood still; under a
/// restarting rule set the full time runs again from now. Returns what
/// moved, for the event.
fn resume_clock(
    cx: &Decide<'_>,
    look: &mut dyn Lookups,
    changes: &mut DossierChanges,
) -> AppResult<serde_json::Value> {
    let row = cx.row;
    let paused = row
        .paused_at
        .map(from_utc)
        .ok_or_else(|| AppError::unexpected("workflow", "paused dossier without paused_at"))?;
    let calendar = look.calendar(&row.agency_id)?;
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
            calendar.due(cx.now, time).map_err(calendar_error)?
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

#[cfg(test)]
mod tests {
    //! Each action's decision, with no database: the dossier, its history
    //! and whatever the action looks up are given in memory.

    use super::*;
    use chrono::NaiveDateTime;
    use motcua_calendar::{WorkingCalendar, bundled};
    use motcua_db::agencies::{AgencyRow, UnitRow};
    use motcua_db::online::ApplicationRow;
    use motcua_db::users::UserRow;
    use motcua_domain::{NoticeKind, NoticeLanguage, ProcessingUnit, SlaState};
    use std::collections::HashMap;
    use std::sync::Arc;

    const WARD: &str = "ward";
    const POLICE: &str = "police";
    const ONE_STOP: &str = "unit-one-stop";
    const ECONOMY: &str = "unit-economy";

    fn t(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().to_utc()
    }

    fn naive(text: &str) -> NaiveDateTime {
        utc(t(text))
    }

    /// What the actions may look up, in memory.
    struct Memory {
        calendar: Arc<WorkingCalendar>,
        units: HashMap<String, UnitRow>,
        users: HashMap<String, UserRow>,
        agencies: Vec<AgencyRow>,
        application: Option<ApplicationRow>,
        has_result: bool,
    }

    impl Lookups for Memory {
        fn calendar(&mut self, _agency_id: &str) -> AppResult<Arc<WorkingCalendar>> {
            Ok(Arc::clone(&self.calendar))
        }
        fn unit(&mut self, unit_id: &str) -> AppResult<Option<UnitRow>> {
            Ok(self.units.get(unit_id).cloned())
        }
        fn user(&mut self, user_id: &str) -> AppResult<Option<UserRow>> {
            Ok(self.users.get(user_id).cloned())
        }
        fn agency(&mut self, code: &AgencyCode) -> AppResult<Option<AgencyRow>> {
            Ok(self
                .agencies
                .iter()
                .find(|a| a.code == code.as_str())
                .cloned())
        }
        fn one_stop_unit(&mut self, agency_id: &str) -> AppResult<Option<UnitRow>> {
            Ok(self
                .units
                .values()
                .find(|u| u.agency_id == agency_id && u.one_stop)
                .cloned())
        }
        fn application(&mut self, _dossier_id: &str) -> AppResult<Option<ApplicationRow>> {
            Ok(self.application.clone())
        }
        fn has_result(&mut self, _application_id: &str) -> AppResult<bool> {
            Ok(self.has_result)
        }
    }

    fn unit(id: &str, agency: &str, one_stop: bool) -> (String, UnitRow) {
        let row = UnitRow {
            id: id.into(),
            agency_id: agency.into(),
            name: id.into(),
            one_stop,
            created_at: naive("2026-01-01T00:00:00Z"),
        };
        (id.into(), row)
    }

    fn user(id: &str, role: Role, unit: &str) -> (String, UserRow) {
        let row = UserRow {
            id: id.into(),
            username: id.into(),
            password_hash: String::new(),
            full_name: id.into(),
            role: role.into(),
            agency_id: WARD.into(),
            unit_id: Some(unit.into()),
            active: true,
            created_at: naive("2026-01-01T00:00:00Z"),
            updated_at: naive("2026-01-01T00:00:00Z"),
            email: None,
        };
        (id.into(), row)
    }

    fn memory() -> Memory {
        let calendar = bundled::builder()
            .unwrap()
            .years(2025, 2027)
            .build()
            .unwrap();
        Memory {
            calendar: Arc::new(calendar),
            units: [
                unit(ONE_STOP, WARD, true),
                unit(ECONOMY, WARD, false),
                unit("unit-police-desk", POLICE, true),
            ]
            .into(),
            users: [
                user("clerk", Role::Clerk, ONE_STOP),
                user("specialist", Role::Specialist, ECONOMY),
                user("unit-head", Role::UnitHead, ECONOMY),
            ]
            .into(),
            agencies: vec![AgencyRow {
                id: POLICE.into(),
                code: "000.25.02.H26".into(),
                name: "Công an phường".into(),
                parent_id: None,
                office_hours: "07:30-11:30,13:00-17:00".into(),
                created_at: naive("2026-01-01T00:00:00Z"),
            }],
            application: None,
            has_result: false,
        }
    }

    /// Household business: 3 working days, four steps (reception, review,
    /// approval, return at the counter), a 100,000 đồng fee.
    fn definition() -> ProcedureDefinition {
        serde_json::from_value(serde_json::json!({
            "name": "Đăng ký thành lập hộ kinh doanh", "field": "Kinh tế",
            "processing_time": 3, "processing_unit": "working_days", "online_mode": "full",
            "result_type": "Giấy chứng nhận", "documents": [], "legal_basis": [],
            "fees": [{"name": "Lệ phí", "amount_vnd": 100000}],
            "steps": [
                {"name": "Tiếp nhận", "role": "clerk", "budget_working_hours": 4},
                {"name": "Thẩm định", "role": "specialist", "budget_working_hours": 12},
                {"name": "Phê duyệt", "role": "leader", "budget_working_hours": 4},
                {"name": "Trả kết quả", "role": "clerk", "budget_working_hours": 4}
            ]
        }))
        .unwrap()
    }

    /// A dossier received at the ward on Monday 2 March 2026, 09:00 (due
    /// Thursday 09:00), in `status`, at step `step`, held by `unit`.
    fn dossier(status: DossierStatus, step: i32, unit: &str) -> DossierRow {
        let received = naive("2026-03-02T02:00:00Z");
        let due = naive("2026-03-05T02:00:00Z");
        DossierRow {
            id: "dossier".into(),
            code: "000.25.01.H26-260302-0001".into(),
            agency_id: WARD.into(),
            procedure_version_id: "version".into(),
            channel: 1,
            status: status.into(),
            applicant_name: "Nguyễn Văn An".into(),
            applicant_id_number: None,
            applicant_birth_date: None,
            applicant_phone: None,
            applicant_email: None,
            applicant_address: "Hà Nội".into(),
            applicant_organization: None,
            applicant_tax_code: None,
            representative: None,
            result_delivery: DeliveryMethod::Counter.into(),
            delivery_address: None,
            received_at: received,
            clock_started_at: received,
            due_at: due,
            original_due_at: due,
            processing_time: 3,
            processing_unit: ProcessingUnit::WorkingDays.into(),
            calendar_version: "vn".into(),
            received_by: Some("clerk".into()),
            register_number: 1,
            refusal_reasons: None,
            version: 3,
            created_at: received,
            updated_at: received,
            current_agency_id: Some(WARD.into()),
            current_unit_id: Some(unit.into()),
            assignee_id: None,
            step_index: step,
            step_due_at: None,
            paused_at: None,
            resume_status: None,
            due_soon_at: Some(naive("2026-03-04T02:00:00Z")),
            sla_state: SlaState::OnTrack.into(),
            sla_check_at: None,
            rule_set: RuleSet::VN_2025.into(),
            finished_at: None,
            outcome: None,
            result: None,
            returned_at: None,
            return_method: None,
            tracking_number: None,
            late_without_apology: false,
            notify_by: motcua_domain::NoticeChannels {
                email: true,
                sms: false,
            }
            .into(),
            notify_language: NoticeLanguage::Vi.into(),
            receipt_year: None,
            receipt_number: None,
        }
    }

    fn principal(id: &str, role: Role, unit: &str) -> Principal {
        Principal {
            user_id: id.into(),
            role,
            agency_id: WARD.into(),
            unit_id: Some(unit.into()),
        }
    }

    fn event(
        kind: EventKind,
        from: DossierStatus,
        step: Option<i32>,
        unit: &str,
    ) -> DossierEventRow {
        DossierEventRow {
            id: uuid::Uuid::now_v7().to_string(),
            dossier_id: "dossier".into(),
            kind: kind.into(),
            from_status: Some(from.into()),
            to_status: from.into(),
            step_name: String::new(),
            actor_id: None,
            unit_id: None,
            note: None,
            at: naive("2026-03-02T02:00:00Z"),
            agency_id: Some(WARD.into()),
            receiver_agency_id: Some(WARD.into()),
            receiver_unit_id: Some(unit.into()),
            receiver_id: Some("specialist".into()),
            step_index: step,
            step_due_at: None,
            details: None,
        }
    }

    /// Decides `action` on `row` with `events`, as `actor`, at `now`.
    fn run(
        row: &DossierRow,
        events: &[DossierEventRow],
        actor: &Principal,
        to: DossierStatus,
        now: &str,
        look: &mut Memory,
        action: DossierAction,
    ) -> AppResult<Decision> {
        let definition = definition();
        let cx = Decide {
            actor: Actor::Staff(actor),
            row,
            events,
            definition: &definition,
            rules: RuleSet::VN_2025,
            now: t(now),
            to,
        };
        decide(&cx, look, &action)
    }

    #[test]
    fn assigning_a_received_dossier_starts_processing_with_a_step_clock() {
        let row = dossier(DossierStatus::Received, 0, ONE_STOP);
        let clerk = principal("clerk", Role::Clerk, ONE_STOP);
        let d = run(
            &row,
            &[],
            &clerk,
            DossierStatus::Processing,
            "2026-03-02T03:00:00Z",
            &mut memory(),
            DossierAction::Assign {
                unit_id: Some(ECONOMY.into()),
                assignee_id: Some("specialist".into()),
                note: None,
            },
        )
        .unwrap();
        assert_eq!(d.changes.status, DossierStatus::Processing);
        assert_eq!(d.changes.step_index, 1);
        assert_eq!(d.changes.current_unit_id.as_deref(), Some(ECONOMY));
        // Step 1 has 12 working hours from Monday 10:00: Tuesday 15:30.
        assert_eq!(d.changes.step_due_at, Some(naive("2026-03-03T08:30:00Z")));
        assert_eq!(d.event.kind, EventKind::Assigned);
        assert_eq!(d.event.step_name, "Thẩm định");
        assert_eq!(d.event.receiver_id.as_deref(), Some("specialist"));
        assert_eq!(d.sla, SlaChange::Keep);
    }

    #[test]
    fn assigning_checks_the_unit_and_the_person_and_unit_heads_stay_in_their_unit() {
        let row = dossier(DossierStatus::Processing, 1, ECONOMY);
        let head = principal("unit-head", Role::UnitHead, ECONOMY);
        let assign = |unit: &str, person: Option<&str>| DossierAction::Assign {
            unit_id: Some(unit.into()),
            assignee_id: person.map(str::to_owned),
            note: None,
        };
        let now = "2026-03-02T03:00:00Z";
        let to = DossierStatus::Processing;
        let mut look = memory();
        let outside = run(
            &row,
            &[],
            &head,
            to,
            now,
            &mut look,
            assign("unit-police-desk", None),
        );
        assert!(matches!(outside, Err(AppError::Validation(_))));
        let other_unit = run(&row, &[], &head, to, now, &mut look, assign(ONE_STOP, None));
        assert!(matches!(other_unit, Err(AppError::Forbidden(_))));
        let not_there = run(
            &row,
            &[],
            &head,
            to,
            now,
            &mut look,
            assign(ECONOMY, Some("clerk")),
        );
        assert!(matches!(not_there, Err(AppError::Validation(_))));
        // Inside the unit: the same step and the same clock.
        let inside = run(
            &row,
            &[],
            &head,
            to,
            now,
            &mut look,
            assign(ECONOMY, Some("specialist")),
        )
        .unwrap();
        assert_eq!(inside.changes.step_index, 1);
        assert_eq!(inside.changes.step_due_at, row.step_due_at);
    }

    #[test]
    fn the_last_step_is_finished_not_handed_over_and_the_first_is_not_sent_back() {
        let specialist = principal("specialist", Role::Specialist, ECONOMY);
        let now = "2026-03-02T03:00:00Z";
        let to = DossierStatus::Processing;
        let mut look = memory();
        let last = dossier(DossierStatus::Processing, 3, ECONOMY);
        let over = DossierAction::HandOver {
            unit_id: None,
            assignee_id: None,
            note: None,
        };
        assert!(matches!(
            run(&last, &[], &specialist, to, now, &mut look, over.clone()),
            Err(AppError::Conflict(Reason::LastStep, _))
        ));
        let first = dossier(DossierStatus::Processing, 1, ECONOMY);
        let back = DossierAction::SendBack {
            reason: "thiếu".into(),
        };
        assert!(matches!(
            run(&first, &[], &specialist, to, now, &mut look, back.clone()),
            Err(AppError::Conflict(Reason::FirstStep, _))
        ));
        // From step 2, back to whoever held step 1.
        let second = dossier(DossierStatus::Processing, 2, ONE_STOP);
        let history = [event(
            EventKind::Assigned,
            DossierStatus::Received,
            Some(1),
            ECONOMY,
        )];
        let d = run(&second, &history, &specialist, to, now, &mut look, back).unwrap();
        assert_eq!(d.changes.step_index, 1);
        assert_eq!(d.changes.current_unit_id.as_deref(), Some(ECONOMY));
        assert_eq!(d.changes.assignee_id.as_deref(), Some("specialist"));
        assert_eq!(d.event.kind, EventKind::SentBack);
    }

    #[test]
    fn a_transfer_goes_to_the_other_agencys_one_stop_section_and_joins_it() {
        let row = dossier(DossierStatus::Processing, 1, ECONOMY);
        let clerk = principal("clerk", Role::Clerk, ONE_STOP);
        let transfer = |code: &str| DossierAction::Transfer {
            agency: AgencyCode::parse("agency_code", code).unwrap(),
            note: None,
        };
        let mut look = memory();
        let now = "2026-03-02T03:00:00Z";
        let to = DossierStatus::Processing;
        let d = run(
            &row,
            &[],
            &clerk,
            to,
            now,
            &mut look,
            transfer("000.25.02.H26"),
        )
        .unwrap();
        assert_eq!(d.changes.current_agency_id.as_deref(), Some(POLICE));
        assert_eq!(
            d.changes.current_unit_id.as_deref(),
            Some("unit-police-desk")
        );
        assert_eq!(d.joins_agency.as_deref(), Some(POLICE));
        assert_eq!(d.event.step_name, "Chuyển liên thông đến Công an phường");
        let unknown = run(
            &row,
            &[],
            &clerk,
            to,
            now,
            &mut look,
            transfer("000.99.99.H26"),
        );
        assert!(matches!(unknown, Err(AppError::Validation(_))));
    }

    #[test]
    fn an_agency_asks_for_a_supplement_once_and_the_clock_stops() {
        let row = dossier(DossierStatus::Processing, 1, ECONOMY);
        let specialist = principal("specialist", Role::Specialist, ECONOMY);
        let ask = DossierAction::RequestSupplement {
            items: vec!["Bản sao giấy tờ đất".into()],
        };
        let now = "2026-03-02T03:00:00Z";
        let to = DossierStatus::SupplementRequested;
        let mut look = memory();
        let d = run(&row, &[], &specialist, to, now, &mut look, ask.clone()).unwrap();
        assert_eq!(d.changes.paused_at, Some(naive(now)));
        assert_eq!(
            d.changes.resume_status,
            Some(Stored(DossierStatus::Processing))
        );
        assert_eq!(d.sla, SlaChange::Stop);
        assert_eq!(
            d.event.kind.applicant_notice(),
            Some(NoticeKind::SupplementRequest)
        );
        // Guidance before acceptance does not count; a second request does.
        let before = event(
            EventKind::SupplementRequested,
            DossierStatus::Submitted,
            None,
            ONE_STOP,
        );
        assert!(
            run(
                &row,
                std::slice::from_ref(&before),
                &specialist,
                to,
                now,
                &mut look,
                ask.clone()
            )
            .is_ok()
        );
        let again = event(
            EventKind::SupplementRequested,
            DossierStatus::Processing,
            None,
            ECONOMY,
        );
        assert!(matches!(
            run(&row, &[before, again], &specialist, to, now, &mut look, ask),
            Err(AppError::Conflict(Reason::SupplementLimit, _))
        ));
    }

    #[test]
    fn the_answer_moves_every_instant_by_the_working_time_the_clock_stood_still() {
        // Paused Monday 10:00, answered Tuesday 10:00: one working day.
        let mut row = dossier(DossierStatus::SupplementRequested, 1, ECONOMY);
        row.paused_at = Some(naive("2026-03-02T03:00:00Z"));
        row.resume_status = Some(DossierStatus::Processing.into());
        row.step_due_at = Some(naive("2026-03-03T07:30:00Z"));
        let clerk = principal("clerk", Role::Clerk, ONE_STOP);
        let d = run(
            &row,
            &[],
            &clerk,
            DossierStatus::Processing,
            "2026-03-03T03:00:00Z",
            &mut memory(),
            DossierAction::RecordSupplement { note: None },
        )
        .unwrap();
        assert_eq!(d.changes.due_at, naive("2026-03-06T02:00:00Z"));
        assert_eq!(d.changes.original_due_at, naive("2026-03-06T02:00:00Z"));
        assert_eq!(d.changes.step_due_at, Some(naive("2026-03-04T07:30:00Z")));
        assert_eq!(d.changes.paused_at, None);
        assert_eq!(d.sla, SlaChange::Restart);
    }

    #[test]
    fn a_fee_is_asked_only_of_an_online_dossier_and_adds_its_request() {
        let row = dossier(DossierStatus::Received, 0, ONE_STOP);
        let clerk = principal("clerk", Role::Clerk, ONE_STOP);
        let ask = DossierAction::RequestPayment {
            amount_vnd: None,
            note: None,
        };
        let now = "2026-03-02T03:00:00Z";
        let to = DossierStatus::PaymentRequested;
        let mut look = memory();
        assert!(matches!(
            run(&row, &[], &clerk, to, now, &mut look, ask.clone()),
            Err(AppError::Conflict(Reason::NotSubmittedOnline, _))
        ));
        look.application = Some(ApplicationRow {
            id: "application".into(),
            citizen_id: "citizen".into(),
            procedure_version_id: "version".into(),
            agency_id: WARD.into(),
            form: "{}".into(),
            dossier_id: Some("dossier".into()),
            submitted_at: None,
            version: 1,
            created_at: naive(now),
            updated_at: naive(now),
        });
        let d = run(&row, &[], &clerk, to, now, &mut look, ask).unwrap();
        let request = d.payment_request.unwrap();
        assert_eq!(request.amount_vnd, 100_000);
        assert_eq!(request.requested_by.as_deref(), Some("clerk"));
        assert_eq!(d.sla, SlaChange::Stop);
    }

    #[test]
    fn a_result_after_the_first_appointment_is_late_and_goes_back_to_the_counter() {
        let row = dossier(DossierStatus::Processing, 2, ECONOMY);
        let leader = principal("leader", Role::Leader, ECONOMY);
        let finish = DossierAction::Finish {
            result: ResultRecord {
                document_number: Some("12/GCN".into()),
                summary: "Cấp giấy chứng nhận".into(),
            },
        };
        let to = DossierStatus::Finished;
        let d = run(
            &row,
            &[],
            &leader,
            to,
            "2026-03-05T03:00:00Z",
            &mut memory(),
            finish.clone(),
        )
        .unwrap();
        assert_eq!(d.changes.outcome, Some(Stored(Outcome::Late)));
        assert_eq!(d.changes.step_index, 3, "the return step");
        assert_eq!(d.changes.current_unit_id.as_deref(), Some(ONE_STOP));
        assert_eq!(
            d.event.kind.applicant_notice(),
            Some(NoticeKind::ResultReady)
        );
        let early = run(
            &row,
            &[],
            &leader,
            to,
            "2026-03-03T03:00:00Z",
            &mut memory(),
            finish,
        )
        .unwrap();
        assert_eq!(early.changes.outcome, Some(Stored(Outcome::Early)));

        // An apology moved the appointment: late, however early it ends
        // (DOMAIN.md; indicator 2.1 counts it late).
        let mut apologised = row.clone();
        apologised.due_at = apologised.original_due_at + chrono::TimeDelta::days(3);
        let after_apology = run(
            &apologised,
            &[],
            &leader,
            to,
            "2026-03-03T03:00:00Z",
            &mut memory(),
            DossierAction::Finish {
                result: ResultRecord {
                    document_number: Some("12/GCN".into()),
                    summary: "Cấp giấy chứng nhận".into(),
                },
            },
        )
        .unwrap();
        assert_eq!(after_apology.changes.outcome, Some(Stored(Outcome::Late)));
    }

    #[test]
    fn a_result_is_returned_online_only_when_it_was_attached() {
        let row = dossier(DossierStatus::Finished, 3, ONE_STOP);
        let clerk = principal("clerk", Role::Clerk, ONE_STOP);
        let online = DossierAction::ReturnResult {
            method: ReturnMethod::Online,
        };
        let now = "2026-03-05T03:00:00Z";
        let to = DossierStatus::Returned;
        let mut look = memory();
        assert!(run(&row, &[], &clerk, to, now, &mut look, online.clone()).is_err());
        look.application = Some(ApplicationRow {
            id: "application".into(),
            citizen_id: "citizen".into(),
            procedure_version_id: "version".into(),
            agency_id: WARD.into(),
            form: "{}".into(),
            dossier_id: Some("dossier".into()),
            submitted_at: None,
            version: 1,
            created_at: naive(now),
            updated_at: naive(now),
        });
        assert!(matches!(
            run(&row, &[], &clerk, to, now, &mut look, online.clone()),
            Err(AppError::Conflict(Reason::ResultFileMissing, _))
        ));
        look.has_result = true;
        let d = run(&row, &[], &clerk, to, now, &mut look, online).unwrap();
        assert_eq!(
            d.changes.return_method,
            Some(Stored(DeliveryMethod::Online))
        );
    }

    #[test]
    fn a_declined_withdrawal_goes_back_where_the_request_found_the_dossier() {
        let row = dossier(DossierStatus::WithdrawalRequested, 1, ECONOMY);
        let asked = event(
            EventKind::WithdrawalRequested,
            DossierStatus::Processing,
            None,
            ECONOMY,
        );
        assert_eq!(
            resume_status(&row, &[asked], Action::DeclineWithdrawal),
            Some(DossierStatus::Processing)
        );
        let mut paused = dossier(DossierStatus::SupplementRequested, 1, ECONOMY);
        paused.resume_status = Some(DossierStatus::Processing.into());
        assert_eq!(
            resume_status(&paused, &[], Action::RecordSupplement),
            Some(DossierStatus::Processing)
        );
    }

    #[test]
    fn stopping_ends_the_dossier_and_its_clocks() {
        let mut row = dossier(DossierStatus::SupplementRequested, 1, ECONOMY);
        row.paused_at = Some(naive("2026-03-02T03:00:00Z"));
        let leader = principal("leader", Role::Leader, ECONOMY);
        let d = run(
            &row,
            &[],
            &leader,
            DossierStatus::Stopped,
            "2026-03-03T03:00:00Z",
            &mut memory(),
            DossierAction::Stop {
                reason: "Người nộp không bổ sung".into(),
            },
        )
        .unwrap();
        assert_eq!(d.changes.paused_at, None);
        assert_eq!(d.changes.finished_at, Some(naive("2026-03-03T03:00:00Z")));
        assert_eq!(d.changes.step_due_at, None);
        assert_eq!(d.sla, SlaChange::Stop);
    }
}
