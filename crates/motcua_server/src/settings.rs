//! Settings, from the environment only; every one has a default that works on
//! a laptop. Secrets are never printed.

use anyhow::{Context as _, bail};
use chrono::TimeDelta;
use motcua_app::{Delivery, RateLimitSettings, TokenSettings};
use motcua_notify::{
    FileMailer, HttpSmsGateway, LogSmsGateway, Mailbox, Mailer, Postman, SmsGateway, SmtpMailer,
};
use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;

/// Everything the server can be told.
#[derive(Clone)]
pub struct Settings {
    /// `MOTCUA_DATABASE_URL`: `sqlite://data/motcua.sqlite3` by default, or `postgres://...`.
    pub database_url: String,
    /// `MOTCUA_DB_POOL_SIZE`: connections in the pool (8).
    pub pool_size: u32,
    /// `MOTCUA_BIND`: address and port to listen on (`127.0.0.1:8080`).
    pub bind: String,
    /// `MOTCUA_HTTP_WORKERS`: HTTP worker threads (one per core when unset).
    pub http_workers: Option<usize>,
    /// `MOTCUA_JWT_SECRET`: HMAC key for access tokens, at least 32 bytes.
    pub jwt_secret: Option<String>,
    /// `MOTCUA_ACCESS_TOKEN_TTL_SECONDS` (900).
    pub access_ttl_seconds: i64,
    /// `MOTCUA_REFRESH_TOKEN_TTL_SECONDS` (604800, a week).
    pub refresh_ttl_seconds: i64,
    /// `MOTCUA_MAX_BODY_BYTES`: largest JSON body (65536).
    pub max_body_bytes: usize,
    /// `MOTCUA_TRUSTED_PROXY_HOPS`: how many reverse proxies stand in front
    /// of the server, each appending the address it saw to
    /// `X-Forwarded-For` (0: the header is ignored).
    pub trusted_proxy_hops: usize,
    /// `MOTCUA_LOGIN_RATE_PER_MINUTE`, `MOTCUA_LOGIN_ACCOUNT_RATE_PER_MINUTE`,
    /// `MOTCUA_LOOKUP_RATE_PER_MINUTE`, `MOTCUA_CALENDAR_RATE_PER_MINUTE`
    /// (30, 10, 120, 120).
    pub rate_limits: RateLimitSettings,
    /// `MOTCUA_DEMO_PASSWORD`: password of the demo users (`demo`).
    pub demo_password: String,
    /// Seed the demo data at start (`motcua serve --demo`).
    pub demo: bool,
    /// `MOTCUA_LOG`: log filter (`info`).
    pub log_filter: String,
    /// `MOTCUA_LOG_FORMAT=json`: one JSON object a line.
    pub log_json: bool,
    /// `MOTCUA_SHUTDOWN_TIMEOUT_SECONDS`: grace for running requests (10).
    pub shutdown_timeout_seconds: u64,
    /// Stop on SIGINT and SIGTERM (tests turn this off).
    pub handle_signals: bool,
    /// `MOTCUA_WORKERS`: job workers inside `motcua serve` (1; 0 leaves the
    /// jobs to `motcua worker` processes).
    pub workers: u32,
    /// `MOTCUA_JOB_POLL_MS`: how often an idle worker looks for work (1000).
    pub job_poll_ms: u64,
    /// `MOTCUA_SLA_SWEEP_SECONDS` (60) and `MOTCUA_JOB_LEASE_SECONDS` (300).
    pub jobs: motcua_app::JobSettings,
    /// `MOTCUA_SMTP_URL`: `smtp://host:25`, `smtp://user:pass@host:587?tls=required`
    /// (STARTTLS) or `smtps://user:pass@host:465` (TLS). Unset: e-mail is
    /// written to `MOTCUA_MAIL_DIR` instead.
    pub smtp_url: Option<String>,
    /// `MOTCUA_MAIL_DIR`: where e-mail goes without SMTP (`data/mail`).
    pub mail_dir: String,
    /// `MOTCUA_MAIL_FROM`: the sender (`Một cửa <no-reply@motcua.localhost>`).
    pub mail_from: String,
    /// `MOTCUA_MAIL_DOMAIN`: the domain of our Message-IDs and of the SMTP
    /// greeting (the domain of `MOTCUA_MAIL_FROM` by default).
    pub mail_domain: Option<String>,
    /// `MOTCUA_SMS_URL` and `MOTCUA_SMS_TOKEN`: the SMS gateway. Unset: SMS
    /// are written to the log (number masked).
    pub sms_url: Option<String>,
    /// See `sms_url`.
    pub sms_token: Option<String>,
    /// `MOTCUA_SMS_UNICODE`: send SMS with Vietnamese marks (false: most
    /// brand-name gateways take unaccented text only, and it halves the cost).
    pub sms_unicode: bool,
    /// `MOTCUA_PUBLIC_URL`: this service's public address, for the links in
    /// notices (unset: `http://` and `MOTCUA_BIND`, right on a laptop and
    /// wrong anywhere else).
    pub public_url: Option<String>,
    /// `MOTCUA_TEST_CRASH_AT`: `after_send` or `after_mark` makes a worker
    /// abort there (crash tests only; never set it in production).
    pub crash_at: Option<motcua_jobs::CrashPoint>,
    /// `MOTCUA_FILES_DIR`: where uploaded files go (`data/files`).
    pub files_dir: String,
    /// `MOTCUA_FILES_S3_BUCKET`: keep uploaded files in this S3-compatible
    /// bucket instead (credentials, region and `AWS_ENDPOINT` from the usual
    /// `AWS_*` variables).
    pub files_s3_bucket: Option<String>,
    /// `MOTCUA_MAX_FILE_BYTES`: the largest uploaded file (10 MiB).
    pub max_file_bytes: u64,
    /// `MOTCUA_MAX_APPLICATION_BYTES`: all files of one application (50 MiB).
    pub max_application_bytes: u64,
    /// `MOTCUA_MAX_DRAFTS_PER_CITIZEN`: drafts one account may hold (20).
    pub max_drafts_per_citizen: u32,
    /// `MOTCUA_MAX_CITIZEN_BYTES`: files one account may hold in its drafts
    /// and its dossiers still in progress (200 MiB).
    pub max_citizen_bytes: u64,
    /// `MOTCUA_PAYMENT_GATEWAY`: `sandbox` (the default: our own "bank",
    /// signing as the real one does) or `vnpay`.
    pub payment_gateway: String,
    /// `MOTCUA_VNPAY_TMN_CODE`, `MOTCUA_VNPAY_HASH_SECRET`: the merchant code
    /// and secret the gateway issued.
    pub vnpay_tmn_code: Option<String>,
    /// See `vnpay_tmn_code`.
    pub vnpay_hash_secret: Option<String>,
    /// `MOTCUA_VNPAY_PAY_URL`: the gateway's payment page (its sandbox by
    /// default).
    pub vnpay_pay_url: String,
    /// `MOTCUA_PAYMENT_RETURN_URL`: where the gateway sends the payer back
    /// (the portal's page; `<public url>/thanh-toan/ket-qua` by default).
    pub payment_return_url: Option<String>,
    /// `MOTCUA_PAYMENT_SANDBOX_SECRET`: the sandbox's signing key (random at
    /// start when unset).
    pub payment_sandbox_secret: Option<String>,
    /// `MOTCUA_TRAINING_CLOCK_SHIFT`: run the clock this far ahead of the
    /// real time (`3d`, `2d4h`, `90m`), so a training installation shows
    /// dossiers going due soon, overdue and apologised for without waiting.
    /// Only `motcua serve --demo` accepts it.
    pub training_clock_shift: Option<TimeDelta>,
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("database_url", &redact_url(&self.database_url))
            .field("bind", &self.bind)
            .field("jwt_secret", &self.jwt_secret.as_ref().map(|_| "<set>"))
            .field("smtp_url", &self.smtp_url.as_deref().map(redact_url))
            .field("sms_token", &self.sms_token.as_ref().map(|_| "<set>"))
            .field(
                "vnpay_hash_secret",
                &self.vnpay_hash_secret.as_ref().map(|_| "<set>"),
            )
            .field(
                "payment_sandbox_secret",
                &self.payment_sandbox_secret.as_ref().map(|_| "<set>"),
            )
            .field("demo", &self.demo)
            .finish_non_exhaustive()
    }
}

