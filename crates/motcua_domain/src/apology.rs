//! Apology notices (DOMAIN.md, "Apology notices"): the rules a new
//! appointment must follow.

use chrono::{DateTime, Utc};
use motcua_calendar::WorkingCalendar;

use crate::closed_set::closed_set;
use crate::{RuleSet, Violation};

closed_set! {
    /// Where an apology notice is in its life: drafted (by the sweep or a
    /// member of staff), completed by the unit holding the dossier with the
    /// reason and the new appointment, signed by the leader, sent to the
    /// applicant by the one-stop section.
    pub enum ApologyState / UnknownApologyState ("apology state") {
        /// Drafted; the reason and the new appointment are still to write.
        Draft = "draft",
        /// Written; waiting for the leader's signature.
        Completed = "completed",
        /// Signed; waiting to be sent.
        Signed = "signed",
        /// Sent to the applicant: the appointment moved.
        Sent = "sent",
    }
}

closed_set! {
    /// Why an apology was drafted.
    pub enum ApologyCause / UnknownApologyCause ("apology cause") {
        /// The SLA sweep: one working day or less to the appointment.
        DueSoon = "due_soon",
        /// The SLA sweep: the appointment passed with no apology sent.
        LateWithoutApology = "late_without_apology",
        /// A member of staff started it.
        Staff = "staff",
    }
}

/// Why an apology cannot move the appointment.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AppointmentError {
    /// The new appointment is not after the due instant it replaces, or not
    /// in office hours on a working day.
    #[error("{}", .0.message)]
    Invalid(Violation),
    /// The rule set allows no more moves.
    #[error("the appointment was already moved {moved} time(s); {rule_set} allows {allowed}")]
    NoMoreMoves {
        /// Moves so far.
        moved: u32,
        /// Moves allowed.
        allowed: u32,
        /// The rule set.
        rule_set: &'static str,
    },
}

/// Checks a new appointment `new_due` replacing `due` on a dossier whose
/// appointment was moved `moved` times: a working instant after `due`, and a
/// move the rule set still allows.
pub fn check_new_appointment(
    calendar: &WorkingCalendar,
    rules: &RuleSet,
    due: DateTime<Utc>,
    new_due: DateTime<Utc>,
    moved: u32,
) -> Result<(), AppointmentError> {
    if moved >= rules.appointment_moves {
        return Err(AppointmentError::NoMoreMoves {
            moved,
            allowed: rules.appointment_moves,
            rule_set: rules.name,
        });
    }
    let invalid = |code, message: &str| {
        AppointmentError::Invalid(Violation::new("new_due_at", code, message))
    };
    if new_due <= due {
        return Err(invalid(
            "not_after_due",
            "the new appointment must come after the due instant it replaces",
        ));
    }
    match calendar.is_working_instant(new_due) {
        Ok(true) => Ok(()),
        Ok(false) => Err(invalid(
            "not_working_time",
            "the new appointment must be in office hours on a working day",
        )),
        Err(_) => Err(invalid(
            "out_of_range",
            "the new appointment is beyond the calendar",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use motcua_calendar::VIETNAM_OFFSET;

    fn local(d: u32, h: u32) -> DateTime<Utc> {
        VIETNAM_OFFSET
            .with_ymd_and_hms(2026, 3, d, h, 0, 0)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn a_new_appointment_is_a_later_working_instant_moved_once() {
        let c = WorkingCalendar::builder()
            .years(2026, 2026)
            .build()
            .unwrap();
        let rules = RuleSet::VN_2025;
        let due = local(5, 9);
        assert_eq!(
            check_new_appointment(&c, &rules, due, local(10, 9), 0),
            Ok(())
        );
        // Before, at, on a Saturday, at lunch.
        for bad in [local(4, 9), due, local(7, 9), local(10, 12)] {
            assert!(matches!(
                check_new_appointment(&c, &rules, due, bad, 0),
                Err(AppointmentError::Invalid(_))
            ));
        }
        assert!(matches!(
            check_new_appointment(&c, &rules, due, local(10, 9), 1),
            Err(AppointmentError::NoMoreMoves {
                moved: 1,
                allowed: 1,
                ..
            })
        ));
    }
}
