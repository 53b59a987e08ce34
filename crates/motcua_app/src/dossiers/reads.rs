//! Staff reads of dossiers: the full record, the work list, the receipt.

use base64::Engine;
use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use motcua_calendar::VIETNAM_OFFSET;
use motcua_db::agencies::AgencyRow;
use motcua_db::dossiers::{self as store, DossierEventRow, DossierRow, ListFilter};
use motcua_db::{DbConnection, agencies, from_utc, procedures, users, utc};
use motcua_domain::{
    Channel, CopyType, DeliveryMethod, DossierCode, DossierStatus, EventKind, FormKind,
    MissingItem, NoticeChannel, Outcome, ProcedureCode, ProcessingUnit, Role, RuleSet, SlaState,
    sla_state_at,
};
use motcua_jobs::Outbox as _;
use std::collections::HashMap;
use std::sync::Arc;

use crate::app::{App, Services};
use crate::catalogue::procedures::{AgencyRef, definition_of};
use crate::error::{AppError, AppResult, Reason};
use crate::staff::principal::Principal;

/// The dossier an application became, if any.
pub(crate) fn dossier_of(
    conn: &mut DbConnection,
    row: &motcua_db::online::ApplicationRow,
) -> AppResult<Option<DossierRow>> {
    match &row.dossier_id {
        Some(id) => Ok(store::by_id(conn, id)?),
        None => Ok(None),
    }
}

/// Roles that read their agency's dossiers.
pub(crate) const STAFF: [Role; 5] = [
    Role::Clerk,
    Role::Specialist,
    Role::UnitHead,
    Role::Leader,
    Role::Admin,
];

/// A status with its national code and label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusView {
    /// National code, 1–10.
    pub code: u8,
    /// API name.
    pub name: &'static str,
    /// Vietnamese label.
    pub label: &'static str,
}

impl From<DossierStatus> for StatusView {
    fn from(status: DossierStatus) -> Self {
        StatusView {
            code: status.code(),
            name: status.as_str(),
            label: status.label(),
        }
    }
}

/// A channel with its national code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelView {
    /// National code, 1–3.
    pub code: u8,
    /// API name.
    pub name: &'static str,
}

/// A procedure, briefly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcedureRef {
    /// National code.
    pub code: String,
    /// Its name, as printed on forms.
    pub name: String,
}

/// A staff member, briefly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffRef {
    /// Its id (a UUID).
    pub id: String,
    /// Full name.
    pub full_name: String,
}

/// The applicant, in full (staff only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicantView {
    /// Full name.
    pub full_name: String,
    /// Citizen identity number.
    pub id_number: Option<String>,
    /// Date of birth.
    pub birth_date: Option<NaiveDate>,
    /// The phone number, as given (personal data: shown to staff and its owner only, never logged).
    pub phone: Option<String>,
    /// The e-mail address, as given (personal data: shown to staff and its owner only, never logged).
    pub email: Option<String>,
    /// The postal address, as given (personal data: shown to staff and its owner only).
    pub address: String,
    /// Organisation name.
    pub organization: Option<String>,
    /// Organisation tax code.
    pub tax_code: Option<String>,
}

/// A document handed in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptDocument {
    /// Its name, as printed on forms.
    pub name: String,
    /// `original`, `certified_copy` or `copy`.
    pub copy_type: CopyType,
    /// "Bản chính", ...
    pub copy_type_label: String,
    /// How many.
    pub count: i32,
}

/// Where the result goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryView {
    /// `counter`, `post` or `online`.
    pub method: DeliveryMethod,
    /// Postal address.
    pub address: Option<String>,
    /// The line printed on the receipt.
    pub text: String,
}

/// One entry of a dossier's history, as staff see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DossierEvent {
    /// What happened.
    pub kind: EventKind,
    /// The public name of the step.
    pub step: String,
    /// Status before.
    pub from_status: Option<DossierStatus>,
    /// Status after.
    pub to_status: DossierStatus,
    /// The staff member who acted; none when the applicant or the system did.
    pub actor: Option<StaffRef>,
    /// Free-text remarks for the timeline, at most 2,000 characters.
    pub note: Option<String>,
    /// When it happened (UTC).
    pub at: DateTime<Utc>,
    /// Who received the dossier (hand-overs).
    pub receiver: Option<StaffRef>,
    /// When the step it was handed to is due.
    pub step_due_at: Option<DateTime<Utc>>,
    /// On a decision, the approving role whose action it was.
    pub approved_by: Option<Role>,
}

/// A unit, briefly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitRef {
    /// Its id (a UUID).
    pub id: String,
    /// Its name, as printed on forms.
    pub name: String,
}

/// Who holds the dossier now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HolderView {
    /// The agency (another one after a transfer).
    pub agency: AgencyRef,
    /// The unit.
    pub unit: Option<UnitRef>,
    /// The person handling it.
    pub assignee: Option<StaffRef>,
}

/// The current step of the procedure's internal process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepView {
    /// Position in the procedure's steps, 0 being reception.
    pub index: i32,
    /// Its name, as printed on forms.
    pub name: String,
    /// When it is due.
    pub due_at: Option<DateTime<Utc>>,
}

/// The result record of a finished dossier. Stored as JSON in the dossier
/// row and in the `finished` event's details, hence serde.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ResultRecord {
    /// Number of the document issued (số văn bản), if any.
    pub document_number: Option<String>,
    /// What was decided.
    pub summary: String,
}

/// How the result was handed over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnView {
    /// When it happened (UTC).
    pub at: DateTime<Utc>,
    /// `counter`, `post` or `online`.
    pub method: DeliveryMethod,
    /// Postal tracking number.
    pub tracking_number: Option<String>,
}

/// A processing time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcessingTimeView {
    /// How many.
    pub value: i32,
    /// `working_days` or `working_hours`.
    pub unit: ProcessingUnit,
    /// "3 ngày làm việc".
    pub text: String,
}

