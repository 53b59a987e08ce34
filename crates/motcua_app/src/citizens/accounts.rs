//! Citizen accounts (tài khoản công dân, tổ chức): registration, e-mail
//! verification, sign-in, sessions, password reset and lock-out.
//!
//! Citizens are not staff: they live in their own table, belong to no
//! agency, and their access tokens carry their own audience, so a citizen
//! token opens no staff route and a staff token no citizen route. Sessions
//! are what staff have: refresh tokens that rotate, a family revoked by a
//! reused token or a sign-out, and every family revoked by a new password.
//! Links sent by e-mail are signed tokens too (HS256, our key), each with an
//! audience of its own and a short life, naming the password they were
//! issued under: a reset link works once, and no link outlives a new
//! password.
//!
//! Nothing here tells a stranger whether an address has an account:
//! registering an address that has one answers as registering a new one
//! (and e-mails its owner), a reset request answers the same either way, and
//! wrong passwords are counted per address and client whether or not the
//! address has an account. An address is only ever proved under a password
//! its owner chose: the verification link names the password it was sent
//! under, and taking over an account opened by someone else with one's
//! address goes through a new password.

use chrono::{DateTime, TimeDelta, Utc};
use motcua_db::notices::NoticeRow;
use motcua_db::online::{self as store, CitizenRow};
use motcua_db::{DbConnection, from_utc, tokens, utc, web_sessions, write_transaction};
use motcua_domain::{
    CitizenKind, EmailAddress, NewPassword, NoticeChannel, NoticeLanguage, NoticeState,
    Organization, PersonName, PhoneNumber,
};
use motcua_jobs::queue_notice;
use motcua_notify::NoticeKind;
use serde::{Deserialize, Serialize};

use crate::app::{App, Services};
use crate::error::{AppError, AppResult, Reason};
use crate::hashing::{decoy_hash, hash_password, sha256_hex, verify_password};
use crate::limits::ClientKey;
use crate::sessions::{Refusal, TokenOwner};

const CITIZEN_AUDIENCE: &str = "motcua-citizen";
const VERIFY_AUDIENCE: &str = "motcua-email-verification";
const RESET_AUDIENCE: &str = "motcua-password-reset";

/// How long a verification link works.
pub(crate) const VERIFY_HOURS: i64 = 48;
/// How long a password-reset link works.
const RESET_HOURS: i64 = 1;

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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitizenView {
    /// Account id.
    pub id: String,
    /// A person or an organisation.
    pub kind: CitizenKind,
    /// Sign-in e-mail.
    pub email: String,
    /// Whether the e-mail address is proved.
    pub email_verified: bool,
    /// The full name, as registered.
    pub full_name: String,
    /// The organisation the account acts for, if any.
    pub organization: Option<OrganizationView>,
    /// Mobile number.
    pub phone: Option<String>,
    /// When the account was registered (UTC).
    pub created_at: DateTime<Utc>,
}

/// An organisation account's organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganizationView {
    /// Its name, as printed on forms.
    pub name: String,
    /// Tax code.
    pub tax_code: String,
}

/// What a citizen sign-in or a renewal gives.
#[derive(Debug, Clone)]
pub struct CitizenSession {
    /// The JWT to send as `Authorization: Bearer ...`.
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: &'static str,
    /// Seconds it works.
    pub expires_in: i64,
    /// The token to renew the session with, once.
    pub refresh_token: String,
    /// Seconds the refresh token works.
    pub refresh_expires_in: i64,
    /// Who signed in.
    pub citizen: CitizenView,
}

/// What a sign-in on the web pages gives: the token for the session
/// cookie, and who signed in.
#[derive(Debug, Clone)]
pub struct CitizenWebSession {
    /// The cookie's value; only its hash is stored.
    pub token: String,
    /// Who signed in.
    pub citizen: CitizenView,
}

/// What a registration answers, whether the address was new or had an
/// account already: where we wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistrationReceipt {
    /// The address the next step was e-mailed to.
    pub email: String,
}

#[derive(Debug, Serialize, Deserialize)]
struct CitizenClaims {
    iss: String,
    aud: String,
    sub: String,
    iat: i64,
    exp: i64,
    jti: String,
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
    /// The password the link was sent under ([`password_stamp`]): a link
    /// works only while that password is the account's.
    #[serde(default)]
    pwd: String,
}

