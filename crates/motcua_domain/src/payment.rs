//! Online fees (phí, lệ phí): where an attempt to pay stands, and why staff
//! must look at one.

use crate::closed_set::closed_set;

closed_set! {
    /// Where an attempt to pay through a gateway stands.
    pub enum PaymentState / UnknownPaymentState ("payment state") {
        /// Sent to the gateway; no result yet.
        Pending = "pending",
        /// The gateway confirmed the payment.
        Paid = "paid",
        /// The bank refused it.
        Failed = "failed",
        /// The gateway reported another amount than asked: not accepted.
        AmountMismatch = "amount_mismatch",
    }
}

closed_set! {
    /// Why staff must reconcile an attempt with the gateway's statement.
    pub enum PaymentReview / UnknownPaymentReview ("payment review") {
        /// Paid, after a callback had reported it failed (accepted).
        PaidAfterFailure = "paid_after_failure",
        /// Paid, for a fee an earlier attempt had paid (to refund).
        PaidTwice = "paid_twice",
        /// Another amount than asked (not accepted).
        AmountMismatch = "amount_mismatch",
    }
}
