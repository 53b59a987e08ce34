//! Citizen accounts (tài khoản công dân, tổ chức): registration, e-mail
//! verification, sign-in, password reset and lock-out.
//!
//! Citizens are not staff: they live in their own table, belong to no
//! agency, and their access tokens carry their own audience, so a citizen
//! token opens no staff route and a staff token no citizen route. Links sent
//! by e-mail are signed tokens too (HS256, our key), each with an audience
//! of its own and a short life; a reset link names the password change it
//! was issued after, so it works once.

use chrono::{DateTime, TimeDelta, Utc};
use motcua_db::notices::{self as outbox, NoticeRow};
use motcua_db::online::{self as store, CitizenRow};
use motcua_db::{DbConnection, from_utc, utc, write_transaction};
use motcua_domain::{
    EmailAddress, NewPassword, NoticeLanguage, Organization, PersonName, PhoneNumber,
};
use motcua_jobs::queue_notice;
use motcua_notify::NoticeKind;
use serde::{Deserialize, Serialize};

use crate::auth::{decoy_hash, hash_password, verify_password};
use crate::{App, AppError, AppResult, ClientKey, Services};

const CITIZEN_AUDIENCE: &str = "motcua-citizen";
const VERIFY_AUDIENCE: &str = "motcua-email-verification";
const RESET_AUDIENCE: &str = "motcua-password-reset";

/// How long a verification link works.
const VERIFY_HOURS: i64 = 48;
/// How long a password-reset link works.
const RESET_HOURS: i64 = 1;
/// Wrong passwords in a row that lock an account...
const LOCK_AFTER: i32 = 5;
/// ...for this long. Long enough to stop guessing (5 tries per quarter hour
/// is 480 a day), short enough that the owner is not locked out for a day.
const LOCK_MINUTES: i64 = 15;

/// Who is asking: the citizen a valid citizen token names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitizenPrincipal {
    /// Account id.
    pub citizen_id: String,
}

/// A new account, parsed.
#[derive(Debug, Clone)]
pub struct Registration {
    /// The sign-in name and where notices go.
    pub email: EmailAddress,
    /// The password.
    pub password: NewPassword,
    /// The person, or the organisation's representative.
    pub full_name: PersonName,
    /// An organisation's name and tax code (mã số thuế).
    pub organization: Option<Organization>,
    /// Mobile number.
    pub phone: Option<PhoneNumber>,
    /// The language of the account e-mails.
    pub language: NoticeLanguage,
}

/// An account as its owner sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CitizenView {
    /// Account id.
    pub id: String,
    /// `person` or `organization`.
    pub kind: String,
    /// Sign-in e-mail.
    pub email: String,
    /// Whether the e-mail address is proved.
    pub email_verified: bool,
    /// Name.
    pub full_name: String,
    /// Organisation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization: Option<OrganizationView>,
    /// Mobile number.
    pub phone: Option<String>,
    /// Registered.
    pub created_at: DateTime<Utc>,
}

/// An organisation account's organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrganizationView {
    /// Name.
    pub name: String,
    /// Tax code.
    pub tax_code: String,
}

/// What a citizen sign-in gives.
#[derive(Debug, Clone, Serialize)]
pub struct CitizenSession {
    /// The JWT to send as `Authorization: Bearer ...`.
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: &'static str,
    /// Seconds it works.
    pub expires_in: i64,
    /// Who signed in.
    pub citizen: CitizenView,
}

#[derive(Debug, Serialize, Deserialize)]
struct CitizenClaims {
    iss: String,
    aud: String,
    sub: String,
    iat: i64,
    exp: i64,
    jti: String,
    /// When the citizen signed in with the password: a session is renewed
    /// for at most the refresh lifetime after it.
    auth_time: i64,
    /// The password change the session follows (microseconds): a new
    /// password ends every session at its next renewal.
    pwd: i64,
}

#[derive(Debug, Serialize, Deserialize)]
struct LinkClaims {
    iss: String,
    aud: String,
    sub: String,
    iat: i64,
    exp: i64,
    jti: String,
    /// Verification: the address being proved. Reset: unused.
    #[serde(default)]
    email: String,
    /// Reset: the password change the link follows, in microseconds.
    #[serde(default)]
    pwd: i64,
}

