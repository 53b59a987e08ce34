//! Jobs, their handlers, and one claim-run-complete cycle.

use chrono::{DateTime, Duration, Utc};
use motcua_db::jobs::{self as store, Completion, JobRow, JobState};
use motcua_db::{Database, DbConnection, DbError, QueryError, from_utc, utc, write_transaction};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};

/// A kind of background work. `run` gets a connection inside the transaction
/// that also completes the job, so its database effects happen exactly once.
pub trait Job<E>: Serialize + DeserializeOwned {
    /// The stored kind, stable across releases.
    const KIND: &'static str;
    /// Claims before the job fails for good.
    const MAX_ATTEMPTS: i32 = 10;
    /// True (the default): `run` happens inside the transaction that also
    /// completes the job. False for work that leaves the database (sending
    /// e-mail): `run` gets a connection outside any transaction, must make
    /// its own writes idempotent, and the job is completed afterwards.
    const IN_TRANSACTION: bool = true;
    /// Does the work at `now`.
    fn run(
        &self,
        env: &E,
        conn: &mut DbConnection,
        now: DateTime<Utc>,
    ) -> Result<JobOutcome, JobError>;
    /// Called when a run failed, in the transaction that records the failure;
    /// `for_good` when no try is left.
    fn on_failure(
        &self,
        env: &E,
        conn: &mut DbConnection,
        error: &str,
        for_good: bool,
    ) -> Result<(), QueryError> {
        let _ = (env, conn, error, for_good);
        Ok(())
    }
}

/// What a successful run asks for next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobOutcome {
    /// Nothing: the job is done.
    Done,
    /// Run again at this instant (periodic work, or more left after a batch).
    Again(DateTime<Utc>),
}

/// Why a job run failed; it is retried with back-off.
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    /// The database refused.
    #[error("database: {0}")]
    Database(#[from] QueryError),
    /// The payload does not fit the job.
    #[error("payload: {0}")]
    Payload(#[from] serde_json::Error),
    /// Anything else, in words.
    #[error("{0}")]
    Other(String),
    /// The lease ran out and another worker took the job over; this run's
    /// work was rolled back.
    #[error("lease lost")]
    LeaseLost,
}

/// What one claim did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ran {
    /// The job's id.
    pub id: String,
    /// Its kind.
    pub kind: String,
    /// `done`, `again`, `retry` or `failed`; `lease_lost` when another worker
    /// took the job over and this run's effects were rolled back.
    pub result: &'static str,
}

type Handler<E> = Box<
    dyn Fn(&E, &mut DbConnection, &str, DateTime<Utc>) -> Result<JobOutcome, JobError>
        + Send
        + Sync,
>;

type FailureHook<E> =
    Box<dyn Fn(&E, &mut DbConnection, &str, &str, bool) -> Result<(), JobError> + Send + Sync>;

/// How one job kind runs.
struct Kind<E> {
    run: Handler<E>,
    on_failure: FailureHook<E>,
    in_transaction: bool,
}

/// The job kinds a worker knows, and how it claims.
pub struct Registry<E> {
    kinds: HashMap<&'static str, Kind<E>>,
    lease: Duration,
}

/// How long to wait before retry `attempt` (1-based): 10 s doubled each time,
/// at most an hour.
pub fn backoff(attempt: i32) -> Duration {
    let doublings = u32::try_from(attempt.saturating_sub(1))
        .unwrap_or(0)
        .min(12);
    Duration::seconds((10_i64 << doublings).min(3_600))
}

/// Writes a job row; with a `unique_key` that a job already holds, nothing
/// is written and false is returned.
pub(crate) fn enqueue_row(
    conn: &mut DbConnection,
    kind: &str,
    max_attempts: i32,
    payload: String,
    run_at: DateTime<Utc>,
    unique_key: Option<&str>,
    now: DateTime<Utc>,
) -> Result<bool, QueryError> {
    let row = JobRow {
        id: uuid::Uuid::now_v7().to_string(),
        kind: kind.to_owned(),
        payload,
        unique_key: unique_key.map(str::to_owned),
        state: JobState::Queued.into(),
        run_at: utc(run_at),
        attempts: 0,
        max_attempts,
        locked_by: None,
        locked_until: None,
        last_error: None,
        created_at: utc(now),
        updated_at: utc(now),
    };
    store::enqueue(conn, &row)
}

impl<E> Default for Registry<E> {
    fn default() -> Self {
        Registry::new(Duration::minutes(5))
    }
}

impl<E> Registry<E> {
    /// No kinds yet; a claimed job is leased for `lease`, after which another
    /// worker may take it over (a job must finish within it).
    pub fn new(lease: Duration) -> Self {
        Registry {
            kinds: HashMap::new(),
            lease,
        }
    }

