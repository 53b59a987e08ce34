//! Rate limits, per client address and per account, kept in memory.
//!
//! One process counts for itself: with several server processes behind a
//! balancer each allows the full rate. That is the trade for needing no shared
//! store; put the real ceiling in the reverse proxy if it matters.

use chrono::{DateTime, TimeDelta, Utc};
use governor::clock::{Clock as _, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::collections::HashMap;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};

use crate::error::{AppError, AppResult};

/// Who is asking, as far as rate limits care: the client's address.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ClientKey(pub String);

impl ClientKey {
    /// The client behind `hops` trusted proxies: the `hops`-th address from
    /// the right of the chain `X-Forwarded-For` + peer (`forwarded` holds
    /// the header's values as they came, each a comma-separated list). A chain shorter than
    /// that, or an entry there that is not an address, means the request did
    /// not come through our proxies as expected: the peer is used then,
    /// which at worst counts every such request against the proxy's own
    /// address. The API and the pages both count clients this way, so they
    /// share their limits.
    pub fn behind_proxies(peer: Option<IpAddr>, forwarded: &[&str], hops: usize) -> ClientKey {
        let address = if hops == 0 {
            peer
        } else {
            let forwarded: Vec<&str> = forwarded
                .iter()
                .flat_map(|v| v.split(','))
                .map(str::trim)
                .collect();
            forwarded
                .len()
                .checked_sub(hops)
                .and_then(|i| forwarded.get(i))
                .and_then(|entry| entry.parse().ok())
                .or(peer)
        };
        ClientKey(address.map_or_else(|| "unknown".to_owned(), |ip| ip.to_string()))
    }
}

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
    /// Public calendar questions (due dates, years, lunar dates) per client
    /// address.
    pub calendar_per_client: u32,
}

impl Default for RateLimitSettings {
    fn default() -> Self {
        RateLimitSettings {
            login_per_client: 30,
            login_per_account: 10,
            lookup_per_client: 120,
            calendar_per_client: 120,
        }
    }
}

/// The longest key a limiter keeps: an e-mail address is at most 254.
const MAX_KEY_CHARS: usize = 256;

