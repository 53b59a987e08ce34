#![doc = include_str!("../README.md")]

pub mod agencies;
pub mod apologies;
pub mod dossiers;
pub mod indicators;
pub mod jobs;
pub mod notices;
pub mod online;
pub mod payments;
pub mod procedures;
pub mod register;
pub mod schema;
pub mod stored;
pub mod testing;
pub mod tokens;
pub mod users;
pub mod web_sessions;

use chrono::{DateTime, NaiveDateTime, SubsecRound, Utc};
use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::prelude::*;
use diesel::r2d2::{self, ManageConnection};
use diesel::{PgConnection, SqliteConnection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};
use std::path::PathBuf;
use std::time::Duration;

pub use diesel::result::Error as QueryError;

/// The result of a query.
pub type QueryResult<T> = Result<T, QueryError>;

mod connection {
    use diesel::{PgConnection, SqliteConnection};

    /// A connection to either backend.
    #[derive(diesel::MultiConnection)]
    pub enum DbConnection {
        /// PostgreSQL, for production and scale.
        Postgresql(PgConnection),
        /// An embedded SQLite file, the zero-set-up default.
        Sqlite(SqliteConnection),
    }
}

pub use connection::DbConnection;

/// Runs the same diesel expression on the native connection of either
/// backend. Queries through the multi-backend layer are rendered anew on every
/// call; on the native connections diesel keeps prepared statements, which
/// the hot paths (the public lookup) need.
macro_rules! on_native {
    ($conn:expr, |$native:ident| $body:expr) => {
        match $conn {
            $crate::DbConnection::Postgresql($native) => $body,
            $crate::DbConnection::Sqlite($native) => $body,
        }
    };
}
pub(crate) use on_native;

const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/postgres");
const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/sqlite");

/// Which database a URL selects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// `postgres://` or `postgresql://`.
    Postgres(String),
    /// `sqlite://<path>` or `sqlite:<path>`; the path is relative to the
    /// working directory unless absolute.
    Sqlite(PathBuf),
}

/// Why the database could not be reached or prepared.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// The URL names no backend we know.
    #[error("database URL must start with postgres://, postgresql:// or sqlite:// (got {0:?})")]
    UnsupportedUrl(String),
    /// No connection could be made.
    #[error("cannot connect to the database: {0}")]
    Connect(String),
    /// The pool had no free connection in time.
    #[error("no database connection available: {0}")]
    Pool(#[from] r2d2::PoolError),
    /// Migrations failed.
    #[error("migrations failed: {0}")]
    Migration(String),
    /// A query failed.
    #[error(transparent)]
    Query(#[from] QueryError),
}

impl DatabaseUrl {
    /// Reads a URL, choosing the backend by its scheme. Anything else is
    /// refused rather than taken for a file name.
    pub fn parse(url: &str) -> Result<Self, DbError> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(DatabaseUrl::Postgres(url.to_owned()))
        } else if let Some(path) = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
        {
            if path.is_empty() {
                return Err(DbError::UnsupportedUrl(url.to_owned()));
            }
            Ok(DatabaseUrl::Sqlite(PathBuf::from(path)))
        } else {
            Err(DbError::UnsupportedUrl(url.to_owned()))
        }
    }

    /// `postgres` or `sqlite`.
    pub fn backend_name(&self) -> &'static str {
        match self {
            DatabaseUrl::Postgres(_) => "postgres",
            DatabaseUrl::Sqlite(_) => "sqlite",
        }
    }
}

/// Opens connections of the backend the URL chose. We pick the variant
/// ourselves: letting diesel try each in turn hides the real error.
pub struct ConnectionManager {
    url: DatabaseUrl,
}

/// The reason a connection could not be opened.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ConnectError(String);

impl ManageConnection for ConnectionManager {
    type Connection = DbConnection;
    type Error = ConnectError;

    fn connect(&self) -> Result<DbConnection, ConnectError> {
        match &self.url {
            DatabaseUrl::Postgres(url) => PgConnection::establish(url)
                .map(DbConnection::Postgresql)
                .map_err(|e| ConnectError(e.to_string())),
            DatabaseUrl::Sqlite(path) => {
                let path = path.to_string_lossy();
                let mut conn =
                    SqliteConnection::establish(&path).map_err(|e| ConnectError(e.to_string()))?;
                // One statement each would run only the first (stack notes,
                // trap 5). WAL and a busy timeout let several pooled
                // connections share the file; foreign keys are off by default;
                // memory-mapped reads spare a system call per page read.
                conn.batch_execute(
                    "PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL; \
                     PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL; \
                     PRAGMA mmap_size = 1073741824;",
                )
                .map_err(|e| ConnectError(e.to_string()))?;
                Ok(DbConnection::Sqlite(conn))
            }
        }
    }

