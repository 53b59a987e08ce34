//! Apology notices (Phiếu xin lỗi và hẹn lại ngày trả kết quả): completed by
//! the unit holding a late dossier, signed by the agency's leader, sent to the
//! applicant through the one-stop section. Sending moves the appointment; the
//! original due instant is kept and the dossier still counts as late.

use chrono::{DateTime, FixedOffset, Utc};
use motcua_calendar::VIETNAM_OFFSET;
use motcua_db::apologies::{self as store, ApologyRow};
use motcua_db::dossiers::{self as dossiers, DossierChanges, DossierEventRow, DossierRow};
use motcua_db::{DbConnection, agencies, from_utc, procedures, users, utc, write_transaction};
use motcua_domain::{
    Action, ApologyCause, ApologyState, AppointmentError, DossierCode, EventKind, FormKind,
    NoticeKind, Role, RuleSet, SlaState, check_new_appointment, due_soon_instant,
};

use crate::app::{App, Services};
use crate::calendars::calendar_error;
use crate::dossiers::notices::queue_applicant_notice;
use crate::dossiers::reads::{DossierSummary, STAFF, own_dossier, summaries};
use crate::dossiers::workflow::commands::check_place;
use crate::error::{AppError, AppResult, Reason};
use crate::staff::principal::Principal;

/// An apology notice as staff see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApologyView {
    /// Its id (a UUID).
    pub id: String,
    /// Where it is in its life.
    pub state: ApologyState,
    /// "Mẫu 04".
    pub form: &'static str,
    /// The title under the dossier's rule set.
    pub title: &'static str,
    /// Drafted by the sweep when the dossier became due soon
    /// (`due_soon`), when it passed its due instant with no apology
    /// (`late_without_apology`), or by staff (`staff`).
    pub drafted_because: ApologyCause,
    /// The due instant it apologises for.
    pub original_due_at: DateTime<Utc>,
    /// Why the result is late.
    pub reason: Option<String>,
    /// The new appointment.
    pub new_due_at: Option<DateTime<Utc>>,
    /// The new appointment, local time.
    pub new_due_at_local: Option<DateTime<FixedOffset>>,
    /// When the apology was drafted, by the SLA sweep or by staff (UTC).
    pub drafted_at: DateTime<Utc>,
    /// Completed by.
    pub completed_by: Option<String>,
    /// Signed by (the leader).
    pub signed_by: Option<String>,
    /// When the leader signed it (UTC).
    pub signed_at: Option<DateTime<Utc>>,
    /// When it was sent to the applicant and the appointment moved (UTC).
    pub sent_at: Option<DateTime<Utc>>,
    /// Sent less than the rule set's lead time (one working day) before
    /// the appointment it moved.
    pub sent_late: bool,
}

/// An apology waiting on an agency's desk, with its dossier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApologyWork {
    /// The apology.
    pub apology: ApologyView,
    /// Its dossier, as a work list shows it.
    pub dossier: DossierSummary,
}

/// The longest list of waiting apologies one call returns: more than a
/// day's work, fewer than a page can carry.
pub const APOLOGIES_AWAITING_LIMIT: i64 = 200;

/// What the printed notice says besides the apology itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApologyNotice {
    /// The notice.
    pub apology: ApologyView,
    /// The dossier's rule set, which words the notice.
    pub rule_set: RuleSet,
    /// Dossier code.
    pub dossier_code: String,
    /// The agency apologising.
    pub agency_name: String,
    /// The applicant (organisation or person).
    pub applicant_name: String,
    /// The applicant's address.
    pub applicant_address: String,
    /// The procedure's name.
    pub procedure_name: String,
    /// When the dossier was received.
    pub received_at: DateTime<Utc>,
}

