//! The one error type of the use cases.
//!
//! Policy (after crates.io's `util/errors.rs`): a use case returns the variant
//! that tells the client what to do; anything the client cannot act on is
//! `Unexpected`, carries its cause for the log, and is answered with a generic
//! 500. Codes are stable: clients may branch on them.

use motcua_domain::Violation;

/// What went wrong in a use case.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The input is wrong; each violation names a field.
    #[error("the request is invalid")]
    Validation(Vec<Violation>),
    /// No such thing, or not one the caller may see.
    #[error("{1}")]
    NotFound(Reason, String),
    /// The change conflicts with the current state (a duplicate, an older date).
    #[error("{1}")]
    Conflict(Reason, String),
    /// Signed in, but not allowed to do this.
    #[error("{0}")]
    Forbidden(String),
    /// Not signed in, or the credentials are wrong, expired or forged.
    #[error("{0}")]
    Unauthenticated(String),
    /// The resource is not in the state (or version) the action needs.
    #[error("{0}")]
    PreconditionFailed(String),
    /// A change that must name the version it was based on did not.
    #[error("{0}")]
    PreconditionRequired(String),
    /// The dossier's status does not allow the action.
    #[error("{0}")]
    IllegalTransition(String),
    /// An `Idempotency-Key` sent again with a different request.
    #[error("{0}")]
    IdempotencyKeyReused(String),
    /// An upload over the size limits.
    #[error("{0}")]
    TooLarge(String),
    /// An upload of a kind we do not take (judged by its bytes).
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// Too many attempts; try again after this many seconds.
    #[error("too many requests; try again in {retry_after_seconds} s")]
    RateLimited {
        /// Seconds to wait.
        retry_after_seconds: u64,
    },
    /// A fault of ours; details are logged, never shown.
    #[error("unexpected error")]
    Unexpected(#[source] anyhow::Error),
}

impl AppError {
    /// The stable, machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Validation(_) => "validation",
            AppError::NotFound(..) => "not_found",
            AppError::Conflict(..) => "conflict",
            AppError::Forbidden(_) => "forbidden",
            AppError::Unauthenticated(_) => "unauthenticated",
            AppError::PreconditionFailed(_) => "precondition_failed",
            AppError::PreconditionRequired(_) => "precondition_required",
            AppError::IllegalTransition(_) => "illegal_transition",
            AppError::IdempotencyKeyReused(_) => "idempotency_key_reused",
            AppError::TooLarge(_) => "payload_too_large",
            AppError::UnsupportedMediaType(_) => "unsupported_media_type",
            AppError::RateLimited { .. } => "rate_limited",
            AppError::Unexpected(_) => "unexpected",
        }
    }

    /// Which not-found or conflict this is, for a client to branch on: the
    /// `reason` of a 404 or 409 answer (the `code` says only which kind).
    pub fn reason(&self) -> Option<Reason> {
        match self {
            AppError::NotFound(reason, _) | AppError::Conflict(reason, _) => Some(*reason),
            _ => None,
        }
    }

    /// 404 for `what` (an id or a code, as the caller gave it), worded alike
    /// everywhere: "no dossier 000.25.01.H26-260302-0001". Whether it does not
    /// exist or the caller may not see it, the answer is the same.
    pub fn missing(reason: Reason, what: impl std::fmt::Display) -> Self {
        AppError::NotFound(reason, format!("no {} {what}", reason.noun()))
    }

    /// A validation error about one field.
    pub fn invalid(field: &str, code: &'static str, message: impl Into<String>) -> Self {
        AppError::Validation(vec![Violation::new(field, code, message)])
    }

    /// An unexpected error, with what we were doing.
    pub fn unexpected(context: &'static str, error: impl std::fmt::Display) -> Self {
        AppError::Unexpected(anyhow::anyhow!("{context}: {error}"))
    }
}