/// A database URL without its password, for logs.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

fn parsed<T: FromStr>(name: &str, default: T) -> anyhow::Result<T>
where
    T::Err: std::fmt::Display,
{
    match var(name) {
        Some(text) => text
            .parse()
            .map_err(|e| anyhow::anyhow!("{name}={text:?}: {e}")),
        None => Ok(default),
    }
}

fn flag(name: &str) -> anyhow::Result<bool> {
    match var(name).as_deref() {
        None => Ok(false),
        Some("1" | "true" | "yes" | "on") => Ok(true),
        Some("0" | "false" | "no" | "off") => Ok(false),
        Some(other) => bail!("{name}={other:?}: expected true or false"),
    }
}

/// `MOTCUA_TRUSTED_PROXY_HOPS`. The yes/no `MOTCUA_TRUST_FORWARDED_FOR` it
/// replaces took the first address of `X-Forwarded-For`, which the client
/// writes: refuse to start with it rather than guess what was meant.
fn trusted_proxy_hops() -> anyhow::Result<usize> {
    if var("MOTCUA_TRUST_FORWARDED_FOR").is_some() {
        bail!(
            "MOTCUA_TRUST_FORWARDED_FOR was replaced by MOTCUA_TRUSTED_PROXY_HOPS: the number of reverse proxies in front of the server (1 for one proxy), each appending to X-Forwarded-For"
        );
    }
    let hops: usize = parsed("MOTCUA_TRUSTED_PROXY_HOPS", 0)?;
    if hops > 8 {
        bail!("MOTCUA_TRUSTED_PROXY_HOPS={hops}: at most 8");
    }
    Ok(hops)
}