/// A dossier's full record (staff of its agency only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DossierView {
    /// Dossier code.
    pub code: String,
    /// Where it stands, with its national status code and label.
    pub status: StatusView,
    /// How it came in (counter or online), with its national code and label.
    pub channel: ChannelView,
    /// The agency it belongs to.
    pub agency: AgencyRef,
    /// Procedure, at the version the dossier started on.
    pub procedure: ProcedureRef,
    /// First day of that version.
    pub procedure_version: NaiveDate,
    /// The applicant.
    pub applicant: ApplicantView,
    /// The documents handed in.
    pub documents: Vec<ReceiptDocument>,
    /// Where the result goes.
    pub result_delivery: DeliveryView,
    /// When the dossier was received at the counter or submitted online (UTC).
    pub received_at: DateTime<Utc>,
    /// The clock started (the next opening when received after hours).
    pub clock_started_at: DateTime<Utc>,
    /// Due now.
    pub due_at: DateTime<Utc>,
    /// Due first.
    pub original_due_at: DateTime<Utc>,
    /// Processing time.
    pub processing_time: ProcessingTimeView,
    /// Its sequence in the agency's day (the last part of its code).
    pub register_number: i32,
    /// The receipt's number: its line in the agency's register of
    /// `receipt_year`; none until a clerk has received it.
    pub receipt_number: Option<i32>,
    /// The register's year (its book).
    pub receipt_year: Option<i32>,
    /// Why it was refused.
    pub refusal_reasons: Vec<String>,
    /// The clerk who received it.
    pub received_by: Option<StaffRef>,
    /// The calendar that computed the due instant.
    pub calendar_version: String,
    /// History, oldest first.
    pub events: Vec<DossierEvent>,
    /// Who holds it now.
    pub holder: HolderView,
    /// Its current step.
    pub step: Option<StepView>,
    /// `on_track`, `due_soon`, `overdue` or `paused`; absent once it ended.
    pub sla_state: Option<ClockState>,
    /// From when it counts as due soon.
    pub due_soon_at: Option<DateTime<Utc>>,
    /// Since when the clock is paused.
    pub paused_at: Option<DateTime<Utc>>,
    /// The rule set it is handled under.
    pub rule_set: &'static str,
    /// When the result was ready (or the dossier refused or stopped).
    pub finished_at: Option<DateTime<Utc>>,
    /// `early`, `on_time` or `late`, once the result is ready.
    pub outcome: Option<Outcome>,
    /// The result record.
    pub result: Option<ResultRecord>,
    /// How the result was handed over.
    pub returned: Option<ReturnView>,
    /// The due instant passed and no apology had been sent.
    pub late_without_apology: bool,
    /// How the applicant is told: `email`, `sms`, both or neither.
    pub notify_by: Vec<NoticeChannel>,
    /// In which language: `vi` or `en`.
    pub notice_language: String,
    /// For `If-Match` on later changes.
    pub version: i32,
}

/// Mẫu 02: what the applicant must still bring (Phiếu yêu cầu bổ sung, hoàn
/// thiện hồ sơ): at the counter (recorded, no dossier code is used), or
/// during processing, listing everything at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupplementNotice {
    /// "Mẫu 02".
    pub form: &'static str,
    /// The title printed on it.
    pub title: &'static str,
    /// The rule set of the day it was issued.
    pub rule_set: RuleSet,
    /// Its id: the counter's guidance, or the event that asked during
    /// processing.
    pub id: String,
    /// The dossier it concerns; none at the counter, where an incomplete
    /// dossier is given no code.
    pub dossier_code: Option<String>,
    /// The agency.
    pub agency: AgencyRef,
    /// The procedure asked for.
    pub procedure: ProcedureRef,
    /// Applicant's name.
    pub applicant_name: String,
    /// Everything to bring or fix, all at once.
    pub items: Vec<MissingItem>,
    /// When the notice was issued at the counter (UTC; forms print Vietnam time).
    pub issued_at: DateTime<Utc>,
    /// The guiding official.
    pub issued_by: String,
}

/// Mẫu 03: the refusal (Phiếu từ chối tiếp nhận giải quyết hồ sơ).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusalNotice {
    /// "Mẫu 03".
    pub form: &'static str,
    /// The title printed on it.
    pub title: &'static str,
    /// The dossier's rule set.
    pub rule_set: RuleSet,
    /// The dossier code it was recorded under.
    pub dossier_code: String,
    /// The agency.
    pub agency: AgencyRef,
    /// The procedure asked for.
    pub procedure: ProcedureRef,
    /// Applicant's name.
    pub applicant_name: String,
    /// The reasons.
    pub reasons: Vec<String>,
    /// When the dossier was refused at the counter (UTC; forms print Vietnam time).
    pub refused_at: DateTime<Utc>,
    /// The official.
    pub refused_by: String,
}

/// The notice that processing stopped (Thông báo dừng giải quyết hồ sơ,
/// Mẫu 05 of the 2025 set; a letter under the 2018 one): by the agency, with
/// its reason, or at the applicant's request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StopNotice {
    /// The dossier's rule set.
    pub rule_set: RuleSet,
    /// Dossier code.
    pub dossier_code: String,
    /// The agency.
    pub agency: AgencyRef,
    /// The procedure.
    pub procedure: ProcedureRef,
    /// The applicant (organisation or person).
    pub applicant_name: String,
    /// The applicant's address.
    pub applicant_address: String,
    /// When the dossier was received.
    pub received_at: DateTime<Utc>,
    /// When processing stopped.
    pub stopped_at: DateTime<Utc>,
    /// At the applicant's own request (a confirmed withdrawal).
    pub withdrawn: bool,
    /// Why: the agency's reason, or the applicant's.
    pub reason: Option<String>,
    /// Who stopped it.
    pub stopped_by: String,
}

