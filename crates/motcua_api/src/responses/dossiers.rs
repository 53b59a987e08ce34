//! Dossiers as the API answers them: the staff record, work lists,
//! receipts and notices, the control sheet, apologies and the public lookup.

use super::catalogue::AgencyRefResponse;
use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use motcua_domain::{
    ApologyCause, ApologyState, CopyType, DeliveryMethod, DossierStatus, EventKind, MissingItem,
    NoticeChannel, NoticeKind, NoticeLanguage, NoticeState, Outcome, ProcessingUnit,
};

/// An apology notice as staff see it.
#[derive(Debug, serde::Serialize)]
pub(crate) struct ApologyResponse {
    /// Its id (a UUID).
    pub(crate) id: String,
    /// Where it is in its life.
    pub(crate) state: ApologyState,
    /// "Mẫu 04".
    pub(crate) form: &'static str,
    /// The title under the dossier's rule set.
    pub(crate) title: &'static str,
    /// Drafted by the sweep when the dossier became due soon
    /// (`due_soon`), when it passed its due instant with no apology
    /// (`late_without_apology`), or by staff (`staff`).
    pub(crate) drafted_because: ApologyCause,
    /// The due instant it apologises for.
    pub(crate) original_due_at: DateTime<Utc>,
    /// Why the result is late.
    pub(crate) reason: Option<String>,
    /// The new appointment.
    pub(crate) new_due_at: Option<DateTime<Utc>>,
    /// The new appointment, local time.
    pub(crate) new_due_at_local: Option<DateTime<FixedOffset>>,
    /// When the apology was drafted, by the SLA sweep or by staff (UTC).
    pub(crate) drafted_at: DateTime<Utc>,
    /// Completed by.
    pub(crate) completed_by: Option<String>,
    /// Signed by (the leader).
    pub(crate) signed_by: Option<String>,
    /// When the leader signed it (UTC).
    pub(crate) signed_at: Option<DateTime<Utc>>,
    /// When it was sent to the applicant and the appointment moved (UTC).
    pub(crate) sent_at: Option<DateTime<Utc>>,
    /// Sent less than the rule set's lead time before the appointment.
    pub(crate) sent_late: bool,
}

impl From<motcua_app::ApologyView> for ApologyResponse {
    fn from(view: motcua_app::ApologyView) -> Self {
        ApologyResponse {
            id: view.id,
            state: view.state,
            form: view.form,
            title: view.title,
            drafted_because: view.drafted_because,
            original_due_at: view.original_due_at,
            reason: view.reason,
            new_due_at: view.new_due_at,
            new_due_at_local: view.new_due_at_local,
            drafted_at: view.drafted_at,
            completed_by: view.completed_by,
            signed_by: view.signed_by,
            signed_at: view.signed_at,
            sent_at: view.sent_at,
            sent_late: view.sent_late,
        }
    }
}

/// An apology waiting on the caller's agency, with its dossier.
#[derive(Debug, serde::Serialize)]
pub(crate) struct ApologyWorkResponse {
    /// The apology.
    pub(crate) apology: ApologyResponse,
    /// Its dossier, as a work list shows it.
    pub(crate) dossier: DossierSummaryResponse,
}

impl From<motcua_app::ApologyWork> for ApologyWorkResponse {
    fn from(work: motcua_app::ApologyWork) -> Self {
        ApologyWorkResponse {
            apology: work.apology.into(),
            dossier: work.dossier.into(),
        }
    }
}

/// What the printed notice says besides the apology itself.
#[derive(Debug, serde::Serialize)]
pub(crate) struct ApologyNoticeResponse {
    /// The notice.
    pub(crate) apology: ApologyResponse,
    /// Dossier code.
    pub(crate) dossier_code: String,
    /// The agency apologising.
    pub(crate) agency_name: String,
    /// The applicant (organisation or person).
    pub(crate) applicant_name: String,
    /// The applicant's address.
    pub(crate) applicant_address: String,
    /// The procedure's name.
    pub(crate) procedure_name: String,
    /// When the dossier was received.
    pub(crate) received_at: DateTime<Utc>,
}

impl From<motcua_app::ApologyNotice> for ApologyNoticeResponse {
    fn from(view: motcua_app::ApologyNotice) -> Self {
        ApologyNoticeResponse {
            apology: view.apology.into(),
            dossier_code: view.dossier_code,
            agency_name: view.agency_name,
            applicant_name: view.applicant_name,
            applicant_address: view.applicant_address,
            procedure_name: view.procedure_name,
            received_at: view.received_at,
        }
    }
}

/// One side of a hand-over.
#[derive(Debug, serde::Serialize)]
pub(crate) struct PartyResponse {
    /// The agency, or "Tổ chức, cá nhân" for the applicant.
    pub(crate) agency: String,
    /// The unit.
    pub(crate) unit: Option<String>,
    /// The person.
    pub(crate) person: Option<String>,
}

impl From<motcua_app::Party> for PartyResponse {
    fn from(view: motcua_app::Party) -> Self {
        PartyResponse {
            agency: view.agency,
            unit: view.unit,
            person: view.person,
        }
    }
}

/// How a step went against its budget: `early`, `on_time` or `late` once
/// handed on; `in_progress` or `overdue` while held.
#[derive(Debug, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum StepResultResponse {
    /// Handed on before the step's due day.
    Early,
    /// Handed on by the step's due instant.
    OnTime,
    /// Handed on after it.
    Late,
    /// Held, not yet due.
    InProgress,
    /// Held past its due instant.
    Overdue,
}

impl From<motcua_app::StepResult> for StepResultResponse {
    fn from(view: motcua_app::StepResult) -> Self {
        match view {
            motcua_app::StepResult::Early => StepResultResponse::Early,
            motcua_app::StepResult::OnTime => StepResultResponse::OnTime,
            motcua_app::StepResult::Late => StepResultResponse::Late,
            motcua_app::StepResult::InProgress => StepResultResponse::InProgress,
            motcua_app::StepResult::Overdue => StepResultResponse::Overdue,
        }
    }
}

