//! Answers kept for a while: a public read that is costly to compute and
//! may be a minute old (the public statistics) is computed once per key and
//! time-to-live. Keyed by text, bounded in entries, timed by the
//! application's clock (so tests move it); each use case keeps its own
//! type of answer.

use chrono::{DateTime, Duration, Utc};
use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

type Answer = Arc<dyn Any + Send + Sync>;

/// At most `most` answers, each served for `ttl` after it was computed.
pub(crate) struct Kept {
    entries: Mutex<HashMap<String, (DateTime<Utc>, Answer)>>,
    most: usize,
    ttl: Duration,
}

impl Kept {
    pub(crate) fn new(most: usize, ttl: Duration) -> Kept {
        Kept {
            entries: Mutex::new(HashMap::new()),
            most,
            ttl,
        }
    }

    fn fresh(&self, at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
        at <= now && now - at < self.ttl
    }

    /// The answer kept under `key`, if it is fresh and of type `T`.
    pub(crate) fn get<T: Any + Send + Sync>(
        &self,
        key: &str,
        now: DateTime<Utc>,
    ) -> Option<Arc<T>> {
        let entries = self.entries.lock().ok()?;
        let (at, answer) = entries.get(key)?;
        if !self.fresh(*at, now) {
            return None;
        }
        Arc::clone(answer).downcast::<T>().ok()
    }

    /// Forgets the answer kept under `key`: what it was computed from
    /// changed here, so the next question computes it again.
    pub(crate) fn forget(&self, key: &str) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.remove(key);
        }
    }

    /// Keeps `answer` under `key`, computed at `now`; when full, the stale
    /// answers go first, then the oldest.
    pub(crate) fn keep<T: Any + Send + Sync>(
        &self,
        key: String,
        answer: Arc<T>,
        now: DateTime<Utc>,
    ) {
        let Ok(mut entries) = self.entries.lock() else {
            return;
        };
        if entries.len() >= self.most && !entries.contains_key(&key) {
            entries.retain(|_, (at, _)| *at <= now && now - *at < self.ttl);
            if entries.len() >= self.most {
                let oldest = entries
                    .iter()
                    .min_by_key(|(_, (at, _))| *at)
                    .map(|(k, _)| k.clone());
                if let Some(oldest) = oldest {
                    entries.remove(&oldest);
                }
            }
        }
        entries.insert(key, (now, answer));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::<Utc>::UNIX_EPOCH + Duration::seconds(seconds)
    }

    #[test]
    fn an_answer_is_served_for_its_time_and_the_count_is_bounded() {
        let kept = Kept::new(2, Duration::seconds(60));
        kept.keep("a".into(), Arc::new(1u32), at(0));
        assert_eq!(kept.get::<u32>("a", at(59)).as_deref(), Some(&1));
        assert_eq!(kept.get::<u32>("a", at(60)), None);
        assert_eq!(kept.get::<String>("a", at(1)), None);
        kept.keep("b".into(), Arc::new(2u32), at(10));
        kept.keep("c".into(), Arc::new(3u32), at(20));
        // Full: the oldest, "a", went.
        assert_eq!(kept.get::<u32>("a", at(21)), None);
        assert_eq!(kept.get::<u32>("b", at(21)).as_deref(), Some(&2));
        assert_eq!(kept.get::<u32>("c", at(21)).as_deref(), Some(&3));
    }

    #[test]
    fn a_forgotten_answer_is_computed_again() {
        let kept = Kept::new(4, Duration::seconds(60));
        kept.keep("a".into(), Arc::new(1_i64), at(0));
        kept.keep("b".into(), Arc::new(2_i64), at(0));
        kept.forget("a");
        assert!(kept.get::<i64>("a", at(1)).is_none());
        assert_eq!(kept.get::<i64>("b", at(1)).as_deref(), Some(&2));
    }
}