/// Mẫu 01: the receipt and appointment slip (Giấy tiếp nhận hồ sơ và hẹn trả
/// kết quả).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    /// "Mẫu 01".
    pub form: &'static str,
    /// The title printed on it.
    pub title: &'static str,
    /// The dossier's rule set, which numbers and titles its forms.
    pub rule_set: RuleSet,
    /// The public lookup page of the dossier, for the QR code; none when
    /// no public address is configured.
    pub lookup_url: Option<String>,
    /// The receiving agency.
    pub agency: AgencyRef,
    /// Dossier code.
    pub dossier_code: String,
    /// Its sequence in the agency's day (the last part of its code).
    pub register_number: i32,
    /// The receipt's number, its line in the agency's register of
    /// `receipt_year` (Sổ theo dõi hồ sơ): unique per agency and year.
    pub receipt_number: Option<i32>,
    /// The register's year (its book, Quyển số).
    pub receipt_year: Option<i32>,
    /// Applicant's name.
    pub applicant_name: String,
    /// The applicant's postal address (personal data: staff only).
    pub applicant_address: String,
    /// The applicant's phone number (personal data: staff only, never logged).
    pub applicant_phone: Option<String>,
    /// The applicant's e-mail address (personal data: staff only, never logged).
    pub applicant_email: Option<String>,
    /// The request.
    pub procedure: ProcedureRef,
    /// The documents handed in.
    pub documents: Vec<ReceiptDocument>,
    /// Number of sets.
    pub sets: u32,
    /// "3 ngày làm việc".
    pub processing_time_text: String,
    /// When the dossier was received at the counter or submitted online (UTC).
    pub received_at: DateTime<Utc>,
    /// Received, local time.
    pub received_at_local: DateTime<FixedOffset>,
    /// The appointment (hẹn trả kết quả) as it stands, moved by any apology sent (UTC).
    pub due_at: DateTime<Utc>,
    /// Appointment, local time.
    pub due_at_local: DateTime<FixedOffset>,
    /// Where the result will be collected.
    pub result_delivery: DeliveryView,
    /// The receiving official.
    pub received_by: Option<String>,
}

/// A dossier in a work list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DossierSummary {
    /// The dossier code (`<agency code>-<yymmdd>-<nnnn>`), as printed on the receipt.
    pub code: String,
    /// Where it stands, with its national status code and label.
    pub status: StatusView,
    /// How it came in (counter or online), with its national code and label.
    pub channel: ChannelView,
    /// The procedure, by code and name.
    pub procedure: ProcedureRef,
    /// Applicant's name.
    pub applicant_name: String,
    /// When the dossier was received at the counter or submitted online (UTC).
    pub received_at: DateTime<Utc>,
    /// The appointment as it stands, moved by any apology sent (UTC).
    pub due_at: DateTime<Utc>,
    /// `on_track`, `due_soon`, `overdue` or `paused`; absent once it ended.
    pub sla_state: Option<ClockState>,
    /// The unit holding it (id).
    pub unit_id: Option<String>,
    /// The person handling it (id).
    pub assignee_id: Option<String>,
    /// When its current step is due.
    pub step_due_at: Option<DateTime<Utc>>,
    /// For `If-Match`.
    pub version: i32,
}

/// A page of a work list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DossierList {
    /// The dossiers, by due instant.
    pub items: Vec<DossierSummary>,
    /// Give this as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// Filters of a work list.
#[derive(Debug, Clone, Default)]
pub struct DossierListQuery {
    /// Only these statuses.
    pub statuses: Vec<DossierStatus>,
    /// Only this procedure.
    pub procedure: Option<ProcedureCode>,
    /// Received at or after.
    pub received_from: Option<DateTime<Utc>>,
    /// Received before.
    pub received_to: Option<DateTime<Utc>>,
    /// Due before.
    pub due_before: Option<DateTime<Utc>>,
    /// Held by this unit.
    pub unit_id: Option<String>,
    /// Handled by this person.
    pub assignee_id: Option<String>,
    /// Handled by the caller.
    pub mine: bool,
    /// Due within one working day, not yet overdue.
    pub due_soon: bool,
    /// Past their due instant and still running.
    pub overdue: bool,
    /// Waiting for the applicant.
    pub paused: bool,
    /// Still open, and went late with no apology sent.
    pub late_without_apology: bool,
    /// Where the previous page ended.
    pub cursor: Option<String>,
    /// Page size, 1–200.
    pub limit: i64,
}

pub(crate) fn channel_of(row: &DossierRow) -> AppResult<ChannelView> {
    stored_channel(row.channel)
}

/// The channel of a stored national channel code.
pub(crate) fn stored_channel(code: i32) -> AppResult<ChannelView> {
    let channel =
        Channel::from_code(code).ok_or_else(|| AppError::unexpected("stored channel", code))?;
    Ok(ChannelView {
        code: channel.code(),
        name: channel.as_str(),
    })
}

fn delivery(row: &DossierRow) -> DeliveryView {
    let text = match (*row.result_delivery, &row.delivery_address) {
        // The forms print it after "Đăng ký nhận kết quả tại:": a place.
        (DeliveryMethod::Post, Some(address)) => {
            format!("{address} (qua dịch vụ bưu chính công ích)")
        }
        (DeliveryMethod::Online, _) => "Cổng dịch vụ công (bản điện tử, tải về)".to_owned(),
        _ => "Bộ phận Một cửa".to_owned(),
    };
    DeliveryView {
        method: *row.result_delivery,
        address: row.delivery_address.clone(),
        text,
    }
}

fn documents(conn: &mut DbConnection, dossier_id: &str) -> AppResult<Vec<ReceiptDocument>> {
    store::documents_of(conn, dossier_id)?
        .into_iter()
        .map(|d| {
            Ok(ReceiptDocument {
                name: d.name,
                copy_type: *d.copy_type,
                copy_type_label: d.copy_type.label().to_owned(),
                count: d.count,
            })
        })
        .collect()
}

fn processing_text(row: &DossierRow) -> String {
    row.processing_unit
        .describe(u32::try_from(row.processing_time).unwrap_or(0))
}

/// The names of the staff a dossier's record mentions, by id.
fn staff_names(
    conn: &mut DbConnection,
    row: &DossierRow,
    events: &[DossierEventRow],
) -> AppResult<HashMap<String, String>> {
    let mut ids: Vec<String> = events
        .iter()
        .flat_map(|e| [e.actor_id.clone(), e.receiver_id.clone()])
        .flatten()
        .collect();
    ids.extend(row.received_by.clone());
    ids.extend(row.assignee_id.clone());
    Ok(users::names(conn, &ids)?.into_iter().collect())
}

/// A JSON column read back; one we wrote that does not parse is our fault.
fn stored_json<T: serde::de::DeserializeOwned>(
    what: &'static str,
    json: Option<&str>,
) -> AppResult<Option<T>> {
    json.map(serde_json::from_str)
        .transpose()
        .map_err(|e| AppError::unexpected(what, e))
}