/// A clock shift written as days, hours and minutes (`3d`, `2d4h`, `90m`):
/// forward only, more than nothing and at most 400 days.
fn clock_shift(text: &str) -> Option<TimeDelta> {
    let mut total = TimeDelta::zero();
    let mut digits = String::new();
    for c in text.trim().chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let n: i64 = digits.parse().ok()?;
        digits.clear();
        total += match c {
            'd' => TimeDelta::try_days(n)?,
            'h' => TimeDelta::try_hours(n)?,
            'm' => TimeDelta::try_minutes(n)?,
            _ => return None,
        };
    }
    (digits.is_empty() && total > TimeDelta::zero() && total <= TimeDelta::days(400))
        .then_some(total)
}

impl Settings {
    /// Reads the environment.
    pub fn from_env() -> anyhow::Result<Settings> {
        let defaults = RateLimitSettings::default();
        let settings = Settings {
            database_url: var("MOTCUA_DATABASE_URL")
                .unwrap_or_else(|| "sqlite://data/motcua.sqlite3".into()),
            pool_size: parsed("MOTCUA_DB_POOL_SIZE", 8)?,
            bind: var("MOTCUA_BIND").unwrap_or_else(|| "127.0.0.1:8080".into()),
            http_workers: var("MOTCUA_HTTP_WORKERS")
                .map(|w| w.parse())
                .transpose()
                .context("MOTCUA_HTTP_WORKERS")?,
            jwt_secret: var("MOTCUA_JWT_SECRET"),
            access_ttl_seconds: parsed("MOTCUA_ACCESS_TOKEN_TTL_SECONDS", 900)?,
            refresh_ttl_seconds: parsed("MOTCUA_REFRESH_TOKEN_TTL_SECONDS", 7 * 86_400)?,
            max_body_bytes: parsed("MOTCUA_MAX_BODY_BYTES", 64 * 1024)?,
            trusted_proxy_hops: trusted_proxy_hops()?,
            rate_limits: RateLimitSettings {
                login_per_client: parsed(
                    "MOTCUA_LOGIN_RATE_PER_MINUTE",
                    defaults.login_per_client,
                )?,
                login_per_account: parsed(
                    "MOTCUA_LOGIN_ACCOUNT_RATE_PER_MINUTE",
                    defaults.login_per_account,
                )?,
                lookup_per_client: parsed(
                    "MOTCUA_LOOKUP_RATE_PER_MINUTE",
                    defaults.lookup_per_client,
                )?,
                calendar_per_client: parsed(
                    "MOTCUA_CALENDAR_RATE_PER_MINUTE",
                    defaults.calendar_per_client,
                )?,
            },
            demo_password: var("MOTCUA_DEMO_PASSWORD").unwrap_or_else(|| "demo".into()),
            demo: false,
            log_filter: var("MOTCUA_LOG").unwrap_or_else(|| "info".into()),
            log_json: var("MOTCUA_LOG_FORMAT").is_some_and(|f| f == "json"),
            shutdown_timeout_seconds: parsed("MOTCUA_SHUTDOWN_TIMEOUT_SECONDS", 10)?,
            handle_signals: true,
            workers: parsed("MOTCUA_WORKERS", 1)?,
            job_poll_ms: parsed("MOTCUA_JOB_POLL_MS", 1000)?,
            jobs: motcua_app::JobSettings {
                sla_sweep_seconds: parsed("MOTCUA_SLA_SWEEP_SECONDS", 60)?,
                lease_seconds: parsed("MOTCUA_JOB_LEASE_SECONDS", 300)?,
            },
            smtp_url: var("MOTCUA_SMTP_URL"),
            mail_dir: var("MOTCUA_MAIL_DIR").unwrap_or_else(|| "data/mail".into()),
            mail_from: var("MOTCUA_MAIL_FROM")
                .unwrap_or_else(|| "Một cửa <no-reply@motcua.localhost>".into()),
            mail_domain: var("MOTCUA_MAIL_DOMAIN"),
            sms_url: var("MOTCUA_SMS_URL"),
            sms_token: var("MOTCUA_SMS_TOKEN"),
            sms_unicode: flag("MOTCUA_SMS_UNICODE")?,
            public_url: var("MOTCUA_PUBLIC_URL"),
            crash_at: match var("MOTCUA_TEST_CRASH_AT") {
                Some(point) => Some(motcua_jobs::CrashPoint::parse(&point).ok_or_else(|| {
                    anyhow::anyhow!(
                        "MOTCUA_TEST_CRASH_AT={point:?}: expected after_send or after_mark"
                    )
                })?),
                None => None,
            },
            files_dir: var("MOTCUA_FILES_DIR").unwrap_or_else(|| "data/files".into()),
            files_s3_bucket: var("MOTCUA_FILES_S3_BUCKET"),
            max_file_bytes: parsed("MOTCUA_MAX_FILE_BYTES", 10 * 1024 * 1024)?,
            max_application_bytes: parsed("MOTCUA_MAX_APPLICATION_BYTES", 50 * 1024 * 1024)?,
            max_drafts_per_citizen: parsed("MOTCUA_MAX_DRAFTS_PER_CITIZEN", 20)?,
            max_citizen_bytes: parsed("MOTCUA_MAX_CITIZEN_BYTES", 200 * 1024 * 1024)?,
            payment_gateway: var("MOTCUA_PAYMENT_GATEWAY").unwrap_or_else(|| "sandbox".into()),
            vnpay_tmn_code: var("MOTCUA_VNPAY_TMN_CODE"),
            vnpay_hash_secret: var("MOTCUA_VNPAY_HASH_SECRET"),
            vnpay_pay_url: var("MOTCUA_VNPAY_PAY_URL")
                .unwrap_or_else(|| "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html".into()),
            payment_return_url: var("MOTCUA_PAYMENT_RETURN_URL"),
            payment_sandbox_secret: var("MOTCUA_PAYMENT_SANDBOX_SECRET"),
            training_clock_shift: match var("MOTCUA_TRAINING_CLOCK_SHIFT") {
                Some(text) => Some(clock_shift(&text).ok_or_else(|| {
                    anyhow::anyhow!(
                        "MOTCUA_TRAINING_CLOCK_SHIFT={text:?}: expected days, hours and minutes ahead, such as 3d, 2d4h or 90m, at most 400 days"
                    )
                })?),
                None => None,
            },
        };
        settings.check()?;
        Ok(settings)
    }

