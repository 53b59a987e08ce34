//! The durable job queue's storage: rows, the claim (the one place where the
//! two dialects differ), completion and retry.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{Text, Timestamp};

use crate::schema::jobs;
use crate::stored::{Stored, StoredName};
use crate::{DbConnection, QueryResult};

/// Where a job stands in the queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JobState {
    /// Waiting for its time, or leased to a worker running it.
    Queued,
    /// Ran to the end (a periodic job is queued again instead).
    Done,
    /// Failed on its last allowed attempt; kept with its error.
    Failed,
}

impl StoredName for JobState {
    const WHAT: &'static str = "job state";
    fn stored_name(&self) -> &'static str {
        match self {
            JobState::Queued => "queued",
            JobState::Done => "done",
            JobState::Failed => "failed",
        }
    }
    fn from_stored_name(name: &str) -> Option<Self> {
        [JobState::Queued, JobState::Done, JobState::Failed]
            .into_iter()
            .find(|s| s.stored_name() == name)
    }
}

const QUEUED: Stored<JobState> = Stored(JobState::Queued);

/// A stored job.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, QueryableByName, Selectable, Insertable)]
#[diesel(table_name = jobs)]
pub struct JobRow {
    /// Its id (a UUID).
    pub id: String,
    /// Which handler runs it.
    pub kind: String,
    /// Its arguments, JSON.
    pub payload: String,
    /// At most one job per key (periodic jobs, one per dossier and reason).
    pub unique_key: Option<String>,
    /// Where it stands.
    pub state: Stored<JobState>,
    /// Not before.
    pub run_at: NaiveDateTime,
    /// Claims so far.
    pub attempts: i32,
    /// After this many failed claims it fails for good.
    pub max_attempts: i32,
    /// The worker holding the lease.
    pub locked_by: Option<String>,
    /// The lease ends; another worker may then take the job.
    pub locked_until: Option<NaiveDateTime>,
    /// The last failure.
    pub last_error: Option<String>,
    /// When the job was queued (UTC).
    pub created_at: NaiveDateTime,
    /// Last changed.
    pub updated_at: NaiveDateTime,
}

/// Enqueues a job; with a unique key already queued or done, nothing is
/// written and false is returned.
pub fn enqueue(conn: &mut DbConnection, row: &JobRow) -> QueryResult<bool> {
    let written = crate::on_native!(conn, |native| diesel::insert_into(jobs::table)
        .values(row)
        .on_conflict_do_nothing()
        .execute(native))?;
    Ok(written == 1)
}

/// Claims the job that has waited longest among those ready at `now`: sets
/// the lease to `worker` until `lease_until` and counts the attempt. Two
/// workers never claim the same job while its lease runs: PostgreSQL skips
/// rows another transaction has locked (`FOR UPDATE SKIP LOCKED`), SQLite
/// takes the database's write lock first (`BEGIN IMMEDIATE`).
pub fn claim(
    conn: &mut DbConnection,
    worker: &str,
    now: NaiveDateTime,
    lease_until: NaiveDateTime,
) -> QueryResult<Option<JobRow>> {
    match conn {
        DbConnection::Postgresql(pg) => diesel::sql_query(
            "UPDATE jobs SET locked_by = $1, locked_until = $2, attempts = attempts + 1, \
             updated_at = $3 \
             WHERE id = (SELECT id FROM jobs WHERE state = $4 AND run_at <= $3 \
             AND (locked_until IS NULL OR locked_until <= $3) \
             ORDER BY run_at, id LIMIT 1 FOR UPDATE SKIP LOCKED) \
             RETURNING *",
        )
        .bind::<Text, _>(worker)
        .bind::<Timestamp, _>(lease_until)
        .bind::<Timestamp, _>(now)
        .bind::<Text, _>(QUEUED)
        .get_result::<JobRow>(pg)
        .optional(),
        DbConnection::Sqlite(_) => crate::write_transaction(conn, |conn| {
            let ready = jobs::table
                .filter(jobs::state.eq(QUEUED))
                .filter(jobs::run_at.le(now))
                .filter(jobs::locked_until.is_null().or(jobs::locked_until.le(now)))
                .order((jobs::run_at.asc(), jobs::id.asc()))
                .select(jobs::id)
                .first::<String>(conn)
                .optional()?;
            let Some(id) = ready else { return Ok(None) };
            diesel::update(jobs::table.filter(jobs::id.eq(&id)))
                .set((
                    jobs::locked_by.eq(worker),
                    jobs::locked_until.eq(lease_until),
                    jobs::attempts.eq(jobs::attempts + 1),
                    jobs::updated_at.eq(now),
                ))
                .execute(conn)?;
            jobs::table
                .filter(jobs::id.eq(&id))
                .select(JobRow::as_select())
                .first(conn)
                .optional()
        }),
    }
}