/// Where a running dossier's clock stands now: the SLA state at this
/// instant, or paused (waiting for the applicant).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockState {
    /// More than a working day before the appointment.
    OnTrack,
    /// Within a working day of it.
    DueSoon,
    /// Past it.
    Overdue,
    /// Stopped while the applicant is waited for.
    Paused,
}

impl From<SlaState> for ClockState {
    fn from(state: SlaState) -> Self {
        match state {
            SlaState::OnTrack => ClockState::OnTrack,
            SlaState::DueSoon => ClockState::DueSoon,
            SlaState::Overdue => ClockState::Overdue,
        }
    }
}

/// Where a dossier stands against its deadline at `now`, from its stored
/// instants (the sweep's flag may lag by one sweep interval).
pub(crate) fn live_sla(row: &DossierRow, now: DateTime<Utc>) -> Option<ClockState> {
    // A paused dossier stays paused while a withdrawal request is pending.
    if row.clock_paused() {
        return Some(ClockState::Paused);
    }
    if !row.clock_runs() {
        return None;
    }
    let due = from_utc(row.due_at);
    let soon = row.due_soon_at.map_or(due, from_utc);
    Some(sla_state_at(now, soon, due).into())
}

/// The full record of a stored dossier, at `now`.
pub(crate) fn dossier_view(
    conn: &mut DbConnection,
    row: &DossierRow,
    now: DateTime<Utc>,
) -> AppResult<DossierView> {
    let agency = agencies::by_id(conn, &row.agency_id)?
        .ok_or_else(|| AppError::unexpected("dossier view", "agency missing"))?;
    let version = procedures::version_by_id(conn, &row.procedure_version_id)?
        .ok_or_else(|| AppError::unexpected("dossier view", "procedure version missing"))?;
    let procedure_code = procedures_code(conn, &version.procedure_id)?;
    let events = store::events_of(conn, &row.id)?;
    let definition = definition_of(&version)?;
    let step = usize::try_from(row.step_index)
        .ok()
        .and_then(|i| definition.steps.get(i))
        .map(|step| StepView {
            index: row.step_index,
            name: step.name.clone(),
            due_at: row.step_due_at.map(from_utc),
        });
    let names = staff_names(conn, row, &events)?;
    let staff = |id: &Option<String>| {
        id.as_ref().map(|id| StaffRef {
            id: id.clone(),
            full_name: names.get(id).cloned().unwrap_or_default(),
        })
    };
    Ok(DossierView {
        code: row.code.clone(),
        status: (*row.status).into(),
        channel: channel_of(row)?,
        agency: AgencyRef::of(&agency),
        procedure: ProcedureRef {
            code: procedure_code,
            name: version.name.clone(),
        },
        procedure_version: version.effective_from,
        applicant: applicant_view(row),
        documents: documents(conn, &row.id)?,
        result_delivery: delivery(row),
        received_at: from_utc(row.received_at),
        clock_started_at: from_utc(row.clock_started_at),
        due_at: from_utc(row.due_at),
        original_due_at: from_utc(row.original_due_at),
        processing_time: ProcessingTimeView {
            value: row.processing_time,
            unit: *row.processing_unit,
            text: processing_text(row),
        },
        register_number: row.register_number,
        receipt_number: row.receipt_number,
        receipt_year: row.receipt_year,
        refusal_reasons: stored_json("stored reasons", row.refusal_reasons.as_deref())?
            .unwrap_or_default(),
        received_by: staff(&row.received_by),
        calendar_version: row.calendar_version.clone(),
        events: events.iter().map(|e| event_view(e, &staff)).collect(),
        holder: holder_view(conn, row, &agency, staff(&row.assignee_id))?,
        step,
        sla_state: live_sla(row, now),
        due_soon_at: row.due_soon_at.map(from_utc),
        paused_at: row.paused_at.map(from_utc),
        rule_set: row.rule_set.name,
        finished_at: row.finished_at.map(from_utc),
        outcome: row.outcome.map(|o| *o),
        result: stored_json("stored result", row.result.as_deref())?,
        returned: returned_view(row),
        late_without_apology: row.late_without_apology,
        notify_by: row.notify_by.iter().collect(),
        notice_language: row.notify_language.as_str().to_owned(),
        version: row.version,
    })
}

fn applicant_view(row: &DossierRow) -> ApplicantView {
    ApplicantView {
        full_name: row.applicant_name.clone(),
        id_number: row.applicant_id_number.clone(),
        birth_date: row.applicant_birth_date,
        phone: row.applicant_phone.clone(),
        email: row.applicant_email.clone(),
        address: row.applicant_address.clone(),
        organization: row.applicant_organization.clone(),
        tax_code: row.applicant_tax_code.clone(),
    }
}

fn event_view(
    e: &DossierEventRow,
    staff: &impl Fn(&Option<String>) -> Option<StaffRef>,
) -> DossierEvent {
    DossierEvent {
        kind: *e.kind,
        step: e.step_name.clone(),
        from_status: e.from_status.map(|s| *s),
        to_status: *e.to_status,
        actor: staff(&e.actor_id),
        note: e.note.clone(),
        at: from_utc(e.at),
        receiver: staff(&e.receiver_id),
        step_due_at: e.step_due_at.map(from_utc),
        approved_by: approved_by(e),
    }
}

/// The approving role a decision's event keeps (`approved_by`).
pub(crate) fn approved_by(e: &DossierEventRow) -> Option<Role> {
    #[derive(serde::Deserialize)]
    struct Approval {
        approved_by: Option<Role>,
    }
    e.details
        .as_deref()
        .and_then(|d| serde_json::from_str::<Approval>(d).ok())
        .and_then(|a| a.approved_by)
}

/// Who holds the dossier now: the agency (its own, or the one it was
/// transferred to), the unit and the person.
fn holder_view(
    conn: &mut DbConnection,
    row: &DossierRow,
    agency: &AgencyRow,
    assignee: Option<StaffRef>,
) -> AppResult<HolderView> {
    let holder_agency = match &row.current_agency_id {
        Some(id) if *id != agency.id => agencies::by_id(conn, id)?
            .ok_or_else(|| AppError::unexpected("dossier view", "holder missing"))?,
        _ => agency.clone(),
    };
    let unit = match &row.current_unit_id {
        Some(id) => agencies::unit_by_id(conn, id)?.map(|u| UnitRef {
            id: u.id,
            name: u.name,
        }),
        None => None,
    };
    Ok(HolderView {
        agency: AgencyRef::of(&holder_agency),
        unit,
        assignee,
    })
}