    /// Refuses settings that cannot work.
    pub fn check(&self) -> anyhow::Result<()> {
        if let Some(secret) = &self.jwt_secret
            && secret.len() < 32
        {
            bail!("MOTCUA_JWT_SECRET must be at least 32 bytes");
        }
        if self.access_ttl_seconds < 60 || self.refresh_ttl_seconds < self.access_ttl_seconds {
            bail!("token lifetimes: access at least 60 s, refresh at least as long as access");
        }
        if self.jobs.sla_sweep_seconds == 0 || self.jobs.lease_seconds < 10 || self.job_poll_ms == 0
        {
            bail!(
                "MOTCUA_SLA_SWEEP_SECONDS and MOTCUA_JOB_POLL_MS must be positive, MOTCUA_JOB_LEASE_SECONDS at least 10"
            );
        }
        if self.sms_url.is_some() && self.sms_token.is_none() {
            bail!("MOTCUA_SMS_URL needs MOTCUA_SMS_TOKEN");
        }
        self.sender()?;
        if self.max_body_bytes < 1024 {
            bail!("MOTCUA_MAX_BODY_BYTES must be at least 1024");
        }
        match self.payment_gateway.as_str() {
            "sandbox" => {}
            "vnpay" if self.vnpay_tmn_code.is_some() && self.vnpay_hash_secret.is_some() => {}
            "vnpay" => bail!(
                "MOTCUA_PAYMENT_GATEWAY=vnpay needs MOTCUA_VNPAY_TMN_CODE and MOTCUA_VNPAY_HASH_SECRET"
            ),
            other => bail!("MOTCUA_PAYMENT_GATEWAY={other:?}: expected sandbox or vnpay"),
        }
        if self.max_file_bytes < 1024
            || self.max_application_bytes < self.max_file_bytes
            || self.max_citizen_bytes < self.max_application_bytes
        {
            bail!(
                "MOTCUA_MAX_FILE_BYTES must be at least 1024, MOTCUA_MAX_APPLICATION_BYTES at least as large, MOTCUA_MAX_CITIZEN_BYTES at least as large as that"
            );
        }
        if self.max_drafts_per_citizen == 0 {
            bail!("MOTCUA_MAX_DRAFTS_PER_CITIZEN must be at least 1");
        }
        Ok(())
    }