/// One hand-over.
#[derive(Debug, serde::Serialize)]
pub(crate) struct ControlRowResponse {
    /// The step handed to (0: reception).
    pub(crate) step_index: Option<i32>,
    /// The step's name.
    pub(crate) step: String,
    /// Who gave the dossier.
    pub(crate) giver: PartyResponse,
    /// Who received it.
    pub(crate) receiver: PartyResponse,
    /// When the dossier changed hands (UTC).
    pub(crate) handed_at: DateTime<Utc>,
    /// When, local time.
    pub(crate) handed_at_local: DateTime<FixedOffset>,
    /// When the receiver's step was due (moved by pauses).
    pub(crate) step_due_at: Option<DateTime<Utc>>,
    /// When the receiver handed it on.
    pub(crate) completed_at: Option<DateTime<Utc>>,
    /// How the step went against its budget; absent for steps without one.
    pub(crate) result: Option<StepResultResponse>,
    /// Free-text remarks for the timeline, at most 2,000 characters.
    pub(crate) note: Option<String>,
}

impl From<motcua_app::ControlRow> for ControlRowResponse {
    fn from(view: motcua_app::ControlRow) -> Self {
        ControlRowResponse {
            step_index: view.step_index,
            step: view.step,
            giver: view.giver.into(),
            receiver: view.receiver.into(),
            handed_at: view.handed_at,
            handed_at_local: view.handed_at_local,
            step_due_at: view.step_due_at,
            completed_at: view.completed_at,
            result: view.result.map(Into::into),
            note: view.note,
        }
    }
}

/// The control sheet.
#[derive(Debug, serde::Serialize)]
pub(crate) struct ControlSheetResponse {
    /// "Mẫu 05".
    pub(crate) form: &'static str,
    /// The title printed on it.
    pub(crate) title: &'static str,
    /// Dossier code.
    pub(crate) dossier_code: String,
    /// The receiving agency.
    pub(crate) agency: AgencyRefResponse,
    /// The procedure.
    pub(crate) procedure: ProcedureRefResponse,
    /// Applicant (organisation or person).
    pub(crate) applicant_name: String,
    /// When the dossier was received at the counter or submitted online (UTC).
    pub(crate) received_at: DateTime<Utc>,
    /// Appointment now.
    pub(crate) due_at: DateTime<Utc>,
    /// Appointment before any apology.
    pub(crate) original_due_at: DateTime<Utc>,
    /// The outcome, once finished.
    pub(crate) outcome: Option<Outcome>,
    /// Every hand-over, oldest first.
    pub(crate) rows: Vec<ControlRowResponse>,
    /// The units whose steps were (or are) late, in order.
    pub(crate) late_units: Vec<String>,
}

impl From<motcua_app::ControlSheet> for ControlSheetResponse {
    fn from(view: motcua_app::ControlSheet) -> Self {
        ControlSheetResponse {
            form: view.form,
            title: view.title,
            dossier_code: view.dossier_code,
            agency: view.agency.into(),
            procedure: view.procedure.into(),
            applicant_name: view.applicant_name,
            received_at: view.received_at,
            due_at: view.due_at,
            original_due_at: view.original_due_at,
            outcome: view.outcome,
            rows: view.rows.into_iter().map(Into::into).collect(),
            late_units: view.late_units,
        }
    }
}

/// Mẫu 02: what the applicant must still bring (Phiếu yêu cầu bổ sung, hoàn
/// thiện hồ sơ). Recorded, but no dossier code is used.
#[derive(Debug, serde::Serialize)]
pub(crate) struct SupplementNoticeResponse {
    /// "Mẫu 02".
    pub(crate) form: &'static str,
    /// The title printed on it.
    pub(crate) title: &'static str,
    /// Its number, for the record.
    pub(crate) id: String,
    /// The agency.
    pub(crate) agency: AgencyRefResponse,
    /// The procedure asked for.
    pub(crate) procedure: ProcedureRefResponse,
    /// Applicant's name.
    pub(crate) applicant_name: String,
    /// Everything to bring or fix, all at once.
    pub(crate) items: Vec<MissingItem>,
    /// When the notice was issued at the counter (UTC; forms print Vietnam time).
    pub(crate) issued_at: DateTime<Utc>,
    /// The guiding official.
    pub(crate) issued_by: String,
}

impl From<motcua_app::SupplementNotice> for SupplementNoticeResponse {
    fn from(view: motcua_app::SupplementNotice) -> Self {
        SupplementNoticeResponse {
            form: view.form,
            title: view.title,
            id: view.id,
            agency: view.agency.into(),
            procedure: view.procedure.into(),
            applicant_name: view.applicant_name,
            items: view.items,
            issued_at: view.issued_at,
            issued_by: view.issued_by,
        }
    }
}

/// Mẫu 03: the refusal (Phiếu từ chối tiếp nhận giải quyết hồ sơ).
#[derive(Debug, serde::Serialize)]
pub(crate) struct RefusalNoticeResponse {
    /// "Mẫu 03".
    pub(crate) form: &'static str,
    /// The title printed on it.
    pub(crate) title: &'static str,
    /// The dossier code it was recorded under.
    pub(crate) dossier_code: String,
    /// The agency.
    pub(crate) agency: AgencyRefResponse,
    /// The procedure asked for.
    pub(crate) procedure: ProcedureRefResponse,
    /// Applicant's name.
    pub(crate) applicant_name: String,
    /// The reasons.
    pub(crate) reasons: Vec<String>,
    /// When the dossier was refused at the counter (UTC; forms print Vietnam time).
    pub(crate) refused_at: DateTime<Utc>,
    /// The official.
    pub(crate) refused_by: String,
}

