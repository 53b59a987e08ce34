//! Sessions of the web pages: a browser's cookie holds a random token, the
//! row its hash. Ended at sign-out and by a new password; expired by idleness
//! and age.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::web_sessions;
use crate::{DbConnection, QueryResult};

/// A stored web session.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = web_sessions)]
pub struct WebSessionRow {
    /// Its id (a UUID).
    pub id: String,
    /// SHA-256 of the cookie's token, hex.
    pub token_hash: String,
    /// The citizen's, or...
    pub citizen_id: Option<String>,
    /// ...the staff member's.
    pub user_id: Option<String>,
    /// When it began (the sign-in).
    pub created_at: NaiveDateTime,
    /// When it was last used, to the minute or so.
    pub last_seen_at: NaiveDateTime,
    /// When it stops working unless used before.
    pub expires_at: NaiveDateTime,
    /// When it was ended: a sign-out or a new password.
    pub ended_at: Option<NaiveDateTime>,
}

/// Stores a new session.
pub fn insert(conn: &mut DbConnection, row: &WebSessionRow) -> QueryResult<()> {
    diesel::insert_into(web_sessions::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// The session whose token has this hash, if it is neither ended nor
/// expired at `now`.
pub fn live_by_hash(
    conn: &mut DbConnection,
    hash: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<WebSessionRow>> {
    web_sessions::table
        .filter(web_sessions::token_hash.eq(hash))
        .filter(web_sessions::ended_at.is_null())
        .filter(web_sessions::expires_at.gt(now))
        .select(WebSessionRow::as_select())
        .first(conn)
        .optional()
}

/// Records that a session was used at `at` and works until `expires_at`.
pub fn touch(
    conn: &mut DbConnection,
    id: &str,
    at: NaiveDateTime,
    expires_at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(
        web_sessions::table
            .filter(web_sessions::id.eq(id))
            .filter(web_sessions::ended_at.is_null()),
    )
    .set((
        web_sessions::last_seen_at.eq(at),
        web_sessions::expires_at.eq(expires_at),
    ))
    .execute(conn)
    .map(|_| ())
}

/// Ends the session whose token has this hash; whether one was live.
pub fn end_by_hash(conn: &mut DbConnection, hash: &str, at: NaiveDateTime) -> QueryResult<bool> {
    let ended = diesel::update(
        web_sessions::table
            .filter(web_sessions::token_hash.eq(hash))
            .filter(web_sessions::ended_at.is_null()),
    )
    .set(web_sessions::ended_at.eq(at))
    .execute(conn)?;
    Ok(ended == 1)
}

/// Ends every session of a citizen: a new password signs everyone out.
pub fn end_citizen(
    conn: &mut DbConnection,
    citizen_id: &str,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        web_sessions::table
            .filter(web_sessions::citizen_id.eq(citizen_id))
            .filter(web_sessions::ended_at.is_null()),
    )
    .set(web_sessions::ended_at.eq(at))
    .execute(conn)
}

/// Whose sessions.
#[derive(Debug, Clone, Copy)]
pub enum Owner<'a> {
    /// A citizen's, by id.
    Citizen(&'a str),
    /// A staff member's, by user id.
    User(&'a str),
}

/// Forgets an owner's sessions that ended or expired before `before`: each
/// sign-in clears its owner's old ones, so the table holds what is live and
/// a little history, not every sign-in ever made.
pub fn forget_old(
    conn: &mut DbConnection,
    owner: Owner<'_>,
    before: NaiveDateTime,
) -> QueryResult<usize> {
    let old = web_sessions::expires_at
        .lt(before)
        .or(web_sessions::ended_at.lt(before));
    match owner {
        Owner::Citizen(id) => diesel::delete(
            web_sessions::table
                .filter(web_sessions::citizen_id.eq(id))
                .filter(old),
        )
        .execute(conn),
        Owner::User(id) => diesel::delete(
            web_sessions::table
                .filter(web_sessions::user_id.eq(id))
                .filter(old),
        )
        .execute(conn),
    }
}
