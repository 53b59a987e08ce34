//! The status machine of a dossier (DOMAIN.md, "Dossiers"): which action may
//! move a dossier from which status to which, and who may take it.
//!
//! Pure: the use cases ask [`Action::apply`] before they write anything, so an
//! illegal transition is refused before a transaction begins.

use std::fmt;

use crate::{DossierStatus, Role};

/// Something staff do to a dossier after intake. Each is one use case and one
/// `POST /api/v1/dossiers/{code}/<action>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Accept a dossier submitted online (tiếp nhận hồ sơ trực tuyến): it
    /// gets its appointment and the clock starts.
    Accept,
    /// Hand a received dossier to a processing unit, or (re)assign it inside
    /// the unit that holds it (phân công thụ lý).
    Assign,
    /// Pass it to the next step of the procedure's internal process (chuyển
    /// bước tiếp theo).
    HandOver,
    /// Return it to the previous step (trả lại bước trước).
    SendBack,
    /// Transfer it to another agency (liên thông).
    Transfer,
    /// Ask the applicant for more (Mẫu 02 during processing); the clock stops.
    RequestSupplement,
    /// Record what the applicant brought; the clock runs again.
    RecordSupplement,
    /// Ask for the fee online (yêu cầu thanh toán); the clock stops.
    RequestPayment,
    /// The gateway confirmed the payment; the clock runs again. Taken by no
    /// staff member: only a verified gateway callback takes it.
    ConfirmPayment,
    /// Refuse with reasons (Mẫu 03).
    Refuse,
    /// The result is ready (đã xử lý xong).
    Finish,
    /// The result was handed over: at the counter, by post or online.
    ReturnResult,
    /// The applicant asked to withdraw (recorded by the one-stop section).
    RequestWithdrawal,
    /// The one-stop section confirms the withdrawal.
    ConfirmWithdrawal,
    /// The one-stop section declines it; the dossier goes on where it was.
    DeclineWithdrawal,
    /// The agency stops processing (dừng xử lý), with a reason.
    Stop,
}

/// Statuses in which the dossier is being worked on and its clock runs.
const RUNNING: [DossierStatus; 2] = [DossierStatus::Received, DossierStatus::Processing];

impl Action {
    /// Every action.
    pub const ALL: [Action; 16] = [
        Action::Accept,
        Action::Assign,
        Action::HandOver,
        Action::SendBack,
        Action::Transfer,
        Action::RequestSupplement,
        Action::RecordSupplement,
        Action::RequestPayment,
        Action::ConfirmPayment,
        Action::Refuse,
        Action::Finish,
        Action::ReturnResult,
        Action::RequestWithdrawal,
        Action::ConfirmWithdrawal,
        Action::DeclineWithdrawal,
        Action::Stop,
    ];

