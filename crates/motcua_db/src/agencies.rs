//! Agencies and their units.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::{agencies, units};
use crate::{DbConnection, QueryResult};

/// A stored agency.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = agencies)]
pub struct AgencyRow {
    /// Its id (a UUID).
    pub id: String,
    /// Identifier code (mã định danh).
    pub code: String,
    /// Its name, as printed on forms.
    pub name: String,
    /// The agency above it in the tree.
    pub parent_id: Option<String>,
    /// Office hours, `07:30-11:30,13:00-17:00`.
    pub office_hours: String,
    /// When it was added.
    pub created_at: NaiveDateTime,
}

/// A stored unit of an agency.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = units)]
pub struct UnitRow {
    /// Its id (a UUID).
    pub id: String,
    /// Its agency.
    pub agency_id: String,
    /// Its name, as printed on forms.
    pub name: String,
    /// Whether it is the one-stop section (Bộ phận Một cửa).
    pub one_stop: bool,
    /// When it was added.
    pub created_at: NaiveDateTime,
}

/// Adds an agency.
pub fn insert(conn: &mut DbConnection, row: &AgencyRow) -> QueryResult<()> {
    diesel::insert_into(agencies::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// The agency with this code.
pub fn by_code(conn: &mut DbConnection, code: &str) -> QueryResult<Option<AgencyRow>> {
    agencies::table
        .filter(agencies::code.eq(code))
        .select(AgencyRow::as_select())
        .first(conn)
        .optional()
}

/// The agency with this id.
pub fn by_id(conn: &mut DbConnection, id: &str) -> QueryResult<Option<AgencyRow>> {
    agencies::table
        .find(id)
        .select(AgencyRow::as_select())
        .first(conn)
        .optional()
}

/// Every agency, by code.
pub fn all(conn: &mut DbConnection) -> QueryResult<Vec<AgencyRow>> {
    agencies::table
        .order(agencies::code.asc())
        .select(AgencyRow::as_select())
        .load(conn)
}

/// How many agencies there are.
pub fn count(conn: &mut DbConnection) -> QueryResult<i64> {
    agencies::table.count().get_result(conn)
}

/// Adds a unit.
pub fn insert_unit(conn: &mut DbConnection, row: &UnitRow) -> QueryResult<()> {
    diesel::insert_into(units::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// The units of an agency, by name.
pub fn units_of(conn: &mut DbConnection, agency_id: &str) -> QueryResult<Vec<UnitRow>> {
    units::table
        .filter(units::agency_id.eq(agency_id))
        .order(units::name.asc())
        .select(UnitRow::as_select())
        .load(conn)
}

/// The unit with this id.
pub fn unit_by_id(conn: &mut DbConnection, id: &str) -> QueryResult<Option<UnitRow>> {
    units::table
        .find(id)
        .select(UnitRow::as_select())
        .first(conn)
        .optional()
}

/// The one-stop section of an agency (the first, if several).
pub fn one_stop_unit(conn: &mut DbConnection, agency_id: &str) -> QueryResult<Option<UnitRow>> {
    units::table
        .filter(units::agency_id.eq(agency_id))
        .filter(units::one_stop.eq(true))
        .order(units::created_at.asc())
        .select(UnitRow::as_select())
        .first(conn)
        .optional()
}
