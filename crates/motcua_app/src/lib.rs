#![doc = include_str!("../README.md")]

mod agencies;
mod apologies;
mod auth;
mod calendars;
mod catalogue;
mod citizens;
mod clock;
mod control_sheet;
mod dossiers;
mod error;
mod files;
mod intake;
mod jobs;
mod limits;
mod lookup;
mod notices;
mod online;
mod payments;
mod results;
pub mod seed;
mod workflow;

pub use agencies::{AgencyView, NewAgency, NewUnit, NewUser, UnitView, UserView};
pub use apologies::{ApologyNotice, ApologyView};
pub use auth::{Principal, TokenPair, TokenSettings};
pub use calendars::Calendars;
pub use catalogue::{
    ProcedureDraft, ProcedureList, ProcedureQuery, ProcedureSummary, ProcedureView, VersionSummary,
};
pub use citizens::{
    CitizenPrincipal, CitizenSession, CitizenView, OrganizationView, Registration,
    RegistrationReceipt,
};
pub use clock::{Clock, ManualClock, SystemClock};
pub use control_sheet::{ControlRow, ControlSheet, Party};
pub use dossiers::{
    DossierEvent, DossierList, DossierListQuery, DossierStats, DossierSummary, DossierView,
    HolderView, OutcomeCounts, Receipt, ReceiptDocument, ResultRecord, ReturnView, StatusCount,
    StepView, UnitRef,
};
pub use error::{AppError, AppResult};
pub use files::FileStore;
pub use intake::{IntakeCommand, IntakeOutcome, RefusalNotice, SupplementNotice};
pub use jobs::{JobSettings, Ran, SweepReport};
pub use limits::{ClientKey, RateLimitSettings};
pub use lookup::{PublicDossier, PublicStep};
pub use notices::{Delivery, NoticeList, NoticeQuery, NoticeView};
pub use online::{
    ApplicationDocument, ApplicationForm, ApplicationList, ApplicationView, DossierFiles,
    FileContent, FileView, MAX_FILES_PER_DOCUMENT, NewApplication, OnlineSettings, RatingView,
    StoredForm, Submission, Upload,
};
pub use payments::{AttemptView, CallbackAnswer, PaymentStart, PaymentView, Payments};
pub use results::RatingCommand;
pub use seed::LoadData;
pub use workflow::{DossierAction, ReturnMethod};

use motcua_db::Database;
use std::sync::Arc;

/// Everything a use case needs.
pub struct Services {
    db: Database,
    clock: Arc<dyn Clock>,
    calendars: Calendars,
    tokens: TokenSettings,
    limits: limits::RateLimits,
    sign_in_failures: limits::SignInFailures,
    delivery: Delivery,
    online: OnlineSettings,
}

/// The application: cheap to clone, shared by every request.
#[derive(Clone)]
pub struct App {
    services: Arc<Services>,
    jobs: Arc<jobs::Jobs>,
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
                limits: limits::RateLimits::new(&limits),
                sign_in_failures: limits::SignInFailures::new(),
                delivery,
                online,
            }),
            jobs: Arc::new(jobs::Jobs::new(job_settings)),
        })
    }

    /// The database this application runs on.
    pub fn database(&self) -> &Database {
        &self.services.db
    }

    /// Runs synchronous use-case code (diesel, argon2) on a blocking thread,
    /// with the pool checkout inside it.
    async fn blocking<T, F>(&self, work: F) -> AppResult<T>
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
