//! Processing after intake: every transition of DOMAIN.md's status machine
//! as a use case. The runner here checks the caller's role and place, the
//! dossier's version and status, hands the loaded dossier to the action's own
//! function in [`actions`], which decides what changes, and writes the
//! decision and its event in one transaction; a failed check writes nothing.

mod actions;
pub(crate) mod commands;
pub mod fields;
mod lookups;

use chrono::{DateTime, Datelike, Utc};
use motcua_db::dossiers::{self as store, DossierEventRow, DossierRow};
use motcua_db::{DbConnection, procedures, utc, write_transaction};
use motcua_domain::{Action, DossierCode, DossierStatus, SlaState};

use self::actions::{Decide, Decision, SlaChange};
use self::commands::{Actor, DossierAction, check_place};
use crate::app::{App, Services};
use crate::catalogue::procedures::definition_of;
use crate::dossiers::notices::queue_applicant_notice;
use crate::dossiers::reads::{DossierView, dossier_view, own_dossier};
use crate::error::{AppError, AppResult};
use crate::staff::principal::Principal;

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
            // Again after the commit: a queue counted meanwhile read the
            // dossier as it was.
            s.recount_queues([principal.agency_id.as_str(), row.holder_agency_id()]);
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
        let mut updated = self.write_decision(conn, &cx, decision)?;
        // The queues of the agency that held it and of the one that holds
        // it now count it differently from here on.
        self.recount_queues([row.holder_agency_id(), updated.holder_agency_id()]);
        // Accepted online: the receipt is issued now, entered in the year's
        // register of the receiving agency.
        if kind == Action::Accept {
            let year = crate::clock::local_date(now).year();
            let number = store::number_receipt(conn, &row.id, &row.agency_id, year)?;
            updated.receipt_year = Some(year);
            updated.receipt_number = Some(number);
        }
        // The late flag is decided when the dossier ends, not only by the
        // sweep: one that ends late between two sweeps is flagged too.
        if matches!(kind, Action::Finish | Action::Refuse)
            && motcua_jobs::flag_if_ended_late(conn, row, now)?
        {
            return store::by_id(conn, &row.id)?
                .ok_or_else(|| AppError::unexpected("workflow", "dossier vanished"));
        }
        Ok(updated)
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