    /// Checked on every checkout. A PostgreSQL connection can die with its
    /// server, and the round trip that finds out is the price of never
    /// handing a dead one to a request; an SQLite connection is a file handle
    /// that cannot die, so it is not checked.
    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), ConnectError> {
        match conn {
            DbConnection::Postgresql(_) => conn
                .batch_execute("SELECT 1")
                .map_err(|e| ConnectError(e.to_string())),
            DbConnection::Sqlite(_) => Ok(()),
        }
    }

    fn has_broken(&self, _conn: &mut DbConnection) -> bool {
        false
    }
}

/// A pooled connection.
pub type PooledConnection = r2d2::PooledConnection<ConnectionManager>;

/// The database: a pool of connections to one backend.
#[derive(Clone)]
pub struct Database {
    pool: r2d2::Pool<ConnectionManager>,
    backend: &'static str,
}

impl Database {
    /// Connects with up to `max_connections`, failing within 5 seconds when
    /// the database cannot be reached (r2d2 would wait 30). A SQLite file and
    /// its folder are created when missing.
    pub fn connect(url: &str, max_connections: u32) -> Result<Database, DbError> {
        let url = DatabaseUrl::parse(url)?;
        if let DatabaseUrl::Sqlite(path) = &url
            && let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty())
        {
            std::fs::create_dir_all(parent)
                .map_err(|e| DbError::Connect(format!("{}: {e}", parent.display())))?;
        }
        let backend = url.backend_name();
        let pool = r2d2::Pool::builder()
            .max_size(max_connections.max(1))
            .min_idle(Some(1))
            .connection_timeout(Duration::from_secs(5))
            .build(ConnectionManager { url })
            .map_err(|e| DbError::Connect(e.to_string()))?;
        Ok(Database { pool, backend })
    }

    /// A connection from the pool; blocks, so call it on a blocking thread.
    pub fn get(&self) -> Result<PooledConnection, DbError> {
        Ok(self.pool.get()?)
    }

    /// `postgres` or `sqlite`.
    pub fn backend(&self) -> &'static str {
        self.backend
    }

    /// Applies every migration not applied yet; returns their names.
    pub fn migrate(&self) -> Result<Vec<String>, DbError> {
        let mut conn = self.get()?;
        let applied = match &mut *conn {
            DbConnection::Postgresql(pg) => pg.run_pending_migrations(POSTGRES_MIGRATIONS),
            DbConnection::Sqlite(lite) => lite.run_pending_migrations(SQLITE_MIGRATIONS),
        }
        .map_err(|e| DbError::Migration(e.to_string()))?;
        let applied: Vec<String> = applied.into_iter().map(|v| v.to_string()).collect();
        // The data the schema's last changes need that SQL cannot compute.
        dossiers::fold_unfolded_applicants(&mut conn)?;
        Ok(applied)
    }

    /// Whether the database answers.
    pub fn ping(&self) -> Result<(), DbError> {
        let mut conn = self.get()?;
        conn.batch_execute("SELECT 1")?;
        Ok(())
    }
}

