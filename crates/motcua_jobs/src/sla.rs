//! The SLA sweep: running dossiers become due soon, then overdue.

use chrono::{DateTime, Duration, Utc};
use motcua_calendar::SlaState;
use motcua_db::apologies::{self, ApologyRow};
use motcua_db::dossiers::{self as store, DossierEventRow, DossierRow};
use motcua_db::{DbConnection, QueryError, from_utc, users, utc};
use motcua_domain::{
    ApologyCause, ApologyState, EventKind, NoticeKind, Role, next_sla_check, sla_state_at,
};
use std::collections::HashMap;

use crate::{Job, JobError, JobOutcome, queue_notice, staff_notice};

/// Dossiers looked at per transaction: bounded so that a backlog (after
/// downtime) never holds SQLite's write lock for long.
pub const SWEEP_BATCH: i64 = 500;

/// The periodic sweep (one row, key `sla_sweep`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SlaSweep {
    /// Seconds between sweeps.
    pub interval_seconds: u32,
}

impl Default for SlaSweep {
    fn default() -> Self {
        SlaSweep {
            interval_seconds: 60,
        }
    }
}

impl<E> Job<E> for SlaSweep {
    const KIND: &'static str = "sla_sweep";
    // A periodic job must never fail for good: after an outage it goes on
    // retrying, at most an hour apart.
    const MAX_ATTEMPTS: i32 = i32::MAX;

    fn run(
        &self,
        _env: &E,
        conn: &mut DbConnection,
        now: DateTime<Utc>,
    ) -> Result<JobOutcome, JobError> {
        let report = sweep_once(conn, now, SWEEP_BATCH)?;
        Ok(if report.more_waiting() {
            // Go on at once, in a new transaction.
            JobOutcome::Again(now)
        } else {
            JobOutcome::Again(now + Duration::seconds(i64::from(self.interval_seconds)))
        })
    }
}

/// What one batch of the sweep did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SweepReport {
    /// Dossiers whose check was due.
    pub looked_at: usize,
    /// Of those, how many became due soon.
    pub due_soon: usize,
    /// And how many became overdue.
    pub overdue: usize,
    /// Staff warnings written to the outbox.
    pub warnings: usize,
    /// Apology notices drafted for the holding unit to complete.
    pub apology_drafts: usize,
    /// Dossiers that passed their due instant with no apology sent.
    pub late_without_apology: usize,
}

impl SweepReport {
    /// Whether the batch was full, so more dossiers may be waiting.
    pub fn more_waiting(&self) -> bool {
        self.looked_at >= usize::try_from(SWEEP_BATCH).unwrap_or(usize::MAX)
    }
}

impl std::ops::AddAssign for SweepReport {
    fn add_assign(&mut self, batch: SweepReport) {
        self.looked_at += batch.looked_at;
        self.due_soon += batch.due_soon;
        self.overdue += batch.overdue;
        self.warnings += batch.warnings;
        self.apology_drafts += batch.apology_drafts;
        self.late_without_apology += batch.late_without_apology;
    }
}

/// Who is warned, per unit and agency, looked up once per batch.
#[derive(Default)]
struct Recipients {
    unit_heads: HashMap<String, Vec<String>>,
    leaders: HashMap<String, Vec<String>>,
    emails: HashMap<String, Option<String>>,
}

impl Recipients {
    /// The handler and the heads of the holding unit; for an overdue dossier
    /// also the agency's leaders, and the leaders whenever nobody else holds
    /// it (DOMAIN.md: warned one working day before; the leader answers for
    /// late dossiers).
    fn of(
        &mut self,
        conn: &mut DbConnection,
        row: &DossierRow,
        state: SlaState,
    ) -> Result<Vec<String>, QueryError> {
        let mut ids: Vec<String> = row.assignee_id.iter().cloned().collect();
        if let Some(unit) = &row.current_unit_id {
            if !self.unit_heads.contains_key(unit) {
                let heads = users::with_role_in_unit(conn, unit, Role::UnitHead)?;
                self.unit_heads.insert(unit.clone(), heads);
            }
            ids.extend(self.unit_heads.get(unit).into_iter().flatten().cloned());
        }
        if ids.is_empty() || state == SlaState::Overdue {
            ids.extend(self.leaders_of(conn, row)?);
        }
        ids.sort_unstable();
        ids.dedup();
        Ok(ids)
    }