    /// Adds a job kind.
    pub fn register<J: Job<E> + 'static>(&mut self) -> &mut Self {
        let run: Handler<E> = Box::new(|env, conn, payload, now| {
            let job: J = serde_json::from_str(payload)?;
            job.run(env, conn, now)
        });
        let on_failure: FailureHook<E> = Box::new(|env, conn, payload, error, for_good| {
            let job: J = serde_json::from_str(payload)?;
            Ok(job.on_failure(env, conn, error, for_good)?)
        });
        self.kinds.insert(
            J::KIND,
            Kind {
                run,
                on_failure,
                in_transaction: J::IN_TRANSACTION,
            },
        );
        self
    }

    /// Enqueues `job` to run at `run_at`. With a `unique_key` that a job
    /// already holds, nothing is written and false is returned.
    pub fn enqueue<J: Job<E>>(
        conn: &mut DbConnection,
        job: &J,
        run_at: DateTime<Utc>,
        unique_key: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<bool, JobError> {
        let payload = serde_json::to_string(job)?;
        Ok(enqueue_row(
            conn,
            J::KIND,
            J::MAX_ATTEMPTS,
            payload,
            run_at,
            unique_key,
            now,
        )?)
    }

    /// Makes sure the periodic job `job` exists, under its kind as unique key
    /// (one row however many processes start).
    pub fn ensure_periodic<J: Job<E>>(
        conn: &mut DbConnection,
        job: &J,
        now: DateTime<Utc>,
    ) -> Result<bool, JobError> {
        Self::enqueue(conn, job, now, Some(J::KIND), now)
    }

    /// Claims one ready job, runs it and records the outcome. `None` when no
    /// job is ready at `now`.
    pub fn run_next(
        &self,
        db: &Database,
        env: &E,
        worker: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Ran>, DbError> {
        let mut conn = db.get()?;
        let Some(job) = store::claim(&mut conn, worker, utc(now), utc(now + self.lease))? else {
            return Ok(None);
        };
        let ran = |result| Ran {
            id: job.id.clone(),
            kind: job.kind.clone(),
            result,
        };
        let Some(kind) = self.kinds.get(job.kind.as_str()) else {
            // A newer release may know it; keep it, retry later.
            let error = format!("no handler for job kind {:?}", job.kind);
            let result = self.fail(&mut conn, env, &job, worker, error, now)?;
            return Ok(Some(ran(result)));
        };
        let run = |conn: &mut DbConnection| {
            catch_unwind(AssertUnwindSafe(|| {
                (kind.run)(env, conn, &job.payload, now)
            }))
            .unwrap_or_else(|_| Err(JobError::Other("the job panicked".into())))
        };
        let complete = |conn: &mut DbConnection, outcome: JobOutcome| {
            let completion = match outcome {
                JobOutcome::Done => Completion::Done,
                JobOutcome::Again(at) => Completion::Again(utc(at)),
            };
            if !store::complete(conn, &job.id, worker, &completion, utc(now))? {
                return Err(JobError::LeaseLost);
            }
            Ok(outcome)
        };
        let outcome = if kind.in_transaction {
            write_transaction(&mut conn, |conn| {
                let outcome = run(conn)?;
                complete(conn, outcome)
            })
        } else {
            run(&mut conn)
                .and_then(|outcome| write_transaction(&mut conn, |conn| complete(conn, outcome)))
        };
        let result = match outcome {
            Ok(JobOutcome::Done) => "done",
            Ok(JobOutcome::Again(_)) => "again",
            Err(JobError::LeaseLost) => {
                tracing::warn!(job.id = %job.id, job.kind = %job.kind, "job lease lost; its work was rolled back");
                "lease_lost"
            }
            Err(error) => {
                tracing::warn!(job.id = %job.id, job.kind = %job.kind, attempt = job.attempts, %error, "job failed");
                self.fail(&mut conn, env, &job, worker, error.to_string(), now)?
            }
        };
        Ok(Some(ran(result)))
    }

    /// Records a failed run: retry after back-off, or fail for good after
    /// the last attempt. The job's failure hook runs in the same transaction.
    fn fail(
        &self,
        conn: &mut DbConnection,
        env: &E,
        job: &JobRow,
        worker: &str,
        error: String,
        now: DateTime<Utc>,
    ) -> Result<&'static str, DbError> {
        let retry_at = (job.attempts < job.max_attempts).then(|| utc(now + backoff(job.attempts)));
        let for_good = retry_at.is_none();
        let completion = Completion::Failed {
            error: error.clone(),
            retry_at,
        };
        let hook = self
            .kinds
            .get(job.kind.as_str())
            .map(|kind| &kind.on_failure);
        let with_hook = write_transaction(conn, |conn| {
            if let Some(hook) = hook {
                hook(env, conn, &job.payload, &error, for_good)?;
            }
            store::complete(conn, &job.id, worker, &completion, utc(now))?;
            Ok::<_, JobError>(())
        });
        if let Err(hook_error) = with_hook {
            // The hook could not run (a payload this release cannot read):
            // record the failure without it rather than leave the job leased.
            tracing::warn!(job.id = %job.id, job.kind = %job.kind, error = %hook_error, "job failure hook failed");
            store::complete(conn, &job.id, worker, &completion, utc(now))?;
        }
        Ok(if for_good { "failed" } else { "retry" })
    }

    /// When the next queued job becomes ready, if any.
    pub fn next_ready_at(db: &Database) -> Result<Option<DateTime<Utc>>, DbError> {
        let mut conn = db.get()?;
        Ok(store::next_run_at(&mut conn)?.map(from_utc))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_off_doubles_up_to_an_hour() {
        let seconds: Vec<i64> = (1..=11).map(|a| backoff(a).num_seconds()).collect();
        assert_eq!(
            seconds,
            [10, 20, 40, 80, 160, 320, 640, 1280, 2560, 3600, 3600]
        );
        assert_eq!(backoff(0).num_seconds(), 10);
        assert_eq!(backoff(i32::MAX).num_seconds(), 3600);
    }
}
