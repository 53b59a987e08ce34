//! What is wrong with an input, field by field.

use std::fmt;

/// One thing wrong with one field of an input.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Violation {
    /// Where, as a JSON path into the request (`applicant.id_number`).
    pub field: String,
    /// A stable, machine-readable reason (`too_long`, `not_12_digits`, ...).
    pub code: &'static str,
    /// What is wrong, for people.
    pub message: String,
}

impl Violation {
    /// A violation of `field`.
    pub fn new(field: impl Into<String>, code: &'static str, message: impl Into<String>) -> Self {
        Violation {
            field: field.into(),
            code,
            message: message.into(),
        }
    }

    /// The same violation, one level deeper: `applicant` + `id_number`.
    pub fn under(mut self, parent: &str) -> Self {
        self.field = if self.field.is_empty() {
            parent.to_owned()
        } else if self.field.starts_with('[') {
            format!("{parent}{}", self.field)
        } else {
            format!("{parent}.{}", self.field)
        };
        self
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// Collects the violations of a whole input, so one answer lists them all.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Violations(Vec<Violation>);

impl Violations {
    /// No violation yet.
    pub fn new() -> Self {
        Violations(Vec::new())
    }

    /// Keeps the value, or records why there is none.
    pub fn check<T>(&mut self, result: Result<T, Violation>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(violation) => {
                self.0.push(violation);
                None
            }
        }
    }

    /// Records a violation.
    pub fn push(&mut self, violation: Violation) {
        self.0.push(violation);
    }

    /// Records every violation of a nested input under `parent`.
    pub fn extend_under(&mut self, parent: &str, violations: Vec<Violation>) {
        self.0
            .extend(violations.into_iter().map(|v| v.under(parent)));
    }

    /// Whether nothing is wrong.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Every violation recorded so far.
    pub fn into_vec(self) -> Vec<Violation> {
        self.0
    }

    /// `Ok(value)` when nothing is wrong, else every violation.
    pub fn finish<T>(self, value: impl FnOnce() -> Option<T>) -> Result<T, Vec<Violation>> {
        if self.0.is_empty() {
            // Every `check` succeeded, so every part is present.
            value().ok_or_else(|| vec![Violation::new("", "incomplete", "the input is incomplete")])
        } else {
            Err(self.0)
        }
    }
}
