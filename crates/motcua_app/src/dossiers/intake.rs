//! Counter intake (tiếp nhận hồ sơ trực tiếp): the clerk checks a paper
//! dossier against the procedure's list and receives it (Mẫu 01), guides the
//! applicant to complete it (Mẫu 02), or refuses it (Mẫu 03).

use chrono::{DateTime, Datelike, Utc};
use motcua_calendar::{OfficeHours, WorkingCalendar};
use motcua_db::agencies::AgencyRow;
use motcua_db::dossiers::{
    self as store, DossierDocumentRow, DossierEventRow, DossierRow, SupplementNoticeRow,
};
use motcua_db::procedures::{ProcedureRow, ProcedureVersionRow};
use motcua_db::users::UserRow;
use motcua_db::{DbConnection, agencies, procedures, users, utc, write_transaction};
use motcua_domain::{
    AgencyCode, Applicant, Channel, DossierCode, DossierStatus, EventKind, FormKind,
    IntakeDecision, MissingItem, NoticeKind, NoticePreferences, ProcedureCode, ProcedureDefinition,
    ResultDelivery, Role, RuleSet, SlaState, SubmittedDocument, decide_intake, due_soon_instant,
    step_due,
};

use motcua_jobs::Outbox as _;

use crate::app::{App, Services};
use crate::calendars::calendar_error;
use crate::catalogue::procedures::{AgencyRef, definition_of};
use crate::clock::local_date;
use crate::dossiers::notices::queue_applicant_notice;
use crate::dossiers::reads::{
    DossierView, ProcedureRef, Receipt, ReceiptNames, RefusalNotice, SupplementNotice,
    dossier_view, receipt_of,
};
use crate::error::{AppError, AppResult, Reason};
use crate::staff::principal::Principal;

/// A paper dossier at the counter, parsed.
#[derive(Debug, Clone)]
pub struct IntakeCommand {
    /// The procedure asked for.
    pub procedure_code: ProcedureCode,
    /// Who applies.
    pub applicant: Applicant,
    /// The documents handed in.
    pub documents: Vec<SubmittedDocument>,
    /// Where the result goes.
    pub result_delivery: ResultDelivery,
    /// What the clerk asks to complete beyond missing documents.
    pub supplement_requests: Vec<String>,
    /// Why the clerk refuses the dossier; refusal when not empty.
    pub refusal_reasons: Vec<String>,
    /// How the applicant wants notices.
    pub notices: NoticePreferences,
    /// A dossier that came by post (national channel 3): when the post
    /// handed it over to the section, which is its reception instant. None
    /// for a dossier handed in at the counter now.
    pub arrived_by_post_at: Option<DateTime<Utc>>,
}

/// How far back a clerk may date a dossier that came by post: its arrival
/// is recorded the day it is opened, within the week at the latest.
const POST_LATEST_DAYS: i64 = 7;

/// What intake decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IntakeOutcome {
    /// Received: the dossier, its code and due instant, and the receipt.
    Received {
        /// The dossier.
        dossier: Box<DossierView>,
        /// Mẫu 01.
        receipt: Box<Receipt>,
    },
    /// Incomplete: what to bring.
    SupplementNeeded(SupplementNotice),
    /// Refused: recorded under a code, with the notice.
    Refused {
        /// The dossier.
        dossier: Box<DossierView>,
        /// Mẫu 03.
        refusal: RefusalNotice,
    },
}

