//! Rate limits, per client address and per account, kept in memory.
//!
//! One process counts for itself: with several server processes behind a
//! balancer each allows the full rate. That is the trade for needing no shared
//! store; put the real ceiling in the reverse proxy if it matters.

use governor::clock::{Clock as _, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::{AppError, AppResult};

/// Who is asking, as far as rate limits care: the client's address.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ClientKey(pub String);

/// The limits, per minute with a burst of the same size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimitSettings {
    /// Sign-in attempts per client address.
    pub login_per_client: u32,
    /// Sign-in attempts per username, from anywhere: slows guessing one
    /// account's password from many addresses.
    pub login_per_account: u32,
    /// Public lookups per client address.
    pub lookup_per_client: u32,
}

impl Default for RateLimitSettings {
    fn default() -> Self {
        RateLimitSettings {
            login_per_client: 30,
            login_per_account: 10,
            lookup_per_client: 120,
        }
    }
}

pub(crate) struct RateLimits {
    login_client: DefaultKeyedRateLimiter<String>,
    login_account: DefaultKeyedRateLimiter<String>,
    lookup_client: DefaultKeyedRateLimiter<String>,
    checks: AtomicU64,
}

fn keyed(per_minute: u32) -> DefaultKeyedRateLimiter<String> {
    let n = NonZeroU32::new(per_minute.max(1)).unwrap_or(NonZeroU32::MIN);
    RateLimiter::keyed(Quota::per_minute(n).allow_burst(n))
}

impl RateLimits {
    pub(crate) fn new(settings: &RateLimitSettings) -> Self {
        RateLimits {
            login_client: keyed(settings.login_per_client),
            login_account: keyed(settings.login_per_account),
            lookup_client: keyed(settings.lookup_per_client),
            checks: AtomicU64::new(0),
        }
    }

    fn check(&self, limiter: &DefaultKeyedRateLimiter<String>, key: &str) -> AppResult<()> {
        // Forget idle keys now and then, so the maps do not grow without end.
        if self.checks.fetch_add(1, Ordering::Relaxed) % 4096 == 4095 {
            self.login_client.retain_recent();
            self.login_account.retain_recent();
            self.lookup_client.retain_recent();
        }
        limiter.check_key(&key.to_owned()).map_err(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            AppError::RateLimited {
                retry_after_seconds: wait.as_secs() + 1,
            }
        })
    }

    pub(crate) fn login(&self, client: &ClientKey, username: &str) -> AppResult<()> {
        self.check(&self.login_client, &client.0)?;
        self.check(&self.login_account, &username.to_lowercase())
    }

    pub(crate) fn lookup(&self, client: &ClientKey) -> AppResult<()> {
        self.check(&self.lookup_client, &client.0)
    }
}