fn returned_view(row: &DossierRow) -> Option<ReturnView> {
    match (row.returned_at, &row.return_method) {
        (Some(at), Some(method)) => Some(ReturnView {
            at: from_utc(at),
            method: **method,
            tracking_number: row.tracking_number.clone(),
        }),
        _ => None,
    }
}

fn procedures_code(conn: &mut DbConnection, procedure_id: &str) -> AppResult<String> {
    procedures::code_of(conn, procedure_id)?
        .ok_or_else(|| AppError::unexpected("dossier view", "procedure missing"))
}

/// What a receipt names that its dossier's row does not hold.
pub(crate) struct ReceiptNames {
    /// The receiving agency.
    pub(crate) agency: AgencyRef,
    /// The procedure at the dossier's version.
    pub(crate) procedure: ProcedureRef,
    /// The documents handed in.
    pub(crate) documents: Vec<ReceiptDocument>,
    /// The receiving clerk's name.
    pub(crate) received_by: Option<String>,
}

impl ReceiptNames {
    /// Taken from a dossier's full view (at the counter, which has one).
    pub(crate) fn of_view(view: &DossierView) -> ReceiptNames {
        ReceiptNames {
            agency: view.agency.clone(),
            procedure: view.procedure.clone(),
            documents: view.documents.clone(),
            received_by: view.received_by.as_ref().map(|s| s.full_name.clone()),
        }
    }

    /// Looked up for `row`: four reads by key, not the full view's events,
    /// holder and names (printing receipts is the counter's busiest read).
    pub(crate) fn load(conn: &mut DbConnection, row: &DossierRow) -> AppResult<ReceiptNames> {
        let agency = agencies::by_id(conn, &row.agency_id)?
            .ok_or_else(|| AppError::unexpected("receipt", "agency missing"))?;
        let version = procedures::version_by_id(conn, &row.procedure_version_id)?
            .ok_or_else(|| AppError::unexpected("receipt", "procedure version missing"))?;
        let received_by = match &row.received_by {
            Some(id) => users::names(conn, std::slice::from_ref(id))?
                .into_iter()
                .next()
                .map(|(_, name)| name),
            None => None,
        };
        Ok(ReceiptNames {
            agency: AgencyRef::of(&agency),
            procedure: ProcedureRef {
                code: procedures_code(conn, &version.procedure_id)?,
                name: version.name,
            },
            documents: documents(conn, &row.id)?,
            received_by,
        })
    }
}

/// The Mẫu 01 data of a received dossier.
pub(crate) fn receipt_of(
    row: &DossierRow,
    names: ReceiptNames,
    lookup_url: Option<String>,
) -> Receipt {
    let rule_set = *row.rule_set;
    let spec = rule_set.form(FormKind::Receipt);
    let received_at = from_utc(row.received_at);
    let due_at = from_utc(row.due_at);
    Receipt {
        form: spec.number.unwrap_or_default(),
        title: spec.title,
        rule_set,
        lookup_url,
        agency: names.agency,
        dossier_code: row.code.clone(),
        register_number: row.register_number,
        receipt_number: row.receipt_number,
        receipt_year: row.receipt_year,
        applicant_name: row
            .applicant_organization
            .clone()
            .unwrap_or_else(|| row.applicant_name.clone()),
        applicant_address: row.applicant_address.clone(),
        applicant_phone: row.applicant_phone.clone(),
        applicant_email: row.applicant_email.clone(),
        procedure: names.procedure,
        documents: names.documents,
        sets: 1,
        processing_time_text: processing_text(row),
        received_at,
        received_at_local: received_at.with_timezone(&VIETNAM_OFFSET),
        due_at,
        due_at_local: due_at.with_timezone(&VIETNAM_OFFSET),
        result_delivery: delivery(row),
        received_by: names.received_by,
    }
}

/// A dossier the principal's agency received or was sent, or not found:
/// another agency's code answers exactly like a code that does not exist.
pub(crate) fn own_dossier(
    conn: &mut DbConnection,
    principal: &Principal,
    code: &DossierCode,
) -> AppResult<DossierRow> {
    let not_found = || AppError::missing(Reason::NoSuchDossier, code);
    let row = store::by_code(conn, code.as_str())?.ok_or_else(not_found)?;
    if sees_dossier(conn, principal, &row)? {
        Ok(row)
    } else {
        Err(not_found())
    }
}

/// Whether the principal's agency received the dossier, holds it, or was
/// sent it once.
pub(crate) fn sees_dossier(
    conn: &mut DbConnection,
    principal: &Principal,
    row: &DossierRow,
) -> AppResult<bool> {
    Ok(row.agency_id == principal.agency_id
        || row.holder_agency_id() == principal.agency_id
        || store::took_part(conn, &row.id, &principal.agency_id)?)
}

fn encode_cursor(row: &DossierRow) -> String {
    let text = format!("{}|{}", row.due_at.and_utc().timestamp_micros(), row.id);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(text)
}

fn decode_cursor(cursor: &str) -> AppResult<(chrono::NaiveDateTime, String)> {
    let invalid = || {
        AppError::invalid(
            "cursor",
            "invalid_cursor",
            "give back the next_cursor of the previous page unchanged",
        )
    };
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(cursor)
        .map_err(|_| invalid())?;
    let text = String::from_utf8(bytes).map_err(|_| invalid())?;
    let (micros, id) = text.split_once('|').ok_or_else(invalid)?;
    let due = DateTime::from_timestamp_micros(micros.parse().map_err(|_| invalid())?)
        .ok_or_else(invalid)?;
    // Only what encode_cursor writes: a due instant on the calendar and a
    // dossier id.
    let due = motcua_domain::calendar_instant("cursor", due).map_err(|_| invalid())?;
    let id = uuid::Uuid::parse_str(id).map_err(|_| invalid())?;
    Ok((utc(due), id.to_string()))
}

