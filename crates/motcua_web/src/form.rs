//! What every form page shares: the errors of a posted form, each at its
//! field and all in the summary at the top (the GOV.UK error-summary
//! pattern), in the page's language.

use actix_web::http::StatusCode;
use motcua_app::AppError;
use motcua_domain::{Violation, Violations};

use crate::WebError;
use crate::messages::Messages;

/// One thing wrong with a posted form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The field's `id` (the summary links to it); empty for a form-wide
    /// error, which the summary shows without a link.
    pub field: String,
    /// What to do about it, in the page's language.
    pub message: String,
}

/// Everything wrong with a posted form, in the order of its fields.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormErrors(pub Vec<FieldError>);

impl FormErrors {
    /// Nothing wrong (yet).
    pub fn none() -> Self {
        FormErrors(Vec::new())
    }

    /// The message at `field`, if any.
    pub fn at(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }

    /// Whether something is wrong.
    pub fn any(&self) -> bool {
        !self.0.is_empty()
    }

    /// Records a message at `field` (empty: the whole form).
    pub fn push(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.to_owned(),
            message: message.into(),
        });
    }

    /// The domain's violations in the page's words: each field's parse
    /// names the field by its `id`, so the message lands at the field.
    pub fn from_violations(m: &Messages, violations: Vec<Violation>) -> Self {
        let mut errors = FormErrors::none();
        for v in violations {
            // One message per field: the first thing to fix.
            if errors.at(&v.field).is_none() {
                let message = (m.violation)(&v.field, v.code);
                errors.push(&v.field, message);
            }
        }
        errors
    }
}

impl FormErrors {
    /// An account use case's refusal, said on the form with the status to
    /// answer: a wrong password at `wrong` (its field and message), an
    /// unproved address, a lock-out or rate limit with when to try again.
    /// Anything else is not the form's to say: its error page.
    pub fn refusal(
        &mut self,
        m: &Messages,
        error: AppError,
        wrong: (&str, &str),
    ) -> Result<StatusCode, WebError> {
        match error {
            AppError::Unauthenticated(_) => {
                self.push(wrong.0, wrong.1);
                Ok(StatusCode::UNAUTHORIZED)
            }
            AppError::Forbidden(_) => {
                self.push("", m.sign_in_unverified);
                Ok(StatusCode::FORBIDDEN)
            }
            AppError::RateLimited {
                retry_after_seconds,
            } => {
                self.push("", (m.try_again_later)(retry_after_seconds));
                Ok(StatusCode::TOO_MANY_REQUESTS)
            }
            other => Err(other.into()),
        }
    }
}

/// A required field: "enter ..." when it is blank, else the parse's verdict.
pub fn required<T>(
    v: &mut Violations,
    field: &str,
    text: &str,
    parse: impl FnOnce(&str, &str) -> Result<T, Violation>,
) -> Option<T> {
    if text.trim().is_empty() {
        v.push(Violation::new(field, "required", "required"));
        return None;
    }
    v.check(parse(field, text))
}

/// An optional field: `Some(None)` when blank.
pub fn optional<T>(
    v: &mut Violations,
    field: &str,
    text: &str,
    parse: impl FnOnce(&str, &str) -> Result<T, Violation>,
) -> Option<Option<T>> {
    if text.trim().is_empty() {
        return Some(None);
    }
    v.check(parse(field, text)).map(Some)
}

/// Field `name` of a form read as name-value pairs (one whose fields are
/// named by data: the rating's criteria, a gateway's parameters), trimmed;
/// empty when absent.
pub fn field<'a>(pairs: &'a [(String, String)], name: &str) -> &'a str {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.trim())
}

/// The page title of a form: prefixed with "Error:" when it came back with
/// errors, so a screen reader says so first (GOV.UK's advice).
pub fn title(m: &Messages, errors: &FormErrors, title: &str) -> String {
    if errors.any() {
        format!("{}: {title}", m.error_prefix)
    } else {
        title.to_owned()
    }
}
