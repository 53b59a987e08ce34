//! The procedure catalogue: procedures, their dated versions, the agencies
//! that handle them.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use motcua_domain::{OnlineMode, ProcessingUnit};

use crate::agencies::AgencyRow;
use crate::schema::{agencies, procedure_agencies, procedure_versions, procedures};
use crate::stored::Stored;
use crate::{DbConnection, QueryResult};

/// A stored procedure: its identity.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = procedures)]
pub struct ProcedureRow {
    /// Its id (a UUID).
    pub id: String,
    /// National code.
    pub code: String,
    /// When the procedure was first published (UTC).
    pub created_at: NaiveDateTime,
}

/// A stored version of a procedure's content; JSON columns hold lists.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = procedure_versions)]
pub struct ProcedureVersionRow {
    /// Its id (a UUID).
    pub id: String,
    /// Its procedure.
    pub procedure_id: String,
    /// First day it is in force.
    pub effective_from: NaiveDate,
    /// Its name, as printed on forms.
    pub name: String,
    /// Field (lĩnh vực).
    pub field: String,
    /// Processing time value.
    pub processing_time: i32,
    /// `working_days` or `working_hours`.
    pub processing_unit: Stored<ProcessingUnit>,
    /// What the law says about the time, in words.
    pub processing_note: Option<String>,
    /// `none`, `partial` or `full`.
    pub online_mode: Stored<OnlineMode>,
    /// What the applicant receives.
    pub result_type: String,
    /// Required documents, JSON.
    pub documents: String,
    /// Fees, JSON.
    pub fees: String,
    /// Internal steps, JSON.
    pub steps: String,
    /// Legal basis, JSON list of strings.
    pub legal_basis: String,
    /// Publication page.
    pub source_url: Option<String>,
    /// Code, name and field folded for search (lower case, no diacritics).
    pub search_text: String,
    /// Who added it (none for seeded data).
    pub created_by: Option<String>,
    /// When it was added.
    pub created_at: NaiveDateTime,
    /// Whether waiting for the fee stops the clock.
    pub fee_wait_pauses_clock: bool,
}

/// What to look for in the catalogue.
#[derive(Debug, Clone, Default)]
pub struct Search {
    /// Folded words that must appear in the code, name or field.
    pub text: Option<String>,
    /// Exact procedure code.
    pub code: Option<String>,
    /// Exact field.
    pub field: Option<String>,
    /// Only procedures this agency handles.
    pub agency_id: Option<String>,
}

