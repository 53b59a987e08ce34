//! What an operator sets: how tokens are made, how notices leave, how
//! uploads are limited and stored, how fees are paid, how workers run. The
//! server reads these from the environment (README, "Configuration"); the
//! use cases only read them.

use chrono::TimeDelta;
use motcua_jobs::CrashPoint;
use motcua_notify::Postman;
use motcua_pay::{PaymentGateway, SignedGateway};
use std::sync::Arc;

use crate::files::FileStore;

/// How tokens are made.
#[derive(Clone)]
pub struct TokenSettings {
    /// HMAC key for access tokens, at least 32 bytes, from the environment.
    pub secret: Vec<u8>,
    /// The `iss` claim, pinned on verification.
    pub issuer: String,
    /// How long an access token works.
    pub access_ttl: TimeDelta,
    /// How long a refresh token works.
    pub refresh_ttl: TimeDelta,
}

impl std::fmt::Debug for TokenSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenSettings")
            .field("secret", &"<redacted>")
            .field("issuer", &self.issuer)
            .field("access_ttl", &self.access_ttl)
            .field("refresh_ttl", &self.refresh_ttl)
            .finish()
    }
}

/// How notices leave the building.
#[derive(Clone)]
pub struct Delivery {
    /// Renders notices and hands them to the mail server or SMS gateway.
    pub postman: Postman,
    /// The public address of this service (`https://motcua.example.gov.vn`),
    /// to link applicants to the lookup; none leaves the link out.
    pub public_url: Option<String>,
    /// Where a worker dies on purpose (`MOTCUA_TEST_CRASH_AT`, crash tests
    /// only).
    pub crash_point: Option<CrashPoint>,
}

/// Limits and storage for uploads.
#[derive(Debug, Clone)]
pub struct OnlineSettings {
    /// Where the bytes go.
    pub files: FileStore,
    /// The largest file taken.
    pub max_file_bytes: u64,
    /// The most all files of one application may take together.
    pub max_application_bytes: u64,
    /// The most drafts one citizen may hold.
    pub max_drafts_per_citizen: u32,
    /// The most bytes of files one citizen may hold in drafts and in
    /// dossiers not yet closed.
    pub max_citizen_bytes: u64,
    /// How fees are paid online.
    pub payments: Payments,
}

/// The gateway fees are paid through, and the development sandbox's "bank"
/// when the gateway is the sandbox.
#[derive(Debug, Clone)]
pub struct Payments {
    /// Where payers are sent and whose callbacks are believed.
    pub gateway: Arc<dyn PaymentGateway>,
    /// The sandbox gateway, when it is the one in use: its "bank" page
    /// (`GET /api/v1/payments/sandbox/pay`) pays at once.
    pub sandbox: Option<SignedGateway>,
}

/// How the workers run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JobSettings {
    /// Seconds between two SLA sweeps.
    pub sla_sweep_seconds: u32,
    /// How long a claimed job is leased to its worker.
    pub lease_seconds: u32,
}

impl Default for JobSettings {
    fn default() -> Self {
        JobSettings {
            sla_sweep_seconds: 60,
            lease_seconds: 300,
        }
    }
}
