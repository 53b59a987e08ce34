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
    #[error("{0}")]
    NotFound(String),
    /// The change conflicts with the current state (a duplicate, an older date).
    #[error("{0}")]
    Conflict(String),
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
            AppError::NotFound(_) => "not_found",
            AppError::Conflict(_) => "conflict",
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

/// The result of a use case.
pub type AppResult<T> = Result<T, AppError>;