    /// The name in the URL and in the dossier's events.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Accept => "accept",
            Action::Assign => "assign",
            Action::HandOver => "hand-over",
            Action::SendBack => "send-back",
            Action::Transfer => "transfer",
            Action::RequestSupplement => "request-supplement",
            Action::RecordSupplement => "record-supplement",
            Action::RequestPayment => "request-payment",
            Action::ConfirmPayment => "confirm-payment",
            Action::Refuse => "refuse",
            Action::Finish => "finish",
            Action::ReturnResult => "return-result",
            Action::RequestWithdrawal => "request-withdrawal",
            Action::ConfirmWithdrawal => "confirm-withdrawal",
            Action::DeclineWithdrawal => "decline-withdrawal",
            Action::Stop => "stop",
        }
    }

    /// Who may take it. The one-stop section (clerks) owns what faces the
    /// applicant; processing staff own the work in between; the leader may
    /// stop a dossier. Admins administer and do not process dossiers.
    pub fn roles(self) -> &'static [Role] {
        use Role::{Clerk, Leader, Specialist, UnitHead};
        match self {
            Action::Accept => &[Clerk],
            Action::Assign => &[Clerk, UnitHead, Leader],
            Action::HandOver | Action::SendBack => &[Specialist, UnitHead, Leader],
            Action::Transfer => &[Clerk, UnitHead, Leader],
            Action::RequestSupplement => &[Clerk, Specialist, UnitHead, Leader],
            Action::RecordSupplement => &[Clerk],
            Action::RequestPayment => &[Clerk],
            Action::ConfirmPayment => &[],
            Action::Refuse => &[Clerk, Specialist, UnitHead, Leader],
            Action::Finish => &[Specialist, UnitHead, Leader],
            Action::ReturnResult => &[Clerk],
            Action::RequestWithdrawal | Action::ConfirmWithdrawal | Action::DeclineWithdrawal => {
                &[Clerk]
            }
            Action::Stop => &[Leader],
        }
    }

    /// Whether `role` may take this action.
    pub fn allows(self, role: Role) -> bool {
        self.roles().contains(&role)
    }

    /// Whether a dossier in `from` may take this action, wherever it paused
    /// from: what a page offers as a button (the use case decides with the
    /// dossier's real history).
    pub fn possible_from(self, from: DossierStatus) -> bool {
        [
            DossierStatus::Processing,
            DossierStatus::Received,
            DossierStatus::Submitted,
        ]
        .into_iter()
        .any(|resume| self.apply(from, Some(resume)).is_ok())
    }

    /// The status the dossier moves to when this action is taken in `from`.
    /// `resume` is where a paused or withdrawal-requested dossier goes back
    /// to (the status it left).
    pub fn apply(
        self,
        from: DossierStatus,
        resume: Option<DossierStatus>,
    ) -> Result<DossierStatus, IllegalTransition> {
        use DossierStatus as S;
        let illegal = || IllegalTransition { action: self, from };
        let to = match self {
            Action::Accept if from == S::Submitted => S::Received,
            Action::Assign if RUNNING.contains(&from) => S::Processing,
            Action::HandOver | Action::SendBack if from == S::Processing => S::Processing,
            Action::Transfer if RUNNING.contains(&from) => S::Processing,
            Action::RequestSupplement if RUNNING.contains(&from) || from == S::Submitted => {
                S::SupplementRequested
            }
            Action::RecordSupplement if from == S::SupplementRequested => resume
                .filter(|s| RUNNING.contains(s) || *s == S::Submitted)
                .ok_or_else(illegal)?,
            Action::RequestPayment if RUNNING.contains(&from) => S::PaymentRequested,
            Action::ConfirmPayment if from == S::PaymentRequested => {
                resume.filter(|s| RUNNING.contains(s)).ok_or_else(illegal)?
            }
            Action::Refuse
                if RUNNING.contains(&from)
                    || matches!(from, S::SupplementRequested | S::Submitted) =>
            {
                S::Refused
            }
            Action::Finish if from == S::Processing => S::Finished,
            Action::ReturnResult if from == S::Finished => S::Returned,
            Action::RequestWithdrawal
                if RUNNING.contains(&from)
                    || matches!(
                        from,
                        S::Submitted | S::SupplementRequested | S::PaymentRequested
                    ) =>
            {
                S::WithdrawalRequested
            }
            Action::ConfirmWithdrawal if from == S::WithdrawalRequested => S::Stopped,
            Action::DeclineWithdrawal if from == S::WithdrawalRequested => resume
                .filter(|s| {
                    RUNNING.contains(s)
                        || matches!(
                            s,
                            S::Submitted | S::SupplementRequested | S::PaymentRequested
                        )
                })
                .ok_or_else(illegal)?,
            Action::Stop
                if RUNNING.contains(&from)
                    || matches!(from, S::SupplementRequested | S::PaymentRequested) =>
            {
                S::Stopped
            }
            _ => return Err(illegal()),
        };
        Ok(to)
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An action the dossier's status does not allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("cannot {action} a dossier that is {}", from.as_str())]
pub struct IllegalTransition {
    /// What was tried.
    pub action: Action,
    /// The status it was in.
    pub from: DossierStatus,
}

/// What happens to the remaining time when the applicant answers a
/// supplement request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ResumePolicy {
    /// The clock goes on with the time that was left (the 766 index's rule).
    Continue,
    /// The full processing time starts again from the answer.
    Restart,
}

