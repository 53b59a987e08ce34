//! Motcua through its HTTP API, as clients see it: a real server on a random
//! port over a fresh database per test. `MOTCUA_TEST_BACKEND=postgres` (with
//! `MOTCUA_TEST_POSTGRES_URL`) runs the same tests on PostgreSQL.

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "tests fail loudly; that is their job"
)]

mod helpers;

mod account_pages;
mod admin;
mod apologies;
mod apply_pages;
mod auth;
mod calendar;
mod catalogue;
mod clock;
mod contract;
mod dossiers;
mod forms;
mod health;
mod indicators;
mod indicators_recount;
mod intake;
mod jobs;
mod lookup;
mod notices;
mod online;
mod pages;
mod payments;
mod register;
mod results;
mod security;
mod staff_apologies;
mod staff_notices;
mod staff_pages;
mod staff_search;
mod workflow;