pub(crate) fn citizen_view(row: &CitizenRow) -> CitizenView {
    CitizenView {
        id: row.id.clone(),
        kind: row.kind.clone(),
        email: row.email.clone(),
        email_verified: row.email_verified_at.is_some(),
        full_name: row.full_name.clone(),
        organization: match (&row.organization_name, &row.tax_code) {
            (Some(name), Some(tax_code)) => Some(OrganizationView {
                name: name.clone(),
                tax_code: tax_code.clone(),
            }),
            _ => None,
        },
        phone: row.phone.clone(),
        created_at: from_utc(row.created_at),
    }
}

/// A signed link e-mailed to an account holder.
struct AccountLink {
    kind: NoticeKind,
    url: String,
    hours: i64,
}

/// What names the password a session or a reset link follows: the instant
/// it was set, in microseconds.
fn password_stamp(citizen: &CitizenRow) -> i64 {
    citizen.password_changed_at.and_utc().timestamp_micros()
}

fn refused_link() -> AppError {
    AppError::Unauthenticated("the link is invalid, expired or already used".into())
}

impl Services {
    /// A session for `citizen`, signed in at `auth_time`.
    fn citizen_session(
        &self,
        citizen: &CitizenRow,
        auth_time: i64,
        now: DateTime<Utc>,
    ) -> AppResult<CitizenSession> {
        let access_token = self.sign(&CitizenClaims {
            iss: self.tokens.issuer.clone(),
            aud: CITIZEN_AUDIENCE.into(),
            sub: citizen.id.clone(),
            iat: now.timestamp(),
            exp: (now + self.tokens.access_ttl).timestamp(),
            jti: uuid::Uuid::now_v7().to_string(),
            auth_time,
            pwd: password_stamp(citizen),
        })?;
        Ok(CitizenSession {
            access_token,
            token_type: "Bearer",
            expires_in: self.tokens.access_ttl.num_seconds(),
            citizen: citizen_view(citizen),
        })
    }

    fn link_token(
        &self,
        audience: &str,
        citizen: &CitizenRow,
        hours: i64,
        now: DateTime<Utc>,
    ) -> AppResult<String> {
        self.sign(&LinkClaims {
            iss: self.tokens.issuer.clone(),
            aud: audience.into(),
            sub: citizen.id.clone(),
            iat: now.timestamp(),
            exp: (now + TimeDelta::hours(hours)).timestamp(),
            jti: uuid::Uuid::now_v7().to_string(),
            email: citizen.email.clone(),
            pwd: password_stamp(citizen),
        })
    }

    fn public_link(&self, path: &str, token: &str) -> String {
        let base = self.delivery.public_url.as_deref().unwrap_or("");
        format!("{}{path}?token={token}", base.trim_end_matches('/'))
    }

    /// Writes an account e-mail to the outbox, with its delivery job.
    fn queue_account_notice(
        &self,
        conn: &mut DbConnection,
        citizen: &CitizenRow,
        link: AccountLink,
        language: NoticeLanguage,
        now: DateTime<Utc>,
    ) -> AppResult<()> {
        let kind = link.kind;
        let payload = serde_json::json!({
            "recipient_name": citizen.full_name,
            "agency_name": "Motcua",
            "action_url": link.url,
            "valid_hours": link.hours,
        });
        queue_notice(
            conn,
            &NoticeRow {
                id: uuid::Uuid::now_v7().to_string(),
                unique_key: format!("{}:{}:{}", kind.as_str(), citizen.id, uuid::Uuid::now_v7()),
                kind: kind.as_str().into(),
                dossier_id: None,
                recipient_user_id: None,
                payload: payload.to_string(),
                state: outbox::PENDING.into(),
                attempts: 0,
                created_at: utc(now),
                sent_at: None,
                last_error: None,
                channel: "email".into(),
                address: Some(citizen.email.clone()),
                language: language.as_str().into(),
                provider_answer: None,
            },
            now,
        )?;
        Ok(())
    }

    fn send_verification(
        &self,
        conn: &mut DbConnection,
        citizen: &CitizenRow,
        language: NoticeLanguage,
        now: DateTime<Utc>,
    ) -> AppResult<()> {
        let token = self.link_token(VERIFY_AUDIENCE, citizen, VERIFY_HOURS, now)?;
        let url = self.public_link("/api/v1/citizens/verify-email", &token);
        let link = AccountLink {
            kind: NoticeKind::AccountVerification,
            url,
            hours: VERIFY_HOURS,
        };
        self.queue_account_notice(conn, citizen, link, language, now)
    }
}