/// What happens to a claimed job once it ran.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Completion {
    /// Done for good.
    Done,
    /// Run again at this instant with a fresh count of attempts (periodic
    /// jobs, and jobs that stopped after a batch).
    Again(NaiveDateTime),
    /// Failed: retry at this instant, or fail for good when `None`.
    Failed {
        /// Why the last run failed, for the operator.
        error: String,
        /// When to retry.
        retry_at: Option<NaiveDateTime>,
    },
}

/// Ends `worker`'s claim on job `id`. False when the lease was lost (it
/// expired and another worker took the job): then nothing is written.
pub fn complete(
    conn: &mut DbConnection,
    id: &str,
    worker: &str,
    completion: &Completion,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let this = jobs::table
        .filter(jobs::id.eq(id))
        .filter(jobs::locked_by.eq(worker));
    let none: Option<NaiveDateTime> = None;
    let no_lock = (
        jobs::locked_by.eq(None::<String>),
        jobs::locked_until.eq(none),
        jobs::updated_at.eq(now),
    );
    let updated = match completion {
        Completion::Done => diesel::update(this)
            .set((
                jobs::state.eq(Stored(JobState::Done)),
                jobs::last_error.eq(None::<String>),
                no_lock,
            ))
            .execute(conn)?,
        Completion::Again(at) => diesel::update(this)
            .set((
                jobs::state.eq(QUEUED),
                jobs::run_at.eq(*at),
                jobs::attempts.eq(0),
                jobs::last_error.eq(None::<String>),
                no_lock,
            ))
            .execute(conn)?,
        Completion::Failed { error, retry_at } => diesel::update(this)
            .set((
                jobs::state.eq(Stored(if retry_at.is_some() {
                    JobState::Queued
                } else {
                    JobState::Failed
                })),
                jobs::run_at.eq(retry_at.unwrap_or(now)),
                jobs::last_error.eq(error),
                no_lock,
            ))
            .execute(conn)?,
    };
    Ok(updated == 1)
}

/// The job with this unique key.
pub fn by_unique_key(conn: &mut DbConnection, key: &str) -> QueryResult<Option<JobRow>> {
    jobs::table
        .filter(jobs::unique_key.eq(key))
        .select(JobRow::as_select())
        .first(conn)
        .optional()
}

/// Jobs in `state`, oldest first.
pub fn in_state(conn: &mut DbConnection, state: JobState, limit: i64) -> QueryResult<Vec<JobRow>> {
    jobs::table
        .filter(jobs::state.eq(Stored(state)))
        .order((jobs::created_at.asc(), jobs::id.asc()))
        .limit(limit)
        .select(JobRow::as_select())
        .load(conn)
}

/// The earliest instant at which a queued job becomes ready.
pub fn next_run_at(conn: &mut DbConnection) -> QueryResult<Option<NaiveDateTime>> {
    jobs::table
        .filter(jobs::state.eq(QUEUED))
        .select(diesel::dsl::min(jobs::run_at))
        .first(conn)
}