impl App {
    /// A dossier's full record.
    pub async fn get_dossier(
        &self,
        principal: Principal,
        code: DossierCode,
    ) -> AppResult<DossierView> {
        principal.require(&STAFF)?;
        self.blocking(move |s| {
            let mut conn = s.db.get()?;
            let row = own_dossier(&mut conn, &principal, &code)?;
            dossier_view(&mut conn, &row, s.clock.now())
        })
        .await
    }

    /// The receipt (Mẫu 01) of a received dossier.
    pub async fn receipt(&self, principal: Principal, code: DossierCode) -> AppResult<Receipt> {
        principal.require(&STAFF)?;
        self.blocking(move |s| {
            let mut conn = s.db.get()?;
            let row = own_dossier(&mut conn, &principal, &code)?;
            if *row.status == DossierStatus::Refused {
                return Err(AppError::PreconditionFailed(format!(
                    "dossier {code} was refused: it has a refusal notice, not a receipt"
                )));
            }
            // Submitted online and not accepted yet: the receipt, with its
            // appointment, is issued when a clerk accepts.
            if row.received_by.is_none() {
                return Err(AppError::PreconditionFailed(format!(
                    "dossier {code} waits for a clerk to accept it: its receipt is issued then"
                )));
            }
            let names = ReceiptNames::load(&mut conn, &row)?;
            Ok(receipt_of(&row, names, s.lookup_url(&row.code)))
        })
        .await
    }

    /// A page of the agency's dossiers, sorted by due instant.
    pub async fn list_dossiers(
        &self,
        principal: Principal,
        query: DossierListQuery,
    ) -> AppResult<DossierList> {
        principal.require(&STAFF)?;
        self.blocking(move |s| {
            let now = s.clock.now();
            let mut conn = s.db.get()?;
            let procedure_id = match &query.procedure {
                Some(code) => match procedures::by_code(&mut conn, code.as_str())? {
                    Some(p) => Some(p.id),
                    None => {
                        return Ok(DossierList {
                            items: vec![],
                            next_cursor: None,
                        });
                    }
                },
                None => None,
            };
            let filter = ListFilter {
                statuses: query.statuses.clone(),
                procedure_id,
                received_from: query.received_from.map(utc),
                received_until: query.received_to.map(utc),
                due_before: query.due_before.map(utc),
                after: query.cursor.as_deref().map(decode_cursor).transpose()?,
                unit_id: query.unit_id.clone(),
                assignee_id: if query.mine {
                    Some(principal.user_id.clone())
                } else {
                    query.assignee_id.clone()
                },
                due_soon_at: query.due_soon.then_some(utc(now)),
                overdue_at: query.overdue.then_some(utc(now)),
                paused: query.paused,
                late_without_apology: query.late_without_apology,
            };
            // One more than asked tells whether a next page exists.
            let mut rows = store::list(&mut conn, &principal.agency_id, &filter, query.limit + 1)?;
            let more = rows.len() as i64 > query.limit;
            rows.truncate(usize::try_from(query.limit).unwrap_or(0));
            let next_cursor = if more {
                rows.last().map(encode_cursor)
            } else {
                None
            };
            let items = summaries(&mut conn, &rows, now)?;
            Ok(DossierList { items, next_cursor })
        })
        .await
    }
}

/// The work-list lines of `rows` at `now`, each procedure's name read once.
pub(crate) fn summaries(
    conn: &mut DbConnection,
    rows: &[DossierRow],
    now: DateTime<Utc>,
) -> AppResult<Vec<DossierSummary>> {
    let mut names: HashMap<String, (String, String)> = HashMap::new();
    let mut items = Vec::with_capacity(rows.len());
    for row in rows {
        if !names.contains_key(&row.procedure_version_id) {
            let version = procedures::version_by_id(conn, &row.procedure_version_id)?
                .ok_or_else(|| AppError::unexpected("list", "procedure version missing"))?;
            let code = procedures_code(conn, &version.procedure_id)?;
            names.insert(row.procedure_version_id.clone(), (code, version.name));
        }
        let (code, name) = names
            .get(&row.procedure_version_id)
            .cloned()
            .unwrap_or_default();
        items.push(DossierSummary {
            code: row.code.clone(),
            status: (*row.status).into(),
            channel: channel_of(row)?,
            procedure: ProcedureRef { code, name },
            applicant_name: row.applicant_name.clone(),
            received_at: from_utc(row.received_at),
            due_at: from_utc(row.due_at),
            sla_state: live_sla(row, now),
            unit_id: row.current_unit_id.clone(),
            assignee_id: row.assignee_id.clone(),
            step_due_at: row.step_due_at.map(from_utc),
            version: row.version,
        });
    }
    Ok(items)
}

/// How many dossiers of one status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusCount {
    /// The status.
    pub status: StatusView,
    /// How many.
    pub count: i64,
}

/// The dashboard's counts for the caller's agency (received or held).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DossierStats {
    /// Per status, all ten in national order.
    pub by_status: Vec<StatusCount>,
    /// Running and within one working day of the due instant.
    pub due_soon: i64,
    /// Running and past the due instant.
    pub overdue: i64,
    /// Waiting for the applicant.
    pub paused: i64,
    /// Not yet ended (neither refused, stopped nor returned).
    pub open: i64,
    /// Finished dossiers by outcome against the first appointment: an
    /// apology moves the appointment but the dossier still counts as late.
    pub finished: OutcomeCounts,
    /// Dossiers whose due instant passed with no apology sent.
    pub late_without_apology: i64,
    /// Apologies the agency sent less than the rule set's lead time before
    /// the appointment they moved.
    pub apologies_sent_late: i64,
    /// When counted.
    pub at: DateTime<Utc>,
}

/// Finished dossiers by outcome.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutcomeCounts {
    /// Before the due instant's working day.
    pub early: i64,
    /// On the due day, before the due instant.
    pub on_time: i64,
    /// After the first due instant.
    pub late: i64,
}

/// What a work queue counts of the open dossiers its agency holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueCounts {
    /// Not yet ended.
    pub open: i64,
    /// Running and within a working day of the due instant.
    pub due_soon: i64,
    /// Running and past the due instant.
    pub overdue: i64,
    /// Waiting for the applicant.
    pub paused: i64,
    /// Late with no apology sent.
    pub late_without_apology: i64,
}

