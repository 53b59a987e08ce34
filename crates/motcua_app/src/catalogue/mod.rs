//! The procedure catalogue and the public's calendar questions.

pub(crate) mod calendar;
pub(crate) mod procedures;
