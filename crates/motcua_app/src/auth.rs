//! Sign-in, for staff and (in `citizens`) for citizens alike: argon2id
//! passwords, short-lived JWT access tokens (HS256, issuer and audience
//! pinned), and opaque refresh tokens that rotate on every use and are
//! revoked, with their whole family, when one is used twice.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use base64::Engine;
use chrono::{DateTime, TimeDelta, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use motcua_db::tokens::RefreshTokenRow;
use motcua_db::{DbConnection, tokens, users, utc, write_transaction};
use motcua_domain::Role;
use sha2::{Digest, Sha256};
use std::sync::OnceLock;

use crate::agencies::{UserView, user_view};
use crate::{App, AppError, AppResult, ClientKey, Services};

/// The audience of staff access tokens; citizens will get their own.
const STAFF_AUDIENCE: &str = "motcua-staff";

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

/// Who is asking: the staff member a valid access token names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// User id.
    pub user_id: String,
    /// Role.
    pub role: Role,
    /// Agency id.
    pub agency_id: String,
    /// Unit id.
    pub unit_id: Option<String>,
}

impl Principal {
    /// Passes when the principal has one of `roles`.
    pub fn require(&self, roles: &[Role]) -> AppResult<()> {
        if roles.contains(&self.role) {
            Ok(())
        } else {
            let allowed: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
            Err(AppError::Forbidden(format!(
                "this action needs the role {}; you are {}",
                allowed.join(" or "),
                self.role
            )))
        }
    }
}

/// What a sign-in or a refresh gives.
#[derive(Debug, Clone, serde::Serialize)]
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

fn argon2() -> Argon2<'static> {
    Argon2::default()
}

/// An argon2id PHC string for `password`.
pub(crate) fn hash_password(password: &str) -> AppResult<String> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| AppError::unexpected("random salt", e))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| AppError::unexpected("salt", e))?;
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| AppError::unexpected("hashing a password", e))
}

pub(crate) fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        argon2()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// A hash to verify against when the user does not exist, so that a wrong
/// username takes as long as a wrong password.
pub(crate) fn decoy_hash() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| hash_password("decoy password that matches nothing").unwrap_or_default())
}

fn random_token() -> AppResult<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| AppError::unexpected("random token", e))?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

fn token_hash(token: &str) -> String {
    sha256_hex(token.as_bytes())
}

/// SHA-256 as lower-case hex: refresh tokens are stored so, and uploaded
/// files are checksummed so.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whose refresh token: staff and citizens share the table and its rules,
/// never each other's tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenOwner {
    /// A staff member (`users`).
    Staff,
    /// A citizen (`citizens`).
    Citizen,
}