impl Services {
    /// Forgets the kept queue counts of these agencies: one of their
    /// dossiers changed in this process.
    pub(crate) fn recount_queues<'a>(&self, agencies: impl IntoIterator<Item = &'a str>) {
        for agency in agencies {
            self.queue_counts.forget(agency);
        }
    }
}

impl App {
    /// The counts a work queue shows: the open dossiers the caller's
    /// agency holds, due soon, overdue, paused, late without an apology.
    /// Computed in one pass over an index of open held dossiers, and kept
    /// for a few seconds per agency (`QUEUE_COUNTS_SECONDS`): many clerks
    /// open one agency's queue at once; a change made through this process
    /// shows at once.
    pub async fn queue_counts(&self, principal: Principal) -> AppResult<Arc<QueueCounts>> {
        principal.require(&STAFF)?;
        let now = self.services.clock.now();
        if let Some(kept) = self
            .services
            .queue_counts
            .get::<QueueCounts>(&principal.agency_id, now)
        {
            return Ok(kept);
        }
        self.blocking(move |s| {
            let mut conn = s.db.get()?;
            let c = store::queue_counts(&mut conn, &principal.agency_id, utc(now))?;
            let counts = Arc::new(QueueCounts {
                open: c.open,
                due_soon: c.due_soon,
                overdue: c.overdue,
                paused: c.paused,
                late_without_apology: c.late_without_apology,
            });
            s.queue_counts
                .keep(principal.agency_id.clone(), Arc::clone(&counts), now);
            Ok(counts)
        })
        .await
    }

    /// Counts per status, due soon, overdue and paused, for a dashboard.
    pub async fn dossier_stats(&self, principal: Principal) -> AppResult<DossierStats> {
        principal.require(&STAFF)?;
        self.blocking(move |s| {
            let now = s.clock.now();
            let mut conn = s.db.get()?;
            let counts: HashMap<DossierStatus, i64> =
                store::count_by_status(&mut conn, &principal.agency_id)?
                    .into_iter()
                    .map(|(status, n)| (*status, n))
                    .collect();
            let (due_soon, overdue) = store::count_sla(&mut conn, &principal.agency_id, utc(now))?;
            let count = |status: DossierStatus| counts.get(&status).copied().unwrap_or(0);
            let late_without_apology =
                store::count_late_without_apology(&mut conn, &principal.agency_id)?;
            let paused = store::count_paused(&mut conn, &principal.agency_id)?;
            let apologies_sent_late =
                motcua_db::apologies::count_sent_late(&mut conn, &principal.agency_id)?;
            let mut finished = OutcomeCounts::default();
            for (outcome, n) in store::count_by_outcome(&mut conn, &principal.agency_id)? {
                match outcome.map(|o| *o) {
                    Some(Outcome::Early) => finished.early += n,
                    Some(Outcome::OnTime) => finished.on_time += n,
                    Some(Outcome::Late) => finished.late += n,
                    None => {}
                }
            }
            Ok(DossierStats {
                by_status: DossierStatus::ALL
                    .into_iter()
                    .map(|status| StatusCount {
                        status: status.into(),
                        count: count(status),
                    })
                    .collect(),
                due_soon,
                overdue,
                paused,
                open: DossierStatus::ALL
                    .into_iter()
                    .filter(|s| !s.is_final())
                    .map(count)
                    .sum(),
                finished,
                late_without_apology,
                apologies_sent_late,
                at: now,
            })
        })
        .await
    }
}

/// The refusal (Mẫu 03) of refused dossier `row`.
pub(crate) fn refusal_of(
    conn: &mut DbConnection,
    row: &DossierRow,
    now: DateTime<Utc>,
) -> AppResult<RefusalNotice> {
    let view = dossier_view(conn, row, now)?;
    let kinds = [EventKind::Refused, EventKind::RefusedAtReception];
    let (refused_at, refused_by) = last_of(&view, &kinds)
        .ok_or_else(|| AppError::unexpected("refusal", "no refusal event"))?;
    let rule_set = *row.rule_set;
    let spec = rule_set.form(FormKind::Refusal);
    Ok(RefusalNotice {
        form: spec.number.unwrap_or_default(),
        title: spec.title,
        rule_set,
        dossier_code: view.code.clone(),
        agency: view.agency.clone(),
        procedure: view.procedure.clone(),
        applicant_name: view.applicant.full_name.clone(),
        reasons: view.refusal_reasons.clone(),
        refused_at,
        refused_by,
    })
}

/// The last supplement request (Mẫu 02) of dossier `row`, if any.
pub(crate) fn supplement_request_of(
    conn: &mut DbConnection,
    row: &DossierRow,
    now: DateTime<Utc>,
) -> AppResult<Option<SupplementNotice>> {
    let events = store::events_of(conn, &row.id)?;
    let Some((event, issued_by)) = last_event(conn, &events, &[EventKind::SupplementRequested])?
    else {
        return Ok(None);
    };
    #[derive(serde::Deserialize)]
    struct Asked {
        #[serde(default)]
        items: Vec<String>,
    }
    let asked: Asked = stored_json("supplement items", event.details.as_deref())?
        .unwrap_or(Asked { items: Vec::new() });
    let view = dossier_view(conn, row, now)?;
    let rule_set = *row.rule_set;
    let spec = rule_set.form(FormKind::SupplementRequest);
    Ok(Some(SupplementNotice {
        form: spec.number.unwrap_or_default(),
        title: spec.title,
        rule_set,
        id: event.id.clone(),
        dossier_code: Some(view.code.clone()),
        agency: view.agency.clone(),
        procedure: view.procedure.clone(),
        applicant_name: view.applicant.full_name.clone(),
        items: asked
            .items
            .into_iter()
            .map(|reason| MissingItem {
                document: None,
                reason,
            })
            .collect(),
        issued_at: from_utc(event.at),
        issued_by,
    }))
}

