#![doc = include_str!("../README.md")]

mod queue;
mod sla;

pub use queue::{Job, JobError, JobOutcome, Ran, Registry, backoff};
pub use sla::{SWEEP_BATCH, SlaSweep, SweepReport, sweep_once};