impl App {
    /// Receives a paper dossier at the counter (clerk). A received dossier
    /// gets the next code of the agency's day and a due instant from the
    /// calendar and the agency's office hours; everything is written in one
    /// transaction or not at all.
    pub async fn receive_dossier(
        &self,
        principal: Principal,
        command: IntakeCommand,
    ) -> AppResult<IntakeOutcome> {
        principal.require(&[Role::Clerk])?;
        self.blocking(move |s| {
            let now = s.clock.now();
            command
                .applicant
                .check_birth_date(local_date(now))
                .map_err(|v| AppError::Validation(vec![v.under("applicant")]))?;
            // By post, the dossier was received when the post handed it
            // over: not later than now, not more than a week ago.
            if let Some(arrived) = command.arrived_by_post_at {
                let field = "arrived_by_post_at";
                if arrived > now {
                    return Err(AppError::invalid(field, "in_the_future", "the post cannot hand it over later than now"));
                }
                if now - arrived > chrono::TimeDelta::days(POST_LATEST_DAYS) {
                    return Err(AppError::invalid(
                        field,
                        "too_old",
                        format!("record a dossier that came by post within {POST_LATEST_DAYS} days of its arrival"),
                    ));
                }
            }
            let received_at = command.arrived_by_post_at.unwrap_or(now);
            let mut conn = s.db.get()?;
            let refusing = !command.refusal_reasons.is_empty();
            let counter =
                Counter::open(&mut conn, &principal, &command.procedure_code, now, refusing)?;
            let definition = definition_of(&counter.version)?;
            let reasons = match decide_intake(
                &definition.documents,
                &command.documents,
                &command.supplement_requests,
                &command.refusal_reasons,
            )? {
                IntakeDecision::RequestSupplement(items) => {
                    let notice = counter.supplement_notice(&mut conn, &command, items)?;
                    return Ok(IntakeOutcome::SupplementNeeded(notice));
                }
                IntakeDecision::Receive => None,
                IntakeDecision::Refuse(reasons) => Some(reasons),
            };
            let reception = Reception {
                agency: &counter.agency,
                version: &counter.version,
                definition: &definition,
                clerk: Some(&counter.clerk),
                command: &command,
                refusal: reasons.as_deref(),
                at: received_at,
            };
            let dossier =
                write_transaction(&mut conn, |conn| s.record_reception(conn, &reception))?;
            s.recount_queues([dossier.agency_id.as_str()]);
            tracing::info!(dossier.code = %dossier.code, status = %dossier.status, "dossier recorded at the counter");
            let view = dossier_view(&mut conn, &dossier, now)?;
            let lookup_url = s.lookup_url(&view.code);
            Ok(counter.outcome(&dossier, view, reasons, &command, lookup_url))
        })
        .await
    }
}

/// The counter a dossier is handed in at: the clerk, their agency, and the
/// procedure version in force that the agency handles.
struct Counter {
    clerk: UserRow,
    agency: AgencyRow,
    procedure: ProcedureRow,
    version: ProcedureVersionRow,
    now: DateTime<Utc>,
}

impl Counter {
    /// The clerk's counter for procedure `code` today; a procedure unknown or
    /// not in force is the clerk's input error, and so is one the agency
    /// does not handle unless the clerk is `refusing` the dossier: that is
    /// how the applicant gets Mẫu 03 saying it is not the agency's to decide
    /// (không thuộc thẩm quyền).
    fn open(
        conn: &mut DbConnection,
        principal: &Principal,
        code: &ProcedureCode,
        now: DateTime<Utc>,
        refusing: bool,
    ) -> AppResult<Counter> {
        let agency = agencies::by_id(conn, &principal.agency_id)?
            .ok_or_else(|| AppError::Forbidden("your agency no longer exists".into()))?;
        let field = "procedure_code";
        let procedure = procedures::by_code(conn, code.as_str())?.ok_or_else(|| {
            AppError::invalid(
                field,
                "unknown_procedure",
                format!("no procedure with code {code}"),
            )
        })?;
        let version = procedures::version_in_force(conn, &procedure.id, local_date(now))?
            .ok_or_else(|| {
                let message = format!("procedure {code} is not in force today");
                AppError::invalid(field, "not_in_force", message)
            })?;
        if !refusing && !procedures::is_handled_by(conn, &procedure.id, &agency.id)? {
            return Err(AppError::invalid(
                field,
                "not_handled_here",
                format!(
                    "your agency does not handle procedure {code}: refuse the dossier with a reason \
                     (refusal_reasons, e.g. \"Hồ sơ không thuộc thẩm quyền giải quyết của {}\") \
                     and give the applicant the refusal, Mẫu 03",
                    agency.name
                ),
            ));
        }
        let clerk = users::by_id(conn, &principal.user_id)?
            .ok_or_else(|| AppError::Unauthenticated("the user no longer exists".into()))?;
        Ok(Counter {
            clerk,
            agency,
            procedure,
            version,
            now,
        })
    }

    fn agency_ref(&self) -> AgencyRef {
        AgencyRef::of(&self.agency)
    }

    fn procedure_ref(&self) -> ProcedureRef {
        ProcedureRef {
            code: self.procedure.code.clone(),
            name: self.version.name.clone(),
        }
    }

