//! What happens to a dossier: each entry of its history has a kind. The
//! timeline, the audit trail and the control sheet are read from them.

use std::fmt;
use std::str::FromStr;

use crate::NoticeKind;

/// The kind of an entry in a dossier's history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// Received at the counter (the clock starts).
    Received,
    /// Refused at the counter.
    RefusedAtReception,
    /// Submitted online (status 1, no clock yet).
    SubmittedOnline,
    /// An online dossier accepted by a clerk (the clock starts).
    Accepted,
    /// Assigned to a unit or a person.
    Assigned,
    /// Handed over to the next step.
    HandedOver,
    /// Sent back to the previous step.
    SentBack,
    /// Transferred to another agency (liên thông).
    Transferred,
    /// A supplement asked of the applicant (the clock stops).
    SupplementRequested,
    /// The supplement received (the clock goes on).
    SupplementReceived,
    /// A fee asked to be paid online (the clock stops).
    PaymentRequested,
    /// The fee paid (the clock goes on).
    PaymentReceived,
    /// Refused during processing.
    Refused,
    /// The result is ready.
    Finished,
    /// The result handed over.
    ResultReturned,
    /// The applicant asked to withdraw.
    WithdrawalRequested,
    /// The withdrawal confirmed: processing stops.
    WithdrawalConfirmed,
    /// The withdrawal declined: processing goes on.
    WithdrawalDeclined,
    /// Processing stopped.
    Stopped,
    /// One working day or less to the appointment (the SLA sweep).
    DueSoon,
    /// Past the appointment (the SLA sweep).
    Overdue,
    /// Past the appointment with no apology sent (the SLA sweep).
    LateWithoutApology,
    /// An apology and new appointment sent to the applicant.
    ApologySent,
    /// Past the new appointment an apology set (the SLA sweep): late twice.
    MissedNewAppointment,
}

impl EventKind {
    /// Every kind.
    pub const ALL: [EventKind; 24] = [
        EventKind::Received,
        EventKind::RefusedAtReception,
        EventKind::SubmittedOnline,
        EventKind::Accepted,
        EventKind::Assigned,
        EventKind::HandedOver,
        EventKind::SentBack,
        EventKind::Transferred,
        EventKind::SupplementRequested,
        EventKind::SupplementReceived,
        EventKind::PaymentRequested,
        EventKind::PaymentReceived,
        EventKind::Refused,
        EventKind::Finished,
        EventKind::ResultReturned,
        EventKind::WithdrawalRequested,
        EventKind::WithdrawalConfirmed,
        EventKind::WithdrawalDeclined,
        EventKind::Stopped,
        EventKind::DueSoon,
        EventKind::Overdue,
        EventKind::LateWithoutApology,
        EventKind::ApologySent,
        EventKind::MissedNewAppointment,
    ];

    /// The name in the API and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Received => "received",
            EventKind::RefusedAtReception => "refused_at_reception",
            EventKind::SubmittedOnline => "submitted_online",
            EventKind::Accepted => "accepted",
            EventKind::Assigned => "assigned",
            EventKind::HandedOver => "handed_over",
            EventKind::SentBack => "sent_back",
            EventKind::Transferred => "transferred",
            EventKind::SupplementRequested => "supplement_requested",
            EventKind::SupplementReceived => "supplement_received",
            EventKind::PaymentRequested => "payment_requested",
            EventKind::PaymentReceived => "payment_received",
            EventKind::Refused => "refused",
            EventKind::Finished => "finished",
            EventKind::ResultReturned => "result_returned",
            EventKind::WithdrawalRequested => "withdrawal_requested",
            EventKind::WithdrawalConfirmed => "withdrawal_confirmed",
            EventKind::WithdrawalDeclined => "withdrawal_declined",
            EventKind::Stopped => "stopped",
            EventKind::DueSoon => "due_soon",
            EventKind::Overdue => "overdue",
            EventKind::LateWithoutApology => "late_without_apology",
            EventKind::ApologySent => "apology_sent",
            EventKind::MissedNewAppointment => "missed_new_appointment",
        }
    }

    /// Whether it passes the dossier from one holder to the next: the rows
    /// of the control sheet (Mẫu 05).
    pub fn is_hand_over(self) -> bool {
        matches!(
            self,
            EventKind::Received
                | EventKind::Assigned
                | EventKind::HandedOver
                | EventKind::SentBack
                | EventKind::Transferred
                | EventKind::Finished
                | EventKind::ResultReturned
        )
    }

    /// Whether it ends the dossier without a result: whoever held it is
    /// done with it then.
    pub fn ends_without_result(self) -> bool {
        matches!(
            self,
            EventKind::Refused | EventKind::Stopped | EventKind::WithdrawalConfirmed
        )
    }

    /// Whether the public timeline shows it: the SLA sweep's flags are for
    /// staff.
    pub fn is_public(self) -> bool {
        !self.is_sla_flag()
    }

    /// Whether the SLA sweep wrote it.
    pub fn is_sla_flag(self) -> bool {
        matches!(
            self,
            EventKind::DueSoon
                | EventKind::Overdue
                | EventKind::LateWithoutApology
                | EventKind::MissedNewAppointment
        )
    }

    /// The notice the applicant gets when a workflow action writes this
    /// event. (Reception, refusal at the counter and apologies send their
    /// forms themselves.)
    pub fn applicant_notice(self) -> Option<NoticeKind> {
        match self {
            EventKind::Accepted => Some(NoticeKind::Receipt),
            EventKind::SupplementRequested => Some(NoticeKind::SupplementRequest),
            EventKind::Refused => Some(NoticeKind::Refusal),
            EventKind::Finished => Some(NoticeKind::ResultReady),
            EventKind::Stopped | EventKind::WithdrawalConfirmed => Some(NoticeKind::Stopped),
            EventKind::PaymentRequested => Some(NoticeKind::PaymentRequested),
            _ => None,
        }
    }
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An event kind's name that is not one of ours.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown event kind {0:?}")]
pub struct UnknownEventKind(pub String);

impl FromStr for EventKind {
    type Err = UnknownEventKind;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        EventKind::ALL
            .into_iter()
            .find(|k| k.as_str() == text)
            .ok_or_else(|| UnknownEventKind(text.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_reads_back_and_serializes_as_stored() {
        for kind in EventKind::ALL {
            assert_eq!(kind.as_str().parse::<EventKind>(), Ok(kind));
            assert_eq!(
                serde_json::to_value(kind).unwrap(),
                serde_json::json!(kind.as_str())
            );
        }
    }

    #[test]
    fn the_sweeps_flags_stay_off_the_public_timeline() {
        let private: Vec<_> = EventKind::ALL
            .into_iter()
            .filter(|k| !k.is_public())
            .collect();
        assert_eq!(
            private,
            [
                EventKind::DueSoon,
                EventKind::Overdue,
                EventKind::LateWithoutApology,
                EventKind::MissedNewAppointment
            ]
        );
    }
}
