//! The application handle every use case hangs off: `App` for callers (the
//! API, the web pages, the worker), `Services` for the use cases' own code,
//! which runs on a blocking thread with a database connection.

use chrono::Duration;
use motcua_db::Database;
use motcua_jobs::{
    ForgetIdempotentAnswers, ForgetUnverifiedAccounts, Registry, SendNotice, SlaSweep,
};
use std::sync::Arc;

use crate::calendars::Calendars;
use crate::clock::Clock;
use crate::error::{AppError, AppResult};
use crate::kept::Kept;
use crate::limits::{RateLimitSettings, RateLimits, SignInFailures};
use crate::settings::{Delivery, JobSettings, OnlineSettings, TokenSettings};

/// Everything a use case needs.
pub struct Services {
    pub(crate) db: Database,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) calendars: Calendars,
    pub(crate) tokens: TokenSettings,
    pub(crate) limits: RateLimits,
    pub(crate) sign_in_failures: SignInFailures,
    pub(crate) delivery: Delivery,
    pub(crate) online: OnlineSettings,
    /// The public statistics' answers, kept a minute.
    pub(crate) statistics: Kept,
    /// The work queues' counts per agency, kept a few seconds and forgotten
    /// when this process changes one of the agency's dossiers.
    pub(crate) queue_counts: Kept,
}

impl Services {
    /// Today's date in Vietnam, by the application's clock.
    pub(crate) fn today(&self) -> chrono::NaiveDate {
        crate::clock::local_date(self.clock.now())
    }
}

/// How long a work queue's counts are kept (seconds): a count changed by
/// another server process shows within this, one changed by this process
/// at once.
pub(crate) const QUEUE_COUNTS_SECONDS: i64 = 5;

/// The application: cheap to clone, shared by every request.
#[derive(Clone)]
pub struct App {
    pub(crate) services: Arc<Services>,
    pub(crate) jobs: Arc<Jobs>,
}

impl App {
    /// An application on `db`, reading time from `clock`.
    pub fn new(
        db: Database,
        clock: Arc<dyn Clock>,
        tokens: TokenSettings,
        limits: RateLimitSettings,
        job_settings: JobSettings,
        delivery: Delivery,
        online: OnlineSettings,
    ) -> AppResult<App> {
        let calendars = Calendars::new()?;
        Ok(App {
            services: Arc::new(Services {
                db,
                clock,
                calendars,
                tokens,
                limits: RateLimits::new(&limits),
                sign_in_failures: SignInFailures::new(),
                delivery,
                online,
                // A year per agency is a handful of questions a minute.
                statistics: Kept::new(64, chrono::Duration::seconds(60)),
                // Many clerks of one agency open its queue at once; each
                // agency's counts are computed at most every few seconds
                // (an agency per entry, a province's worth of agencies).
                queue_counts: Kept::new(4096, chrono::Duration::seconds(QUEUE_COUNTS_SECONDS)),
            }),
            jobs: Arc::new(Jobs::new(job_settings)),
        })
    }

    /// Today in Vietnam by the application's clock: the day a page's
    /// defaults start from (this month's report), never the machine's.
    pub fn today(&self) -> chrono::NaiveDate {
        crate::clock::local_date(self.services.clock.now())
    }

    /// On a training installation, how far ahead of the real time its
    /// clock runs and what time it shows now; `None` everywhere else.
    pub fn training_clock(&self) -> Option<(chrono::TimeDelta, chrono::DateTime<chrono::Utc>)> {
        let clock = &self.services.clock;
        clock.training_shift().map(|shift| (shift, clock.now()))
    }

    /// The database this application runs on.
    pub fn database(&self) -> &Database {
        &self.services.db
    }

    /// Runs synchronous use-case code (diesel, argon2) on a blocking thread,
    /// with the pool checkout inside it.
    pub(crate) async fn blocking<T, F>(&self, work: F) -> AppResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Services) -> AppResult<T> + Send + 'static,
    {
        let services = Arc::clone(&self.services);
        tokio::task::spawn_blocking(move || work(&services))
            .await
            .map_err(|e| AppError::unexpected("blocking task", e))?
    }

    /// Whether the database answers (`GET /readyz`).
    pub async fn ready(&self) -> AppResult<&'static str> {
        self.blocking(|s| {
            s.db.ping()?;
            Ok(s.db.backend())
        })
        .await
    }
}

/// The job kinds and their settings.
pub(crate) struct Jobs {
    pub(crate) registry: Registry<Services>,
    pub(crate) settings: JobSettings,
}

impl Jobs {
    pub(crate) fn new(settings: JobSettings) -> Self {
        let mut registry = Registry::new(Duration::seconds(i64::from(settings.lease_seconds)));
        registry
            .register::<SlaSweep>()
            .register::<SendNotice>()
            .register::<ForgetIdempotentAnswers>()
            .register::<ForgetUnverifiedAccounts>();
        Jobs { registry, settings }
    }
}
