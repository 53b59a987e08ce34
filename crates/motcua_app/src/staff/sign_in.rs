//! Staff sign-in: a username and an argon2id password give an access token
//! that carries the role, agency and unit, and a refresh token (the rules of
//! both are in `crate::sessions`).

use chrono::{DateTime, Utc};
use motcua_db::{DbConnection, users, write_transaction};
use motcua_domain::Role;

use super::agencies::{UserView, user_view};
use super::principal::Principal;
use crate::app::{App, Services};
use crate::error::{AppError, AppResult};
use crate::hashing::{decoy_hash, verify_password};
use crate::limits::ClientKey;
use crate::sessions::{Refusal, TokenOwner};

/// The audience of staff access tokens; citizens will get their own.
const STAFF_AUDIENCE: &str = "motcua-staff";

/// What a sign-in or a refresh gives.
#[derive(Debug, Clone)]
pub struct TokenPair {
    /// The JWT to send as `Authorization: Bearer ...`.
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: &'static str,
    /// Seconds the access token works.
    pub expires_in: i64,
    /// The token to get the next pair with, once.
    pub refresh_token: String,
    /// Seconds the refresh token works.
    pub refresh_expires_in: i64,
    /// Who signed in.
    pub user: UserView,
}

#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct Claims {
    iss: String,
    aud: String,
    sub: String,
    iat: i64,
    exp: i64,
    jti: String,
    role: Role,
    agency: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    unit: Option<String>,
}

fn invalid_credentials() -> AppError {
    AppError::Unauthenticated("invalid username or password".into())
}

impl Services {
    fn access_token(&self, user: &users::UserRow, now: DateTime<Utc>) -> AppResult<String> {
        let role = *user.role;
        let claims = Claims {
            iss: self.tokens.issuer.clone(),
            aud: STAFF_AUDIENCE.into(),
            sub: user.id.clone(),
            iat: now.timestamp(),
            exp: (now + self.tokens.access_ttl).timestamp(),
            jti: uuid::Uuid::now_v7().to_string(),
            role,
            agency: user.agency_id.clone(),
            unit: user.unit_id.clone(),
        };
        self.sign(&claims)
    }

    /// Issues a pair in `family` (a new sign-in when `None`).
    fn issue(
        &self,
        conn: &mut DbConnection,
        user: &users::UserRow,
        family: Option<String>,
    ) -> AppResult<TokenPair> {
        let now = self.clock.now();
        let refresh_token =
            self.new_refresh_token(conn, (TokenOwner::Staff, &user.id), family, now)?;
        Ok(TokenPair {
            access_token: self.access_token(user, now)?,
            token_type: "Bearer",
            expires_in: self.tokens.access_ttl.num_seconds(),
            refresh_token,
            refresh_expires_in: self.tokens.refresh_ttl.num_seconds(),
            user: user_view(conn, user)?,
        })
    }
}

/// What a staff sign-in on the web pages gives: the token for the session
/// cookie, and who signed in.
#[derive(Debug, Clone)]
pub struct StaffWebSession {
    /// The cookie's value; only its hash is stored.
    pub token: String,
    /// Who signed in.
    pub user: UserView,
}

/// The staff member a live web session belongs to: who they are to the use
/// cases, and their names, agency and unit for the page's header.
#[derive(Debug, Clone)]
pub struct StaffOnPage {
    /// What the use cases check.
    pub principal: Principal,
    /// Who they are.
    pub user: UserView,
}

impl Services {
    /// The active user `username` names, if `password` is theirs. The same
    /// time is spent on an unknown or inactive name, so the answer's delay
    /// does not tell which names exist.
    fn check_staff_password(
        &self,
        conn: &mut DbConnection,
        username: &str,
        password: &str,
    ) -> AppResult<users::UserRow> {
        let user = users::by_username(conn, username)?;
        let Some(user) = user.filter(|u| u.active) else {
            verify_password(decoy_hash(), password);
            return Err(invalid_credentials());
        };
        if !verify_password(&user.password_hash, password) {
            tracing::info!(user.id = %user.id, "sign-in refused: wrong password");
            return Err(invalid_credentials());
        }
        Ok(user)
    }
}

fn principal_of(user: &users::UserRow) -> Principal {
    Principal {
        user_id: user.id.clone(),
        role: *user.role,
        agency_id: user.agency_id.clone(),
        unit_id: user.unit_id.clone(),
    }
}

impl App {
    /// Signs a staff member in.
    pub async fn login(
        &self,
        client: ClientKey,
        username: String,
        password: String,
    ) -> AppResult<TokenPair> {
        self.services.limits.login(&client, &username)?;
        self.blocking(move |s| {
            let mut conn = s.db.get()?;
            let user = s.check_staff_password(&mut conn, &username, &password)?;
            let pair = write_transaction(&mut conn, |conn| s.issue(conn, &user, None))?;
            tracing::info!(user.id = %user.id, "signed in");
            Ok(pair)
        })
        .await
    }