pub(crate) struct RateLimits {
    login_client: DefaultKeyedRateLimiter<String>,
    login_account: DefaultKeyedRateLimiter<String>,
    lookup_client: DefaultKeyedRateLimiter<String>,
    calendar_client: DefaultKeyedRateLimiter<String>,
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
            calendar_client: keyed(settings.calendar_per_client),
            checks: AtomicU64::new(0),
        }
    }

    fn check(&self, limiter: &DefaultKeyedRateLimiter<String>, key: &str) -> AppResult<()> {
        // Forget idle keys now and then, so the maps do not grow without end.
        if self.checks.fetch_add(1, Ordering::Relaxed) % 4096 == 4095 {
            self.login_client.retain_recent();
            self.login_account.retain_recent();
            self.lookup_client.retain_recent();
            self.calendar_client.retain_recent();
        }
        // Keys come from requests (a sign-in name of any length): what is
        // kept per key is bounded.
        let key: String = key.chars().take(MAX_KEY_CHARS).collect();
        limiter.check_key(&key).map_err(|not_until| {
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

    pub(crate) fn calendar(&self, client: &ClientKey) -> AppResult<()> {
        self.check(&self.calendar_client, &client.0)
    }
}

/// Wrong passwords in a row, per sign-in name and client address: five
/// lock that pair for a quarter of an hour. Counting per pair means a
/// stranger guessing from elsewhere cannot lock the owner out, and a name
/// with no account is counted exactly as one with an account, so the
/// answers do not tell which names exist. (Guessing one name from many
/// addresses is slowed by the per-name rate limit instead.)
///
/// Kept in memory like the rate limits, and bounded: an entry is forgotten
/// once its lock has passed, and the oldest goes when the map is full.
pub(crate) struct SignInFailures {
    entries: Mutex<HashMap<(String, String), Failures>>,
}

#[derive(Debug, Clone, Copy)]
struct Failures {
    count: u32,
    last: DateTime<Utc>,
    locked_until: Option<DateTime<Utc>>,
}

/// Wrong passwords in a row that lock a pair...
const LOCK_AFTER: u32 = 5;
/// ...for this long: 5 tries per quarter hour is 480 a day, and the owner,
/// from their own address, is never the one waiting.
const LOCK_MINUTES: i64 = 15;
/// The most pairs remembered.
const MOST_PAIRS: usize = 100_000;

impl SignInFailures {
    pub(crate) fn new() -> Self {
        SignInFailures {
            entries: Mutex::new(HashMap::new()),
        }
    }

    fn key(name: &str, client: &ClientKey) -> (String, String) {
        let name: String = name.chars().take(MAX_KEY_CHARS).collect();
        (name.to_lowercase(), client.0.clone())
    }

    /// Refuses (429 with the seconds left) while the pair is locked.
    pub(crate) fn check(
        &self,
        name: &str,
        client: &ClientKey,
        now: DateTime<Utc>,
    ) -> AppResult<()> {
        let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        match entries
            .get(&Self::key(name, client))
            .and_then(|f| f.locked_until)
            .filter(|until| *until > now)
        {
            Some(until) => Err(locked(until, now)),
            None => Ok(()),
        }
    }

    /// Counts a wrong password; the answer to give: 429 when this one locks
    /// the pair, else `refused`.
    pub(crate) fn fail(
        &self,
        name: &str,
        client: &ClientKey,
        now: DateTime<Utc>,
        refused: AppError,
    ) -> AppError {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        let key = Self::key(name, client);
        if entries.len() >= MOST_PAIRS && !entries.contains_key(&key) {
            let window = TimeDelta::minutes(LOCK_MINUTES);
            entries.retain(|_, f| now - f.last < window);
            if entries.len() >= MOST_PAIRS
                && let Some(oldest) = entries
                    .iter()
                    .min_by_key(|(_, f)| f.last)
                    .map(|(k, _)| k.clone())
            {
                entries.remove(&oldest);
            }
        }
        let entry = entries.entry(key).or_insert(Failures {
            count: 0,
            last: now,
            locked_until: None,
        });
        if entry.locked_until.is_some_and(|until| until <= now) {
            entry.locked_until = None;
        }
        entry.count += 1;
        entry.last = now;
        if entry.count >= LOCK_AFTER {
            let until = now + TimeDelta::minutes(LOCK_MINUTES);
            entry.count = 0;
            entry.locked_until = Some(until);
            return locked(until, now);
        }
        refused
    }

    /// The right password: the pair starts again.
    pub(crate) fn succeed(&self, name: &str, client: &ClientKey) {
        self.entries
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&Self::key(name, client));
    }
}

fn locked(until: DateTime<Utc>, now: DateTime<Utc>) -> AppError {
    AppError::RateLimited {
        retry_after_seconds: u64::try_from((until - now).num_seconds().max(1)).unwrap_or(1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn five_wrong_passwords_lock_the_pair_and_no_other() {
        let failures = SignInFailures::new();
        let now = Utc.with_ymd_and_hms(2026, 3, 2, 2, 0, 0).unwrap();
        let stranger = ClientKey("203.0.113.9".into());
        let owner = ClientKey("198.51.100.7".into());
        let refused = || AppError::Unauthenticated("no".into());
        for _ in 0..4 {
            assert!(matches!(
                failures.fail("Binh@Example.vn", &stranger, now, refused()),
                AppError::Unauthenticated(_)
            ));
        }
        assert!(matches!(
            failures.fail("binh@example.vn", &stranger, now, refused()),
            AppError::RateLimited {
                retry_after_seconds: 900
            }
        ));
        assert!(failures.check("binh@example.vn", &stranger, now).is_err());
        // The owner, from their own address, is not locked out.
        assert!(failures.check("binh@example.vn", &owner, now).is_ok());
        // A quarter of an hour later the stranger may try again.
        let later = now + TimeDelta::minutes(15);
        assert!(failures.check("binh@example.vn", &stranger, later).is_ok());
        assert!(matches!(
            failures.fail("binh@example.vn", &stranger, later, refused()),
            AppError::Unauthenticated(_)
        ));
        failures.succeed("binh@example.vn", &stranger);
        assert!(failures.entries.lock().unwrap().is_empty());
    }
}

#[cfg(test)]
mod client_tests {
    use super::ClientKey;

    fn key(text: &str) -> ClientKey {
        ClientKey(text.to_owned())
    }

    #[test]
    fn the_client_is_the_address_our_outermost_proxy_saw() {
        let proxy = "10.0.0.2".parse().ok();
        // No trusted proxy: the header is the client's, ignored.
        assert_eq!(
            ClientKey::behind_proxies(proxy, &["203.0.113.9"], 0),
            key("10.0.0.2")
        );
        // One proxy appended the real client after whatever the client sent.
        assert_eq!(
            ClientKey::behind_proxies(proxy, &["1.2.3.4", "203.0.113.9"], 1),
            key("203.0.113.9")
        );
        // Two proxies: the first one's entry, then the second's.
        assert_eq!(
            ClientKey::behind_proxies(proxy, &["1.2.3.4", "203.0.113.9", "10.0.0.1"], 2),
            key("203.0.113.9")
        );
        // Too short a chain, or garbage where the proxy writes: the peer.
        assert_eq!(ClientKey::behind_proxies(proxy, &[], 1), key("10.0.0.2"));
        assert_eq!(
            ClientKey::behind_proxies(proxy, &["203.0.113.9"], 2),
            key("10.0.0.2")
        );
        assert_eq!(
            ClientKey::behind_proxies(proxy, &["not an address"], 1),
            key("10.0.0.2")
        );
        assert_eq!(
            ClientKey::behind_proxies(proxy, &["2001:db8::1"], 1),
            key("2001:db8::1")
        );
        assert_eq!(ClientKey::behind_proxies(None, &[], 0), key("unknown"));
        // The header's values as they came: a list, or several headers.
        assert_eq!(
            ClientKey::behind_proxies(proxy, &["1.2.3.4, 203.0.113.9"], 1),
            key("203.0.113.9")
        );
        assert_eq!(
            ClientKey::behind_proxies(proxy, &["1.2.3.4", "203.0.113.9,10.0.0.1"], 2),
            key("203.0.113.9")
        );
    }
}