    /// How often an idle worker polls.
    pub fn job_poll(&self) -> std::time::Duration {
        std::time::Duration::from_millis(self.job_poll_ms)
    }

    /// The token settings; without `MOTCUA_JWT_SECRET` a random key is made,
    /// so tokens stop working when the process restarts.
    pub fn token_settings(&self) -> TokenSettings {
        let secret = match &self.jwt_secret {
            Some(secret) => secret.as_bytes().to_vec(),
            None => {
                let mut key = vec![0u8; 32];
                if getrandom::fill(&mut key).is_err() {
                    tracing::error!("no randomness available for the token key");
                }
                key
            }
        };
        TokenSettings {
            secret,
            issuer: "motcua".into(),
            access_ttl: TimeDelta::seconds(self.access_ttl_seconds),
            refresh_ttl: TimeDelta::seconds(self.refresh_ttl_seconds),
        }
    }

    /// The From mailbox and the domain of our Message-IDs.
    fn sender(&self) -> anyhow::Result<(Mailbox, String)> {
        let from: Mailbox = self
            .mail_from
            .parse()
            .map_err(|e| anyhow::anyhow!("MOTCUA_MAIL_FROM={:?}: {e}", self.mail_from))?;
        let domain = self
            .mail_domain
            .clone()
            .unwrap_or_else(|| from.email.domain().to_owned());
        Ok((from, domain))
    }