    /// Records Mẫu 02 for `items` (no dossier, no code is used).
    fn supplement_notice(
        &self,
        conn: &mut DbConnection,
        command: &IntakeCommand,
        items: Vec<MissingItem>,
    ) -> AppResult<SupplementNotice> {
        let applicant_name = command.applicant.full_name.as_str().to_owned();
        let row = SupplementNoticeRow {
            id: uuid::Uuid::now_v7().to_string(),
            agency_id: self.agency.id.clone(),
            procedure_version_id: self.version.id.clone(),
            applicant_name: applicant_name.clone(),
            items: serde_json::to_string(&items)
                .map_err(|e| AppError::unexpected("notice JSON", e))?,
            issued_by: self.clerk.id.clone(),
            issued_at: utc(self.now),
        };
        write_transaction(conn, |conn| store::insert_supplement_notice(conn, &row))?;
        tracing::info!(agency.code = %self.agency.code, procedure.code = %self.procedure.code, items = items.len(), "supplement requested at the counter");
        let rule_set = RuleSet::for_reception(local_date(self.now));
        let spec = rule_set.form(FormKind::SupplementRequest);
        Ok(SupplementNotice {
            form: spec.number.unwrap_or_default(),
            title: spec.title,
            rule_set,
            id: row.id,
            dossier_code: None,
            agency: self.agency_ref(),
            procedure: self.procedure_ref(),
            applicant_name,
            items,
            issued_at: self.now,
            issued_by: self.clerk.full_name.clone(),
        })
    }

    /// The counter's answer for a recorded dossier: its receipt (Mẫu 01),
    /// or the refusal (Mẫu 03) when `reasons` were given.
    fn outcome(
        &self,
        row: &DossierRow,
        view: DossierView,
        reasons: Option<Vec<String>>,
        command: &IntakeCommand,
        lookup_url: Option<String>,
    ) -> IntakeOutcome {
        let rule_set = RuleSet::for_reception(local_date(self.now));
        match reasons {
            None => IntakeOutcome::Received {
                receipt: Box::new(receipt_of(row, ReceiptNames::of_view(&view), lookup_url)),
                dossier: Box::new(view),
            },
            Some(reasons) => IntakeOutcome::Refused {
                refusal: RefusalNotice {
                    form: rule_set.form(FormKind::Refusal).number.unwrap_or_default(),
                    title: rule_set.form(FormKind::Refusal).title,
                    rule_set,
                    dossier_code: view.code.clone(),
                    agency: self.agency_ref(),
                    procedure: self.procedure_ref(),
                    applicant_name: command.applicant.full_name.as_str().to_owned(),
                    reasons,
                    refused_at: self.now,
                    refused_by: self.clerk.full_name.clone(),
                },
                dossier: Box::new(view),
            },
        }
    }
}

/// A dossier the counter decided to record: received, or refused when
/// `refusal` holds the reasons.
#[derive(Clone)]
pub(crate) struct Reception<'a> {
    pub(crate) agency: &'a AgencyRow,
    pub(crate) version: &'a ProcedureVersionRow,
    pub(crate) definition: &'a ProcedureDefinition,
    /// The clerk at the counter; none for a dossier submitted online, which
    /// waits (status 1) for a clerk to accept it.
    pub(crate) clerk: Option<&'a UserRow>,
    pub(crate) command: &'a IntakeCommand,
    pub(crate) refusal: Option<&'a [String]>,
    pub(crate) at: DateTime<Utc>,
}

/// The clock of a dossier received at an instant: at the counter, or when a
/// clerk accepts it online.
pub(crate) struct Appointment {
    /// When the clock starts: the instant, or the next opening.
    pub(crate) clock_started: DateTime<Utc>,
    /// The appointment (hẹn trả kết quả).
    pub(crate) due: DateTime<Utc>,
    /// One working day before it: the warnings go out.
    pub(crate) due_soon: DateTime<Utc>,
    /// When the reception itself, step 0 of the internal process held by the
    /// one-stop section, is due; none when the procedure lists no steps.
    pub(crate) reception_due: Option<DateTime<Utc>>,
}

impl Appointment {
    /// The clock of a dossier of `definition` received at `at`.
    pub(crate) fn of(
        calendar: &WorkingCalendar,
        definition: &ProcedureDefinition,
        at: DateTime<Utc>,
    ) -> AppResult<Appointment> {
        let clock_started = calendar.next_working_instant(at).map_err(calendar_error)?;
        let due = calendar
            .due(at, definition.processing())
            .map_err(calendar_error)?;
        let due_soon = due_soon_instant(calendar, due).map_err(calendar_error)?;
        let reception_due = definition
            .steps
            .first()
            .map(|step| step_due(calendar, at, step.budget_working_hours))
            .transpose()
            .map_err(calendar_error)?;
        Ok(Appointment {
            clock_started,
            due,
            due_soon,
            reception_due,
        })
    }
}