impl From<motcua_app::RefusalNotice> for RefusalNoticeResponse {
    fn from(view: motcua_app::RefusalNotice) -> Self {
        RefusalNoticeResponse {
            form: view.form,
            title: view.title,
            dossier_code: view.dossier_code,
            agency: view.agency.into(),
            procedure: view.procedure.into(),
            applicant_name: view.applicant_name,
            reasons: view.reasons,
            refused_at: view.refused_at,
            refused_by: view.refused_by,
        }
    }
}

/// A step of the public timeline: what happened and when, never who.
#[derive(Debug, serde::Serialize)]
pub(crate) struct PublicStepResponse {
    /// The step's public name.
    pub(crate) step: String,
    /// The status it led to.
    pub(crate) status: StatusResponse,
    /// When it happened (UTC).
    pub(crate) at: DateTime<Utc>,
}

impl From<motcua_app::PublicStep> for PublicStepResponse {
    fn from(view: motcua_app::PublicStep) -> Self {
        PublicStepResponse {
            step: view.step,
            status: view.status.into(),
            at: view.at,
        }
    }
}

/// An apology notice as the public sees it (reason, new date, date issued).
#[derive(Debug, serde::Serialize)]
pub(crate) struct PublicApologyResponse {
    /// Why the result is late.
    pub(crate) reason: String,
    /// The new appointment.
    pub(crate) new_due_at: DateTime<Utc>,
    /// When the notice was issued.
    pub(crate) issued_at: DateTime<Utc>,
}

impl From<motcua_app::PublicApology> for PublicApologyResponse {
    fn from(view: motcua_app::PublicApology) -> Self {
        PublicApologyResponse {
            reason: view.reason,
            new_due_at: view.new_due_at,
            issued_at: view.issued_at,
        }
    }
}

/// Days off in a row for one reason.
#[derive(Debug, serde::Serialize)]
pub(crate) struct PublicDaysOffResponse {
    /// The first day.
    pub(crate) from: chrono::NaiveDate,
    /// The last day.
    pub(crate) to: chrono::NaiveDate,
    /// Why, in Vietnamese.
    pub(crate) reason: String,
}

/// The short version of why the appointment is when it is.
#[derive(Debug, serde::Serialize)]
pub(crate) struct PublicClockResponse {
    /// "3 ngày làm việc".
    pub(crate) processing_time_text: String,
    /// How the unit is counted, with the rule's source.
    pub(crate) rule: &'static str,
    /// When the clock started.
    pub(crate) clock_started_at: DateTime<Utc>,
    /// The appointment the processing time gave at reception.
    pub(crate) first_due_at: DateTime<Utc>,
    /// Holidays, days off in lieu and swapped days skipped.
    pub(crate) days_off: Vec<PublicDaysOffResponse>,
    /// Saturdays and Sundays skipped.
    pub(crate) weekend_days: u32,
    /// Office time, in seconds, by which waiting for the applicant moved it.
    pub(crate) paused_seconds: i64,
}

impl From<motcua_app::PublicClock> for PublicClockResponse {
    fn from(view: motcua_app::PublicClock) -> Self {
        PublicClockResponse {
            processing_time_text: view.processing_time_text,
            rule: view.rule,
            clock_started_at: view.clock_started_at,
            first_due_at: view.first_due_at,
            days_off: view
                .days_off
                .into_iter()
                .map(|d| PublicDaysOffResponse {
                    from: d.from,
                    to: d.to,
                    reason: d.reason,
                })
                .collect(),
            weekend_days: view.weekend_days,
            paused_seconds: view.paused_seconds,
        }
    }
}

/// What anyone may read about a dossier.
#[derive(Debug, serde::Serialize)]
pub(crate) struct PublicDossierResponse {
    /// The dossier code (`<agency code>-<yymmdd>-<nnnn>`), as printed on the receipt.
    pub(crate) code: String,
    /// The procedure, by code and name.
    pub(crate) procedure: ProcedureRefResponse,
    /// The agency it belongs to.
    pub(crate) agency: AgencyRefResponse,
    /// How it came in (counter or online), with its national code and label.
    pub(crate) channel: ChannelResponse,
    /// Where it stands, with its national status code and label.
    pub(crate) status: StatusResponse,
    /// The applicant's name, masked ("Nguyễn V** A**").
    pub(crate) applicant: String,
    /// When the dossier was received at the counter or submitted online (UTC).
    pub(crate) received_at: DateTime<Utc>,
    /// Due now (absent for a refused dossier and one not yet accepted).
    pub(crate) due_at: Option<DateTime<Utc>>,
    /// Due first (absent for a refused dossier).
    pub(crate) original_due_at: Option<DateTime<Utc>>,
    /// How the appointment came about (absent when there is none).
    pub(crate) clock: Option<PublicClockResponse>,
    /// Apology notices, oldest first.
    pub(crate) apologies: Vec<PublicApologyResponse>,
    /// The timeline.
    pub(crate) timeline: Vec<PublicStepResponse>,
}

impl From<motcua_app::PublicDossier> for PublicDossierResponse {
    fn from(view: motcua_app::PublicDossier) -> Self {
        PublicDossierResponse {
            code: view.code,
            procedure: view.procedure.into(),
            agency: view.agency.into(),
            channel: view.channel.into(),
            status: view.status.into(),
            applicant: view.applicant,
            received_at: view.received_at,
            due_at: view.due_at,
            original_due_at: view.original_due_at,
            clock: view.clock.map(Into::into),
            apologies: view.apologies.into_iter().map(Into::into).collect(),
            timeline: view.timeline.into_iter().map(Into::into).collect(),
        }
    }
}