pub(crate) fn citizen_view(row: &CitizenRow) -> CitizenView {
    CitizenView {
        id: row.id.clone(),
        kind: *row.kind,
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

/// What names the password a link is sent under, without revealing
/// anything of it: a digest of its stored hash. Every hash has its own
/// salt, so every password set, even the same one twice in one instant,
/// has its own stamp.
fn password_stamp(citizen: &CitizenRow) -> String {
    sha256_hex(citizen.password_hash.as_bytes())[..32].to_owned()
}

fn refused_link() -> AppError {
    AppError::Unauthenticated("the link is invalid, expired or already used".into())
}

impl Services {
    /// A session for `citizen`: an access token and the next refresh token
    /// of `family` (a new sign-in when `None`).
    fn citizen_session(
        &self,
        conn: &mut DbConnection,
        citizen: &CitizenRow,
        family: Option<String>,
        now: DateTime<Utc>,
    ) -> AppResult<CitizenSession> {
        let refresh_token =
            self.new_refresh_token(conn, (TokenOwner::Citizen, &citizen.id), family, now)?;
        let access_token = self.sign(&CitizenClaims {
            iss: self.tokens.issuer.clone(),
            aud: CITIZEN_AUDIENCE.into(),
            sub: citizen.id.clone(),
            iat: now.timestamp(),
            exp: (now + self.tokens.access_ttl).timestamp(),
            jti: uuid::Uuid::now_v7().to_string(),
        })?;
        Ok(CitizenSession {
            access_token,
            token_type: "Bearer",
            expires_in: self.tokens.access_ttl.num_seconds(),
            refresh_token,
            refresh_expires_in: self.tokens.refresh_ttl.num_seconds(),
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
        // Anyone may register the owner's address again and again: the owner
        // hears of it once an hour at most (later ones find the key taken).
        let once = if kind == NoticeKind::AccountExists {
            now.format("%Y%m%d%H").to_string()
        } else {
            uuid::Uuid::now_v7().to_string()
        };
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
                unique_key: format!("{kind}:{}:{once}", citizen.id),
                kind: kind.into(),
                dossier_id: None,
                recipient_user_id: None,
                payload: payload.to_string(),
                state: NoticeState::Pending.into(),
                attempts: 0,
                created_at: utc(now),
                sent_at: None,
                last_error: None,
                channel: NoticeChannel::Email.into(),
                address: Some(citizen.email.clone()),
                language: language.into(),
                provider_answer: None,
            },
            now,
        )?;
        Ok(())
    }

    /// E-mails the signed link of a `kind` account notice: the
    /// verification link, or a link that sets a new password (a reset asked
    /// for, or an address registered again).
    fn send_link(
        &self,
        conn: &mut DbConnection,
        citizen: &CitizenRow,
        kind: NoticeKind,
        language: NoticeLanguage,
        now: DateTime<Utc>,
    ) -> AppResult<()> {
        let (audience, path, hours) = if kind == NoticeKind::AccountVerification {
            (VERIFY_AUDIENCE, "/xac-thuc-email", VERIFY_HOURS)
        } else {
            (RESET_AUDIENCE, "/dat-lai-mat-khau", RESET_HOURS)
        };
        let token = self.link_token(audience, citizen, hours, now)?;
        let link = AccountLink {
            kind,
            url: self.public_link(path, &token),
            hours,
        };
        self.queue_account_notice(conn, citizen, link, language, now)
    }
}

impl Services {
    /// The account `email` names if `password` is its password and the
    /// address is proved; wrong passwords are counted per address and
    /// client, and five lock the pair for a quarter of an hour.
    fn check_citizen_password(
        &self,
        conn: &mut DbConnection,
        client: &ClientKey,
        email: &str,
        password: &str,
        now: DateTime<Utc>,
    ) -> AppResult<CitizenRow> {
        let failures = &self.sign_in_failures;
        let refused = || AppError::Unauthenticated("invalid e-mail address or password".into());
        if let Err(locked) = failures.check(email, client, now) {
            // As long as a real check, so the answer's timing does not
            // tell a locked pair from a wrong password.
            verify_password(decoy_hash(), password);
            return Err(locked);
        }
        let Some(row) = store::citizen_by_email(conn, email)? else {
            verify_password(decoy_hash(), password);
            return Err(failures.fail(email, client, now, refused()));
        };
        if !verify_password(&row.password_hash, password) {
            tracing::info!(citizen.id = %row.id, "citizen sign-in refused: wrong password");
            return Err(failures.fail(email, client, now, refused()));
        }
        failures.succeed(email, client);
        if row.email_verified_at.is_none() {
            return Err(AppError::Forbidden(
                "confirm your e-mail address first: follow the link we sent".into(),
            ));
        }
        Ok(row)
    }

    /// Ends every session of a citizen, the API's refresh tokens and the
    /// pages' sessions alike.
    fn end_citizen_sessions(
        &self,
        conn: &mut DbConnection,
        citizen_id: &str,
        now: DateTime<Utc>,
    ) -> AppResult<usize> {
        let tokens = tokens::revoke_citizen(conn, citizen_id, utc(now))?;
        let pages = web_sessions::end_citizen(conn, citizen_id, utc(now))?;
        Ok(tokens + pages)
    }
}

impl App {
    /// Opens an account and e-mails the verification link; the account may
    /// sign in only once the address is proved. An address that has an
    /// account already is answered the same, and its owner gets an e-mail
    /// saying so, with a link to set a new password: so the answer tells
    /// nobody who has an account, and the owner of an address someone else
    /// registered can take the account over.
    pub async fn register_citizen(
        &self,
        client: ClientKey,
        registration: Registration,
    ) -> AppResult<RegistrationReceipt> {
        let email = registration.email.as_str().to_lowercase();
        self.services.limits.login(&client, &email)?;
        self.blocking(move |s| {
            let now = s.clock.now();
            // Hashed either way: both answers take as long.
            let hash = hash_password(registration.password.as_str())?;
            let row = CitizenRow {
                id: uuid::Uuid::now_v7().to_string(),
                email: email.clone(),
                password_hash: hash,
                kind: if registration.organization.is_some() {
                    CitizenKind::Organization
                } else {
                    CitizenKind::Person
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
                password_changed_at: utc(now),
                created_at: utc(now),
                updated_at: utc(now),
            };
            let mut conn = s.db.get()?;
            write_transaction(&mut conn, |conn| -> AppResult<()> {
                if store::insert_citizen(conn, &row)? {
                    tracing::info!(citizen.id = %row.id, "citizen registered");
                    return s.send_link(
                        conn,
                        &row,
                        NoticeKind::AccountVerification,
                        registration.language,
                        now,
                    );
                }
                let existing = store::citizen_by_email(conn, &email)?
                    .ok_or_else(|| AppError::unexpected("registration", "address taken by nobody"))?;
                tracing::info!(citizen.id = %existing.id, "registration of an address that has an account");
                s.send_link(
                    conn,
                    &existing,
                    NoticeKind::AccountExists,
                    registration.language,
                    now,
                )
            })?;
            Ok(RegistrationReceipt { email })
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
                // Only under the password the link was sent with: after a
                // new password, an older link proves nothing.
                let row = store::citizen_by_id(conn, &claims.sub)?
                    .filter(|c| c.email == claims.email && password_stamp(c) == claims.pwd)
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

    /// Signs a citizen in. Five wrong passwords in a row from one client
    /// lock that address for that client for a quarter of an hour (answered
    /// 429 with Retry-After), whether or not the address has an account; the
    /// owner, from elsewhere, is not locked out.
    pub async fn citizen_login(
        &self,
        client: ClientKey,
        email: String,
        password: String,
    ) -> AppResult<CitizenSession> {
        self.sign_citizen_in(client, email, password, |s, conn, row, now| {
            s.citizen_session(conn, row, None, now)
        })
        .await
    }

    /// Signs a citizen in on the web pages, with the same rules as
    /// [`App::citizen_login`]: a session the cookie's token opens.
    pub async fn citizen_web_sign_in(
        &self,
        client: ClientKey,
        email: String,
        password: String,
    ) -> AppResult<CitizenWebSession> {
        self.sign_citizen_in(client, email, password, |s, conn, row, now| {
            Ok(CitizenWebSession {
                token: s.open_web_session(conn, (TokenOwner::Citizen, &row.id), now)?,
                citizen: citizen_view(row),
            })
        })
        .await
    }

    /// Checks the password (rate limits and lock-outs included) and opens
    /// what `open` makes of the account: the API's tokens or a page session.
    async fn sign_citizen_in<T: Send + 'static>(
        &self,
        client: ClientKey,
        email: String,
        password: String,
        open: fn(&Services, &mut DbConnection, &CitizenRow, DateTime<Utc>) -> AppResult<T>,
    ) -> AppResult<T> {
        let email = email.trim().to_lowercase();
        self.services.limits.login(&client, &email)?;
        self.blocking(move |s| {
            let now = s.clock.now();
            let mut conn = s.db.get()?;
            let row = s.check_citizen_password(&mut conn, &client, &email, &password, now)?;
            let opened = write_transaction(&mut conn, |conn| open(s, conn, &row, now))?;
            tracing::info!(citizen.id = %row.id, "citizen signed in");
            Ok(opened)
        })
        .await
    }

    /// The citizen a web session's token names, while the session is live;
    /// `None` for a token that is unknown, ended, expired or a staff
    /// member's.
    pub async fn citizen_of_web_session(
        &self,
        token: String,
    ) -> AppResult<Option<CitizenPrincipal>> {
        self.blocking(move |s| {
            Ok(s.web_session_owner(&mut *s.db.get()?, &token)?
                .filter(|owner| owner.kind == TokenOwner::Citizen)
                .map(|owner| CitizenPrincipal {
                    citizen_id: owner.id,
                }))
        })
        .await
    }

    /// Changes a signed-in citizen's password, given the current one (wrong
    /// ones count towards the lock-out as at sign-in). Every session ends,
    /// the API's and the pages', this one too: whoever else held one is out.
    pub async fn change_citizen_password(
        &self,
        client: ClientKey,
        citizen: CitizenPrincipal,
        current: String,
        password: NewPassword,
    ) -> AppResult<()> {
        self.blocking(move |s| {
            let now = s.clock.now();
            let mut conn = s.db.get()?;
            let row = store::citizen_by_id(&mut conn, &citizen.citizen_id)?
                .ok_or_else(|| AppError::Unauthenticated("the account no longer exists".into()))?;
            s.limits.login(&client, &row.email)?;
            let row = s.check_citizen_password(&mut conn, &client, &row.email, &current, now)?;
            let hash = hash_password(password.as_str())?;
            write_transaction(&mut conn, |conn| -> AppResult<()> {
                if !store::set_password(conn, &row.id, &row.password_hash, &hash, utc(now))? {
                    return Err(AppError::Conflict(
                        Reason::ChangedMeanwhile,
                        "the password was changed meanwhile".into(),
                    ));
                }
                s.end_citizen_sessions(conn, &row.id, now)?;
                Ok(())
            })?;
            tracing::info!(citizen.id = %row.id, "citizen password changed");
            Ok(())
        })
        .await
    }

    /// E-mails a reset link if an account has this address; answers the same
    /// either way, so the answer does not tell who has an account. An
    /// unverified account gets a reset link too, never the verification
    /// link: the account may have been opened by someone else with this
    /// address, and proving the address must not leave their password in
    /// place.
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
                s.send_link(conn, &row, NoticeKind::PasswordReset, language, now)
            })
        })
        .await
    }

    /// Sets a new password with a reset link. The link works once: setting
    /// the password changes what the next link must name. Following it
    /// proves the address (the link went there), and every session opened
    /// before ends: whoever knew the old password, or held a session, is out.
    pub async fn reset_password(&self, token: String, password: NewPassword) -> AppResult<()> {
        self.blocking(move |s| {
            let claims: LinkClaims = s.verify(&token, RESET_AUDIENCE, refused_link())?;
            let now = s.clock.now();
            let hash = hash_password(password.as_str())?;
            let mut conn = s.db.get()?;
            write_transaction(&mut conn, |conn| -> AppResult<()> {
                let row = store::citizen_by_id(conn, &claims.sub)?.ok_or_else(refused_link)?;
                if password_stamp(&row) != claims.pwd
                    || !store::set_password(conn, &row.id, &row.password_hash, &hash, utc(now))?
                {
                    return Err(refused_link());
                }
                store::verify_email(conn, &row.id, utc(now))?;
                let ended = s.end_citizen_sessions(conn, &row.id, now)?;
                tracing::info!(citizen.id = %row.id, sessions.ended = ended, "citizen password reset");
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

    /// Renews a citizen's session: the refresh token is used up and a new
    /// pair given. A token used twice revokes its whole session, as for
    /// staff; a new password has revoked every session already.
    pub async fn renew_citizen_session(&self, refresh_token: String) -> AppResult<CitizenSession> {
        self.blocking(move |s| {
            let now = s.clock.now();
            let mut conn = s.db.get()?;
            let outcome = write_transaction(
                &mut conn,
                |conn| -> AppResult<Result<CitizenSession, Refusal>> {
                    let (citizen_id, family) = match s.rotate_refresh_token(
                        conn,
                        TokenOwner::Citizen,
                        &refresh_token,
                        now,
                    )? {
                        Ok(rotated) => rotated,
                        Err(why) => return Ok(Err(why)),
                    };
                    let Some(row) = store::citizen_by_id(conn, &citizen_id)? else {
                        return Ok(Err("account gone"));
                    };
                    s.citizen_session(conn, &row, Some(family), now).map(Ok)
                },
            )?;
            outcome.map_err(|why| {
                tracing::info!(reason = why, "citizen session renewal refused");
                AppError::Unauthenticated(
                    "the refresh token is invalid, expired or revoked: sign in again".into(),
                )
            })
        })
        .await
    }

    /// Signs a citizen out: the refresh token and its whole session stop
    /// working. Unknown tokens are accepted silently.
    pub async fn citizen_logout(&self, refresh_token: String) -> AppResult<()> {
        self.blocking(move |s| s.end_sign_in(&refresh_token)).await
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
