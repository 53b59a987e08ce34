#![doc = include_str!("../README.md")]

mod housekeeping;
mod outbox;
mod queue;
mod sla;

pub use housekeeping::{
    ForgetIdempotentAnswers, ForgetUnverifiedAccounts, IDEMPOTENT_ANSWER_HOURS,
};
pub use outbox::{
    CrashPoint, Outbox, SEND_NOTICE, SEND_NOTICE_MAX_ATTEMPTS, SendNotice, queue_notice,
    send_later, staff_notice,
};
pub use queue::{Job, JobError, JobOutcome, Ran, Registry, backoff};
pub use sla::{SWEEP_BATCH, SlaSweep, SweepReport, flag_if_ended_late, sweep_once};