/// A notice as staff see it.
#[derive(Debug, serde::Serialize)]
pub(crate) struct NoticeResponse {
    /// Its id (a UUID).
    pub(crate) id: String,
    /// What it tells.
    pub(crate) kind: NoticeKind,
    /// The dossier's code.
    pub(crate) dossier_code: Option<String>,
    /// The staff member it is for; none for the applicant.
    pub(crate) recipient_user_id: Option<String>,
    /// How it goes.
    pub(crate) channel: NoticeChannel,
    /// Where it goes.
    pub(crate) address: Option<String>,
    /// In which language.
    pub(crate) language: NoticeLanguage,
    /// Where it stands in the outbox.
    pub(crate) state: NoticeState,
    /// Tries so far.
    pub(crate) attempts: i32,
    /// When the notice was put in the outbox (UTC).
    pub(crate) created_at: DateTime<Utc>,
    /// Handed over.
    pub(crate) sent_at: Option<DateTime<Utc>>,
    /// What the provider answered.
    pub(crate) provider_answer: Option<String>,
    /// The last error.
    pub(crate) last_error: Option<String>,
}

impl From<motcua_app::NoticeView> for NoticeResponse {
    fn from(view: motcua_app::NoticeView) -> Self {
        NoticeResponse {
            id: view.id,
            kind: view.kind,
            dossier_code: view.dossier_code,
            recipient_user_id: view.recipient_user_id,
            channel: view.channel,
            address: view.address,
            language: view.language,
            state: view.state,
            attempts: view.attempts,
            created_at: view.created_at,
            sent_at: view.sent_at,
            provider_answer: view.provider_answer,
            last_error: view.last_error,
        }
    }
}

/// A page of notices.
#[derive(Debug, serde::Serialize)]
pub(crate) struct NoticeListResponse {
    /// Newest first.
    pub(crate) items: Vec<NoticeResponse>,
    /// How many were skipped.
    pub(crate) offset: i64,
    /// The page size asked for.
    pub(crate) limit: i64,
}

impl From<motcua_app::NoticeList> for NoticeListResponse {
    fn from(view: motcua_app::NoticeList) -> Self {
        NoticeListResponse {
            items: view.items.into_iter().map(Into::into).collect(),
            offset: view.offset,
            limit: view.limit,
        }
    }
}

/// A status with its national code and label.
#[derive(Debug, serde::Serialize)]
pub(crate) struct StatusResponse {
    /// National code, 1–10.
    pub(crate) code: u8,
    /// API name.
    pub(crate) name: &'static str,
    /// Vietnamese label.
    pub(crate) label: &'static str,
}

impl From<motcua_app::StatusView> for StatusResponse {
    fn from(view: motcua_app::StatusView) -> Self {
        StatusResponse {
            code: view.code,
            name: view.name,
            label: view.label,
        }
    }
}

/// A channel with its national code.
#[derive(Debug, serde::Serialize)]
pub(crate) struct ChannelResponse {
    /// National code, 1–3.
    pub(crate) code: u8,
    /// API name.
    pub(crate) name: &'static str,
}

impl From<motcua_app::ChannelView> for ChannelResponse {
    fn from(view: motcua_app::ChannelView) -> Self {
        ChannelResponse {
            code: view.code,
            name: view.name,
        }
    }
}

/// A procedure, briefly.
#[derive(Debug, serde::Serialize)]
pub(crate) struct ProcedureRefResponse {
    /// National code.
    pub(crate) code: String,
    /// Its name, as printed on forms.
    pub(crate) name: String,
}

impl From<motcua_app::ProcedureRef> for ProcedureRefResponse {
    fn from(view: motcua_app::ProcedureRef) -> Self {
        ProcedureRefResponse {
            code: view.code,
            name: view.name,
        }
    }
}

/// A staff member, briefly.
#[derive(Debug, serde::Serialize)]
pub(crate) struct StaffRefResponse {
    /// Its id (a UUID).
    pub(crate) id: String,
    /// Full name.
    pub(crate) full_name: String,
}

impl From<motcua_app::StaffRef> for StaffRefResponse {
    fn from(view: motcua_app::StaffRef) -> Self {
        StaffRefResponse {
            id: view.id,
            full_name: view.full_name,
        }
    }
}

/// The applicant, in full (staff only).
#[derive(Debug, serde::Serialize)]
pub(crate) struct ApplicantResponse {
    /// Full name.
    pub(crate) full_name: String,
    /// Citizen identity number.
    pub(crate) id_number: Option<String>,
    /// Date of birth.
    pub(crate) birth_date: Option<NaiveDate>,
    /// The phone number, as given (personal data: shown to staff and its owner only, never logged).
    pub(crate) phone: Option<String>,
    /// The e-mail address, as given (personal data: shown to staff and its owner only, never logged).
    pub(crate) email: Option<String>,
    /// The postal address, as given (personal data: shown to staff and its owner only).
    pub(crate) address: String,
    /// Organisation name.
    pub(crate) organization: Option<String>,
    /// Organisation tax code.
    pub(crate) tax_code: Option<String>,
}

impl From<motcua_app::ApplicantView> for ApplicantResponse {
    fn from(view: motcua_app::ApplicantView) -> Self {
        ApplicantResponse {
            full_name: view.full_name,
            id_number: view.id_number,
            birth_date: view.birth_date,
            phone: view.phone,
            email: view.email,
            address: view.address,
            organization: view.organization,
            tax_code: view.tax_code,
        }
    }
}

/// A document handed in.
#[derive(Debug, serde::Serialize)]
pub(crate) struct ReceiptDocumentResponse {
    /// Its name, as printed on forms.
    pub(crate) name: String,
    /// `original`, `certified_copy` or `copy`.
    pub(crate) copy_type: CopyType,
    /// "Bản chính", ...
    pub(crate) copy_type_label: String,
    /// How many.
    pub(crate) count: i32,
}