    /// How notices leave: SMTP or a folder for e-mail, an HTTP gateway or
    /// the log for SMS.
    pub fn delivery(&self) -> anyhow::Result<Delivery> {
        let (from, message_domain) = self.sender()?;
        let mailer: Arc<dyn Mailer> = match &self.smtp_url {
            Some(url) => Arc::new(
                SmtpMailer::from_url(url, &message_domain)
                    .map_err(|e| anyhow::anyhow!("MOTCUA_SMTP_URL: {e}"))?,
            ),
            None => Arc::new(
                FileMailer::new(Path::new(&self.mail_dir))
                    .with_context(|| format!("MOTCUA_MAIL_DIR={}", self.mail_dir))?,
            ),
        };
        let sms: Arc<dyn SmsGateway> = match (&self.sms_url, &self.sms_token) {
            (Some(url), Some(token)) => Arc::new(HttpSmsGateway::new(url, token)),
            _ => Arc::new(LogSmsGateway),
        };
        Ok(Delivery {
            postman: Postman {
                mailer,
                sms,
                from,
                message_domain,
                sms_ascii: !self.sms_unicode,
            },
            public_url: Some(self.public_base()),
            crash_point: self.crash_at,
        })
    }

    /// The HTTP settings.
    /// Where uploads go and how large they may be.
    pub fn online(&self) -> anyhow::Result<motcua_app::OnlineSettings> {
        let files = match &self.files_s3_bucket {
            Some(bucket) => motcua_app::FileStore::s3_from_env(bucket)
                .map_err(|e| anyhow::anyhow!("MOTCUA_FILES_S3_BUCKET: {e:?}"))?,
            None => motcua_app::FileStore::local(std::path::Path::new(&self.files_dir))
                .map_err(|e| anyhow::anyhow!("MOTCUA_FILES_DIR: {e:?}"))?,
        };
        Ok(motcua_app::OnlineSettings {
            files,
            max_file_bytes: self.max_file_bytes,
            max_application_bytes: self.max_application_bytes,
            max_drafts_per_citizen: self.max_drafts_per_citizen,
            max_citizen_bytes: self.max_citizen_bytes,
            payments: self.payments()?,
        })
    }

    /// The public address links in notices and payments start with.
    fn public_base(&self) -> String {
        self.public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", self.bind))
            .trim_end_matches('/')
            .to_owned()
    }

    /// The payment gateway: the real one, or the sandbox with its "bank".
    fn payments(&self) -> anyhow::Result<motcua_app::Payments> {
        let base = self.public_base();
        let return_url = self
            .payment_return_url
            .clone()
            .unwrap_or_else(|| format!("{base}/thanh-toan/ket-qua"));
        if self.payment_gateway == "vnpay" {
            let (Some(code), Some(secret)) = (&self.vnpay_tmn_code, &self.vnpay_hash_secret) else {
                bail!(
                    "MOTCUA_PAYMENT_GATEWAY=vnpay needs MOTCUA_VNPAY_TMN_CODE and MOTCUA_VNPAY_HASH_SECRET"
                );
            };
            let gateway = motcua_pay::SignedGateway::vnpay(
                code,
                secret.as_bytes(),
                &self.vnpay_pay_url,
                &return_url,
            );
            return Ok(motcua_app::Payments {
                gateway: Arc::new(gateway),
                sandbox: None,
            });
        }
        let secret = match &self.payment_sandbox_secret {
            Some(secret) => secret.clone().into_bytes(),
            None => {
                let mut key = [0u8; 32];
                getrandom::fill(&mut key)
                    .map_err(|e| anyhow::anyhow!("random sandbox key: {e}"))?;
                key.to_vec()
            }
        };
        let sandbox = motcua_pay::SignedGateway::sandbox(
            &secret,
            // The "bank" page a payer sees; `/api/v1/payments/sandbox/pay`
            // takes the same signed address for scripts.
            &format!("{base}/thanh-toan/thu-nghiem"),
            &return_url,
        );
        Ok(motcua_app::Payments {
            gateway: Arc::new(sandbox.clone()),
            sandbox: Some(sandbox),
        })
    }

