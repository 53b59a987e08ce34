//! Dossiers, their documents and events, the daily code sequence, and the
//! supplement notices given at the counter.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::{Integer, Text};

use crate::schema::{dossier_documents, dossier_events, dossiers, supplement_notices};
use crate::{DbConnection, QueryResult};

/// A stored dossier.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = dossiers)]
pub struct DossierRow {
    /// UUID.
    pub id: String,
    /// Dossier code, unique.
    pub code: String,
    /// The agency holding it.
    pub agency_id: String,
    /// The procedure version it started on.
    pub procedure_version_id: String,
    /// National channel code.
    pub channel: i32,
    /// Status name.
    pub status: String,
    /// Applicant's full name.
    pub applicant_name: String,
    /// Citizen identity number.
    pub applicant_id_number: Option<String>,
    /// Date of birth.
    pub applicant_birth_date: Option<NaiveDate>,
    /// Phone.
    pub applicant_phone: Option<String>,
    /// E-mail.
    pub applicant_email: Option<String>,
    /// Address.
    pub applicant_address: String,
    /// Organisation name.
    pub applicant_organization: Option<String>,
    /// Organisation tax code.
    pub applicant_tax_code: Option<String>,
    /// Representative, JSON.
    pub representative: Option<String>,
    /// `counter` or `post`.
    pub result_delivery: String,
    /// Address for the post.
    pub delivery_address: Option<String>,
    /// When the counter received it.
    pub received_at: NaiveDateTime,
    /// When its clock started (the next opening, if received after hours).
    pub clock_started_at: NaiveDateTime,
    /// Current due instant.
    pub due_at: NaiveDateTime,
    /// The first due instant, kept for statistics.
    pub original_due_at: NaiveDateTime,
    /// Processing time value, copied from the procedure version.
    pub processing_time: i32,
    /// Processing time unit.
    pub processing_unit: String,
    /// The calendar that computed `due_at`.
    pub calendar_version: String,
    /// The clerk who received it.
    pub received_by: Option<String>,
    /// The day's sequence number (Sổ theo dõi hồ sơ line).
    pub register_number: i32,
    /// Refusal reasons, JSON.
    pub refusal_reasons: Option<String>,
    /// Optimistic-lock version.
    pub version: i32,
    /// Created.
    pub created_at: NaiveDateTime,
    /// Last changed.
    pub updated_at: NaiveDateTime,
}

/// A document handed in with a dossier.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = dossier_documents)]
pub struct DossierDocumentRow {
    /// Its dossier.
    pub dossier_id: String,
    /// Order on the receipt.
    pub position: i32,
    /// Name.
    pub name: String,
    /// Form handed in.
    pub copy_type: String,
    /// How many.
    pub count: i32,
}

/// One entry of a dossier's history.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = dossier_events)]
pub struct DossierEventRow {
    /// UUID (v7, so ids sort in time).
    pub id: String,
    /// Its dossier.
    pub dossier_id: String,
    /// What happened.
    pub kind: String,
    /// Status before.
    pub from_status: Option<String>,
    /// Status after.
    pub to_status: String,
    /// The public name of the step.
    pub step_name: String,
    /// Who did it.
    pub actor_id: Option<String>,
    /// In which unit.
    pub unit_id: Option<String>,
    /// Remarks.
    pub note: Option<String>,
    /// When.
    pub at: NaiveDateTime,
}

/// A Mẫu 02 guidance given at the counter.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = supplement_notices)]
pub struct SupplementNoticeRow {
    /// UUID.
    pub id: String,
    /// The agency that gave it.
    pub agency_id: String,
    /// The procedure version asked for.
    pub procedure_version_id: String,
    /// Applicant's name.
    pub applicant_name: String,
    /// What is missing, JSON.
    pub items: String,
    /// The clerk.
    pub issued_by: String,
    /// When.
    pub issued_at: NaiveDateTime,
}

#[derive(QueryableByName)]
struct SequenceValue {
    #[diesel(sql_type = Integer)]
    last_value: i32,
}