/// The printed notice of apology `id` on dossier `row`.
pub(crate) fn notice_of(
    conn: &mut DbConnection,
    row: &DossierRow,
    id: &str,
) -> AppResult<ApologyNotice> {
    let apology = apology_of(&store::of_dossier(conn, &row.id)?, id)?;
    let names = names(conn, std::slice::from_ref(&apology))?;
    let agency = agencies::by_id(conn, &apology.agency_id)?
        .ok_or_else(|| AppError::unexpected("apology", "agency missing"))?;
    let version = procedures::version_by_id(conn, &row.procedure_version_id)?
        .ok_or_else(|| AppError::unexpected("apology", "procedure version missing"))?;
    Ok(ApologyNotice {
        apology: view(&apology, &rules_of(row), &names),
        rule_set: rules_of(row),
        dossier_code: row.code.clone(),
        agency_name: agency.name,
        applicant_name: row
            .applicant_organization
            .clone()
            .unwrap_or_else(|| row.applicant_name.clone()),
        applicant_address: row.applicant_address.clone(),
        procedure_name: version.name,
        received_at: from_utc(row.received_at),
    })
}

fn names(
    conn: &mut DbConnection,
    rows: &[ApologyRow],
) -> AppResult<std::collections::HashMap<String, String>> {
    let ids: Vec<String> = rows
        .iter()
        .flat_map(|a| [a.completed_by.clone(), a.signed_by.clone()])
        .flatten()
        .collect();
    Ok(users::names(conn, &ids)?.into_iter().collect())
}

fn view(
    row: &ApologyRow,
    rules: &RuleSet,
    names: &std::collections::HashMap<String, String>,
) -> ApologyView {
    let name = |id: &Option<String>| id.as_ref().and_then(|id| names.get(id)).cloned();
    ApologyView {
        id: row.id.clone(),
        state: *row.state,
        form: rules.form(FormKind::Apology).number.unwrap_or_default(),
        title: rules.form(FormKind::Apology).title,
        drafted_because: *row.drafted_because,
        original_due_at: from_utc(row.original_due_at),
        reason: row.reason.clone(),
        new_due_at: row.new_due_at.map(from_utc),
        new_due_at_local: row
            .new_due_at
            .map(|t| from_utc(t).with_timezone(&VIETNAM_OFFSET)),
        drafted_at: from_utc(row.drafted_at),
        completed_by: name(&row.completed_by),
        signed_by: name(&row.signed_by),
        signed_at: row.signed_at.map(from_utc),
        sent_at: row.sent_at.map(from_utc),
        sent_late: row.sent_late,
    }
}

fn rules_of(row: &DossierRow) -> RuleSet {
    *row.rule_set
}

/// The dossier must still be running for its appointment to move.
fn still_open(row: &DossierRow) -> AppResult<()> {
    if dossiers::RUNNING.contains(&row.status) || dossiers::PAUSED.contains(&row.status) {
        Ok(())
    } else {
        Err(AppError::IllegalTransition(format!(
            "dossier {} is {}: there is no appointment left to move",
            row.code, row.status
        )))
    }
}

fn apology_of(list: &[ApologyRow], id: &str) -> AppResult<ApologyRow> {
    list.iter()
        .find(|a| a.id == id)
        .cloned()
        .ok_or_else(|| AppError::missing(Reason::NoSuchApology, id))
}

/// How often the appointment was moved: the apologies sent.
fn moves(list: &[ApologyRow]) -> u32 {
    u32::try_from(
        list.iter()
            .filter(|a| a.state == ApologyState::Sent)
            .count(),
    )
    .unwrap_or(u32::MAX)
}

fn changed_meanwhile() -> AppError {
    AppError::PreconditionFailed("the apology changed meanwhile: read it again".into())
}

/// One apology as staff see it, with its people's names.
fn view_one(
    conn: &mut DbConnection,
    row: &DossierRow,
    apology: &ApologyRow,
) -> AppResult<ApologyView> {
    let names = names(conn, std::slice::from_ref(apology))?;
    Ok(view(apology, &rules_of(row), &names))
}

fn moved_to(error: AppointmentError) -> AppError {
    match error {
        AppointmentError::Invalid(violation) => AppError::Validation(vec![violation]),
        e @ AppointmentError::NoMoreMoves { .. } => {
            AppError::Conflict(Reason::NoMoreMoves, e.to_string())
        }
    }
}