/// The settings that differ between the legal regimes (DOMAIN.md, "Rule
/// sets"). Where the law is unclear, the default is the documented one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleSet {
    /// `vn-2018` or `vn-2025`.
    pub name: &'static str,
    /// How many supplement requests each agency may make on one dossier
    /// (Decree 61/2018 Art. 19: one request, listing everything at once).
    pub supplements_per_agency: u32,
    /// What a supplement answer does to the clock.
    pub resume: ResumePolicy,
    /// How often the appointment may be moved by an apology notice
    /// (Decree 61/2018 as amended by 107/2021: no more than once).
    pub appointment_moves: u32,
    /// How many working days before the appointment an apology must reach
    /// the applicant (Decree 61/2018 Art. 19 as amended by Decree 107/2021:
    /// at least one working day before it; kept for 2025 until Circular
    /// 03/2025's text says otherwise). One sent later is accepted and
    /// marked `sent_late`.
    pub apology_lead_working_days: u32,
    /// Who approves finishing or refusing a dossier in processing: the head
    /// of the agency signs its decisions (Decree 61/2018 Art. 17–19; the
    /// Decree 118/2025 process keeps the leader's signature), so the
    /// default is the leader; a province that delegates to unit heads sets
    /// `UnitHead`. A leader may always approve.
    pub approver: crate::Role,
    /// How many supplement requests a dossier may need and still count on
    /// time in the reports (the national 766 computation: more than one
    /// request counts the dossier late, whatever its dates).
    pub supplements_before_late: u32,
    /// A rating whose total (of 18) is below this counts as "not
    /// satisfied" in indicator 5.4. Decision 766 does not say where that
    /// line is; the documented reading is an average below "satisfied" (1
    /// point) on the nine criteria, that is below 9.
    pub unsatisfied_rating_below: u32,
}

impl RuleSet {
    /// Decree 61/2018 and 107/2021, Circular 01/2018: dossiers received
    /// before 1 July 2025.
    pub const VN_2018: RuleSet = RuleSet {
        name: "vn-2018",
        supplements_per_agency: 1,
        resume: ResumePolicy::Continue,
        appointment_moves: 1,
        apology_lead_working_days: 1,
        approver: crate::Role::Leader,
        supplements_before_late: 1,
        unsatisfied_rating_below: 9,
    };

    /// Decree 118/2025, Circular 03/2025: dossiers received from 1 July 2025.
    pub const VN_2025: RuleSet = RuleSet {
        name: "vn-2025",
        supplements_per_agency: 1,
        resume: ResumePolicy::Continue,
        appointment_moves: 1,
        apology_lead_working_days: 1,
        approver: crate::Role::Leader,
        supplements_before_late: 1,
        unsatisfied_rating_below: 9,
    };

    /// Whether `role` may approve finishing or refusing a dossier in
    /// processing under this rule set.
    pub fn approves(&self, role: crate::Role) -> bool {
        role == crate::Role::Leader || role == self.approver
    }

    /// The rule set of a dossier received on local date `received`.
    pub fn for_reception(received: chrono::NaiveDate) -> RuleSet {
        match chrono::NaiveDate::from_ymd_opt(2025, 7, 1) {
            Some(start) if received < start => RuleSet::VN_2018,
            _ => RuleSet::VN_2025,
        }
    }