/// Adds a procedure.
pub fn insert(conn: &mut DbConnection, row: &ProcedureRow) -> QueryResult<()> {
    diesel::insert_into(procedures::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// The procedure with this code.
pub fn by_code(conn: &mut DbConnection, code: &str) -> QueryResult<Option<ProcedureRow>> {
    procedures::table
        .filter(procedures::code.eq(code))
        .select(ProcedureRow::as_select())
        .first(conn)
        .optional()
}

/// The code of the procedure with this id.
pub fn code_of(conn: &mut DbConnection, id: &str) -> QueryResult<Option<String>> {
    procedures::table
        .find(id)
        .select(procedures::code)
        .first(conn)
        .optional()
}

/// Adds a version.
pub fn insert_version(conn: &mut DbConnection, row: &ProcedureVersionRow) -> QueryResult<()> {
    diesel::insert_into(procedure_versions::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// Every version of a procedure, newest first.
pub fn versions(
    conn: &mut DbConnection,
    procedure_id: &str,
) -> QueryResult<Vec<ProcedureVersionRow>> {
    procedure_versions::table
        .filter(procedure_versions::procedure_id.eq(procedure_id))
        .order(procedure_versions::effective_from.desc())
        .select(ProcedureVersionRow::as_select())
        .load(conn)
}

/// The version of a procedure in force on `date`.
pub fn version_in_force(
    conn: &mut DbConnection,
    procedure_id: &str,
    date: NaiveDate,
) -> QueryResult<Option<ProcedureVersionRow>> {
    procedure_versions::table
        .filter(procedure_versions::procedure_id.eq(procedure_id))
        .filter(procedure_versions::effective_from.le(date))
        .order(procedure_versions::effective_from.desc())
        .select(ProcedureVersionRow::as_select())
        .first(conn)
        .optional()
}

/// The version with this id.
pub fn version_by_id(
    conn: &mut DbConnection,
    id: &str,
) -> QueryResult<Option<ProcedureVersionRow>> {
    procedure_versions::table
        .find(id)
        .select(ProcedureVersionRow::as_select())
        .first(conn)
        .optional()
}

/// Makes `agency_ids` the agencies that handle the procedure.
pub fn replace_agencies(
    conn: &mut DbConnection,
    procedure_id: &str,
    agency_ids: &[String],
) -> QueryResult<()> {
    diesel::delete(
        procedure_agencies::table.filter(procedure_agencies::procedure_id.eq(procedure_id)),
    )
    .execute(conn)?;
    // One row at a time: batch inserts do not compile for both backends.
    for agency_id in agency_ids {
        diesel::insert_into(procedure_agencies::table)
            .values((
                procedure_agencies::procedure_id.eq(procedure_id),
                procedure_agencies::agency_id.eq(agency_id),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The agencies that handle a procedure, by code.
pub fn agencies_of(conn: &mut DbConnection, procedure_id: &str) -> QueryResult<Vec<AgencyRow>> {
    procedure_agencies::table
        .inner_join(agencies::table)
        .filter(procedure_agencies::procedure_id.eq(procedure_id))
        .order(agencies::code.asc())
        .select(AgencyRow::as_select())
        .load(conn)
}

/// Whether an agency handles a procedure.
pub fn is_handled_by(
    conn: &mut DbConnection,
    procedure_id: &str,
    agency_id: &str,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        procedure_agencies::table
            .filter(procedure_agencies::procedure_id.eq(procedure_id))
            .filter(procedure_agencies::agency_id.eq(agency_id)),
    ))
    .get_result(conn)
}

/// The ids of the versions in force on `date`, one per procedure.
pub fn versions_in_force(conn: &mut DbConnection, date: NaiveDate) -> QueryResult<Vec<String>> {
    let rows: Vec<(String, String)> = procedure_versions::table
        .filter(procedure_versions::effective_from.le(date))
        .order((
            procedure_versions::procedure_id.asc(),
            procedure_versions::effective_from.desc(),
        ))
        .select((procedure_versions::id, procedure_versions::procedure_id))
        .load(conn)?;
    let mut ids = Vec::new();
    let mut previous: Option<String> = None;
    for (id, procedure_id) in rows {
        if previous.as_deref() != Some(procedure_id.as_str()) {
            ids.push(id);
            previous = Some(procedure_id);
        }
    }
    Ok(ids)
}

/// The fields (lĩnh vực) of the versions among `version_ids`, by name,
/// with how many procedures each has.
pub fn fields(conn: &mut DbConnection, version_ids: &[String]) -> QueryResult<Vec<(String, i64)>> {
    procedure_versions::table
        .filter(procedure_versions::id.eq_any(version_ids.to_vec()))
        .group_by(procedure_versions::field)
        .select((procedure_versions::field, diesel::dsl::count_star()))
        .order(procedure_versions::field.asc())
        .load(conn)
}

/// One page of the versions among `version_ids` that match, ordered by
/// procedure code, and how many match in all.
pub fn search(
    conn: &mut DbConnection,
    version_ids: &[String],
    search: &Search,
    offset: i64,
    limit: i64,
) -> QueryResult<(Vec<(ProcedureRow, ProcedureVersionRow)>, i64)> {
    let filtered = || {
        let mut query = procedure_versions::table
            .inner_join(procedures::table)
            .filter(procedure_versions::id.eq_any(version_ids.to_vec()))
            .into_boxed();
        if let Some(text) = &search.text {
            for word in text.split_whitespace() {
                query = query.filter(
                    procedure_versions::search_text
                        .like(crate::contains_pattern(word))
                        .escape('\\'),
                );
            }
        }
        if let Some(code) = &search.code {
            query = query.filter(procedures::code.eq(code.clone()));
        }
        if let Some(field) = &search.field {
            query = query.filter(procedure_versions::field.eq(field.clone()));
        }
        if let Some(agency_id) = &search.agency_id {
            query = query.filter(
                procedure_versions::procedure_id.eq_any(
                    procedure_agencies::table
                        .filter(procedure_agencies::agency_id.eq(agency_id.clone()))
                        .select(procedure_agencies::procedure_id),
                ),
            );
        }
        query
    };
    let total: i64 = filtered().count().get_result(conn)?;
    let rows = filtered()
        .order(procedures::code.asc())
        .offset(offset)
        .limit(limit)
        .select((ProcedureRow::as_select(), ProcedureVersionRow::as_select()))
        .load(conn)?;
    Ok((rows, total))
}
