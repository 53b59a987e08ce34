//! The register of dossiers (Sổ theo dõi hồ sơ): the lines an agency's
//! one-stop section entered in a period, in the order of their receipt
//! numbers, with what the register's columns need.

use chrono::NaiveDateTime;
use diesel::dsl::min;
use diesel::prelude::*;
use motcua_domain::{DeliveryMethod, DossierStatus, EventKind, Outcome};

use crate::schema::{agencies, dossier_events, dossiers, procedure_versions};
use crate::stored::Stored;
use crate::{DbConnection, QueryResult};

/// One line of the register.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = dossiers)]
pub struct RegisterRow {
    /// Dossier id.
    pub id: String,
    /// Dossier code.
    pub code: String,
    /// The register's year (its book).
    pub receipt_year: Option<i32>,
    /// The line in that book.
    pub receipt_number: Option<i32>,
    /// The procedure version it was received under (its name is read
    /// apart: a join lets the planner read every line before sorting).
    pub procedure_version_id: String,
    /// The applicant (person).
    pub applicant_name: String,
    /// The organisation, when one applied.
    pub applicant_organization: Option<String>,
    /// Address (personal data: the register is for staff).
    pub applicant_address: String,
    /// Phone (personal data).
    pub applicant_phone: Option<String>,
    /// The receiving agency.
    pub agency_id: String,
    /// The agency holding it after a transfer.
    pub current_agency_id: Option<String>,
    /// Where it stands.
    pub status: Stored<DossierStatus>,
    /// Received at the counter, or accepted online (UTC).
    pub received_at: NaiveDateTime,
    /// The appointment now.
    pub due_at: NaiveDateTime,
    /// The first appointment (differs after an apology).
    pub original_due_at: NaiveDateTime,
    /// When the result was ready, or the dossier refused or stopped.
    pub finished_at: Option<NaiveDateTime>,
    /// Early, on time or late.
    pub outcome: Option<Stored<Outcome>>,
    /// When the result was handed over.
    pub returned_at: Option<NaiveDateTime>,
    /// How it was handed over.
    pub return_method: Option<Stored<DeliveryMethod>>,
    /// The post's tracking number.
    pub tracking_number: Option<String>,
}

/// The lines of `agency_id`'s register received in `[from, to)` (UTC),
/// by book and line; at most `limit`.
pub fn lines(
    conn: &mut DbConnection,
    agency_id: &str,
    from: NaiveDateTime,
    to: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<RegisterRow>> {
    dossiers::table
        .filter(dossiers::agency_id.eq(agency_id))
        .filter(dossiers::receipt_number.is_not_null())
        .filter(dossiers::received_at.ge(from))
        .filter(dossiers::received_at.lt(to))
        .order((dossiers::receipt_year.asc(), dossiers::receipt_number.asc()))
        .limit(limit)
        .select(RegisterRow::as_select())
        .load(conn)
}

/// Where a page of the register's export ends: the last line's reception
/// and id.
pub type RegisterCursor = (NaiveDateTime, String);

/// A page of the lines of `agency_id`'s register received in `[from, to)`
/// (UTC), in the order of reception, after `after`; at most `limit`. The
/// export reads the register a page at a time, each through the index on
/// agency and reception, so a register of any length costs one page of
/// memory.
pub fn lines_page(
    conn: &mut DbConnection,
    agency_id: &str,
    (from, to): (NaiveDateTime, NaiveDateTime),
    after: Option<&RegisterCursor>,
    limit: i64,
) -> QueryResult<Vec<RegisterRow>> {
    // One lower bound, where the page starts: SQLite ranges over an index
    // from one bound only, and given two it may start every page at the
    // period's beginning.
    let start = after.map_or(from, |(at, _)| from.max(*at));
    let mut query = dossiers::table
        .filter(dossiers::agency_id.eq(agency_id))
        .filter(dossiers::receipt_number.is_not_null())
        .filter(dossiers::received_at.ge(start))
        .filter(dossiers::received_at.lt(to))
        .into_boxed();
    if let Some((at, id)) = after {
        query = query.filter(
            dossiers::received_at
                .gt(*at)
                .or(dossiers::id.gt(id.clone())),
        );
    }
    query
        .order((dossiers::received_at.asc(), dossiers::id.asc()))
        .limit(limit)
        .select(RegisterRow::as_select())
        .load(conn)
}

/// For each of these dossiers handed on to be decided, when it first was.
pub fn first_handed_on_of(
    conn: &mut DbConnection,
    ids: &[String],
) -> QueryResult<Vec<(String, Option<NaiveDateTime>)>> {
    crate::in_chunks(ids, |chunk| {
        dossier_events::table
            .filter(dossier_events::dossier_id.eq_any(chunk))
            .filter(dossier_events::kind.eq_any(HANDED_ON))
            .group_by(dossier_events::dossier_id)
            .select((dossier_events::dossier_id, min(dossier_events::at)))
            .load(conn)
    })
}

/// The events that take a dossier from the one-stop section to whoever
/// decides it: its first is the register's "chuyển hồ sơ" column.
const HANDED_ON: [Stored<EventKind>; 3] = [
    Stored(EventKind::Assigned),
    Stored(EventKind::HandedOver),
    Stored(EventKind::Transferred),
];

/// The names of these procedure versions, by id.
pub fn version_names(
    conn: &mut DbConnection,
    ids: &[String],
) -> QueryResult<Vec<(String, String)>> {
    procedure_versions::table
        .filter(procedure_versions::id.eq_any(ids))
        .select((procedure_versions::id, procedure_versions::name))
        .load(conn)
}

/// The names of these agencies, by id.
pub fn agency_names(conn: &mut DbConnection, ids: &[String]) -> QueryResult<Vec<(String, String)>> {
    agencies::table
        .filter(agencies::id.eq_any(ids))
        .select((agencies::id, agencies::name))
        .load(conn)
}