impl From<motcua_app::ReceiptDocument> for ReceiptDocumentResponse {
    fn from(view: motcua_app::ReceiptDocument) -> Self {
        ReceiptDocumentResponse {
            name: view.name,
            copy_type: view.copy_type,
            copy_type_label: view.copy_type_label,
            count: view.count,
        }
    }
}

/// Where the result goes.
#[derive(Debug, serde::Serialize)]
pub(crate) struct DeliveryResponse {
    /// `counter`, `post` or `online`.
    pub(crate) method: DeliveryMethod,
    /// Postal address.
    pub(crate) address: Option<String>,
    /// The line printed on the receipt.
    pub(crate) text: String,
}

impl From<motcua_app::DeliveryView> for DeliveryResponse {
    fn from(view: motcua_app::DeliveryView) -> Self {
        DeliveryResponse {
            method: view.method,
            address: view.address,
            text: view.text,
        }
    }
}

/// One entry of a dossier's history, as staff see it.
#[derive(Debug, serde::Serialize)]
pub(crate) struct DossierEventResponse {
    /// What happened.
    pub(crate) kind: EventKind,
    /// The public name of the step.
    pub(crate) step: String,
    /// Status before.
    pub(crate) from_status: Option<DossierStatus>,
    /// Status after.
    pub(crate) to_status: DossierStatus,
    /// The staff member who acted; none when the applicant or the system did.
    pub(crate) actor: Option<StaffRefResponse>,
    /// Free-text remarks for the timeline, at most 2,000 characters.
    pub(crate) note: Option<String>,
    /// When it happened (UTC).
    pub(crate) at: DateTime<Utc>,
    /// Who received the dossier (hand-overs).
    pub(crate) receiver: Option<StaffRefResponse>,
    /// When the step it was handed to is due.
    pub(crate) step_due_at: Option<DateTime<Utc>>,
    /// On a decision, the approving role whose action it was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) approved_by: Option<motcua_domain::Role>,
}

impl From<motcua_app::DossierEvent> for DossierEventResponse {
    fn from(view: motcua_app::DossierEvent) -> Self {
        DossierEventResponse {
            kind: view.kind,
            step: view.step,
            from_status: view.from_status,
            to_status: view.to_status,
            actor: view.actor.map(Into::into),
            note: view.note,
            at: view.at,
            receiver: view.receiver.map(Into::into),
            step_due_at: view.step_due_at,
            approved_by: view.approved_by,
        }
    }
}

/// A unit, briefly.
#[derive(Debug, serde::Serialize)]
pub(crate) struct UnitRefResponse {
    /// Its id (a UUID).
    pub(crate) id: String,
    /// Its name, as printed on forms.
    pub(crate) name: String,
}

impl From<motcua_app::UnitRef> for UnitRefResponse {
    fn from(view: motcua_app::UnitRef) -> Self {
        UnitRefResponse {
            id: view.id,
            name: view.name,
        }
    }
}

/// Who holds the dossier now.
#[derive(Debug, serde::Serialize)]
pub(crate) struct HolderResponse {
    /// The agency (another one after a transfer).
    pub(crate) agency: AgencyRefResponse,
    /// The unit.
    pub(crate) unit: Option<UnitRefResponse>,
    /// The person handling it.
    pub(crate) assignee: Option<StaffRefResponse>,
}

impl From<motcua_app::HolderView> for HolderResponse {
    fn from(view: motcua_app::HolderView) -> Self {
        HolderResponse {
            agency: view.agency.into(),
            unit: view.unit.map(Into::into),
            assignee: view.assignee.map(Into::into),
        }
    }
}

/// The current step of the procedure's internal process.
#[derive(Debug, serde::Serialize)]
pub(crate) struct StepResponse {
    /// Position in the procedure's steps, 0 being reception.
    pub(crate) index: i32,
    /// Its name, as printed on forms.
    pub(crate) name: String,
    /// When it is due.
    pub(crate) due_at: Option<DateTime<Utc>>,
}

impl From<motcua_app::StepView> for StepResponse {
    fn from(view: motcua_app::StepView) -> Self {
        StepResponse {
            index: view.index,
            name: view.name,
            due_at: view.due_at,
        }
    }
}

/// The result record of a finished dossier.
#[derive(Debug, serde::Serialize)]
pub(crate) struct ResultRecordResponse {
    /// Number of the document issued (số văn bản), if any.
    pub(crate) document_number: Option<String>,
    /// What was decided.
    pub(crate) summary: String,
}

impl From<motcua_app::ResultRecord> for ResultRecordResponse {
    fn from(view: motcua_app::ResultRecord) -> Self {
        ResultRecordResponse {
            document_number: view.document_number,
            summary: view.summary,
        }
    }
}

/// How the result was handed over.
#[derive(Debug, serde::Serialize)]
pub(crate) struct ReturnResponse {
    /// When it happened (UTC).
    pub(crate) at: DateTime<Utc>,
    /// `counter`, `post` or `online`.
    pub(crate) method: DeliveryMethod,
    /// Postal tracking number.
    pub(crate) tracking_number: Option<String>,
}

impl From<motcua_app::ReturnView> for ReturnResponse {
    fn from(view: motcua_app::ReturnView) -> Self {
        ReturnResponse {
            at: view.at,
            method: view.method,
            tracking_number: view.tracking_number,
        }
    }
}

/// A processing time.
#[derive(Debug, serde::Serialize)]
pub(crate) struct ProcessingTimeResponse {
    /// How many.
    pub(crate) value: i32,
    /// `working_days` or `working_hours`.
    pub(crate) unit: ProcessingUnit,
    /// "3 ngày làm việc".
    pub(crate) text: String,
}

impl From<motcua_app::ProcessingTimeView> for ProcessingTimeResponse {
    fn from(view: motcua_app::ProcessingTimeView) -> Self {
        ProcessingTimeResponse {
            value: view.value,
            unit: view.unit,
            text: view.text,
        }
    }
}