    /// A staff member with the e-mail address they gave, if any.
    fn addressed(
        &mut self,
        conn: &mut DbConnection,
        user: String,
    ) -> Result<(String, Option<String>), QueryError> {
        if !self.emails.contains_key(&user) {
            let email = users::by_id(conn, &user)?.and_then(|u| u.email);
            self.emails.insert(user.clone(), email);
        }
        let email = self.emails.get(&user).cloned().flatten();
        Ok((user, email))
    }

    /// The leaders of the agency holding the dossier.
    fn leaders_of(
        &mut self,
        conn: &mut DbConnection,
        row: &DossierRow,
    ) -> Result<Vec<String>, QueryError> {
        let agency = row.holder_agency_id();
        if !self.leaders.contains_key(agency) {
            let leaders = users::with_role_in_agency(conn, agency, Role::Leader)?;
            self.leaders.insert(agency.to_owned(), leaders);
        }
        Ok(self.leaders.get(agency).cloned().unwrap_or_default())
    }
}

/// Flags `row`, whose appointment passed with no apology sent, as late
/// without apology: the flag, the event, and a notice to each leader of the
/// agency holding it, keyed as the sweep keys it so it goes once. Returns the
/// notices written.
fn flag_late(
    conn: &mut DbConnection,
    recipients: &mut Recipients,
    row: &DossierRow,
    payload: &str,
    now: DateTime<Utc>,
) -> Result<usize, QueryError> {
    apologies::flag_late_without_apology(conn, &row.id)?;
    store::insert_event(
        conn,
        &sla_event(
            row,
            EventKind::LateWithoutApology,
            "Quá hạn chưa có văn bản xin lỗi",
            now,
        ),
    )?;
    let mut written = 0;
    for user in recipients.leaders_of(conn, row)? {
        let notice = NoticeKind::LateWithoutApology;
        let key = format!("{notice}:{}:{user}", row.id);
        let to = recipients.addressed(conn, user)?;
        written += usize::from(queue_notice(
            conn,
            &staff_notice(&row.id, notice, key, to, payload, now),
            now,
        )?);
    }
    Ok(written)
}

/// A dossier that ends (its result ready, or refused) at `now`, as it stood
/// before it ended: when its appointment had passed with no apology sent and
/// the sweep had not seen it yet (it ended between two sweeps), it is flagged
/// late without apology now and the leaders are told, as the sweep would
/// have. True when it was flagged.
pub fn flag_if_ended_late(
    conn: &mut DbConnection,
    row: &DossierRow,
    now: DateTime<Utc>,
) -> Result<bool, QueryError> {
    let due = from_utc(row.due_at);
    if row.late_without_apology || now <= due {
        return Ok(false);
    }
    let sent = apologies::of_dossier(conn, &row.id)?
        .iter()
        .any(|a| a.state == ApologyState::Sent);
    if sent {
        return Ok(false);
    }
    let payload = serde_json::json!({
        "dossier_code": row.code,
        "due_at": due,
        "sla_state": SlaState::Overdue.as_str(),
    })
    .to_string();
    flag_late(conn, &mut Recipients::default(), row, &payload, now)?;
    Ok(true)
}

/// An SLA event: staff see it in the history; the public timeline does not.
fn sla_event(row: &DossierRow, kind: EventKind, step: &str, now: DateTime<Utc>) -> DossierEventRow {
    DossierEventRow::same_status(row, uuid::Uuid::now_v7().to_string(), kind, step, utc(now))
}