/// The next sequence number of `agency_id` on `day` (yymmdd). One statement
/// that both backends run atomically; inside the caller's transaction the row
/// stays locked until commit, so two intakes never get the same number and a
/// rolled-back intake gives its number back instead of leaving a gap.
pub fn next_sequence(conn: &mut DbConnection, agency_id: &str, day: &str) -> QueryResult<i32> {
    // $1, $2 in ascending order, each once: the one placeholder style both
    // PostgreSQL and SQLite read the same way.
    diesel::sql_query(
        "INSERT INTO dossier_sequences (agency_id, day, last_value) VALUES ($1, $2, 1) \
         ON CONFLICT (agency_id, day) DO UPDATE SET last_value = dossier_sequences.last_value + 1 \
         RETURNING last_value",
    )
    .bind::<Text, _>(agency_id)
    .bind::<Text, _>(day)
    .get_result::<SequenceValue>(conn)
    .map(|row| row.last_value)
}

/// Adds a dossier.
pub fn insert(conn: &mut DbConnection, row: &DossierRow) -> QueryResult<()> {
    diesel::insert_into(dossiers::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// Adds the documents handed in.
pub fn insert_documents(conn: &mut DbConnection, rows: &[DossierDocumentRow]) -> QueryResult<()> {
    for row in rows {
        diesel::insert_into(dossier_documents::table)
            .values(row)
            .execute(conn)?;
    }
    Ok(())
}

/// Appends an event.
pub fn insert_event(conn: &mut DbConnection, row: &DossierEventRow) -> QueryResult<()> {
    diesel::insert_into(dossier_events::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// Records a Mẫu 02 guidance.
pub fn insert_supplement_notice(
    conn: &mut DbConnection,
    row: &SupplementNoticeRow,
) -> QueryResult<()> {
    diesel::insert_into(supplement_notices::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// The dossier with this code.
pub fn by_code(conn: &mut DbConnection, code: &str) -> QueryResult<Option<DossierRow>> {
    dossiers::table
        .filter(dossiers::code.eq(code))
        .select(DossierRow::as_select())
        .first(conn)
        .optional()
}

/// The documents of a dossier, in order.
pub fn documents_of(
    conn: &mut DbConnection,
    dossier_id: &str,
) -> QueryResult<Vec<DossierDocumentRow>> {
    dossier_documents::table
        .filter(dossier_documents::dossier_id.eq(dossier_id))
        .order(dossier_documents::position.asc())
        .select(DossierDocumentRow::as_select())
        .load(conn)
}

/// The history of a dossier, oldest first.
pub fn events_of(conn: &mut DbConnection, dossier_id: &str) -> QueryResult<Vec<DossierEventRow>> {
    dossier_events::table
        .filter(dossier_events::dossier_id.eq(dossier_id))
        .order((dossier_events::at.asc(), dossier_events::id.asc()))
        .select(DossierEventRow::as_select())
        .load(conn)
}

/// A staff work list: filters, and where the previous page ended.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    /// Only these statuses (all when empty).
    pub statuses: Vec<String>,
    /// Only this procedure (any version).
    pub procedure_id: Option<String>,
    /// Received at or after.
    pub received_from: Option<NaiveDateTime>,
    /// Received before.
    pub received_until: Option<NaiveDateTime>,
    /// Due before.
    pub due_before: Option<NaiveDateTime>,
    /// After this (`due_at`, `id`), for the next page.
    pub after: Option<(NaiveDateTime, String)>,
}

/// One page of an agency's dossiers sorted by due instant then id.
pub fn list(
    conn: &mut DbConnection,
    agency_id: &str,
    filter: &ListFilter,
    limit: i64,
) -> QueryResult<Vec<DossierRow>> {
    use crate::schema::procedure_versions;
    let mut query = dossiers::table
        .filter(dossiers::agency_id.eq(agency_id.to_owned()))
        .into_boxed();
    if !filter.statuses.is_empty() {
        query = query.filter(dossiers::status.eq_any(filter.statuses.clone()));
    }
    if let Some(procedure_id) = &filter.procedure_id {
        query = query.filter(
            dossiers::procedure_version_id.eq_any(
                procedure_versions::table
                    .filter(procedure_versions::procedure_id.eq(procedure_id.clone()))
                    .select(procedure_versions::id),
            ),
        );
    }
    if let Some(from) = filter.received_from {
        query = query.filter(dossiers::received_at.ge(from));
    }
    if let Some(until) = filter.received_until {
        query = query.filter(dossiers::received_at.lt(until));
    }
    if let Some(due) = filter.due_before {
        query = query.filter(dossiers::due_at.lt(due));
    }
    if let Some((due, id)) = &filter.after {
        query = query.filter(
            dossiers::due_at
                .gt(*due)
                .or(dossiers::due_at.eq(*due).and(dossiers::id.gt(id.clone()))),
        );
    }
    query
        .order((dossiers::due_at.asc(), dossiers::id.asc()))
        .limit(limit)
        .select(DossierRow::as_select())
        .load(conn)
}

/// How many dossiers there are (all agencies).
pub fn count(conn: &mut DbConnection) -> QueryResult<i64> {
    dossiers::table.count().get_result(conn)
}

/// How many supplement notices there are (all agencies).
pub fn count_supplement_notices(conn: &mut DbConnection) -> QueryResult<i64> {
    supplement_notices::table.count().get_result(conn)
}

/// What the public lookup needs of a dossier, in one query.
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct PublicRow {
    /// Dossier id.
    pub id: String,
    /// Code.
    pub code: String,
    /// Status name.
    pub status: String,
    /// Channel code.
    pub channel: i32,
    /// Applicant's name (the caller masks it).
    pub applicant_name: String,
    /// Organisation name, if an organisation applied.
    pub applicant_organization: Option<String>,
    /// Received.
    pub received_at: NaiveDateTime,
    /// Due now.
    pub due_at: NaiveDateTime,
    /// Due first.
    pub original_due_at: NaiveDateTime,
    /// Agency code.
    pub agency_code: String,
    /// Agency name.
    pub agency_name: String,
    /// Procedure code.
    pub procedure_code: String,
    /// Procedure name at the dossier's version.
    pub procedure_name: String,
}

/// The public view of a dossier and its timeline: the dossier joined with its
/// agency, its procedure and its events (one row per event, oldest first), so
/// that the busiest public page costs a single query.
pub fn public_by_code(
    conn: &mut DbConnection,
    code: &str,
) -> QueryResult<Option<(PublicRow, Vec<PublicStep>)>> {
    use crate::schema::{agencies, procedure_versions, procedures};
    let rows: Vec<(PublicRow, Option<PublicStep>)> =
        crate::on_native!(conn, |native| dossiers::table
            .inner_join(agencies::table)
            .inner_join(procedure_versions::table.inner_join(procedures::table))
            .left_join(dossier_events::table)
            .filter(dossiers::code.eq(code))
            .order((dossier_events::at.asc(), dossier_events::id.asc()))
            .select((
                (
                    dossiers::id,
                    dossiers::code,
                    dossiers::status,
                    dossiers::channel,
                    dossiers::applicant_name,
                    dossiers::applicant_organization,
                    dossiers::received_at,
                    dossiers::due_at,
                    dossiers::original_due_at,
                    agencies::code,
                    agencies::name,
                    procedures::code,
                    procedure_versions::name,
                ),
                (
                    dossier_events::step_name,
                    dossier_events::to_status,
                    dossier_events::at
                )
                    .nullable(),
            ))
            .load(native))?;
    let mut rows = rows.into_iter();
    Ok(rows.next().map(|(dossier, first)| {
        let steps = first
            .into_iter()
            .chain(rows.filter_map(|(_, step)| step))
            .collect();
        (dossier, steps)
    }))
}

/// A step of the public timeline: its name, the status it led to, when.
pub type PublicStep = (String, String, NaiveDateTime);