/// A dossier's full record (staff of its agency only).
#[derive(Debug, serde::Serialize)]
pub(crate) struct DossierResponse {
    /// Dossier code.
    pub(crate) code: String,
    /// Where it stands, with its national status code and label.
    pub(crate) status: StatusResponse,
    /// How it came in (counter or online), with its national code and label.
    pub(crate) channel: ChannelResponse,
    /// The agency it belongs to.
    pub(crate) agency: AgencyRefResponse,
    /// Procedure, at the version the dossier started on.
    pub(crate) procedure: ProcedureRefResponse,
    /// First day of that version.
    pub(crate) procedure_version: NaiveDate,
    /// The applicant.
    pub(crate) applicant: ApplicantResponse,
    /// The documents handed in.
    pub(crate) documents: Vec<ReceiptDocumentResponse>,
    /// Where the result goes.
    pub(crate) result_delivery: DeliveryResponse,
    /// When the dossier was received at the counter or submitted online (UTC).
    pub(crate) received_at: DateTime<Utc>,
    /// The clock started (the next opening when received after hours).
    pub(crate) clock_started_at: DateTime<Utc>,
    /// Due now.
    pub(crate) due_at: DateTime<Utc>,
    /// Due first.
    pub(crate) original_due_at: DateTime<Utc>,
    /// Processing time.
    pub(crate) processing_time: ProcessingTimeResponse,
    /// Its sequence in the agency's day (the last part of its code).
    pub(crate) register_number: i32,
    /// The receipt's number, its line in the agency's register of the year.
    pub(crate) receipt_number: Option<i32>,
    /// The register's year.
    pub(crate) receipt_year: Option<i32>,
    /// Why it was refused.
    pub(crate) refusal_reasons: Vec<String>,
    /// The clerk who received it.
    pub(crate) received_by: Option<StaffRefResponse>,
    /// The calendar that computed the due instant.
    pub(crate) calendar_version: String,
    /// History, oldest first.
    pub(crate) events: Vec<DossierEventResponse>,
    /// Who holds it now.
    pub(crate) holder: HolderResponse,
    /// Its current step.
    pub(crate) step: Option<StepResponse>,
    /// `on_track`, `due_soon`, `overdue` or `paused`; absent once it ended.
    pub(crate) sla_state: Option<ClockStateResponse>,
    /// From when it counts as due soon.
    pub(crate) due_soon_at: Option<DateTime<Utc>>,
    /// Since when the clock is paused.
    pub(crate) paused_at: Option<DateTime<Utc>>,
    /// The rule set it is handled under.
    pub(crate) rule_set: &'static str,
    /// When the result was ready (or the dossier refused or stopped).
    pub(crate) finished_at: Option<DateTime<Utc>>,
    /// `early`, `on_time` or `late`, once the result is ready.
    pub(crate) outcome: Option<Outcome>,
    /// The result record.
    pub(crate) result: Option<ResultRecordResponse>,
    /// How the result was handed over.
    pub(crate) returned: Option<ReturnResponse>,
    /// The due instant passed and no apology had been sent.
    pub(crate) late_without_apology: bool,
    /// How the applicant is told: `email`, `sms`, both or neither.
    pub(crate) notify_by: Vec<NoticeChannel>,
    /// In which language: `vi` or `en`.
    pub(crate) notice_language: String,
    /// For `If-Match` on later changes.
    pub(crate) version: i32,
}

impl From<motcua_app::DossierView> for DossierResponse {
    fn from(view: motcua_app::DossierView) -> Self {
        DossierResponse {
            code: view.code,
            status: view.status.into(),
            channel: view.channel.into(),
            agency: view.agency.into(),
            procedure: view.procedure.into(),
            procedure_version: view.procedure_version,
            applicant: view.applicant.into(),
            documents: view.documents.into_iter().map(Into::into).collect(),
            result_delivery: view.result_delivery.into(),
            received_at: view.received_at,
            clock_started_at: view.clock_started_at,
            due_at: view.due_at,
            original_due_at: view.original_due_at,
            processing_time: view.processing_time.into(),
            register_number: view.register_number,
            receipt_number: view.receipt_number,
            receipt_year: view.receipt_year,
            refusal_reasons: view.refusal_reasons,
            received_by: view.received_by.map(Into::into),
            calendar_version: view.calendar_version,
            events: view.events.into_iter().map(Into::into).collect(),
            holder: view.holder.into(),
            step: view.step.map(Into::into),
            sla_state: view.sla_state.map(Into::into),
            due_soon_at: view.due_soon_at,
            paused_at: view.paused_at,
            rule_set: view.rule_set,
            finished_at: view.finished_at,
            outcome: view.outcome,
            result: view.result.map(Into::into),
            returned: view.returned.map(Into::into),
            late_without_apology: view.late_without_apology,
            notify_by: view.notify_by,
            notice_language: view.notice_language,
            version: view.version,
        }
    }
}