impl Services {
    fn apology_views(
        &self,
        conn: &mut DbConnection,
        row: &DossierRow,
    ) -> AppResult<Vec<ApologyView>> {
        let list = store::of_dossier(conn, &row.id)?;
        let names = names(conn, &list)?;
        let rules = rules_of(row);
        Ok(list.iter().map(|a| view(a, &rules, &names)).collect())
    }
}

impl App {
    /// The apologies in `state` waiting on the caller's agency, oldest
    /// first: drafts to complete and completed ones to sign where it holds
    /// the dossier, signed ones to send where it received it. Sent ones are
    /// read on their dossiers.
    pub async fn apologies_awaiting(
        &self,
        principal: Principal,
        state: ApologyState,
    ) -> AppResult<Vec<ApologyWork>> {
        principal.require(&STAFF)?;
        let desk = match state {
            ApologyState::Draft | ApologyState::Completed => store::Desk::Holding,
            ApologyState::Signed => store::Desk::Receiving,
            ApologyState::Sent => {
                return Err(AppError::invalid(
                    "state",
                    "not_awaiting",
                    "a sent apology waits for nothing: read it on its dossier",
                ));
            }
        };
        self.blocking(move |s| {
            let now = s.clock.now();
            let mut conn = s.db.get()?;
            let found = store::awaiting(
                &mut conn,
                &principal.agency_id,
                desk,
                state,
                APOLOGIES_AWAITING_LIMIT,
            )?;
            let (apologies, rows): (Vec<ApologyRow>, Vec<DossierRow>) = found.into_iter().unzip();
            let names = names(&mut conn, &apologies)?;
            let lines = summaries(&mut conn, &rows, now)?;
            Ok(apologies
                .iter()
                .zip(rows.iter())
                .zip(lines)
                .map(|((apology, row), dossier)| ApologyWork {
                    apology: view(apology, &rules_of(row), &names),
                    dossier,
                })
                .collect())
        })
        .await
    }

    /// A dossier's apology notices, oldest first.
    pub async fn list_apologies(
        &self,
        principal: Principal,
        code: DossierCode,
    ) -> AppResult<Vec<ApologyView>> {
        principal.require(&STAFF)?;
        self.blocking(move |s| {
            let mut conn = s.db.get()?;
            let row = own_dossier(&mut conn, &principal, &code)?;
            s.apology_views(&mut conn, &row)
        })
        .await
    }

    /// One apology notice with what its printed form needs.
    pub async fn apology_notice(
        &self,
        principal: Principal,
        code: DossierCode,
        id: String,
    ) -> AppResult<ApologyNotice> {
        principal.require(&STAFF)?;
        self.blocking(move |s| {
            let mut conn = s.db.get()?;
            let row = own_dossier(&mut conn, &principal, &code)?;
            notice_of(&mut conn, &row, &id)
        })
        .await
    }

