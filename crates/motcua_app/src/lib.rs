#![doc = include_str!("../README.md")]
#![warn(clippy::too_many_lines)]

// The areas: what the product does, one folder each.
pub(crate) mod catalogue;
pub(crate) mod citizens;
pub(crate) mod dossiers;
pub(crate) mod reports;
pub(crate) mod staff;

// The shared pieces the areas stand on.
pub(crate) mod app;
pub(crate) mod calendars;
pub(crate) mod clock;
pub(crate) mod error;
pub(crate) mod files;
pub(crate) mod hashing;
pub(crate) mod kept;
pub(crate) mod limits;
pub(crate) mod printing;
pub(crate) mod sessions;
pub(crate) mod settings;
pub(crate) mod web_sessions;

// Running it: background jobs and demo data, which call into the areas.
pub(crate) mod jobs;
pub(crate) mod outbox;
pub mod seed;

pub use app::{App, Services};
pub use calendars::Calendars;
pub use catalogue::procedures::{
    AgencyRef, FieldView, ProcedureDraft, ProcedureList, ProcedureQuery, ProcedureSummary,
    ProcedureView, VersionSummary,
};
pub use citizens::accounts::{
    CitizenPrincipal, CitizenSession, CitizenView, CitizenWebSession, OrganizationView,
    Registration, RegistrationReceipt,
};
pub use citizens::applications::{
    AnswerOf, ApplicationDocument, ApplicationForm, ApplicationList, ApplicationView, DossierFiles,
    FileContent, FileView, MAX_FILES_PER_DOCUMENT, NewApplication, RatingView, StoredApplicant,
    StoredDelivery, StoredForm, StoredOrganization, Submission, Upload,
};
pub use citizens::payments::{AttemptView, PaymentReturn, PaymentStart, PaymentView};
pub use citizens::results::RatingCommand;
pub use clock::{Clock, ManualClock, SystemClock, TrainingClock};
pub use dossiers::apologies::{APOLOGIES_AWAITING_LIMIT, ApologyNotice, ApologyView, ApologyWork};
pub use dossiers::clock::{ClockExplanation, ClockMove, ClockPause, PauseReason};
pub use dossiers::control_sheet::{ControlRow, ControlSheet, Party};
pub use dossiers::forms::Printable;
pub use dossiers::intake::{IntakeCommand, IntakeOutcome};
pub use dossiers::lookup::{PublicApology, PublicClock, PublicDaysOff, PublicDossier, PublicStep};
pub use dossiers::notices::{NoticeList, NoticeQuery, NoticeView};
pub use dossiers::ratings::CounterRating;
pub use dossiers::reads::{
    ApplicantView, ChannelView, ClockState, DeliveryView, DossierEvent, DossierList,
    DossierListQuery, DossierStats, DossierSummary, DossierView, HolderView, OutcomeCounts,
    ProcedureRef, ProcessingTimeView, QueueCounts, Receipt, ReceiptDocument, RefusalNotice,
    ResultRecord, ReturnView, StaffRef, StatusCount, StatusView, StepView, StopNotice,
    SupplementNotice, UnitRef,
};
pub use dossiers::register::{Register, RegisterCursor, RegisterEntry, RegisterPage};
pub use dossiers::search::{DossierSearch, SEARCH_LIMIT};
pub use dossiers::workflow::commands::{DossierAction, ReturnMethod};
pub use dossiers::workflow::fields as action_fields;
pub use error::{AppError, AppResult, Reason};
pub use files::FileStore;
pub use jobs::{Ran, SweepReport};
pub use limits::{ClientKey, RateLimitSettings};
pub use motcua_domain::StepResult;
pub use printing::print_pdf;
pub use reports::exports::{REGISTER_HEADERS, ReportTable, register_headers};
pub use reports::indicators::{
    Breakdown, IndicatorGroup, IndicatorQuery, IndicatorReport, LateUnit,
};
pub use reports::period::{ReportPeriod, start_of as start_of_local_day};
pub use reports::statistics::{AgencyFigures, MonthFigures, PublicStatistics};
pub use seed::LoadData;
pub use settings::{Delivery, JobSettings, OnlineSettings, Payments, TokenSettings};
pub use staff::agencies::{
    AgencyView, ColleagueView, NewAgency, NewUnit, NewUser, UnitView, UserView,
};
pub use staff::principal::Principal;
pub use staff::sign_in::{StaffOnPage, StaffWebSession, TokenPair};
