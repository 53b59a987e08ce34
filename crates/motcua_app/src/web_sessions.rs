//! Sessions of the web pages, for citizens (and, with the staff workspace,
//! staff): a random token in an `HttpOnly` cookie, its hash in `web_sessions`.
//! Unlike the API's bearer tokens a page session is checked against the
//! database on every request, so a sign-out or a new password ends it at
//! once, everywhere.

use chrono::{DateTime, TimeDelta, Utc};
use motcua_db::web_sessions::{self as store, WebSessionRow};
use motcua_db::{DbConnection, from_utc, utc, write_transaction};

use crate::app::{App, Services};
use crate::error::AppResult;
use crate::sessions::{TokenOwner, random_token, token_hash};

/// A session not used for this long has ended: a citizen who walks away
/// from a shared computer is signed out, one who fills a long application
/// with pauses is not.
pub(crate) const IDLE_LIMIT: TimeDelta = TimeDelta::hours(2);
/// No session lasts longer than this from its sign-in, however used.
pub(crate) const AGE_LIMIT: TimeDelta = TimeDelta::hours(12);
/// How stale `last_seen_at` may be before a request writes it again: most
/// requests only read.
const TOUCH_EVERY: TimeDelta = TimeDelta::minutes(5);

/// Who a live web session belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SessionOwner {
    pub(crate) kind: TokenOwner,
    pub(crate) id: String,
}

fn expiry(created_at: DateTime<Utc>, now: DateTime<Utc>) -> DateTime<Utc> {
    (now + IDLE_LIMIT).min(created_at + AGE_LIMIT)
}

impl Services {
    /// Opens a session for `owner`; the token for the cookie. Its owner's
    /// ended and expired sessions of more than a day ago are forgotten.
    pub(crate) fn open_web_session(
        &self,
        conn: &mut DbConnection,
        (kind, owner): (TokenOwner, &str),
        now: DateTime<Utc>,
    ) -> AppResult<String> {
        let token = random_token()?;
        let (citizen_id, user_id, forget) = match kind {
            TokenOwner::Citizen => (Some(owner.to_owned()), None, store::Owner::Citizen(owner)),
            TokenOwner::Staff => (None, Some(owner.to_owned()), store::Owner::User(owner)),
        };
        let row = WebSessionRow {
            id: uuid::Uuid::now_v7().to_string(),
            token_hash: token_hash(&token),
            citizen_id,
            user_id,
            created_at: utc(now),
            last_seen_at: utc(now),
            expires_at: utc(expiry(now, now)),
            ended_at: None,
        };
        store::forget_old(conn, forget, utc(now - TimeDelta::days(1)))?;
        store::insert(conn, &row)?;
        Ok(token)
    }

    /// The owner of the live session `token` opens, if any; the session's
    /// idle limit moves forward as it is used. On the caller's connection:
    /// a page that goes on to read its owner checks out one.
    pub(crate) fn web_session_owner(
        &self,
        conn: &mut DbConnection,
        token: &str,
    ) -> AppResult<Option<SessionOwner>> {
        let now = self.clock.now();
        let Some(row) = store::live_by_hash(conn, &token_hash(token), utc(now))? else {
            return Ok(None);
        };
        if now - from_utc(row.last_seen_at) >= TOUCH_EVERY {
            let expires = expiry(from_utc(row.created_at), now);
            store::touch(conn, &row.id, utc(now), utc(expires))?;
        }
        Ok(match (row.citizen_id, row.user_id) {
            (Some(id), _) => Some(SessionOwner {
                kind: TokenOwner::Citizen,
                id,
            }),
            (None, Some(id)) => Some(SessionOwner {
                kind: TokenOwner::Staff,
                id,
            }),
            (None, None) => None,
        })
    }
}

impl App {
    /// Signs a web session out: its token stops working at once. An unknown
    /// or ended token is accepted silently.
    pub async fn end_web_session(&self, token: String) -> AppResult<()> {
        self.blocking(move |s| {
            let now = utc(s.clock.now());
            let mut conn = s.db.get()?;
            write_transaction(&mut conn, |conn| -> AppResult<()> {
                if store::end_by_hash(conn, &token_hash(&token), now)? {
                    tracing::info!("web session ended by sign-out");
                }
                Ok(())
            })
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_expires_when_idle_and_never_outlives_its_age_limit() {
        let start = DateTime::parse_from_rfc3339("2026-12-01T08:00:00Z")
            .unwrap()
            .to_utc();
        assert_eq!(expiry(start, start), start + IDLE_LIMIT);
        let later = start + TimeDelta::hours(5);
        assert_eq!(expiry(start, later), later + IDLE_LIMIT);
        let late = start + TimeDelta::hours(11);
        assert_eq!(expiry(start, late), start + AGE_LIMIT);
    }
}