impl Reception<'_> {
    /// Where the dossier starts: refused, received at the counter, or
    /// submitted online and waiting for a clerk.
    fn status(&self) -> DossierStatus {
        match (self.refusal, self.clerk) {
            (Some(_), _) => DossierStatus::Refused,
            (None, Some(_)) => DossierStatus::Received,
            (None, None) => DossierStatus::Submitted,
        }
    }

    /// The new dossier's row, numbered `sequence` in the agency's day as
    /// `code`, on the clock `appointment` gives.
    fn dossier_row(
        &self,
        (code, sequence): (DossierCode, i32),
        appointment: &Appointment,
        calendar_version: String,
    ) -> AppResult<DossierRow> {
        let status = self.status();
        let channel = match (self.clerk, self.command.arrived_by_post_at) {
            (Some(_), Some(_)) => Channel::Post,
            (Some(_), None) => Channel::Counter,
            (None, _) => Channel::Online,
        };
        let clerk_id = self.clerk.map(|c| c.id.clone());
        let running = status == DossierStatus::Received;
        let applicant = &self.command.applicant;
        let at = utc(self.at);
        Ok(DossierRow {
            id: uuid::Uuid::now_v7().to_string(),
            code: code.to_string(),
            agency_id: self.agency.id.clone(),
            procedure_version_id: self.version.id.clone(),
            channel: i32::from(channel.code()),
            status: status.into(),
            applicant_name: applicant.full_name.as_str().to_owned(),
            applicant_id_number: applicant.id_number.as_ref().map(|n| n.as_str().to_owned()),
            applicant_birth_date: applicant.birth_date,
            applicant_phone: applicant.phone.as_ref().map(|p| p.as_str().to_owned()),
            applicant_email: applicant.email.as_ref().map(|e| e.as_str().to_owned()),
            applicant_address: applicant.address.clone(),
            applicant_organization: applicant.organization.as_ref().map(|o| o.name.clone()),
            applicant_tax_code: applicant
                .organization
                .as_ref()
                .map(|o| o.tax_code.as_str().to_owned()),
            representative: None,
            result_delivery: self.command.result_delivery.method().into(),
            delivery_address: self.command.result_delivery.address().map(str::to_owned),
            received_at: at,
            clock_started_at: utc(appointment.clock_started),
            due_at: utc(appointment.due),
            original_due_at: utc(appointment.due),
            processing_time: self.version.processing_time,
            processing_unit: self.version.processing_unit,
            calendar_version,
            received_by: clerk_id.clone(),
            register_number: sequence,
            refusal_reasons: self
                .refusal
                .map(serde_json::to_string)
                .transpose()
                .map_err(|e| AppError::unexpected("reasons JSON", e))?,
            version: 1,
            created_at: at,
            updated_at: at,
            current_agency_id: Some(self.agency.id.clone()),
            current_unit_id: self.clerk.and_then(|c| c.unit_id.clone()),
            assignee_id: clerk_id.filter(|_| running),
            step_index: 0,
            step_due_at: appointment.reception_due.filter(|_| running).map(utc),
            paused_at: None,
            resume_status: None,
            due_soon_at: Some(utc(appointment.due_soon)),
            sla_state: SlaState::OnTrack.into(),
            sla_check_at: running.then(|| utc(appointment.due_soon)),
            rule_set: RuleSet::for_reception(local_date(self.at)).into(),
            finished_at: (status == DossierStatus::Refused).then_some(at),
            outcome: None,
            result: None,
            returned_at: None,
            return_method: None,
            tracking_number: None,
            late_without_apology: false,
            notify_by: self.command.notices.channels().into(),
            notify_language: self.command.notices.language.into(),
            // Numbered in the register below, once the row exists.
            receipt_year: None,
            receipt_number: None,
        })
    }

    /// The documents handed in, in the order of the checklist.
    fn document_rows(&self, dossier_id: &str) -> Vec<DossierDocumentRow> {
        self.command
            .documents
            .iter()
            .enumerate()
            .map(|(position, doc)| DossierDocumentRow {
                dossier_id: dossier_id.to_owned(),
                position: i32::try_from(position).unwrap_or(i32::MAX),
                name: self.definition.documents[doc.index].name.clone(),
                copy_type: doc.copy_type.into(),
                count: i32::from(doc.count),
            })
            .collect()
    }

    /// The dossier's first event: received, refused or submitted, at step 0
    /// held by whoever received it.
    fn first_event(&self, row: &DossierRow) -> DossierEventRow {
        let status = self.status();
        let (kind, step) = match status {
            DossierStatus::Refused => (EventKind::RefusedAtReception, "Từ chối tiếp nhận hồ sơ"),
            DossierStatus::Submitted => (EventKind::SubmittedOnline, "Nộp hồ sơ trực tuyến"),
            _ if self.command.arrived_by_post_at.is_some() => {
                (EventKind::Received, "Tiếp nhận hồ sơ qua dịch vụ bưu chính")
            }
            _ => (EventKind::Received, "Tiếp nhận hồ sơ"),
        };
        let clerk_id = self.clerk.map(|c| c.id.clone());
        let clerk_unit = self.clerk.and_then(|c| c.unit_id.clone());
        DossierEventRow {
            id: uuid::Uuid::now_v7().to_string(),
            dossier_id: row.id.clone(),
            kind: kind.into(),
            from_status: None,
            to_status: status.into(),
            step_name: step.into(),
            actor_id: clerk_id.clone(),
            unit_id: clerk_unit.clone(),
            note: None,
            at: utc(self.at),
            agency_id: Some(self.agency.id.clone()),
            receiver_agency_id: Some(self.agency.id.clone()),
            receiver_unit_id: clerk_unit,
            receiver_id: clerk_id,
            step_index: Some(0),
            step_due_at: row.step_due_at,
            details: None,
        }
    }
}