    /// The unit holding a late dossier writes the apology: the reason and the
    /// new appointment. Completes the open draft, or starts one.
    pub async fn complete_apology(
        &self,
        principal: Principal,
        code: DossierCode,
        reason: String,
        new_due_at: DateTime<Utc>,
    ) -> AppResult<ApologyView> {
        principal.require(&[Role::Specialist, Role::UnitHead, Role::Leader])?;
        self.blocking(move |s| {
            let now = s.clock.now();
            let mut conn = s.db.get()?;
            let (row, apology) = write_transaction(&mut conn, |conn| -> AppResult<(DossierRow, ApologyRow)> {
                let row = own_dossier(conn, &principal, &code)?;
                check_place(&principal, &row, Action::HandOver)?;
                still_open(&row)?;
                let rules = rules_of(&row);
                let list = store::of_dossier(conn, &row.id)?;
                let moved = moves(&list);
                let holder = row.holder_agency_id().to_owned();
                let calendar = s.calendars.of_agency(conn, &holder)?;
                check_new_appointment(&calendar, &rules, from_utc(row.due_at), new_due_at, moved).map_err(moved_to)?;
                let open = list.iter().find(|a| a.state != ApologyState::Sent).cloned();
                let mut apology = match open {
                    Some(a) if a.state == ApologyState::Signed => {
                        return Err(AppError::Conflict(Reason::ApologySignedAlready,
                            "the apology is signed already; send it, or have the leader sign a new one after it is sent".into(),
                        ));
                    }
                    Some(a) => a,
                    None => {
                        let fresh = ApologyRow::draft(
                            uuid::Uuid::now_v7().to_string(),
                            &row,
                            ApologyCause::Staff,
                            utc(now),
                        );
                        store::insert(conn, &fresh)?;
                        fresh
                    }
                };
                let before = *apology.state;
                apology.state = ApologyState::Completed.into();
                apology.original_due_at = row.due_at;
                apology.reason = Some(reason.clone());
                apology.new_due_at = Some(utc(new_due_at));
                apology.completed_by = Some(principal.user_id.clone());
                apology.completed_at = Some(utc(now));
                if !store::update_if_state(conn, &apology, before)? {
                    return Err(changed_meanwhile());
                }
                Ok((row, apology))
            })?;
            view_one(&mut conn, &row, &apology)
        })
        .await
    }

    /// The leader of the agency holding the dossier signs a completed apology.
    pub async fn sign_apology(
        &self,
        principal: Principal,
        code: DossierCode,
        id: String,
    ) -> AppResult<ApologyView> {
        principal.require(&[Role::Leader])?;
        self.blocking(move |s| {
            let now = s.clock.now();
            let mut conn = s.db.get()?;
            let (row, apology) = write_transaction(&mut conn, |conn| -> AppResult<(DossierRow, ApologyRow)> {
                let row = own_dossier(conn, &principal, &code)?;
                let mut apology = apology_of(&store::of_dossier(conn, &row.id)?, &id)?;
                if apology.agency_id != principal.agency_id {
                    return Err(AppError::Forbidden("the leader of the agency that apologises signs".into()));
                }
                if apology.state != ApologyState::Completed {
                    return Err(AppError::IllegalTransition(format!(
                        "the apology is {}: only a completed apology (reason and new appointment) is signed",
                        apology.state
                    )));
                }
                still_open(&row)?;
                apology.state = ApologyState::Signed.into();
                apology.signed_by = Some(principal.user_id.clone());
                apology.signed_at = Some(utc(now));
                if !store::update_if_state(conn, &apology, ApologyState::Completed)? {
                    return Err(changed_meanwhile());
                }
                Ok((row, apology))
            })?;
            view_one(&mut conn, &row, &apology)
        })
        .await
    }

    /// The one-stop section of the receiving agency sends a signed apology:
    /// the appointment moves to the new one (the original is kept), the event
    /// is written and the applicant's notice goes into the outbox.
    pub async fn send_apology(
        &self,
        principal: Principal,
        code: DossierCode,
        id: String,
    ) -> AppResult<ApologyView> {
        principal.require(&[Role::Clerk])?;
        self.blocking(move |s| {
            let now = s.clock.now();
            let mut conn = s.db.get()?;
            let (row, apology) = write_transaction(&mut conn, |conn| {
                s.send_signed_apology(conn, &principal, &code, &id, now)
            })?;
            tracing::info!(dossier.code = %row.code, "apology sent");
            view_one(&mut conn, &row, &apology)
        })
        .await
    }
}

