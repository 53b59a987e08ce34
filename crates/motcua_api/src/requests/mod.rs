//! What clients send: request bodies and query strings, each parsed into
//! the use case's command or query (`TryFrom`), so handlers only call.

pub mod agencies;
pub mod apologies;
pub mod auth;
pub mod calendar;
pub mod citizens;
pub mod dossiers;
pub mod notices;
pub mod online;
pub mod procedures;
pub mod reports;
pub mod workflow;