impl From<motcua_db::QueryError> for AppError {
    fn from(error: motcua_db::QueryError) -> Self {
        if motcua_db::is_bad_value(&error) {
            // The request carried it; the parsing layer should have refused
            // it, so say so in the log too.
            tracing::warn!(%error, "the database refused a value from a request");
            return AppError::invalid(
                "",
                "unstorable_value",
                "the request holds a value that cannot be stored (a control character, or a date or number out of range)",
            );
        }
        AppError::Unexpected(anyhow::Error::new(error).context("database query"))
    }
}

impl From<motcua_db::DbError> for AppError {
    fn from(error: motcua_db::DbError) -> Self {
        AppError::Unexpected(anyhow::Error::new(error).context("database"))
    }
}

impl From<Vec<Violation>> for AppError {
    fn from(violations: Vec<Violation>) -> Self {
        AppError::Validation(violations)
    }
}

/// Why something was not found or conflicts: one stable name per reason,
/// answered as `reason` beside the problem's `code`, listed in
/// `openapi.yaml` (the contract test keeps the two in step).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reason {
    /// No dossier with this code that the caller may see.
    NoSuchDossier,
    /// No application of the signed-in citizen's with this id.
    NoSuchApplication,
    /// No such file in the application or dossier.
    NoSuchFile,
    /// The procedure's list of documents has no such position.
    NoSuchDocument,
    /// No notice with this id in the caller's agency.
    NoSuchNotice,
    /// No apology with this id on the dossier.
    NoSuchApology,
    /// No supplement request given at the caller's agency's counter with
    /// this id.
    NoSuchSupplementNotice,
    /// No agency with this code.
    NoSuchAgency,
    /// No procedure with this code.
    NoSuchProcedure,
    /// The procedure has no version in force on the date asked.
    ProcedureNotInForce,
    /// No payment attempt with this reference.
    NoSuchPayment,
    /// No payment gateway by this name here (or the sandbox is off).
    NoSuchGateway,
    /// An agency with this code exists.
    AgencyExists,
    /// The agency has a unit with this name.
    UnitExists,
    /// Another user has this username.
    UsernameTaken,
    /// A procedure with this code exists: publish a new version instead.
    ProcedureExists,
    /// A new procedure version must take effect after the latest one.
    VersionNotAfterLatest,
    /// The procedure changed since the draft was started.
    ProcedureChanged,
    /// The account holds as many drafts as it may.
    DraftLimit,
    /// The application is submitted: it no longer changes this way.
    ApplicationSubmitted,
    /// The application is a draft: there is nothing to withdraw.
    ApplicationNotSubmitted,
    /// Someone else changed it meanwhile: read it again and retry.
    ChangedMeanwhile,
    /// The dossier was not submitted online, so this happens at the counter or by post.
    NotSubmittedOnline,
    /// No fee is waiting to be paid.
    NoFeeDue,
    /// The result is not ready yet.
    ResultNotReady,
    /// The dossier is rated already.
    RatedAlready,
    /// The result file must be attached first.
    ResultFileMissing,
    /// The dossier is at the procedure's last step: finish it instead.
    LastStep,
    /// The agency has numbered as many dossiers today as a code's four
    /// digits allow.
    DayFull,
    /// The procedure's plan decides at a later step: hand the dossier over
    /// to it first.
    NotDecidingStep,
    /// The dossier is at its first processing step: ask for a supplement instead.
    FirstStep,
    /// The agency has asked for a supplement as often as the rule set allows.
    SupplementLimit,
    /// Only a failed notice is sent again.
    NoticeNotFailed,
    /// The apology is signed already.
    ApologySignedAlready,
    /// The apology's new appointment has passed.
    AppointmentPassed,
    /// The appointment was moved as often as the rule set allows.
    NoMoreMoves,
}

