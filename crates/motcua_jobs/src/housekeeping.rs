//! Periodic housekeeping: stored answers to idempotent requests are kept a
//! day, long enough for any client's retries, then forgotten.
//!
//! Forgetting one is safe: a submission replayed after that finds its draft
//! submitted already and is refused (409); it never makes a second dossier.

use chrono::{DateTime, Duration, Utc};
use motcua_db::{DbConnection, online, utc};

use crate::{Job, JobError, JobOutcome};

/// How long a stored answer is kept.
pub const IDEMPOTENT_ANSWER_HOURS: i64 = 24;

/// The periodic clean-up (one row, key `forget_idempotent_answers`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ForgetIdempotentAnswers {
    /// Seconds between runs.
    pub interval_seconds: u32,
}

impl Default for ForgetIdempotentAnswers {
    fn default() -> Self {
        ForgetIdempotentAnswers {
            interval_seconds: 3600,
        }
    }
}

impl<E> Job<E> for ForgetIdempotentAnswers {
    const KIND: &'static str = "forget_idempotent_answers";
    // Periodic: it must never fail for good.
    const MAX_ATTEMPTS: i32 = i32::MAX;

    fn run(
        &self,
        _env: &E,
        conn: &mut DbConnection,
        now: DateTime<Utc>,
    ) -> Result<JobOutcome, JobError> {
        let before = now - Duration::hours(IDEMPOTENT_ANSWER_HOURS);
        let forgotten = online::forget_idempotent_answers(conn, utc(before))?;
        if forgotten > 0 {
            tracing::info!(forgotten, "stored idempotent answers forgotten");
        }
        Ok(JobOutcome::Again(
            now + Duration::seconds(i64::from(self.interval_seconds)),
        ))
    }
}

/// The periodic clean-up of accounts whose address was never proved (one
/// row, key `forget_unverified_accounts`): anyone may register any address,
/// so what registrations leave behind is kept only while their verification
/// link works.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ForgetUnverifiedAccounts {
    /// Seconds between runs.
    pub interval_seconds: u32,
    /// How long an unproved account is kept: the life of its link.
    pub after_hours: i64,
}

impl<E> Job<E> for ForgetUnverifiedAccounts {
    const KIND: &'static str = "forget_unverified_accounts";
    // Periodic: it must never fail for good.
    const MAX_ATTEMPTS: i32 = i32::MAX;

    fn run(
        &self,
        _env: &E,
        conn: &mut DbConnection,
        now: DateTime<Utc>,
    ) -> Result<JobOutcome, JobError> {
        let before = now - Duration::hours(self.after_hours);
        let forgotten = online::forget_unverified(conn, utc(before))?;
        if forgotten > 0 {
            tracing::info!(forgotten, "accounts never verified forgotten");
        }
        Ok(JobOutcome::Again(
            now + Duration::seconds(i64::from(self.interval_seconds)),
        ))
    }
}
