//! Reports for the people who answer for an agency, and for the public.

pub(crate) mod exports;
pub(crate) mod indicators;
pub(crate) mod period;
pub(crate) mod statistics;