    /// Signs a staff member in on the web pages, with the same rules as
    /// [`App::login`] (its rate limits included): a session the cookie's
    /// token opens, which ends when idle, when old, at sign-out, and at
    /// once when the user is disabled.
    pub async fn staff_web_sign_in(
        &self,
        client: ClientKey,
        username: String,
        password: String,
    ) -> AppResult<StaffWebSession> {
        let username = username.trim().to_owned();
        self.services.limits.login(&client, &username)?;
        self.blocking(move |s| {
            let now = s.clock.now();
            let mut conn = s.db.get()?;
            let user = s.check_staff_password(&mut conn, &username, &password)?;
            let session = write_transaction(&mut conn, |conn| -> AppResult<StaffWebSession> {
                Ok(StaffWebSession {
                    token: s.open_web_session(conn, (TokenOwner::Staff, &user.id), now)?,
                    user: user_view(conn, &user)?,
                })
            })?;
            tracing::info!(user.id = %user.id, "signed in on the web pages");
            Ok(session)
        })
        .await
    }

    /// The staff member a web session's token names, while the session is
    /// live and the user active; `None` for a token that is unknown, ended,
    /// expired, a citizen's, or a disabled user's. Role, agency and unit are
    /// read afresh, so a change by an administrator counts at once.
    pub async fn staff_of_web_session(&self, token: String) -> AppResult<Option<StaffOnPage>> {
        self.blocking(move |s| {
            let mut conn = s.db.get()?;
            let Some(owner) = s
                .web_session_owner(&mut conn, &token)?
                .filter(|owner| owner.kind == TokenOwner::Staff)
            else {
                return Ok(None);
            };
            let Some(user) = users::by_id(&mut conn, &owner.id)?.filter(|u| u.active) else {
                return Ok(None);
            };
            Ok(Some(StaffOnPage {
                principal: principal_of(&user),
                user: user_view(&mut conn, &user)?,
            }))
        })
        .await
    }

    /// Exchanges a refresh token for a new pair. A token used twice means it
    /// leaked: the whole sign-in is revoked.
    pub async fn refresh(&self, refresh_token: String) -> AppResult<TokenPair> {
        self.blocking(move |s| {
            let mut conn = s.db.get()?;
            let now = s.clock.now();
            let refused = || {
                AppError::Unauthenticated("the refresh token is invalid, expired or revoked".into())
            };
            let outcome =
                write_transaction(&mut conn, |conn| -> AppResult<Result<TokenPair, Refusal>> {
                    let (user_id, family) = match s.rotate_refresh_token(
                        conn,
                        TokenOwner::Staff,
                        &refresh_token,
                        now,
                    )? {
                        Ok(rotated) => rotated,
                        Err(why) => return Ok(Err(why)),
                    };
                    let user = users::by_id(conn, &user_id)?.filter(|u| u.active);
                    let Some(user) = user else {
                        return Ok(Err("user inactive"));
                    };
                    s.issue(conn, &user, Some(family)).map(Ok)
                })?;
            outcome.map_err(|why| {
                tracing::info!(reason = %why, "refresh refused");
                refused()
            })
        })
        .await
    }

    /// Signs out: the refresh token and its whole family stop working. Unknown
    /// tokens are accepted silently, so the answer reveals nothing.
    pub async fn logout(&self, refresh_token: String) -> AppResult<()> {
        self.blocking(move |s| s.end_sign_in(&refresh_token)).await
    }

    /// The principal of a bearer access token. Only HS256 tokens with our
    /// issuer and the staff audience pass; expiry is checked against our
    /// clock, not the machine's, so tests can move time.
    pub fn authenticate(&self, bearer: &str) -> AppResult<Principal> {
        let refused = AppError::Unauthenticated("the access token is invalid".into());
        let claims: Claims = self.services.verify(bearer, STAFF_AUDIENCE, refused)?;
        Ok(Principal {
            user_id: claims.sub,
            role: claims.role,
            agency_id: claims.agency,
            unit_id: claims.unit,
        })
    }

    /// The signed-in user.
    pub async fn me(&self, principal: Principal) -> AppResult<UserView> {
        self.blocking(move |s| {
            let mut conn = s.db.get()?;
            let user = users::by_id(&mut conn, &principal.user_id)?
                .ok_or_else(|| AppError::Unauthenticated("the user no longer exists".into()))?;
            user_view(&mut conn, &user)
        })
        .await
    }
}