/// One batch of the sweep at `now`: at most `limit` dossiers whose check is
/// due. Each change of state is guarded by the state it was read in, so a
/// concurrent action or a second sweep never writes an event twice.
pub fn sweep_once(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    limit: i64,
) -> Result<SweepReport, QueryError> {
    let rows = store::due_for_sla_check(conn, utc(now), limit)?;
    let mut report = SweepReport {
        looked_at: rows.len(),
        ..SweepReport::default()
    };
    let mut recipients = Recipients::default();
    for row in rows {
        let current = *row.sla_state;
        let running = row.clock_runs();
        let due = from_utc(row.due_at);
        let due_soon = row.due_soon_at.map_or(due, from_utc);
        let state = sla_state_at(now, due_soon, due);
        let next = if running {
            next_sla_check(state, due_soon, due).map(utc)
        } else {
            None
        };
        let guard = Some((current, utc(now)));
        if !running || state == current {
            store::set_sla(conn, &row.id, guard, current, next)?;
            continue;
        }
        if !store::set_sla(conn, &row.id, guard, state, next)? {
            continue;
        }
        let (kind, warning, step) = match state {
            SlaState::Overdue => (
                EventKind::Overdue,
                NoticeKind::OverdueWarning,
                "Quá hạn giải quyết",
            ),
            _ => (
                EventKind::DueSoon,
                NoticeKind::DueSoonWarning,
                "Sắp đến hạn trả kết quả",
            ),
        };
        match state {
            SlaState::Overdue => report.overdue += 1,
            _ => report.due_soon += 1,
        }
        store::insert_event(conn, &sla_event(&row, kind, step, now))?;
        let payload = serde_json::json!({
            "dossier_code": row.code,
            "due_at": due,
            "sla_state": state.as_str(),
        })
        .to_string();
        let existing = apologies::of_dossier(conn, &row.id)?;
        let sent = existing.iter().any(|a| a.state == ApologyState::Sent);
        let open = existing.iter().any(|a| a.state != ApologyState::Sent);
        let moves = row.rule_set.appointment_moves;
        let moved = existing
            .iter()
            .filter(|a| a.state == ApologyState::Sent)
            .count();
        let may_move = u32::try_from(moved).unwrap_or(u32::MAX) < moves;
        let mut because = (state == SlaState::DueSoon).then_some(ApologyCause::DueSoon);
        if state == SlaState::Overdue && !sent {
            // DOMAIN.md: the due instant passed with no apology: flag it,
            // tell the leader, and prepare a draft for signature.
            report.late_without_apology += 1;
            report.warnings += flag_late(conn, &mut recipients, &row, &payload, now)?;
            because = Some(ApologyCause::LateWithoutApology);
        }
        if state == SlaState::Overdue && sent {
            // Late again, past the appointment the apology set: flagged on
            // the history, and the leaders are told again (DOMAIN.md: the
            // leader answers for late dossiers).
            store::insert_event(
                conn,
                &sla_event(
                    &row,
                    EventKind::MissedNewAppointment,
                    "Quá thời gian hẹn trả lại sau khi đã xin lỗi",
                    now,
                ),
            )?;
            for user in recipients.leaders_of(conn, &row)? {
                let notice = NoticeKind::MissedNewAppointment;
                let key = format!("{notice}:{}:{user}", row.id);
                let to = recipients.addressed(conn, user)?;
                report.warnings += usize::from(queue_notice(
                    conn,
                    &staff_notice(&row.id, notice, key, to, &payload, now),
                    now,
                )?);
            }
        }
        if let Some(because) = because
            && !open
            && may_move
        {
            apologies::insert(
                conn,
                &ApologyRow::draft(uuid::Uuid::now_v7().to_string(), &row, because, utc(now)),
            )?;
            report.apology_drafts += 1;
        }
        for user in recipients.of(conn, &row, state)? {
            // One warning per dossier, state, due instant and person: a new
            // appointment warns again, a replayed sweep does not.
            let key = format!(
                "{warning}:{}:{}:{user}",
                row.id,
                row.due_at.and_utc().timestamp_micros()
            );
            let to = recipients.addressed(conn, user)?;
            let written = queue_notice(
                conn,
                &staff_notice(&row.id, warning, key, to, &payload, now),
                now,
            )?;
            report.warnings += usize::from(written);
        }
    }
    Ok(report)
}
