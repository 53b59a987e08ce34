//! Background work: the job kinds this application runs, the worker loop,
//! and the SLA sweep on demand.

use motcua_jobs::{
    ForgetIdempotentAnswers, ForgetUnverifiedAccounts, Registry, SWEEP_BATCH, SlaSweep, sweep_once,
};
use std::time::Duration as StdDuration;

pub use motcua_jobs::{Ran, SweepReport};

use crate::app::{App, Services};
use crate::error::{AppError, AppResult};

impl App {
    /// Makes sure the periodic jobs exist (one row each, whatever the number
    /// of processes): the SLA sweep and the housekeeping.
    pub async fn schedule_periodic_jobs(&self) -> AppResult<()> {
        let jobs = std::sync::Arc::clone(&self.jobs);
        self.blocking(move |s| {
            let mut conn = s.db.get()?;
            let sweep = SlaSweep {
                interval_seconds: jobs.settings.sla_sweep_seconds,
            };
            Registry::<Services>::ensure_periodic(&mut conn, &sweep, s.clock.now())
                .map_err(|e| AppError::unexpected("scheduling the SLA sweep", e))?;
            Registry::<Services>::ensure_periodic(
                &mut conn,
                &ForgetIdempotentAnswers::default(),
                s.clock.now(),
            )
            .map_err(|e| AppError::unexpected("scheduling the housekeeping", e))?;
            Registry::<Services>::ensure_periodic(
                &mut conn,
                &ForgetUnverifiedAccounts {
                    interval_seconds: 3600,
                    after_hours: crate::citizens::accounts::VERIFY_HOURS,
                },
                s.clock.now(),
            )
            .map_err(|e| AppError::unexpected("scheduling the housekeeping", e))?;
            Ok(())
        })
        .await
    }

    /// Claims and runs one ready job as `worker`; `None` when none is ready.
    pub async fn run_next_job(&self, worker: String) -> AppResult<Option<Ran>> {
        let jobs = std::sync::Arc::clone(&self.jobs);
        self.blocking(move |s| Ok(jobs.registry.run_next(&s.db, s, &worker, s.clock.now())?))
            .await
    }

    /// Runs every job that is ready now, one after the other (tests and
    /// `motcua worker --once`). Stops after `limit` runs.
    pub async fn run_pending_jobs(&self, limit: usize) -> AppResult<Vec<Ran>> {
        let worker = format!("inline-{}", uuid::Uuid::now_v7().simple());
        let mut ran = Vec::new();
        while ran.len() < limit {
            match self.run_next_job(worker.clone()).await? {
                Some(r) => ran.push(r),
                None => break,
            }
        }
        Ok(ran)
    }

    /// A worker: runs jobs as they become ready, polling every `poll` when
    /// idle, until the task is dropped. A job interrupted mid-run is rolled
    /// back and claimed again once its lease ends.
    pub async fn run_worker(self, name: String, poll: StdDuration) {
        tracing::info!(worker = %name, "worker started");
        loop {
            match self.run_next_job(name.clone()).await {
                Ok(Some(ran)) => {
                    tracing::debug!(worker = %name, job.kind = %ran.kind, result = ran.result, "job ran");
                }
                Ok(None) => tokio::time::sleep(poll).await,
                Err(error) => {
                    tracing::warn!(worker = %name, %error, "worker could not run a job");
                    tokio::time::sleep(poll).await;
                }
            }
        }
    }

    /// Runs the SLA sweep to the end at the application's clock, in batches,
    /// outside the job queue (`motcua sweep`, benchmarks). Returns the totals.
    pub async fn sweep_sla_now(&self) -> AppResult<SweepReport> {
        self.blocking(|s| {
            let now = s.clock.now();
            let mut conn = s.db.get()?;
            let mut total = SweepReport::default();
            loop {
                let batch = motcua_db::write_transaction(&mut conn, |conn| {
                    sweep_once(conn, now, SWEEP_BATCH)
                })?;
                let more = batch.more_waiting();
                total += batch;
                if !more {
                    return Ok(total);
                }
            }
        })
        .await
    }
}