impl App {
    /// Opens an account and e-mails the verification link. The account may
    /// sign in only once the address is proved.
    pub async fn register_citizen(
        &self,
        client: ClientKey,
        registration: Registration,
    ) -> AppResult<CitizenView> {
        let email = registration.email.as_str().to_lowercase();
        self.services.limits.login(&client, &email)?;
        self.blocking(move |s| {
            let now = s.clock.now();
            let hash = hash_password(registration.password.as_str())?;
            let row = CitizenRow {
                id: uuid::Uuid::now_v7().to_string(),
                email,
                password_hash: hash,
                kind: if registration.organization.is_some() {
                    "organization"
                } else {
                    "person"
                }
                .into(),
                full_name: registration.full_name.as_str().to_owned(),
                organization_name: registration.organization.as_ref().map(|o| o.name.clone()),
                tax_code: registration
                    .organization
                    .as_ref()
                    .map(|o| o.tax_code.as_str().to_owned()),
                phone: registration.phone.as_ref().map(|p| p.as_str().to_owned()),
                email_verified_at: None,
                failed_logins: 0,
                locked_until: None,
                password_changed_at: utc(now),
                created_at: utc(now),
                updated_at: utc(now),
            };
            let mut conn = s.db.get()?;
            write_transaction(&mut conn, |conn| -> AppResult<()> {
                if !store::insert_citizen(conn, &row)? {
                    return Err(AppError::Conflict(
                        "an account with this e-mail address exists; sign in or reset the password"
                            .into(),
                    ));
                }
                s.send_verification(conn, &row, registration.language, now)
            })?;
            tracing::info!(citizen.id = %row.id, "citizen registered");
            Ok(citizen_view(&row))
        })
        .await
    }

    /// Proves the address a verification link was sent to. Following the
    /// link again changes nothing and answers the same.
    pub async fn verify_citizen_email(&self, token: String) -> AppResult<CitizenView> {
        self.blocking(move |s| {
            let claims: LinkClaims = s.verify(&token, VERIFY_AUDIENCE, refused_link())?;
            let now = s.clock.now();
            let mut conn = s.db.get()?;
            let row = write_transaction(&mut conn, |conn| -> AppResult<CitizenRow> {
                let row = store::citizen_by_id(conn, &claims.sub)?
                    .filter(|c| c.email == claims.email)
                    .ok_or_else(refused_link)?;
                if store::verify_email(conn, &row.id, utc(now))? {
                    tracing::info!(citizen.id = %row.id, "citizen e-mail verified");
                }
                store::citizen_by_id(conn, &row.id)?.ok_or_else(refused_link)
            })?;
            Ok(citizen_view(&row))
        })
        .await
    }

    /// Signs a citizen in. Five wrong passwords in a row lock the account
    /// for a quarter of an hour (answered 429 with Retry-After); a locked
    /// account refuses even the right password until then.
    pub async fn citizen_login(
        &self,
        client: ClientKey,
        email: String,
        password: String,
    ) -> AppResult<CitizenSession> {
        let email = email.trim().to_lowercase();
        self.services.limits.login(&client, &email)?;
        self.blocking(move |s| {
            let now = s.clock.now();
            let mut conn = s.db.get()?;
            let refused = || AppError::Unauthenticated("invalid e-mail address or password".into());
            let Some(row) = store::citizen_by_email(&mut conn, &email)? else {
                verify_password(decoy_hash(), &password);
                return Err(refused());
            };
            if let Some(until) = row.locked_until.map(from_utc).filter(|until| *until > now) {
                // As long as a real check, so the answer's timing does not
                // tell a locked account from a wrong password.
                verify_password(decoy_hash(), &password);
                let seconds = (until - now).num_seconds().max(1);
                return Err(AppError::RateLimited {
                    retry_after_seconds: u64::try_from(seconds).unwrap_or(1),
                });
            }
            if !verify_password(&row.password_hash, &password) {
                let failures = write_transaction(&mut conn, |conn| {
                    store::record_failed_login(
                        conn,
                        &row.id,
                        LOCK_AFTER,
                        utc(now + TimeDelta::minutes(LOCK_MINUTES)),
                        utc(now),
                    )
                })?;
                tracing::info!(citizen.id = %row.id, failures, "citizen sign-in refused: wrong password");
                if failures >= LOCK_AFTER {
                    tracing::warn!(citizen.id = %row.id, "citizen account locked after repeated failures");
                    return Err(AppError::RateLimited {
                        retry_after_seconds: u64::try_from(LOCK_MINUTES * 60).unwrap_or(900),
                    });
                }
                return Err(refused());
            }
            if row.email_verified_at.is_none() {
                return Err(AppError::Forbidden(
                    "confirm your e-mail address first: follow the link we sent".into(),
                ));
            }
            write_transaction(&mut conn, |conn| store::record_good_login(conn, &row.id))?;
            tracing::info!(citizen.id = %row.id, "citizen signed in");
            s.citizen_session(&row, now.timestamp(), now)
        })
        .await
    }