impl Services {
    /// Records a dossier at the counter: the next code of the agency's (local)
    /// day, the due instant from the calendar of the agency's office hours,
    /// the dossier, the documents handed in and its first event. Call it inside
    /// a write transaction: the sequence row stays locked until commit.
    pub(crate) fn record_reception(
        &self,
        conn: &mut DbConnection,
        r: &Reception<'_>,
    ) -> AppResult<DossierRow> {
        let hours: OfficeHours = r
            .agency
            .office_hours
            .parse()
            .map_err(|e| AppError::unexpected("stored office hours", e))?;
        let calendar = self.calendars.for_hours(&hours);
        let appointment = Appointment::of(&calendar, r.definition, r.at)?;
        let day = local_date(r.at);
        let agency_code: AgencyCode = r
            .agency
            .code
            .parse()
            .map_err(|e| AppError::unexpected("stored agency code", e))?;
        let sequence = store::next_sequence(conn, &r.agency.id, &day.format("%y%m%d").to_string())?;
        let code = DossierCode::new(&agency_code, day, u32::try_from(sequence).unwrap_or(0))
            .ok_or_else(|| {
                AppError::Conflict(
                    Reason::DayFull,
                    format!(
                        "the agency has numbered {} dossiers today, as many as a dossier code's four digits allow (Circular 01/2018/TT-VPCP Art. 19)",
                        DossierCode::MOST_PER_DAY
                    ),
                )
            })?;
        let row = r.dossier_row(
            (code, sequence),
            &appointment,
            self.calendars.version(&hours),
        )?;
        store::insert(conn, &row)?;
        self.recount_queues([r.agency.id.as_str()]);
        // Received at the counter: entered in the year's register now.
        let row = if r.status() == DossierStatus::Received {
            let year = day.year();
            let number = store::number_receipt(conn, &row.id, &r.agency.id, year)?;
            DossierRow {
                receipt_year: Some(year),
                receipt_number: Some(number),
                ..row
            }
        } else {
            row
        };
        store::insert_documents(conn, &r.document_rows(&row.id))?;
        let event = r.first_event(&row);
        store::insert_event(conn, &event)?;
        // Online, the submission's answer is the acknowledgement; the
        // receipt follows when a clerk accepts.
        let notice = match (r.refusal, r.status()) {
            (Some(reasons), _) => {
                Some((NoticeKind::Refusal, serde_json::json!({"reasons": reasons})))
            }
            (None, DossierStatus::Received) => Some((NoticeKind::Receipt, serde_json::json!({}))),
            _ => None,
        };
        if let Some((notice, details)) = notice {
            queue_applicant_notice(conn, &row, notice, &event.id, details, r.at)?;
        }
        Ok(row)
    }
}