    /// The rule set with this name.
    pub fn named(name: &str) -> Option<RuleSet> {
        [RuleSet::VN_2018, RuleSet::VN_2025]
            .into_iter()
            .find(|r| r.name == name)
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_page_offers_an_action_exactly_where_some_dossier_may_take_it() {
        use DossierStatus as S;
        assert!(Action::Accept.possible_from(S::Submitted));
        assert!(!Action::Accept.possible_from(S::Received));
        assert!(Action::RecordSupplement.possible_from(S::SupplementRequested));
        assert!(Action::DeclineWithdrawal.possible_from(S::WithdrawalRequested));
        assert!(!Action::Finish.possible_from(S::Received));
        assert!(Action::Finish.possible_from(S::Processing));
        assert!(!Action::Stop.possible_from(S::Finished));
        assert!(Action::ReturnResult.possible_from(S::Finished));
    }

    use super::*;
    use DossierStatus as S;

    #[test]
    fn final_statuses_allow_nothing() {
        for from in S::ALL.into_iter().filter(|s| s.is_final()) {
            for action in Action::ALL {
                assert!(
                    action.apply(from, Some(S::Processing)).is_err(),
                    "{action} {from:?}"
                );
            }
        }
    }

    #[test]
    fn the_main_path_runs_from_reception_to_return() {
        let mut status = S::Received;
        for action in [
            Action::Assign,
            Action::HandOver,
            Action::RequestSupplement,
            Action::RecordSupplement,
            Action::SendBack,
            Action::Transfer,
            Action::Finish,
            Action::ReturnResult,
        ] {
            status = action.apply(status, Some(S::Processing)).unwrap();
        }
        assert_eq!(status, S::Returned);
    }

    #[test]
    fn a_supplement_answer_goes_back_where_the_dossier_was() {
        assert_eq!(
            Action::RecordSupplement.apply(S::SupplementRequested, Some(S::Received)),
            Ok(S::Received)
        );
        assert!(
            Action::RecordSupplement
                .apply(S::SupplementRequested, Some(S::Finished))
                .is_err()
        );
        assert!(
            Action::RecordSupplement
                .apply(S::SupplementRequested, None)
                .is_err()
        );
    }

    #[test]
    fn an_online_dossier_is_accepted_refused_or_sent_back_for_more() {
        assert_eq!(Action::Accept.apply(S::Submitted, None), Ok(S::Received));
        assert!(Action::Accept.apply(S::Received, None).is_err());
        assert_eq!(Action::Refuse.apply(S::Submitted, None), Ok(S::Refused));
        let asked = Action::RequestSupplement.apply(S::Submitted, None).unwrap();
        assert_eq!(
            Action::RecordSupplement.apply(asked, Some(S::Submitted)),
            Ok(S::Submitted)
        );
        assert_eq!(
            Action::RequestWithdrawal.apply(S::Submitted, None),
            Ok(S::WithdrawalRequested)
        );
    }

    #[test]
    fn withdrawal_is_confirmed_or_declined() {
        let asked = Action::RequestWithdrawal
            .apply(S::SupplementRequested, None)
            .unwrap();
        assert_eq!(asked, S::WithdrawalRequested);
        assert_eq!(
            Action::DeclineWithdrawal.apply(asked, Some(S::SupplementRequested)),
            Ok(S::SupplementRequested)
        );
        assert_eq!(Action::ConfirmWithdrawal.apply(asked, None), Ok(S::Stopped));
        assert!(Action::RequestWithdrawal.apply(S::Finished, None).is_err());
    }

    #[test]
    fn a_fee_wait_pauses_and_the_payment_resumes_where_it_was() {
        let waiting = Action::RequestPayment.apply(S::Processing, None).unwrap();
        assert_eq!(waiting, S::PaymentRequested);
        assert_eq!(
            Action::ConfirmPayment.apply(waiting, Some(S::Processing)),
            Ok(S::Processing)
        );
        assert!(Action::RequestPayment.apply(S::Submitted, None).is_err());
        assert!(
            Action::ConfirmPayment
                .apply(S::Processing, Some(S::Processing))
                .is_err()
        );
        assert!(Action::ConfirmPayment.roles().is_empty());
    }

    #[test]
    fn every_action_has_someone_who_may_take_it_and_no_citizen_or_admin_does() {
        for action in Action::ALL {
            // Only the gateway's verified callback confirms a payment.
            assert!(!action.roles().is_empty() || action == Action::ConfirmPayment);
            assert!(!action.allows(Role::Citizen) && !action.allows(Role::Admin));
        }
    }

    #[test]
    fn rule_sets_follow_the_reception_date() {
        let day = |m, d| chrono::NaiveDate::from_ymd_opt(2025, m, d).unwrap();
        assert_eq!(RuleSet::for_reception(day(6, 30)).name, "vn-2018");
        assert_eq!(RuleSet::for_reception(day(7, 1)).name, "vn-2025");
        assert_eq!(RuleSet::named("vn-2018"), Some(RuleSet::VN_2018));
        assert_eq!(RuleSet::named("vn-1999"), None);
    }
}