    /// E-mails a reset link if an account has this address; answers the same
    /// either way, so the answer does not tell who has an account. An
    /// unverified account gets the verification link again instead: the
    /// reset would prove the address just as well, but one link is clearer.
    pub async fn request_password_reset(
        &self,
        client: ClientKey,
        email: String,
        language: NoticeLanguage,
    ) -> AppResult<()> {
        let email = email.trim().to_lowercase();
        self.services.limits.login(&client, &email)?;
        self.blocking(move |s| {
            let now = s.clock.now();
            let mut conn = s.db.get()?;
            write_transaction(&mut conn, |conn| -> AppResult<()> {
                let Some(row) = store::citizen_by_email(conn, &email)? else {
                    return Ok(());
                };
                if row.email_verified_at.is_none() {
                    return s.send_verification(conn, &row, language, now);
                }
                let token = s.link_token(RESET_AUDIENCE, &row, RESET_HOURS, now)?;
                let url = s.public_link("/dat-lai-mat-khau", &token);
                s.queue_account_notice(
                    conn,
                    &row,
                    AccountLink {
                        kind: NoticeKind::PasswordReset,
                        url,
                        hours: RESET_HOURS,
                    },
                    language,
                    now,
                )
            })
        })
        .await
    }

    /// Sets a new password with a reset link. The link works once: setting
    /// the password changes what the next link must name.
    pub async fn reset_password(&self, token: String, password: NewPassword) -> AppResult<()> {
        self.blocking(move |s| {
            let claims: LinkClaims = s.verify(&token, RESET_AUDIENCE, refused_link())?;
            let now = s.clock.now();
            let hash = hash_password(password.as_str())?;
            let mut conn = s.db.get()?;
            write_transaction(&mut conn, |conn| -> AppResult<()> {
                let row = store::citizen_by_id(conn, &claims.sub)?.ok_or_else(refused_link)?;
                if password_stamp(&row) != claims.pwd
                    || !store::set_password(
                        conn,
                        &row.id,
                        row.password_changed_at,
                        &hash,
                        utc(now),
                    )?
                {
                    return Err(refused_link());
                }
                tracing::info!(citizen.id = %row.id, "citizen password reset");
                Ok(())
            })
        })
        .await
    }

    /// The citizen a bearer token names. Only our citizen-audience tokens
    /// pass; a staff token is refused here as a citizen token is refused on
    /// staff routes.
    pub fn authenticate_citizen(&self, bearer: &str) -> AppResult<CitizenPrincipal> {
        let refused = AppError::Unauthenticated("the access token is invalid".into());
        let claims: CitizenClaims = self.services.verify(bearer, CITIZEN_AUDIENCE, refused)?;
        Ok(CitizenPrincipal {
            citizen_id: claims.sub,
        })
    }

    /// Renews a citizen's session before its token expires: a new token,
    /// for as long as the refresh lifetime after the password was given,
    /// and only while the password is the one it was given with (a reset
    /// ends every session at its next renewal).
    pub async fn renew_citizen_session(&self, bearer: String) -> AppResult<CitizenSession> {
        let refused = AppError::Unauthenticated("the access token is invalid".into());
        let claims: CitizenClaims = self.services.verify(&bearer, CITIZEN_AUDIENCE, refused)?;
        self.blocking(move |s| {
            let now = s.clock.now();
            let ended = || AppError::Unauthenticated("the session has ended: sign in again".into());
            if now.timestamp() - claims.auth_time > s.tokens.refresh_ttl.num_seconds() {
                return Err(ended());
            }
            let mut conn = s.db.get()?;
            let row = store::citizen_by_id(&mut conn, &claims.sub)?.ok_or_else(ended)?;
            if password_stamp(&row) != claims.pwd {
                return Err(ended());
            }
            s.citizen_session(&row, claims.auth_time, now)
        })
        .await
    }

    /// The signed-in citizen's account.
    pub async fn citizen_me(&self, principal: CitizenPrincipal) -> AppResult<CitizenView> {
        self.blocking(move |s| {
            let mut conn = s.db.get()?;
            let row = store::citizen_by_id(&mut conn, &principal.citizen_id)?
                .ok_or_else(|| AppError::Unauthenticated("the account no longer exists".into()))?;
            Ok(citizen_view(&row))
        })
        .await
    }
}