/// Why a refresh token was refused, for the log (the client hears only
/// "invalid, expired or revoked").
pub(crate) type Refusal = &'static str;

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

    /// Signs `claims` as an HS256 JWT with our key.
    pub(crate) fn sign<T: serde::Serialize>(&self, claims: &T) -> AppResult<String> {
        jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            claims,
            &EncodingKey::from_secret(&self.tokens.secret),
        )
        .map_err(|e| AppError::unexpected("signing a token", e))
    }

    /// The claims of a token of `audience`, or `refused`. Only HS256 tokens
    /// with our key and issuer pass; expiry is checked against our clock,
    /// not the machine's, so tests can move time, and a token issued more
    /// than a minute in our future is refused too.
    pub(crate) fn verify<T: serde::de::DeserializeOwned>(
        &self,
        token: &str,
        audience: &str,
        refused: AppError,
    ) -> AppResult<T> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[&self.tokens.issuer]);
        validation.set_audience(&[audience]);
        validation.set_required_spec_claims(&["iss", "aud", "sub", "exp"]);
        validation.validate_exp = false;
        validation.validate_nbf = false;
        let data = jsonwebtoken::decode::<serde_json::Value>(
            token,
            &DecodingKey::from_secret(&self.tokens.secret),
            &validation,
        )
        .map_err(|_| refused)?;
        let now = self.clock.now().timestamp();
        let stamp = |name: &str| data.claims.get(name).and_then(serde_json::Value::as_i64);
        if stamp("exp").is_none_or(|exp| exp <= now)
            || stamp("iat").is_some_and(|iat| iat > now + 60)
        {
            return Err(AppError::Unauthenticated("the token has expired".into()));
        }
        serde_json::from_value(data.claims)
            .map_err(|_| AppError::Unauthenticated("the token is invalid".into()))
    }

    /// Stores a new refresh token of `owner` (the id of a user or a
    /// citizen) in `family` (a new sign-in when `None`); the token itself.
    pub(crate) fn new_refresh_token(
        &self,
        conn: &mut DbConnection,
        (kind, owner): (TokenOwner, &str),
        family: Option<String>,
        now: DateTime<Utc>,
    ) -> AppResult<String> {
        let refresh_token = random_token()?;
        let owner = Some(owner.to_owned());
        tokens::insert(
            conn,
            &RefreshTokenRow {
                id: uuid::Uuid::now_v7().to_string(),
                user_id: owner.clone().filter(|_| kind == TokenOwner::Staff),
                citizen_id: owner.filter(|_| kind == TokenOwner::Citizen),
                family_id: family.unwrap_or_else(|| uuid::Uuid::now_v7().to_string()),
                token_hash: token_hash(&refresh_token),
                expires_at: utc(now + self.tokens.refresh_ttl),
                created_at: utc(now),
                rotated_at: None,
                revoked_at: None,
            },
        )?;
        Ok(refresh_token)
    }

    /// Uses up a refresh token of a `kind` owner: the owner's id and the
    /// family to issue the next token in. A token used twice means it
    /// leaked: its whole family is revoked (and that is committed: the
    /// caller answers the refusal without rolling back).
    pub(crate) fn rotate_refresh_token(
        &self,
        conn: &mut DbConnection,
        kind: TokenOwner,
        refresh_token: &str,
        now: DateTime<Utc>,
    ) -> AppResult<Result<(String, String), Refusal>> {
        let Some(row) = tokens::by_hash(conn, &token_hash(refresh_token))? else {
            return Ok(Err("unknown"));
        };
        let owner = match kind {
            TokenOwner::Staff => row.user_id.clone(),
            TokenOwner::Citizen => row.citizen_id.clone(),
        };
        // The other kind's token is no token here, and is left as it was.
        let Some(owner) = owner else {
            return Ok(Err("unknown"));
        };
        if row.revoked_at.is_some() || row.expires_at <= utc(now) {
            return Ok(Err("revoked or expired"));
        }
        if row.rotated_at.is_some() || !tokens::mark_rotated(conn, &row.id, utc(now))? {
            tokens::revoke_family(conn, &row.family_id, utc(now))?;
            tracing::warn!(token.family = %row.family_id, "refresh token reused: sign-in revoked");
            return Ok(Err("reused"));
        }
        Ok(Ok((owner, row.family_id)))
    }

    /// Ends the sign-in a refresh token belongs to: it and its whole family
    /// stop working. Unknown tokens are accepted silently, so the answer
    /// reveals nothing.
    pub(crate) fn end_sign_in(&self, refresh_token: &str) -> AppResult<()> {
        let mut conn = self.db.get()?;
        let now = utc(self.clock.now());
        write_transaction(&mut conn, |conn| -> AppResult<()> {
            if let Some(row) = tokens::by_hash(conn, &token_hash(refresh_token))? {
                tokens::revoke_family(conn, &row.family_id, now)?;
            }
            Ok(())
        })
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
            let user = users::by_username(&mut conn, &username)?;
            let Some(user) = user.filter(|u| u.active) else {
                // Spend the same time as a real check before refusing.
                verify_password(decoy_hash(), &password);
                return Err(invalid_credentials());
            };
            if !verify_password(&user.password_hash, &password) {
                tracing::info!(user.id = %user.id, "sign-in refused: wrong password");
                return Err(invalid_credentials());
            }
            let pair = write_transaction(&mut conn, |conn| s.issue(conn, &user, None))?;
            tracing::info!(user.id = %user.id, "signed in");
            Ok(pair)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_and_verify() {
        let hash = hash_password("correct horse").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password(&hash, "correct horse"));
        assert!(!verify_password(&hash, "wrong horse"));
        assert!(!verify_password("not a hash", "correct horse"));
    }

    #[test]
    fn refresh_tokens_are_random_and_stored_hashed() {
        let a = random_token().unwrap();
        assert_ne!(a, random_token().unwrap());
        assert_eq!(a.len(), 43);
        assert_eq!(token_hash(&a).len(), 64);
    }
}
