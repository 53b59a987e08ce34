//! Dossiers from the counter to the result: intake, reads, the workflow's
//! actions, the control sheet, apologies, notices to the applicant, and the
//! public lookup by code.

pub(crate) mod apologies;
pub(crate) mod clock;
pub(crate) mod control_sheet;
pub(crate) mod forms;
pub(crate) mod intake;
pub(crate) mod lookup;
pub(crate) mod notices;
pub(crate) mod ratings;
pub(crate) mod reads;
pub(crate) mod register;
pub(crate) mod search;
pub(crate) mod workflow;
