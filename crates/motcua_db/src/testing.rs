//! Helpers for test harnesses: a fresh PostgreSQL database per test, and row
//! counts to prove that a refused request wrote nothing.

use diesel::prelude::*;
use diesel::sql_types::BigInt;
use diesel::{PgConnection, RunQueryDsl};

use crate::{DbConnection, DbError, QueryResult};

/// Every table, for [`count_rows`].
pub const TABLES: [&str; 23] = [
    "agencies",
    "units",
    "users",
    "refresh_tokens",
    "procedures",
    "procedure_versions",
    "procedure_agencies",
    "dossier_sequences",
    "dossiers",
    "dossier_documents",
    "dossier_events",
    "supplement_notices",
    "dossier_agencies",
    "notices",
    "jobs",
    "apologies",
    "citizens",
    "online_applications",
    "application_files",
    "idempotency_keys",
    "payment_requests",
    "payment_attempts",
    "ratings",
];

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// The notices to an address, oldest first: account e-mails have no
/// dossier to find them by.
pub fn notices_to(
    conn: &mut DbConnection,
    address: &str,
) -> QueryResult<Vec<crate::notices::NoticeRow>> {
    use crate::schema::notices;
    notices::table
        .filter(notices::address.eq(address))
        .order((notices::created_at.asc(), notices::id.asc()))
        .select(crate::notices::NoticeRow::as_select())
        .load(conn)
}

/// How many rows each table holds, in the order of [`TABLES`].
pub fn count_rows(conn: &mut DbConnection) -> QueryResult<Vec<(&'static str, i64)>> {
    TABLES
        .iter()
        .map(|table| {
            // The names come from the constant above, never from input.
            let count: Count =
                diesel::sql_query(format!("SELECT COUNT(*) AS n FROM {table}")).get_result(conn)?;
            Ok((*table, count.n))
        })
        .collect()
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 63
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Creates database `name` on the PostgreSQL server of `admin_url`.
pub fn create_postgres_database(admin_url: &str, name: &str) -> Result<(), DbError> {
    if !valid_name(name) {
        return Err(DbError::Connect(format!("invalid database name {name:?}")));
    }
    let mut conn =
        PgConnection::establish(admin_url).map_err(|e| DbError::Connect(e.to_string()))?;
    diesel::sql_query(format!("CREATE DATABASE {name}")).execute(&mut conn)?;
    Ok(())
}

/// Drops database `name`, closing its connections first.
pub fn drop_postgres_database(admin_url: &str, name: &str) -> Result<(), DbError> {
    if !valid_name(name) {
        return Err(DbError::Connect(format!("invalid database name {name:?}")));
    }
    let mut conn =
        PgConnection::establish(admin_url).map_err(|e| DbError::Connect(e.to_string()))?;
    diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut conn)?;
    Ok(())
}

/// The URL of database `name` on the server of `admin_url` (the path replaced).
pub fn postgres_url_for(admin_url: &str, name: &str) -> String {
    let (base, query) = match admin_url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (admin_url, None),
    };
    let after_scheme = base.find("://").map_or(0, |i| i + 3);
    let root = match base[after_scheme..].find('/') {
        Some(slash) => &base[..after_scheme + slash],
        None => base,
    };
    match query {
        Some(query) => format!("{root}/{name}?{query}"),
        None => format!("{root}/{name}"),
    }
}

/// Sets how many dossiers agency `agency_id` has numbered on `day` (yymmdd),
/// to test what happens when a day's codes run out.
pub fn set_day_sequence(
    conn: &mut DbConnection,
    agency_id: &str,
    day: &str,
    last_value: i32,
) -> QueryResult<()> {
    use diesel::sql_types::{Integer, Text};
    diesel::sql_query(
        "INSERT INTO dossier_sequences (agency_id, day, last_value) VALUES ($1, $2, $3) \
         ON CONFLICT (agency_id, day) DO UPDATE SET last_value = excluded.last_value",
    )
    .bind::<Text, _>(agency_id)
    .bind::<Text, _>(day)
    .bind::<Integer, _>(last_value)
    .execute(conn)
    .map(|_| ())
}

/// Every dossier, every event (by dossier, then time) and the ids of the
/// dossiers with a sent apology: the raw rows a test recounts the reports
/// from, by a road that does not pass through the reports' own queries.
pub fn everything_reported(
    conn: &mut DbConnection,
) -> QueryResult<(
    Vec<crate::dossiers::DossierRow>,
    Vec<crate::dossiers::DossierEventRow>,
    Vec<String>,
)> {
    use crate::schema::{apologies, dossier_events, dossiers};
    let rows = dossiers::table
        .order(dossiers::id.asc())
        .select(crate::dossiers::DossierRow::as_select())
        .load(conn)?;
    let events = dossier_events::table
        .order((
            dossier_events::dossier_id.asc(),
            dossier_events::at.asc(),
            dossier_events::id.asc(),
        ))
        .select(crate::dossiers::DossierEventRow::as_select())
        .load(conn)?;
    let apologised = apologies::table
        .filter(apologies::state.eq("sent"))
        .select(apologies::dossier_id)
        .distinct()
        .load(conn)?;
    Ok((rows, events, apologised))
}

/// Empties every dossier's folded applicant, as in a database from before
/// the search: what [`crate::Database::migrate`] folds again.
pub fn unfold_applicants(conn: &mut DbConnection) -> QueryResult<usize> {
    use crate::schema::dossiers;
    diesel::update(dossiers::table)
        .set(dossiers::applicant_folded.eq(""))
        .execute(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_urls_swap_the_database() {
        assert_eq!(
            postgres_url_for("postgres://postgres@127.0.0.1:5432/test", "t1"),
            "postgres://postgres@127.0.0.1:5432/t1"
        );
        assert_eq!(
            postgres_url_for("postgres://u:p@h/db?sslmode=disable", "t1"),
            "postgres://u:p@h/t1?sslmode=disable"
        );
        assert_eq!(postgres_url_for("postgres://h", "t1"), "postgres://h/t1");
    }
}