/// Mẫu 01: the receipt and appointment slip (Giấy tiếp nhận hồ sơ và hẹn trả
/// kết quả).
#[derive(Debug, serde::Serialize)]
pub(crate) struct ReceiptResponse {
    /// "Mẫu 01".
    pub(crate) form: &'static str,
    /// The title printed on it.
    pub(crate) title: &'static str,
    /// The receiving agency.
    pub(crate) agency: AgencyRefResponse,
    /// Dossier code.
    pub(crate) dossier_code: String,
    /// Its sequence in the agency's day (the last part of its code).
    pub(crate) register_number: i32,
    /// The receipt's number, its line in the agency's register of the year
    /// (Sổ theo dõi hồ sơ), unique per agency and year.
    pub(crate) receipt_number: Option<i32>,
    /// The register's year (its book).
    pub(crate) receipt_year: Option<i32>,
    /// Applicant's name.
    pub(crate) applicant_name: String,
    /// The applicant's postal address (personal data: staff only).
    pub(crate) applicant_address: String,
    /// The applicant's phone number (personal data: staff only, never logged).
    pub(crate) applicant_phone: Option<String>,
    /// The applicant's e-mail address (personal data: staff only, never logged).
    pub(crate) applicant_email: Option<String>,
    /// The request.
    pub(crate) procedure: ProcedureRefResponse,
    /// The documents handed in.
    pub(crate) documents: Vec<ReceiptDocumentResponse>,
    /// Number of sets.
    pub(crate) sets: u32,
    /// "3 ngày làm việc".
    pub(crate) processing_time_text: String,
    /// When the dossier was received at the counter or submitted online (UTC).
    pub(crate) received_at: DateTime<Utc>,
    /// Received, local time.
    pub(crate) received_at_local: DateTime<FixedOffset>,
    /// The appointment (hẹn trả kết quả) as it stands, moved by any apology sent (UTC).
    pub(crate) due_at: DateTime<Utc>,
    /// Appointment, local time.
    pub(crate) due_at_local: DateTime<FixedOffset>,
    /// Where the result will be collected.
    pub(crate) result_delivery: DeliveryResponse,
    /// The receiving official.
    pub(crate) received_by: Option<String>,
}

impl From<motcua_app::Receipt> for ReceiptResponse {
    fn from(view: motcua_app::Receipt) -> Self {
        ReceiptResponse {
            form: view.form,
            title: view.title,
            agency: view.agency.into(),
            dossier_code: view.dossier_code,
            register_number: view.register_number,
            receipt_number: view.receipt_number,
            receipt_year: view.receipt_year,
            applicant_name: view.applicant_name,
            applicant_address: view.applicant_address,
            applicant_phone: view.applicant_phone,
            applicant_email: view.applicant_email,
            procedure: view.procedure.into(),
            documents: view.documents.into_iter().map(Into::into).collect(),
            sets: view.sets,
            processing_time_text: view.processing_time_text,
            received_at: view.received_at,
            received_at_local: view.received_at_local,
            due_at: view.due_at,
            due_at_local: view.due_at_local,
            result_delivery: view.result_delivery.into(),
            received_by: view.received_by,
        }
    }
}

/// A dossier in a work list.
#[derive(Debug, serde::Serialize)]
pub(crate) struct DossierSummaryResponse {
    /// The dossier code (`<agency code>-<yymmdd>-<nnnn>`), as printed on the receipt.
    pub(crate) code: String,
    /// Where it stands, with its national status code and label.
    pub(crate) status: StatusResponse,
    /// How it came in (counter or online), with its national code and label.
    pub(crate) channel: ChannelResponse,
    /// The procedure, by code and name.
    pub(crate) procedure: ProcedureRefResponse,
    /// Applicant's name.
    pub(crate) applicant_name: String,
    /// When the dossier was received at the counter or submitted online (UTC).
    pub(crate) received_at: DateTime<Utc>,
    /// The appointment as it stands, moved by any apology sent (UTC).
    pub(crate) due_at: DateTime<Utc>,
    /// `on_track`, `due_soon`, `overdue` or `paused`; absent once it ended.
    pub(crate) sla_state: Option<ClockStateResponse>,
    /// The unit holding it (id).
    pub(crate) unit_id: Option<String>,
    /// The person handling it (id).
    pub(crate) assignee_id: Option<String>,
    /// When its current step is due.
    pub(crate) step_due_at: Option<DateTime<Utc>>,
    /// For `If-Match`.
    pub(crate) version: i32,
}

impl From<motcua_app::DossierSummary> for DossierSummaryResponse {
    fn from(view: motcua_app::DossierSummary) -> Self {
        DossierSummaryResponse {
            code: view.code,
            status: view.status.into(),
            channel: view.channel.into(),
            procedure: view.procedure.into(),
            applicant_name: view.applicant_name,
            received_at: view.received_at,
            due_at: view.due_at,
            sla_state: view.sla_state.map(Into::into),
            unit_id: view.unit_id,
            assignee_id: view.assignee_id,
            step_due_at: view.step_due_at,
            version: view.version,
        }
    }
}

/// A page of a work list.
#[derive(Debug, serde::Serialize)]
pub(crate) struct DossierListResponse {
    /// The dossiers, by due instant.
    pub(crate) items: Vec<DossierSummaryResponse>,
    /// Give this as `cursor` for the next page; absent on the last page.
    pub(crate) next_cursor: Option<String>,
}

impl From<motcua_app::DossierList> for DossierListResponse {
    fn from(view: motcua_app::DossierList) -> Self {
        DossierListResponse {
            items: view.items.into_iter().map(Into::into).collect(),
            next_cursor: view.next_cursor,
        }
    }
}

/// What a search found.
#[derive(Debug, serde::Serialize)]
pub(crate) struct DossierSearchResponse {
    /// The dossiers, the most recently received first.
    pub(crate) items: Vec<DossierSummaryResponse>,
}

/// Where a running dossier's clock stands now: the SLA state at this
/// instant, or paused (waiting for the applicant).
#[derive(Debug, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum ClockStateResponse {
    /// More than a working day before the appointment.
    OnTrack,
    /// Within a working day of it.
    DueSoon,
    /// Past it.
    Overdue,
    /// Stopped while the applicant is waited for.
    Paused,
}

impl From<motcua_app::ClockState> for ClockStateResponse {
    fn from(view: motcua_app::ClockState) -> Self {
        match view {
            motcua_app::ClockState::OnTrack => ClockStateResponse::OnTrack,
            motcua_app::ClockState::DueSoon => ClockStateResponse::DueSoon,
            motcua_app::ClockState::Overdue => ClockStateResponse::Overdue,
            motcua_app::ClockState::Paused => ClockStateResponse::Paused,
        }
    }
}

