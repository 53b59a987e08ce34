//! The steps of a dossier read from its hand-overs: who held it, until
//! when, against which step due instant. The control sheet (Mẫu 05) prints
//! them; the reports count the late ones against the unit that held them.

use chrono::{DateTime, Utc};
use motcua_calendar::Outcome;

use crate::EventKind;

/// How a step went against its budget: `early`, `on_time` or `late` once
/// handed on; `in_progress` or `overdue` while held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepResult {
    /// Handed on before the step's due day.
    Early,
    /// Handed on by the step's due instant.
    OnTime,
    /// Handed on after it.
    Late,
    /// Held, not yet due.
    InProgress,
    /// Held past its due instant.
    Overdue,
}

impl StepResult {
    /// Whether the step made the dossier late (done late, or held late).
    pub fn is_late(self) -> bool {
        matches!(self, StepResult::Late | StepResult::Overdue)
    }
}

impl From<Outcome> for StepResult {
    fn from(outcome: Outcome) -> Self {
        match outcome {
            Outcome::Early => StepResult::Early,
            Outcome::OnTime => StepResult::OnTime,
            Outcome::Late => StepResult::Late,
        }
    }
}

/// What the step reading needs of an event; the stored event rows and the
/// reports' narrower rows both answer it.
pub trait StepMark {
    /// The event's kind.
    fn kind(&self) -> EventKind;
    /// When it happened.
    fn at(&self) -> DateTime<Utc>;
    /// The step due instant it set or moved, if any.
    fn step_due_at(&self) -> Option<DateTime<Utc>>;
}

/// One step: the hand-over that began it and how it went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StepSpan {
    /// The index of the hand-over event in the slice read.
    pub event: usize,
    /// The step's due instant (the last one set while it was held: a pause
    /// answered meanwhile moves it).
    pub due: Option<DateTime<Utc>>,
    /// When the holder handed it on.
    pub completed: Option<DateTime<Utc>>,
    /// How it went; absent for steps without a budget and for the return.
    pub result: Option<StepResult>,
}

/// The steps of one dossier's events (oldest first), judged at `now`.
pub fn step_spans<E: StepMark>(events: &[E], now: DateTime<Utc>) -> Vec<StepSpan> {
    let hand_overs: Vec<usize> = events
        .iter()
        .enumerate()
        .filter(|(_, e)| e.kind().is_hand_over())
        .map(|(i, _)| i)
        .collect();
    let mut spans = Vec::with_capacity(hand_overs.len());
    for (n, &i) in hand_overs.iter().enumerate() {
        let end = hand_overs.get(n + 1).copied().unwrap_or(events.len());
        let due = events[i..end]
            .iter()
            .filter_map(StepMark::step_due_at)
            .next_back();
        // The next hand-over ends the step; a refusal, stop or withdrawal
        // ends the last one with the dossier.
        let completed = hand_overs.get(n + 1).map(|&j| events[j].at()).or_else(|| {
            events[i..]
                .iter()
                .find(|e| e.kind().ends_without_result())
                .map(StepMark::at)
        });
        let result = match (due, completed) {
            (Some(due), Some(done)) => Some(Outcome::of(due, done).into()),
            (Some(due), None) if events[i].kind() != EventKind::ResultReturned => {
                Some(if now > due {
                    StepResult::Overdue
                } else {
                    StepResult::InProgress
                })
            }
            _ => None,
        };
        spans.push(StepSpan {
            event: i,
            due,
            completed,
            result,
        });
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone)]
    struct Mark(EventKind, &'static str, Option<&'static str>);

    impl StepMark for Mark {
        fn kind(&self) -> EventKind {
            self.0
        }
        fn at(&self) -> DateTime<Utc> {
            self.1.parse().unwrap()
        }
        fn step_due_at(&self) -> Option<DateTime<Utc>> {
            self.2.map(|t| t.parse().unwrap())
        }
    }

    #[test]
    fn each_hand_over_begins_a_step_judged_when_the_next_one_ends_it() {
        let events = [
            Mark(EventKind::Received, "2026-03-02T01:00:00Z", None),
            Mark(
                EventKind::Assigned,
                "2026-03-02T02:00:00Z",
                Some("2026-03-03T02:00:00Z"),
            ),
            // A pause answered while held moves the step's due instant.
            Mark(EventKind::SupplementRequested, "2026-03-02T03:00:00Z", None),
            Mark(
                EventKind::SupplementReceived,
                "2026-03-04T03:00:00Z",
                Some("2026-03-05T02:00:00Z"),
            ),
            Mark(
                EventKind::HandedOver,
                "2026-03-06T02:00:00Z",
                Some("2026-03-09T02:00:00Z"),
            ),
        ];
        let now = "2026-03-10T00:00:00Z".parse().unwrap();
        let spans = step_spans(&events, now);
        assert_eq!(spans.len(), 3);
        assert_eq!(spans[0].result, None);
        assert_eq!(spans[1].event, 1);
        assert_eq!(spans[1].due, Some("2026-03-05T02:00:00Z".parse().unwrap()));
        assert_eq!(spans[1].result, Some(StepResult::Late));
        assert_eq!(spans[2].result, Some(StepResult::Overdue));
        // Refused while held: the step ended with the dossier, in time.
        let mut refused = events.to_vec();
        refused.push(Mark(EventKind::Refused, "2026-03-06T03:00:00Z", None));
        assert_eq!(
            step_spans(&refused, now)[2].completed,
            Some("2026-03-06T03:00:00Z".parse().unwrap())
        );
        assert_eq!(step_spans(&refused, now)[2].result, Some(StepResult::Early));
        let earlier = "2026-03-08T00:00:00Z".parse().unwrap();
        assert_eq!(
            step_spans(&events, earlier)[2].result,
            Some(StepResult::InProgress)
        );
    }
}
