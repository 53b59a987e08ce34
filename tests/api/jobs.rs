//! The durable job queue on the real databases: two worker pools on one
//! database never run a job twice; failures back off and end as `failed`;
//! a lost lease hands the job to another worker.

use chrono::{DateTime, Duration, Utc};
use motcua_db::jobs as store;
use motcua_db::{Database, DbConnection, utc};
use motcua_jobs::{Job, JobError, JobOutcome, Registry};
use std::collections::HashMap;
use std::sync::Mutex;

use crate::helpers::{monday_morning, spawn_app};

/// Counts how often each numbered job ran, across every worker.
#[derive(Default)]
struct Runs(Mutex<HashMap<u32, u32>>);

#[derive(serde::Serialize, serde::Deserialize)]
struct Numbered {
    n: u32,
}

impl Job<Runs> for Numbered {
    const KIND: &'static str = "test_numbered";
    fn run(
        &self,
        env: &Runs,
        _: &mut DbConnection,
        _: DateTime<Utc>,
    ) -> Result<JobOutcome, JobError> {
        *env.0.lock().unwrap().entry(self.n).or_default() += 1;
        Ok(JobOutcome::Done)
    }
}

#[derive(serde::Serialize, serde::Deserialize)]
struct AlwaysFails;

impl Job<Runs> for AlwaysFails {
    const KIND: &'static str = "test_always_fails";
    const MAX_ATTEMPTS: i32 = 3;
    fn run(
        &self,
        _: &Runs,
        _: &mut DbConnection,
        _: DateTime<Utc>,
    ) -> Result<JobOutcome, JobError> {
        Err(JobError::Other("the remote end said no".into()))
    }
}

fn registry() -> Registry<Runs> {
    let mut registry = Registry::new(Duration::minutes(5));
    registry
        .register::<Numbered>()
        .register::<AlwaysFails>()
        .register::<motcua_jobs::SlaSweep>();
    registry
}

/// The next run of a test job at `at`, passing over the application's own
/// periodic SLA sweep.
fn next(
    registry: &Registry<Runs>,
    db: &Database,
    runs: &Runs,
    worker: &str,
    at: DateTime<Utc>,
) -> Option<motcua_jobs::Ran> {
    loop {
        match registry.run_next(db, runs, worker, at).unwrap() {
            // The application's periodic jobs, which these tests leave be.
            Some(ran)
                if [
                    "sla_sweep",
                    "forget_idempotent_answers",
                    "forget_unverified_accounts",
                ]
                .contains(&ran.kind.as_str()) =>
            {
                continue;
            }
            other => return other,
        }
    }
}

#[tokio::test]
async fn two_worker_pools_on_one_database_never_run_a_job_twice() {
    let app = spawn_app().await;
    let url = app.database_url.clone();
    let first = app.db.clone();
    let now = monday_morning();
    let runs = tokio::task::spawn_blocking(move || {
        // A second pool, as a second server process would have.
        let second = Database::connect(&url, 4).unwrap();
        let mut conn = first.get().unwrap();
        for n in 0..400 {
            Registry::<Runs>::enqueue(&mut conn, &Numbered { n }, now, None, now).unwrap();
        }
        drop(conn);
        let runs = Runs::default();
        let registry = registry();
        std::thread::scope(|scope| {
            for (p, db) in [&first, &second].into_iter().enumerate() {
                for t in 0..3 {
                    let (registry, runs) = (&registry, &runs);
                    scope.spawn(move || {
                        let worker = format!("pool{p}-thread{t}");
                        while next(registry, db, runs, &worker, now).is_some() {}
                    });
                }
            }
        });
        let mut conn = first.get().unwrap();
        let done: Vec<_> = store::in_state(&mut conn, store::JobState::Done, 1000)
            .unwrap()
            .into_iter()
            .filter(|j| j.kind == "test_numbered")
            .collect();
        assert_eq!(done.len(), 400);
        assert!(
            done.iter()
                .all(|j| j.attempts == 1 && j.locked_by.is_none())
        );
        runs
    })
    .await
    .unwrap();
    let runs = runs.0.into_inner().unwrap();
    assert_eq!(runs.len(), 400);
    assert!(runs.values().all(|&count| count == 1), "{runs:?}");
}

#[tokio::test]
async fn failures_back_off_then_fail_for_good_and_lost_leases_move_on() {
    let app = spawn_app().await;
    let db = app.db.clone();
    let now = monday_morning();
    tokio::task::spawn_blocking(move || {
        let registry = registry();
        let runs = Runs::default();
        let mut conn = db.get().unwrap();
        Registry::<Runs>::enqueue(&mut conn, &AlwaysFails, now, Some("fails"), now).unwrap();
        // A unique key is enqueued once.
        assert!(
            !Registry::<Runs>::enqueue(&mut conn, &AlwaysFails, now, Some("fails"), now).unwrap()
        );
        drop(conn);
        let ran = next(&registry, &db, &runs, "w", now).unwrap();
        assert_eq!(ran.result, "retry");
        // Not before the back-off (10 s, then 20 s).
        assert!(next(&registry, &db, &runs, "w", now + Duration::seconds(9)).is_none());
        let ran = next(&registry, &db, &runs, "w", now + Duration::seconds(10)).unwrap();
        assert_eq!(ran.result, "retry");
        let ran = next(&registry, &db, &runs, "w", now + Duration::seconds(30)).unwrap();
        assert_eq!(ran.result, "failed");
        let mut conn = db.get().unwrap();
        let job = store::by_unique_key(&mut conn, "fails").unwrap().unwrap();
        assert_eq!(
            (job.state.to_string().as_str(), job.attempts),
            ("failed", 3)
        );
        assert_eq!(job.last_error.as_deref(), Some("the remote end said no"));
        assert!(next(&registry, &db, &runs, "w", now + Duration::days(1)).is_none());

        // A worker claims and dies: the job waits out the lease, then another
        // worker runs it, and the dead one can no longer complete it.
        Registry::<Runs>::enqueue(&mut conn, &Numbered { n: 7 }, now, Some("seven"), now).unwrap();
        let claimed = store::claim(&mut conn, "dead", utc(now), utc(now + Duration::minutes(5)))
            .unwrap()
            .unwrap();
        assert!(next(&registry, &db, &runs, "alive", now + Duration::minutes(4)).is_none());
        let ran = next(&registry, &db, &runs, "alive", now + Duration::minutes(5)).unwrap();
        assert_eq!(ran.result, "done");
        assert!(
            !store::complete(
                &mut conn,
                &claimed.id,
                "dead",
                &store::Completion::Done,
                utc(now)
            )
            .unwrap()
        );
        assert_eq!(runs.0.lock().unwrap().get(&7), Some(&1));
    })
    .await
    .unwrap();
}