/// How many dossiers of one status.
#[derive(Debug, serde::Serialize)]
pub(crate) struct StatusCountResponse {
    /// The status.
    #[serde(flatten)]
    pub(crate) status: StatusResponse,
    /// How many.
    pub(crate) count: i64,
}

impl From<motcua_app::StatusCount> for StatusCountResponse {
    fn from(view: motcua_app::StatusCount) -> Self {
        StatusCountResponse {
            status: view.status.into(),
            count: view.count,
        }
    }
}

/// The dashboard's counts for the caller's agency (received or held).
#[derive(Debug, serde::Serialize)]
pub(crate) struct DossierStatsResponse {
    /// Per status, all ten in national order.
    pub(crate) by_status: Vec<StatusCountResponse>,
    /// Running and within one working day of the due instant.
    pub(crate) due_soon: i64,
    /// Running and past the due instant.
    pub(crate) overdue: i64,
    /// Waiting for the applicant.
    pub(crate) paused: i64,
    /// Not yet ended (neither refused, stopped nor returned).
    pub(crate) open: i64,
    /// Finished dossiers by outcome against the first appointment: an
    /// apology moves the appointment but the dossier still counts as late.
    pub(crate) finished: OutcomeCountsResponse,
    /// Dossiers whose due instant passed with no apology sent.
    pub(crate) late_without_apology: i64,
    /// Apologies sent less than the lead time before the appointment.
    pub(crate) apologies_sent_late: i64,
    /// When counted.
    pub(crate) at: DateTime<Utc>,
}

impl From<motcua_app::DossierStats> for DossierStatsResponse {
    fn from(view: motcua_app::DossierStats) -> Self {
        DossierStatsResponse {
            by_status: view.by_status.into_iter().map(Into::into).collect(),
            due_soon: view.due_soon,
            overdue: view.overdue,
            paused: view.paused,
            open: view.open,
            finished: view.finished.into(),
            late_without_apology: view.late_without_apology,
            apologies_sent_late: view.apologies_sent_late,
            at: view.at,
        }
    }
}

/// Finished dossiers by outcome.
#[derive(Debug, serde::Serialize)]
pub(crate) struct OutcomeCountsResponse {
    /// Before the due instant's working day.
    pub(crate) early: i64,
    /// On the due day, before the due instant.
    pub(crate) on_time: i64,
    /// After the first due instant.
    pub(crate) late: i64,
}

impl From<motcua_app::OutcomeCounts> for OutcomeCountsResponse {
    fn from(view: motcua_app::OutcomeCounts) -> Self {
        OutcomeCountsResponse {
            early: view.early,
            on_time: view.on_time,
            late: view.late,
        }
    }
}

/// A pause of a dossier's clock.
#[derive(Debug, serde::Serialize)]
pub(crate) struct ClockPauseResponse {
    /// `supplement` or `payment`.
    pub(crate) reason: &'static str,
    /// When the clock stopped.
    pub(crate) from: DateTime<Utc>,
    /// When it went on; null while it waits.
    pub(crate) to: Option<DateTime<Utc>>,
    /// The office time it stood still, in seconds.
    pub(crate) working_seconds: i64,
    /// The appointment before it went on again.
    pub(crate) due_before: Option<DateTime<Utc>>,
    /// And after.
    pub(crate) due_after: Option<DateTime<Utc>>,
}

/// An apology that moved the appointment.
#[derive(Debug, serde::Serialize)]
pub(crate) struct ClockMoveResponse {
    /// When it was sent.
    pub(crate) at: DateTime<Utc>,
    /// The appointment it moved.
    pub(crate) from: DateTime<Utc>,
    /// The new one.
    pub(crate) to: DateTime<Utc>,
}

/// How a dossier's appointment came about.
#[derive(Debug, serde::Serialize)]
pub(crate) struct ClockResponse {
    pub(crate) dossier_code: String,
    pub(crate) processing_time: u32,
    pub(crate) processing_unit: &'static str,
    pub(crate) processing_time_text: String,
    pub(crate) rule: &'static str,
    pub(crate) received_at: DateTime<Utc>,
    pub(crate) clock_started_at: DateTime<Utc>,
    pub(crate) first_due_at: DateTime<Utc>,
    pub(crate) ended_on_day_off: Option<NaiveDate>,
    pub(crate) skipped: Vec<motcua_calendar::DayStatus>,
    pub(crate) pauses: Vec<ClockPauseResponse>,
    pub(crate) moves: Vec<ClockMoveResponse>,
    pub(crate) original_due_at: DateTime<Utc>,
    pub(crate) due_at: DateTime<Utc>,
    pub(crate) due_at_local: DateTime<FixedOffset>,
}

impl From<motcua_app::ClockExplanation> for ClockResponse {
    fn from(view: motcua_app::ClockExplanation) -> Self {
        ClockResponse {
            dossier_code: view.dossier_code,
            processing_time: view.processing_time,
            processing_unit: view.processing_unit.as_str(),
            processing_time_text: view.processing_time_text,
            rule: view.rule,
            received_at: view.received_at,
            clock_started_at: view.clock_started_at,
            first_due_at: view.first_due_at,
            ended_on_day_off: view.ended_on_day_off,
            skipped: view.skipped,
            pauses: view
                .pauses
                .into_iter()
                .map(|p| ClockPauseResponse {
                    reason: p.reason.as_str(),
                    from: p.from,
                    to: p.to,
                    working_seconds: p.working_seconds,
                    due_before: p.due_before,
                    due_after: p.due_after,
                })
                .collect(),
            moves: view
                .moves
                .into_iter()
                .map(|m| ClockMoveResponse {
                    at: m.at,
                    from: m.from,
                    to: m.to,
                })
                .collect(),
            original_due_at: view.original_due_at,
            due_at: view.due_at,
            due_at_local: view.due_at.with_timezone(&motcua_calendar::VIETNAM_OFFSET),
        }
    }
}
