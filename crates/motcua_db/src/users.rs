//! Staff users.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use motcua_domain::Role;

use crate::schema::users;
use crate::stored::Stored;
use crate::{DbConnection, QueryResult};

/// A stored user.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = users)]
pub struct UserRow {
    /// Its id (a UUID).
    pub id: String,
    /// Sign-in name, unique.
    pub username: String,
    /// Argon2id PHC string.
    pub password_hash: String,
    /// Full name, shown to other staff (never to the public).
    pub full_name: String,
    /// What the user may do.
    pub role: Stored<Role>,
    /// The agency the user works in.
    pub agency_id: String,
    /// Unit within the agency.
    pub unit_id: Option<String>,
    /// Whether the user may sign in.
    pub active: bool,
    /// When the account was made (UTC).
    pub created_at: NaiveDateTime,
    /// Last changed.
    pub updated_at: NaiveDateTime,
    /// Where warnings are e-mailed; none keeps them in the work queue only.
    pub email: Option<String>,
}

/// Adds a user.
pub fn insert(conn: &mut DbConnection, row: &UserRow) -> QueryResult<()> {
    diesel::insert_into(users::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// The user with this sign-in name.
pub fn by_username(conn: &mut DbConnection, username: &str) -> QueryResult<Option<UserRow>> {
    users::table
        .filter(users::username.eq(username))
        .select(UserRow::as_select())
        .first(conn)
        .optional()
}

/// The user with this id.
pub fn by_id(conn: &mut DbConnection, id: &str) -> QueryResult<Option<UserRow>> {
    users::table
        .find(id)
        .select(UserRow::as_select())
        .first(conn)
        .optional()
}

/// The full names of these users, by id.
pub fn names(conn: &mut DbConnection, ids: &[String]) -> QueryResult<Vec<(String, String)>> {
    users::table
        .filter(users::id.eq_any(ids))
        .select((users::id, users::full_name))
        .load(conn)
}

/// The users of an agency, by full name.
pub fn of_agency(conn: &mut DbConnection, agency_id: &str) -> QueryResult<Vec<UserRow>> {
    users::table
        .filter(users::agency_id.eq(agency_id))
        .order((users::full_name.asc(), users::id.asc()))
        .select(UserRow::as_select())
        .load(conn)
}

/// How many users there are.
pub fn count(conn: &mut DbConnection) -> QueryResult<i64> {
    users::table.count().get_result(conn)
}

/// The active users with `role` in `unit_id`.
pub fn with_role_in_unit(
    conn: &mut DbConnection,
    unit_id: &str,
    role: Role,
) -> QueryResult<Vec<String>> {
    users::table
        .filter(users::unit_id.eq(unit_id))
        .filter(users::role.eq(Stored(role)))
        .filter(users::active.eq(true))
        .order(users::id.asc())
        .select(users::id)
        .load(conn)
}

/// The active users with `role` in `agency_id`.
pub fn with_role_in_agency(
    conn: &mut DbConnection,
    agency_id: &str,
    role: Role,
) -> QueryResult<Vec<String>> {
    users::table
        .filter(users::agency_id.eq(agency_id))
        .filter(users::role.eq(Stored(role)))
        .filter(users::active.eq(true))
        .order(users::id.asc())
        .select(users::id)
        .load(conn)
}
