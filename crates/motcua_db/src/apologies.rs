//! Apology notices and their life: draft, completed, signed, sent.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use motcua_domain::{ApologyCause, ApologyState};

use crate::dossiers::DossierRow;
use crate::schema::apologies;
use crate::stored::Stored;
use crate::{DbConnection, QueryResult};

/// A stored apology notice.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = apologies)]
pub struct ApologyRow {
    /// Its id, a UUID v7.
    pub id: String,
    /// Its dossier.
    pub dossier_id: String,
    /// The agency apologising (the one holding the dossier).
    pub agency_id: String,
    /// Where it is in its life.
    pub state: Stored<ApologyState>,
    /// Why it was drafted.
    pub drafted_because: Stored<ApologyCause>,
    /// The due instant it apologises for.
    pub original_due_at: NaiveDateTime,
    /// Why the result is late.
    pub reason: Option<String>,
    /// The new appointment.
    pub new_due_at: Option<NaiveDateTime>,
    /// When it was drafted (UTC, as every stored instant).
    pub drafted_at: NaiveDateTime,
    /// The user of the holding unit who completed it (reason and new
    /// appointment).
    pub completed_by: Option<String>,
    /// When it was completed (UTC).
    pub completed_at: Option<NaiveDateTime>,
    /// The leader who signed it.
    pub signed_by: Option<String>,
    /// When it was signed (UTC).
    pub signed_at: Option<NaiveDateTime>,
    /// The one-stop officer who sent it.
    pub sent_by: Option<String>,
    /// When it was sent, and the appointment moved (UTC).
    pub sent_at: Option<NaiveDateTime>,
    /// Sent less than the rule set's lead time before the appointment it
    /// moved.
    pub sent_late: bool,
}

impl ApologyRow {
    /// A new draft apology `id` for `dossier`, by the agency holding it,
    /// for its appointment as it stands: what the SLA sweep writes for a late
    /// dossier and what a unit starts from when it apologises first.
    pub fn draft(
        id: String,
        dossier: &DossierRow,
        because: ApologyCause,
        now: NaiveDateTime,
    ) -> ApologyRow {
        ApologyRow {
            id,
            dossier_id: dossier.id.clone(),
            agency_id: dossier.holder_agency_id().to_owned(),
            state: ApologyState::Draft.into(),
            drafted_because: because.into(),
            original_due_at: dossier.due_at,
            reason: None,
            new_due_at: None,
            drafted_at: now,
            completed_by: None,
            completed_at: None,
            signed_by: None,
            signed_at: None,
            sent_by: None,
            sent_at: None,
            sent_late: false,
        }
    }
}

/// Adds an apology.
pub fn insert(conn: &mut DbConnection, row: &ApologyRow) -> QueryResult<()> {
    diesel::insert_into(apologies::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// A dossier's apologies, oldest first.
pub fn of_dossier(conn: &mut DbConnection, dossier_id: &str) -> QueryResult<Vec<ApologyRow>> {
    apologies::table
        .filter(apologies::dossier_id.eq(dossier_id))
        .order((apologies::drafted_at.asc(), apologies::id.asc()))
        .select(ApologyRow::as_select())
        .load(conn)
}

/// Writes a changed apology if it is still in `expected_state`; false when
/// someone moved it on first.
pub fn update_if_state(
    conn: &mut DbConnection,
    row: &ApologyRow,
    expected_state: ApologyState,
) -> QueryResult<bool> {
    let updated = diesel::update(
        apologies::table
            .filter(apologies::id.eq(&row.id))
            .filter(apologies::state.eq(Stored(expected_state))),
    )
    .set((
        apologies::state.eq(&row.state),
        apologies::reason.eq(&row.reason),
        apologies::new_due_at.eq(row.new_due_at),
        apologies::sent_late.eq(row.sent_late),
        apologies::completed_by.eq(&row.completed_by),
        apologies::completed_at.eq(row.completed_at),
        apologies::signed_by.eq(&row.signed_by),
        apologies::signed_at.eq(row.signed_at),
        apologies::sent_by.eq(&row.sent_by),
        apologies::sent_at.eq(row.sent_at),
    ))
    .execute(conn)?;
    Ok(updated == 1)
}

/// Marks a dossier late without apology.
pub fn flag_late_without_apology(conn: &mut DbConnection, dossier_id: &str) -> QueryResult<()> {
    use crate::schema::dossiers;
    diesel::update(dossiers::table.filter(dossiers::id.eq(dossier_id)))
        .set(dossiers::late_without_apology.eq(true))
        .execute(conn)
        .map(|_| ())
}

/// How many apologies agency `agency_id` sent late (less than the lead time
/// before the appointment they moved).
pub fn count_sent_late(conn: &mut DbConnection, agency_id: &str) -> QueryResult<i64> {
    apologies::table
        .filter(apologies::agency_id.eq(agency_id))
        .filter(apologies::sent_late.eq(true))
        .count()
        .get_result(conn)
}

/// Which agency an apology list is for: the one holding the dossier, which
/// writes and signs the apology, or the one that received it, whose
/// one-stop section sends it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Desk {
    /// The agency holding the dossier (the apology's own agency).
    Holding,
    /// The agency that received the dossier.
    Receiving,
}

/// The apologies in `state` on the desk of agency `agency_id`, with their
/// dossiers, oldest first, at most `limit`: what is waiting to be
/// completed, signed or sent. Only dossiers still open count: an apology
/// can no longer move the appointment of one that ended.
pub fn awaiting(
    conn: &mut DbConnection,
    agency_id: &str,
    desk: Desk,
    state: ApologyState,
    limit: i64,
) -> QueryResult<Vec<(ApologyRow, DossierRow)>> {
    use crate::dossiers::{PAUSED, RUNNING};
    use crate::schema::dossiers;
    let open: Vec<Stored<motcua_domain::DossierStatus>> =
        RUNNING.iter().chain(PAUSED.iter()).copied().collect();
    let query = apologies::table
        .inner_join(dossiers::table)
        .filter(apologies::state.eq(Stored(state)))
        .filter(dossiers::status.eq_any(open))
        .into_boxed();
    let query = match desk {
        Desk::Holding => query.filter(apologies::agency_id.eq(agency_id.to_owned())),
        Desk::Receiving => query.filter(dossiers::agency_id.eq(agency_id.to_owned())),
    };
    query
        .order((apologies::drafted_at.asc(), apologies::id.asc()))
        .limit(limit)
        .select((ApologyRow::as_select(), DossierRow::as_select()))
        .load(conn)
}
