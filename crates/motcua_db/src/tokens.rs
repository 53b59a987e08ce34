//! Refresh tokens of staff and of citizens: hashed, rotated on use,
//! revocable by family (one sign-in) and by owner (a new password).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::refresh_tokens;
use crate::{DbConnection, QueryResult};

/// A stored refresh token.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = refresh_tokens)]
pub struct RefreshTokenRow {
    /// Its id (a UUID).
    pub id: String,
    /// The staff member's, or...
    pub user_id: Option<String>,
    /// ...the citizen's.
    pub citizen_id: Option<String>,
    /// The sign-in it descends from.
    pub family_id: String,
    /// SHA-256 of the token, hex.
    pub token_hash: String,
    /// When it stops working.
    pub expires_at: NaiveDateTime,
    /// When it was issued.
    pub created_at: NaiveDateTime,
    /// When it was exchanged for a new one.
    pub rotated_at: Option<NaiveDateTime>,
    /// When it (and its family) was revoked.
    pub revoked_at: Option<NaiveDateTime>,
}

/// Stores a new token.
pub fn insert(conn: &mut DbConnection, row: &RefreshTokenRow) -> QueryResult<()> {
    diesel::insert_into(refresh_tokens::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// The token with this hash.
pub fn by_hash(conn: &mut DbConnection, hash: &str) -> QueryResult<Option<RefreshTokenRow>> {
    refresh_tokens::table
        .filter(refresh_tokens::token_hash.eq(hash))
        .select(RefreshTokenRow::as_select())
        .first(conn)
        .optional()
}

/// Marks a token used, if nobody did first; whether this call did it. Two
/// concurrent refreshes with one token: exactly one wins.
pub fn mark_rotated(conn: &mut DbConnection, id: &str, at: NaiveDateTime) -> QueryResult<bool> {
    let changed = diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::id.eq(id))
            .filter(refresh_tokens::rotated_at.is_null())
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::rotated_at.eq(at))
    .execute(conn)?;
    Ok(changed == 1)
}

/// Revokes every token of a sign-in.
pub fn revoke_family(
    conn: &mut DbConnection,
    family_id: &str,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::family_id.eq(family_id))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(at))
    .execute(conn)
}

/// Revokes every token of a citizen: a new password ends every session.
pub fn revoke_citizen(
    conn: &mut DbConnection,
    citizen_id: &str,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::citizen_id.eq(citizen_id))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(at))
    .execute(conn)
}
