//! Where use cases read the time: never `Utc::now()` directly.

use chrono::NaiveDate;
use chrono::{DateTime, TimeDelta, Utc};
use motcua_calendar::VIETNAM_OFFSET;
use std::sync::{Arc, Mutex, PoisonError};

/// The date in Vietnam of an instant: the day a clerk would write on a form.
pub(crate) fn local_date(instant: DateTime<Utc>) -> NaiveDate {
    instant.with_timezone(&VIETNAM_OFFSET).date_naive()
}

/// A source of the current instant.
pub trait Clock: Send + Sync {
    /// Now, in UTC.
    fn now(&self) -> DateTime<Utc>;

    /// How far ahead of the real time a training installation's clock runs;
    /// `None` for a real clock, which every page then says nothing about.
    fn training_shift(&self) -> Option<TimeDelta> {
        None
    }
}

/// The real clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// The real clock moved ahead by a fixed shift: a training installation
/// shows a dossier due soon, overdue and apologised for without waiting
/// days for it. Only `motcua serve --demo` runs on one, and every page says
/// so.
#[derive(Debug, Clone, Copy)]
pub struct TrainingClock {
    shift: TimeDelta,
}

impl TrainingClock {
    /// The real time plus `shift`.
    pub fn new(shift: TimeDelta) -> Self {
        TrainingClock { shift }
    }
}

impl Clock for TrainingClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now() + self.shift
    }

    fn training_shift(&self) -> Option<TimeDelta> {
        Some(self.shift)
    }
}

/// A clock that stands still until moved: for tests and demonstrations.
#[derive(Debug, Clone)]
pub struct ManualClock(Arc<Mutex<DateTime<Utc>>>);

impl ManualClock {
    /// A clock showing `at`.
    pub fn new(at: DateTime<Utc>) -> Self {
        ManualClock(Arc::new(Mutex::new(at)))
    }

    /// Shows `at` from now on.
    pub fn set(&self, at: DateTime<Utc>) {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = at;
    }

    /// Moves forward by `by`.
    pub fn advance(&self, by: TimeDelta) {
        let mut now = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        *now += by;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