impl Reason {
    /// Every reason, in the order `openapi.yaml` lists them.
    pub const ALL: [Reason; 36] = [
        Reason::NoSuchDossier,
        Reason::NoSuchApplication,
        Reason::NoSuchFile,
        Reason::NoSuchDocument,
        Reason::NoSuchNotice,
        Reason::NoSuchApology,
        Reason::NoSuchSupplementNotice,
        Reason::NoSuchAgency,
        Reason::NoSuchProcedure,
        Reason::ProcedureNotInForce,
        Reason::NoSuchGateway,
        Reason::NoSuchPayment,
        Reason::AgencyExists,
        Reason::UnitExists,
        Reason::UsernameTaken,
        Reason::ProcedureExists,
        Reason::VersionNotAfterLatest,
        Reason::ProcedureChanged,
        Reason::DraftLimit,
        Reason::ApplicationSubmitted,
        Reason::ApplicationNotSubmitted,
        Reason::ChangedMeanwhile,
        Reason::NotSubmittedOnline,
        Reason::NoFeeDue,
        Reason::ResultNotReady,
        Reason::RatedAlready,
        Reason::ResultFileMissing,
        Reason::LastStep,
        Reason::DayFull,
        Reason::NotDecidingStep,
        Reason::FirstStep,
        Reason::SupplementLimit,
        Reason::NoticeNotFailed,
        Reason::ApologySignedAlready,
        Reason::AppointmentPassed,
        Reason::NoMoreMoves,
    ];

    /// The stable name clients branch on.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::NoSuchDossier => "no_such_dossier",
            Reason::NoSuchApplication => "no_such_application",
            Reason::NoSuchFile => "no_such_file",
            Reason::NoSuchDocument => "no_such_document",
            Reason::NoSuchNotice => "no_such_notice",
            Reason::NoSuchApology => "no_such_apology",
            Reason::NoSuchSupplementNotice => "no_such_supplement_notice",
            Reason::NoSuchAgency => "no_such_agency",
            Reason::NoSuchProcedure => "no_such_procedure",
            Reason::ProcedureNotInForce => "procedure_not_in_force",
            Reason::NoSuchGateway => "no_such_gateway",
            Reason::NoSuchPayment => "no_such_payment",
            Reason::AgencyExists => "agency_exists",
            Reason::UnitExists => "unit_exists",
            Reason::UsernameTaken => "username_taken",
            Reason::ProcedureExists => "procedure_exists",
            Reason::VersionNotAfterLatest => "version_not_after_latest",
            Reason::ProcedureChanged => "procedure_changed",
            Reason::DraftLimit => "draft_limit",
            Reason::ApplicationSubmitted => "application_submitted",
            Reason::ApplicationNotSubmitted => "application_not_submitted",
            Reason::ChangedMeanwhile => "changed_meanwhile",
            Reason::NotSubmittedOnline => "not_submitted_online",
            Reason::NoFeeDue => "no_fee_due",
            Reason::ResultNotReady => "result_not_ready",
            Reason::RatedAlready => "rated_already",
            Reason::ResultFileMissing => "result_file_missing",
            Reason::LastStep => "last_step",
            Reason::DayFull => "day_full",
            Reason::NotDecidingStep => "not_deciding_step",
            Reason::FirstStep => "first_step",
            Reason::SupplementLimit => "supplement_limit",
            Reason::NoticeNotFailed => "notice_not_failed",
            Reason::ApologySignedAlready => "apology_signed_already",
            Reason::AppointmentPassed => "appointment_passed",
            Reason::NoMoreMoves => "no_more_moves",
        }
    }
}

impl Reason {
    /// What a not-found reason says is missing, for [`AppError::missing`].
    fn noun(self) -> &'static str {
        match self {
            Reason::NoSuchDossier => "dossier",
            Reason::NoSuchApplication => "application of yours",
            Reason::NoSuchFile => "file",
            Reason::NoSuchDocument => "document",
            Reason::NoSuchNotice => "notice",
            Reason::NoSuchApology => "apology",
            Reason::NoSuchSupplementNotice => "supplement request",
            Reason::NoSuchAgency => "agency",
            Reason::NoSuchProcedure => "procedure",
            Reason::NoSuchGateway => "payment gateway",
            Reason::NoSuchPayment => "payment",
            other => other.as_str(),
        }
    }
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The result of a use case.
pub type AppResult<T> = Result<T, AppError>;
