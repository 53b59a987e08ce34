//! Sessions, for staff and citizens alike: short-lived JWT access tokens
//! (HS256, issuer and audience pinned, expiry on our clock), and opaque
//! refresh tokens, stored hashed, that rotate on every use and are revoked
//! with their whole family when one is used twice. What a token carries is
//! each side's own (`staff::sign_in`, `citizens::accounts`).

use base64::Engine;
use chrono::{DateTime, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use motcua_db::tokens::RefreshTokenRow;
use motcua_db::{DbConnection, tokens, utc, write_transaction};

use crate::app::Services;
use crate::error::{AppError, AppResult};
use crate::hashing::sha256_hex;

pub(crate) fn random_token() -> AppResult<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| AppError::unexpected("random token", e))?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

pub(crate) fn token_hash(token: &str) -> String {
    sha256_hex(token.as_bytes())
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

impl Services {
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refresh_tokens_are_random_and_stored_hashed() {
        let a = random_token().unwrap();
        assert_ne!(a, random_token().unwrap());
        assert_eq!(a.len(), 43);
        assert_eq!(token_hash(&a).len(), 64);
    }
}