    /// What the pages need: whether cookies are `Secure`, the proxies.
    pub fn web_settings(&self) -> motcua_web::WebSettings {
        motcua_web::WebSettings {
            secure_cookies: self.public_base().starts_with("https://"),
            trusted_proxy_hops: self.trusted_proxy_hops,
            max_upload_bytes: self.api_settings().max_upload_bytes,
            max_file_bytes: self.api_settings().max_file_bytes,
            payment_origin: (self.payment_gateway == "vnpay")
                .then(|| origin_of(&self.vnpay_pay_url))
                .flatten(),
        }
    }

    /// HTTP-level limits.
    pub fn api_settings(&self) -> motcua_api::ApiSettings {
        motcua_api::ApiSettings {
            max_body_bytes: self.max_body_bytes,
            trusted_proxy_hops: self.trusted_proxy_hops,
            // One request carries at most one application's files, plus the
            // multipart framing.
            max_upload_bytes: usize::try_from(self.max_application_bytes.max(self.max_file_bytes))
                .unwrap_or(usize::MAX)
                .saturating_add(64 * 1024),
            max_file_bytes: usize::try_from(self.max_file_bytes).unwrap_or(usize::MAX),
        }
    }
}

/// `https://host[:port]` of an address.
fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_graphic() && b != b'\'' && b != b';'))
    .then(|| format!("{scheme}://{host}"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_training_clock_shift_is_days_hours_and_minutes_ahead() {
        use super::clock_shift;
        use chrono::TimeDelta;
        assert_eq!(clock_shift("3d"), Some(TimeDelta::days(3)));
        assert_eq!(
            clock_shift("2d4h30m"),
            Some(TimeDelta::days(2) + TimeDelta::hours(4) + TimeDelta::minutes(30))
        );
        assert_eq!(clock_shift(" 90m "), Some(TimeDelta::minutes(90)));
        for wrong in [
            "",
            "3",
            "d",
            "-3d",
            "3 d",
            "0d",
            "3w",
            "401d",
            "99999999999999999999d",
        ] {
            assert_eq!(clock_shift(wrong), None, "{wrong:?}");
        }
    }

    use super::*;

    #[test]
    fn the_gateways_origin_is_read_off_its_address() {
        assert_eq!(
            origin_of("https://sandbox.vnpayment.vn/paymentv2/vpcpay.html").as_deref(),
            Some("https://sandbox.vnpayment.vn")
        );
        assert_eq!(
            origin_of("http://pay.local:8443?x=1").as_deref(),
            Some("http://pay.local:8443")
        );
        assert_eq!(origin_of("pay.example"), None);
        assert_eq!(origin_of("https://a'b/"), None);
    }

    #[test]
    fn passwords_are_hidden_in_database_urls() {
        assert_eq!(
            redact_url("postgres://motcua:s3cret@db:5432/motcua"),
            "postgres://motcua:***@db:5432/motcua"
        );
        assert_eq!(
            redact_url("postgres://postgres@127.0.0.1/test"),
            "postgres://postgres@127.0.0.1/test"
        );
        assert_eq!(
            redact_url("sqlite://data/motcua.sqlite3"),
            "sqlite://data/motcua.sqlite3"
        );
    }
}