/// Runs `work` in one transaction that will write. On SQLite the write lock is
/// taken at `BEGIN IMMEDIATE`, so two writers queue behind the busy timeout
/// instead of one failing when it upgrades a read lock; PostgreSQL's row locks
/// need no such care. Everything `work` did is rolled back if it fails.
pub fn write_transaction<T, E>(
    conn: &mut DbConnection,
    work: impl FnOnce(&mut DbConnection) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<QueryError>,
{
    let nested_or_postgres = match conn {
        DbConnection::Postgresql(_) => true,
        DbConnection::Sqlite(lite) => <AnsiTransactionManager as TransactionManager<
            SqliteConnection,
        >>::transaction_manager_status_mut(lite)
        .transaction_depth()?
        .is_some(),
    };
    // Inside a transaction already, a savepoint is all that is needed.
    if nested_or_postgres {
        return conn.transaction(work);
    }
    if let DbConnection::Sqlite(lite) = conn {
        AnsiTransactionManager::begin_transaction_sql(lite, "BEGIN IMMEDIATE")?;
    }
    let result = work(conn);
    if let DbConnection::Sqlite(lite) = conn {
        match &result {
            Ok(_) => <AnsiTransactionManager as TransactionManager<SqliteConnection>>::commit_transaction(lite)?,
            Err(_) => <AnsiTransactionManager as TransactionManager<SqliteConnection>>::rollback_transaction(lite)?,
        }
    }
    result
}

/// A `LIKE` pattern finding `word` anywhere, as typed: `%`, `_` and the
/// escape character itself are searched for, not patterns (escape `\\`).
pub(crate) fn contains_pattern(word: &str) -> String {
    let escaped = word
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// An instant as stored: naive UTC, truncated to the microsecond so that both
/// backends keep exactly the same value.
pub fn utc(instant: DateTime<Utc>) -> NaiveDateTime {
    instant.naive_utc().trunc_subsecs(6)
}

/// A stored instant back as UTC.
pub fn from_utc(stored: NaiveDateTime) -> DateTime<Utc> {
    stored.and_utc()
}

/// The most ids one `IN (...)` list carries: well under both backends'
/// limits on bound parameters (SQLite 32,766, PostgreSQL 65,535).
const IDS_PER_QUERY: usize = 4_000;

/// `query` over `ids` a few thousand at a time, the answers joined: for
/// reading what belongs to a long list of dossiers.
pub fn in_chunks<T>(
    ids: &[String],
    mut query: impl FnMut(&[String]) -> QueryResult<Vec<T>>,
) -> QueryResult<Vec<T>> {
    let mut out = Vec::new();
    for chunk in ids.chunks(IDS_PER_QUERY) {
        out.extend(query(chunk)?);
    }
    Ok(out)
}

/// Whether an error is a unique-constraint violation (a duplicate key).
pub fn is_unique_violation(error: &QueryError) -> bool {
    matches!(
        error,
        QueryError::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)
    )
}

/// Whether the database refused a value it cannot store or compare (a NUL
/// in a text, a date beyond its range, a number too large): PostgreSQL's
/// "data exception" class, which SQLite never raises. The values come from
/// a request, so the caller answers 4xx; it is a safety net behind the
/// parsing layer, which should have refused them already. Diesel keeps the
/// SQLSTATE to itself, so the server's (English) message is read.
pub fn is_bad_value(error: &QueryError) -> bool {
    const MARKERS: [&str; 7] = [
        "invalid byte sequence",
        "out of range",
        "value too long",
        "invalid input syntax",
        "character not in repertoire",
        "has no equivalent in encoding",
        "numeric field overflow",
    ];
    match error {
        QueryError::DatabaseError(diesel::result::DatabaseErrorKind::Unknown, info) => {
            let message = info.message();
            MARKERS.iter().any(|marker| message.contains(marker))
        }
        _ => false,
    }
}

/// The names of the migrations each backend embeds, for the test that keeps
/// the two folders in step.
pub fn migration_names() -> (Vec<String>, Vec<String>) {
    use diesel::migration::MigrationSource;
    let names = |source: EmbeddedMigrations| -> Vec<String> {
        MigrationSource::<diesel::sqlite::Sqlite>::migrations(&source)
            .map(|ms| ms.iter().map(|m| m.name().to_string()).collect())
            .unwrap_or_default()
    };
    (names(POSTGRES_MIGRATIONS), names(SQLITE_MIGRATIONS))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_choose_the_backend() {
        assert_eq!(
            DatabaseUrl::parse("postgres://u@h/db")
                .unwrap()
                .backend_name(),
            "postgres"
        );
        assert_eq!(
            DatabaseUrl::parse("sqlite://data/m.sqlite3").unwrap(),
            DatabaseUrl::Sqlite("data/m.sqlite3".into())
        );
        assert_eq!(
            DatabaseUrl::parse("sqlite:/tmp/x.db").unwrap(),
            DatabaseUrl::Sqlite("/tmp/x.db".into())
        );
        for bad in ["data/motcua.sqlite3", "mysql://x", "sqlite://", ""] {
            assert!(
                matches!(DatabaseUrl::parse(bad), Err(DbError::UnsupportedUrl(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn both_backends_embed_the_same_migrations() {
        let (postgres, sqlite) = migration_names();
        assert!(!postgres.is_empty());
        assert_eq!(postgres, sqlite);
    }
}