impl Services {
    /// Marks apology `id` of dossier `code` sent and moves the appointment;
    /// the dossier as it was before, and the apology as sent.
    fn send_signed_apology(
        &self,
        conn: &mut DbConnection,
        principal: &Principal,
        code: &DossierCode,
        id: &str,
        now: DateTime<Utc>,
    ) -> AppResult<(DossierRow, ApologyRow)> {
        let row = own_dossier(conn, principal, code)?;
        if row.agency_id != principal.agency_id {
            return Err(AppError::Forbidden(
                "the one-stop section of the agency that received the dossier sends its apology"
                    .into(),
            ));
        }
        let list = store::of_dossier(conn, &row.id)?;
        let mut apology = apology_of(&list, id)?;
        if apology.state != ApologyState::Signed {
            return Err(AppError::IllegalTransition(format!(
                "the apology is {}: only a signed apology is sent",
                apology.state
            )));
        }
        still_open(&row)?;
        let new_due = apology
            .new_due_at
            .map(from_utc)
            .ok_or_else(|| AppError::unexpected("apology", "signed without a new appointment"))?;
        if new_due <= now {
            return Err(AppError::Conflict(
                Reason::AppointmentPassed,
                "the new appointment has passed: complete the apology again with a later one"
                    .into(),
            ));
        }
        let calendar = self.calendars.of_agency(conn, row.holder_agency_id())?;
        check_new_appointment(
            &calendar,
            &rules_of(&row),
            from_utc(row.due_at),
            new_due,
            moves(&list),
        )
        .map_err(moved_to)?;
        // Sent later than the lead time before the appointment it moves:
        // accepted, but marked for the statistics and the leader.
        let lead = i64::from(rules_of(&row).apology_lead_working_days)
            * calendar.working_day().as_micros();
        let left = calendar
            .working_time_between(now, from_utc(row.due_at))
            .map_err(calendar_error)?;
        apology.sent_late = left.as_micros() < lead;
        apology.state = ApologyState::Sent.into();
        apology.sent_by = Some(principal.user_id.clone());
        apology.sent_at = Some(utc(now));
        if !store::update_if_state(conn, &apology, ApologyState::Signed)? {
            return Err(changed_meanwhile());
        }
        let due_soon = due_soon_instant(&calendar, new_due).map_err(calendar_error)?;
        move_appointment(conn, principal, &row, &apology, (new_due, due_soon), now)?;
        Ok((row, apology))
    }
}

/// Moves the appointment of `row` to `new_due` as `apology` says (the
/// original stays in `original_due_at` for statistics), writes the event and
/// puts the applicant's notice in the outbox.
fn move_appointment(
    conn: &mut DbConnection,
    principal: &Principal,
    row: &DossierRow,
    apology: &ApologyRow,
    (new_due, due_soon): (DateTime<Utc>, DateTime<Utc>),
    now: DateTime<Utc>,
) -> AppResult<()> {
    let mut changes = DossierChanges::from(row);
    changes.due_at = utc(new_due);
    changes.due_soon_at = Some(utc(due_soon));
    changes.updated_at = utc(now);
    if !dossiers::update_if_version(conn, &row.id, row.version, &changes)? {
        return Err(AppError::PreconditionFailed(format!(
            "dossier {} changed while the apology was sent: try again",
            row.code
        )));
    }
    if row.clock_runs() {
        dossiers::set_sla(conn, &row.id, None, SlaState::OnTrack, Some(utc(now)))?;
    }
    let original_due = from_utc(row.due_at);
    dossiers::insert_event(
        conn,
        &DossierEventRow {
            actor_id: Some(principal.user_id.clone()),
            unit_id: principal.unit_id.clone(),
            note: apology.reason.clone(),
            agency_id: Some(principal.agency_id.clone()),
            details: Some(
                serde_json::json!({"apology_id": apology.id, "original_due_at": original_due, "new_due_at": new_due})
                    .to_string(),
            ),
            ..DossierEventRow::same_status(
                row,
                uuid::Uuid::now_v7().to_string(),
                EventKind::ApologySent,
                "Xin lỗi và hẹn lại ngày trả kết quả",
                utc(now),
            )
        },
    )?;
    // To the applicant, by the contacts given at intake.
    queue_applicant_notice(
        conn,
        row,
        NoticeKind::Apology,
        &apology.id,
        serde_json::json!({
            "apology_id": apology.id,
            "reason": apology.reason,
            "original_due_at": original_due,
            "new_due_at": new_due,
            "due_at": new_due,
        }),
        now,
    )?;
    Ok(())
}