/// The stop notice of dossier `row`, if processing stopped.
pub(crate) fn stop_notice_of(
    conn: &mut DbConnection,
    row: &DossierRow,
    now: DateTime<Utc>,
) -> AppResult<Option<StopNotice>> {
    if *row.status != DossierStatus::Stopped {
        return Ok(None);
    }
    let view = dossier_view(conn, row, now)?;
    let Some(event) = view
        .events
        .iter()
        .rev()
        .find(|e| matches!(e.kind, EventKind::Stopped | EventKind::WithdrawalConfirmed))
    else {
        return Ok(None);
    };
    let withdrawn = event.kind == EventKind::WithdrawalConfirmed;
    // A withdrawal's reason is the one the applicant gave when asking.
    let reason = if withdrawn {
        view.events
            .iter()
            .rev()
            .find(|e| e.kind == EventKind::WithdrawalRequested)
            .and_then(|e| e.note.clone())
    } else {
        event.note.clone()
    };
    let (stopped_at, stopped_by) = (event.at, actor_name(event));
    Ok(Some(StopNotice {
        rule_set: *row.rule_set,
        dossier_code: view.code.clone(),
        agency: view.agency.clone(),
        procedure: view.procedure.clone(),
        applicant_name: view
            .applicant
            .organization
            .clone()
            .unwrap_or_else(|| view.applicant.full_name.clone()),
        applicant_address: view.applicant.address.clone(),
        received_at: view.received_at,
        stopped_at,
        withdrawn,
        reason,
        stopped_by,
    }))
}

/// The name of the staff member who acted in `event` (empty for the system).
fn actor_name(event: &DossierEvent) -> String {
    event
        .actor
        .as_ref()
        .map(|a| a.full_name.clone())
        .unwrap_or_default()
}

/// When the last event of one of `kinds` in `view`'s history happened, and
/// who acted.
fn last_of(view: &DossierView, kinds: &[EventKind]) -> Option<(DateTime<Utc>, String)> {
    view.events
        .iter()
        .rev()
        .find(|e| kinds.contains(&e.kind))
        .map(|e| (e.at, actor_name(e)))
}

/// The last event of one of `kinds`, with its actor's name.
fn last_event<'e>(
    conn: &mut DbConnection,
    events: &'e [DossierEventRow],
    kinds: &[EventKind],
) -> AppResult<Option<(&'e DossierEventRow, String)>> {
    let Some(event) = events.iter().rev().find(|e| kinds.contains(&*e.kind)) else {
        return Ok(None);
    };
    let actor = match event.actor_id.as_deref() {
        Some(id) => users::by_id(conn, id)?.map(|u| u.full_name),
        None => None,
    };
    Ok(Some((event, actor.unwrap_or_default())))
}

impl App {
    /// The refusal (Mẫu 03) of a refused dossier, at the counter or during
    /// processing: the reasons, who refused and when.
    pub async fn refusal(
        &self,
        principal: Principal,
        code: DossierCode,
    ) -> AppResult<RefusalNotice> {
        principal.require(&STAFF)?;
        self.blocking(move |s| {
            let mut conn = s.db.get()?;
            let row = own_dossier(&mut conn, &principal, &code)?;
            if *row.status != DossierStatus::Refused {
                return Err(AppError::PreconditionFailed(format!(
                    "dossier {code} was not refused: it has no refusal notice"
                )));
            }
            refusal_of(&mut conn, &row, s.clock.now())
        })
        .await
    }

    /// The last supplement request (Mẫu 02) of a dossier: everything the
    /// applicant was asked to bring or fix, at once.
    pub async fn supplement_request(
        &self,
        principal: Principal,
        code: DossierCode,
    ) -> AppResult<SupplementNotice> {
        principal.require(&STAFF)?;
        self.blocking(move |s| {
            let mut conn = s.db.get()?;
            let row = own_dossier(&mut conn, &principal, &code)?;
            supplement_request_of(&mut conn, &row, s.clock.now())?.ok_or_else(|| {
                AppError::PreconditionFailed(format!(
                    "no supplement was asked for on dossier {code}"
                ))
            })
        })
        .await
    }

    /// The notice that processing of dossier `code` stopped (412 when it
    /// did not).
    pub async fn stop_notice(
        &self,
        principal: Principal,
        code: DossierCode,
    ) -> AppResult<StopNotice> {
        principal.require(&STAFF)?;
        self.blocking(move |s| {
            let mut conn = s.db.get()?;
            let row = own_dossier(&mut conn, &principal, &code)?;
            stop_notice_of(&mut conn, &row, s.clock.now())?.ok_or_else(|| {
                AppError::PreconditionFailed(format!(
                    "processing of dossier {code} has not stopped: it has no stop notice"
                ))
            })
        })
        .await
    }

    /// A Mẫu 02 given at the counter for a dossier that was not received
    /// (no code), by its id; only the agency that gave it sees it.
    pub async fn counter_supplement_notice(
        &self,
        principal: Principal,
        id: String,
    ) -> AppResult<SupplementNotice> {
        principal.require(&STAFF)?;
        self.blocking(move |s| {
            let mut conn = s.db.get()?;
            let not_found = || AppError::missing(Reason::NoSuchSupplementNotice, &id);
            let row = store::supplement_notice(&mut conn, &principal.agency_id, &id)?
                .ok_or_else(not_found)?;
            let agency = agencies::by_id(&mut conn, &row.agency_id)?
                .ok_or_else(|| AppError::unexpected("supplement notice", "agency missing"))?;
            let version = procedures::version_by_id(&mut conn, &row.procedure_version_id)?
                .ok_or_else(|| AppError::unexpected("supplement notice", "version missing"))?;
            let procedure_code = procedures_code(&mut conn, &version.procedure_id)?;
            let issued_by = users::by_id(&mut conn, &row.issued_by)?
                .map(|u| u.full_name)
                .unwrap_or_default();
            let issued_at = from_utc(row.issued_at);
            let rule_set =
                RuleSet::for_reception(issued_at.with_timezone(&VIETNAM_OFFSET).date_naive());
            let spec = rule_set.form(FormKind::SupplementRequest);
            Ok(SupplementNotice {
                form: spec.number.unwrap_or_default(),
                title: spec.title,
                rule_set,
                id: row.id.clone(),
                dossier_code: None,
                agency: AgencyRef::of(&agency),
                procedure: ProcedureRef {
                    code: procedure_code,
                    name: version.name,
                },
                applicant_name: row.applicant_name.clone(),
                items: stored_json("supplement items", Some(row.items.as_str()))?
                    .unwrap_or_default(),
                issued_at,
                issued_by,
            })
        })
        .await
    }
}
