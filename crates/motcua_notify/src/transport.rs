//! Where notices go: e-mail transports (SMTP, a folder, memory), SMS
//! gateways (HTTP JSON, the log, memory), and the postman that renders a
//! notice and hands it to the right one.

use lettre::message::header::ContentType;
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::extension::ClientId;
use lettre::{Address, Message, Transport as _};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use crate::message::{Facts, render_email, render_sms};
use motcua_domain::{NoticeChannel, NoticeKind, NoticeLanguage};

/// Why a notice could not be handed over.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// Worth another try later (the server is down, busy, or timed out).
    #[error("transient: {0}")]
    Transient(String),
    /// Another try will fail the same way (a bad address, a refused
    /// message, a bad token).
    #[error("permanent: {0}")]
    Permanent(String),
}

/// Sends e-mail; answers with what the server said, for the record.
pub trait Mailer: Send + Sync {
    /// Hands `message` over.
    fn send(&self, message: &Message) -> Result<String, SendError>;
}

/// Sends SMS; answers with the gateway's message id or reply.
pub trait SmsGateway: Send + Sync {
    /// Sends `text` to the phone number `to`.
    fn send(&self, to: &str, text: &str) -> Result<String, SendError>;
}

/// E-mail over SMTP. The URL says how: `smtp://host:25` (plain, for a relay
/// on the same network), `smtp://user:pass@host:587?tls=required` (STARTTLS),
/// `smtps://user:pass@host:465` (TLS from the start).
pub struct SmtpMailer {
    transport: lettre::SmtpTransport,
}

impl SmtpMailer {
    /// A mailer for `url` that greets the server as `hello_domain`.
    pub fn from_url(url: &str, hello_domain: &str) -> Result<SmtpMailer, SendError> {
        let transport = lettre::SmtpTransport::from_url(url)
            .map_err(|e| SendError::Permanent(format!("SMTP URL: {e}")))?
            .hello_name(ClientId::Domain(hello_domain.to_owned()))
            .timeout(Some(Duration::from_secs(30)))
            .build();
        Ok(SmtpMailer { transport })
    }
}

impl Mailer for SmtpMailer {
    fn send(&self, message: &Message) -> Result<String, SendError> {
        match self.transport.send(message) {
            Ok(response) => Ok(format!(
                "{} {}",
                response.code(),
                response.message().collect::<Vec<_>>().join(" ")
            )),
            Err(e) if e.is_permanent() => Err(SendError::Permanent(e.to_string())),
            Err(e) => Err(SendError::Transient(e.to_string())),
        }
    }
}

/// E-mail written to a folder, one `.eml` file per message (development).
pub struct FileMailer {
    dir: PathBuf,
    transport: lettre::FileTransport,
}

impl FileMailer {
    /// Writes into `dir`, which is made if missing.
    pub fn new(dir: &Path) -> std::io::Result<FileMailer> {
        std::fs::create_dir_all(dir)?;
        Ok(FileMailer {
            dir: dir.to_owned(),
            transport: lettre::FileTransport::new(dir),
        })
    }
}

impl Mailer for FileMailer {
    fn send(&self, message: &Message) -> Result<String, SendError> {
        let id = self
            .transport
            .send(message)
            .map_err(|e| SendError::Transient(e.to_string()))?;
        Ok(format!(
            "file {}",
            self.dir.join(format!("{id}.eml")).display()
        ))
    }
}

/// One e-mail the memory mailer kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptEmail {
    /// The envelope's recipients.
    pub to: Vec<String>,
    /// The whole message as it would go on the wire.
    pub raw: String,
}

/// What a memory transport kept, and the failure it is told to answer with.
struct Recorder<T> {
    kept: Mutex<Vec<T>>,
    failure: Mutex<Option<SendError>>,
}

impl<T> Default for Recorder<T> {
    fn default() -> Self {
        Recorder {
            kept: Mutex::new(Vec::new()),
            failure: Mutex::new(None),
        }
    }
}

impl<T: Clone> Recorder<T> {
    fn kept(&self) -> Vec<T> {
        self.kept
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn fail_with(&self, failure: Option<SendError>) {
        *self.failure.lock().unwrap_or_else(PoisonError::into_inner) = failure;
    }

    /// Keeps `item` unless told to fail; answers with its number.
    fn record(&self, item: impl FnOnce() -> T) -> Result<usize, SendError> {
        if let Some(failure) = self
            .failure
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
        {
            return Err(failure);
        }
        let mut kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
        kept.push(item());
        Ok(kept.len())
    }
}

/// E-mail kept in memory (tests). It can be told to fail.
#[derive(Default)]
pub struct MemoryMailer(Recorder<KeptEmail>);

impl MemoryMailer {
    /// What was sent so far.
    pub fn kept(&self) -> Vec<KeptEmail> {
        self.0.kept()
    }

    /// Every send fails with `failure` until this is called with `None`.
    pub fn fail_with(&self, failure: Option<SendError>) {
        self.0.fail_with(failure);
    }
}

impl Mailer for MemoryMailer {
    fn send(&self, message: &Message) -> Result<String, SendError> {
        let n = self.0.record(|| KeptEmail {
            to: message
                .envelope()
                .to()
                .iter()
                .map(ToString::to_string)
                .collect(),
            raw: String::from_utf8_lossy(&message.formatted()).into_owned(),
        })?;
        Ok(format!("250 kept in memory as #{n}"))
    }
}

/// SMS through a gateway that takes JSON over HTTPS: `POST {url}` with
/// `{"to": "0912345678", "text": "...", "unicode": false}` and
/// `Authorization: Bearer {token}`. A 2xx answer is success; its `id` or
/// `message_id` field, if any, is kept as the provider's answer. 4xx answers
/// (but 408 and 429) are permanent; the rest are tried again.
pub struct HttpSmsGateway {
    url: String,
    token: String,
    agent: ureq::Agent,
}

impl HttpSmsGateway {
    /// A gateway at `url`, authorised by `token`.
    pub fn new(url: &str, token: &str) -> HttpSmsGateway {
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(20)))
            .build();
        HttpSmsGateway {
            url: url.to_owned(),
            token: token.to_owned(),
            agent: config.into(),
        }
    }
}

impl SmsGateway for HttpSmsGateway {
    fn send(&self, to: &str, text: &str) -> Result<String, SendError> {
        let body = serde_json::json!({
            "to": to,
            "text": text,
            "unicode": !crate::sms::is_gsm7(text),
        });
        let response = self
            .agent
            .post(&self.url)
            .header("Authorization", &format!("Bearer {}", self.token))
            .send_json(&body);
        match response {
            Ok(mut response) => {
                let status = response.status().as_u16();
                let reply = response
                    .body_mut()
                    .with_config()
                    .limit(64 * 1024)
                    .read_to_string()
                    .unwrap_or_default();
                let id = serde_json::from_str::<serde_json::Value>(&reply)
                    .ok()
                    .and_then(|v| {
                        ["id", "message_id"].into_iter().find_map(|k| {
                            v.get(k)
                                .map(|id| id.as_str().map_or_else(|| id.to_string(), str::to_owned))
                        })
                    });
                Ok(match id {
                    Some(id) => format!("{status} id {id}"),
                    None => format!("{status}"),
                })
            }
            Err(ureq::Error::StatusCode(code))
                if (400..500).contains(&code) && code != 408 && code != 429 =>
            {
                Err(SendError::Permanent(format!("SMS gateway answered {code}")))
            }
            Err(ureq::Error::StatusCode(code)) => {
                Err(SendError::Transient(format!("SMS gateway answered {code}")))
            }
            Err(e) => Err(SendError::Transient(format!("SMS gateway: {e}"))),
        }
    }
}

/// A phone number with all but its last two digits hidden, for logs.
pub fn masked_phone(phone: &str) -> String {
    let count = phone.chars().count();
    phone
        .chars()
        .enumerate()
        .map(|(i, c)| if i + 2 < count { '*' } else { c })
        .collect()
}

/// SMS written to the log instead of sent (development). The number is
/// masked: personal data stays out of logs.
#[derive(Default)]
pub struct LogSmsGateway;

impl SmsGateway for LogSmsGateway {
    fn send(&self, to: &str, text: &str) -> Result<String, SendError> {
        tracing::info!(sms.to = %masked_phone(to), sms.text = %text, "SMS not sent: no gateway is configured (MOTCUA_SMS_URL)");
        Ok("logged".into())
    }
}

/// One SMS the memory gateway kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptSms {
    /// The number.
    pub to: String,
    /// The text.
    pub text: String,
}

/// SMS kept in memory (tests). It can be told to fail.
#[derive(Default)]
pub struct MemorySmsGateway(Recorder<KeptSms>);

impl MemorySmsGateway {
    /// What was sent so far.
    pub fn kept(&self) -> Vec<KeptSms> {
        self.0.kept()
    }

    /// Every send fails with `failure` until this is called with `None`.
    pub fn fail_with(&self, failure: Option<SendError>) {
        self.0.fail_with(failure);
    }
}

impl SmsGateway for MemorySmsGateway {
    fn send(&self, to: &str, text: &str) -> Result<String, SendError> {
        let n = self.0.record(|| KeptSms {
            to: to.to_owned(),
            text: text.to_owned(),
        })?;
        Ok(format!("memory #{n}"))
    }
}

/// A file an e-mail carries: the printed form of the notice (a PDF).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// "000.25.01.H26-260302-0001-mau-01.pdf".
    pub file_name: String,
    /// The bytes of the PDF.
    pub pdf: Vec<u8>,
}

/// One notice to hand over.
#[derive(Debug, Clone, Copy)]
pub struct Outgoing<'a> {
    /// The notice's id: the e-mail's Message-ID is made from it, so a repeat
    /// after a crash carries the same id and the receiver can drop it.
    pub id: &'a str,
    /// What it says.
    pub kind: NoticeKind,
    /// How it goes.
    pub channel: NoticeChannel,
    /// The e-mail address or phone number.
    pub address: &'a str,
    /// In which language.
    pub language: NoticeLanguage,
    /// What it is about.
    pub facts: &'a Facts,
    /// The form it carries, by e-mail only (an SMS cannot).
    pub attachment: Option<&'a Attachment>,
}

/// Renders notices and hands them to the mailer or the SMS gateway.
#[derive(Clone)]
pub struct Postman {
    /// E-mail goes here.
    pub mailer: Arc<dyn Mailer>,
    /// SMS goes here.
    pub sms: Arc<dyn SmsGateway>,
    /// The From address, e.g. `Một cửa <no-reply@motcua.example.gov.vn>`.
    pub from: Mailbox,
    /// The domain of our Message-IDs.
    pub message_domain: String,
    /// Send SMS without Vietnamese marks.
    pub sms_ascii: bool,
}

impl Postman {
    /// A postman that keeps everything in memory (tests), sending from
    /// `Một cửa <no-reply@motcua.localhost>`.
    pub fn in_memory(
        mailer: Arc<MemoryMailer>,
        sms: Arc<MemorySmsGateway>,
    ) -> Result<Postman, SendError> {
        let address = Address::new("no-reply", "motcua.localhost")
            .map_err(|e| SendError::Permanent(e.to_string()))?;
        Ok(Postman {
            mailer,
            sms,
            from: Mailbox::new(Some("Một cửa".into()), address),
            message_domain: "motcua.localhost".into(),
            sms_ascii: true,
        })
    }

    /// The e-mail for `notice`, ready for any transport.
    pub fn email(&self, notice: &Outgoing<'_>) -> Result<Message, SendError> {
        let to: Address = notice
            .address
            .parse()
            .map_err(|e| SendError::Permanent(format!("e-mail address: {e}")))?;
        let content = render_email(notice.kind, notice.language, notice.facts);
        let words = MultiPart::alternative_plain_html(content.text, content.html);
        // With a form: multipart/mixed, the words first, then the PDF.
        let body = match notice.attachment {
            Some(file) => MultiPart::mixed().multipart(words).singlepart(
                lettre::message::Attachment::new(file.file_name.clone()).body(
                    file.pdf.clone(),
                    ContentType::parse("application/pdf")
                        .map_err(|e| SendError::Permanent(format!("attachment type: {e}")))?,
                ),
            ),
            None => words,
        };
        Message::builder()
            .from(self.from.clone())
            .to(Mailbox::new(notice.facts.recipient_name.clone(), to))
            .subject(content.subject)
            .message_id(Some(format!("<{}@{}>", notice.id, self.message_domain)))
            .multipart(body)
            .map_err(|e| SendError::Permanent(format!("building the e-mail: {e}")))
    }

    /// Renders `notice` and hands it over; answers with the provider's reply.
    pub fn deliver(&self, notice: &Outgoing<'_>) -> Result<String, SendError> {
        match notice.channel {
            NoticeChannel::Email => self.mailer.send(&self.email(notice)?),
            NoticeChannel::Sms => {
                let text = render_sms(notice.kind, notice.language, notice.facts, self.sms_ascii);
                self.sms.send(notice.address, &text)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone as _, Utc};

    fn facts() -> Facts {
        Facts {
            dossier_code: "000.00.01.H01-261123-0001".into(),
            due_at: Utc.with_ymd_and_hms(2026, 11, 26, 9, 30, 0).single(),
            recipient_name: Some("Nguyễn Văn An".into()),
            ..Facts::default()
        }
    }

    fn postman() -> (Postman, Arc<MemoryMailer>, Arc<MemorySmsGateway>) {
        let mailer = Arc::new(MemoryMailer::default());
        let sms = Arc::new(MemorySmsGateway::default());
        let postman = Postman::in_memory(Arc::clone(&mailer), Arc::clone(&sms));
        (postman.unwrap_or_else(|e| panic!("{e}")), mailer, sms)
    }

    #[test]
    fn an_email_is_multipart_with_our_message_id_and_an_encoded_subject() {
        let (postman, mailer, _) = postman();
        let f = facts();
        let notice = Outgoing {
            id: "0193a1b2-0000-7000-8000-000000000001",
            kind: NoticeKind::Receipt,
            channel: NoticeChannel::Email,
            address: "an@example.vn",
            language: NoticeLanguage::Vi,
            facts: &f,
            attachment: None,
        };
        let answer = postman.deliver(&notice);
        assert_eq!(answer, Ok("250 kept in memory as #1".into()));
        let kept = mailer.kept();
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].to, ["an@example.vn"]);
        let raw = &kept[0].raw;
        assert!(
            raw.contains("Message-ID: <0193a1b2-0000-7000-8000-000000000001@motcua.localhost>"),
            "{raw}"
        );
        assert!(raw.contains("MIME-Version: 1.0"), "{raw}");
        assert!(
            raw.contains("Content-Type: multipart/alternative;"),
            "{raw}"
        );
        assert!(
            raw.contains("Content-Type: text/plain; charset=utf-8"),
            "{raw}"
        );
        assert!(
            raw.contains("Content-Type: text/html; charset=utf-8"),
            "{raw}"
        );
        // The subject is Vietnamese, so it is RFC 2047 encoded.
        assert!(raw.contains("Subject: =?utf-8?"), "{raw}");
        assert!(raw.contains("Date: "), "{raw}");
    }

    #[test]
    fn a_form_travels_as_a_pdf_after_the_words() {
        let (postman, mailer, _) = postman();
        let f = facts();
        let form = Attachment {
            file_name: "000.00.01.H01-261123-0001-mau-01.pdf".into(),
            pdf: b"%PDF-1.7 form".to_vec(),
        };
        let notice = Outgoing {
            id: "x",
            kind: NoticeKind::Receipt,
            channel: NoticeChannel::Email,
            address: "an@example.vn",
            language: NoticeLanguage::Vi,
            facts: &f,
            attachment: Some(&form),
        };
        postman.deliver(&notice).unwrap_or_else(|e| panic!("{e}"));
        let raw = &mailer.kept()[0].raw;
        let mixed = raw.find("Content-Type: multipart/mixed;");
        let words = raw.find("Content-Type: multipart/alternative;");
        let pdf = raw.find("Content-Type: application/pdf");
        assert!(mixed < words && words < pdf && mixed.is_some(), "{raw}");
        // The file name as an RFC 2231 parameter, as lettre writes it.
        assert!(
            raw.contains("filename*0=\"000.00.01.H01-261123-0001-mau-01.pdf\""),
            "{raw}"
        );
    }

    #[test]
    fn a_bad_address_fails_for_good() {
        let (postman, mailer, _) = postman();
        let f = facts();
        let notice = Outgoing {
            id: "x",
            kind: NoticeKind::Receipt,
            channel: NoticeChannel::Email,
            address: "not an address",
            language: NoticeLanguage::Vi,
            facts: &f,
            attachment: None,
        };
        assert!(matches!(
            postman.deliver(&notice),
            Err(SendError::Permanent(_))
        ));
        assert!(mailer.kept().is_empty());
    }

    #[test]
    fn an_sms_is_short_and_unaccented_by_default() {
        let (postman, _, sms) = postman();
        let f = facts();
        let notice = Outgoing {
            id: "x",
            kind: NoticeKind::Receipt,
            channel: NoticeChannel::Sms,
            address: "0912345678",
            language: NoticeLanguage::Vi,
            facts: &f,
            attachment: None,
        };
        assert_eq!(postman.deliver(&notice), Ok("memory #1".into()));
        let kept = sms.kept();
        assert_eq!(
            kept,
            [KeptSms {
                to: "0912345678".into(),
                text: "Tiep nhan ho so 000.00.01.H01-261123-0001. Hen tra: 16:30 ngay 26/11/2026"
                    .into(),
            }]
        );
    }

    #[test]
    fn failures_are_passed_on() {
        let (postman, mailer, sms) = postman();
        mailer.fail_with(Some(SendError::Transient("421 busy".into())));
        sms.fail_with(Some(SendError::Permanent("bad number".into())));
        let f = facts();
        let mut notice = Outgoing {
            id: "x",
            kind: NoticeKind::Receipt,
            channel: NoticeChannel::Email,
            address: "an@example.vn",
            language: NoticeLanguage::Vi,
            facts: &f,
            attachment: None,
        };
        assert_eq!(
            postman.deliver(&notice),
            Err(SendError::Transient("421 busy".into()))
        );
        notice.channel = NoticeChannel::Sms;
        notice.address = "0912345678";
        assert_eq!(
            postman.deliver(&notice),
            Err(SendError::Permanent("bad number".into()))
        );
    }

    #[test]
    fn phone_numbers_are_masked_for_logs() {
        assert_eq!(masked_phone("0912345678"), "********78");
        assert_eq!(masked_phone("1"), "1");
    }

    #[test]
    fn the_file_mailer_writes_one_file_per_message() -> Result<(), Box<dyn std::error::Error>> {
        let dir = std::env::temp_dir().join(format!("motcua-notify-{}", std::process::id()));
        let file = FileMailer::new(&dir)?;
        let (mut postman, _, _) = postman();
        postman.mailer = Arc::new(file);
        let f = facts();
        let answer = postman.deliver(&Outgoing {
            id: "x",
            kind: NoticeKind::Receipt,
            channel: NoticeChannel::Email,
            address: "an@example.vn",
            language: NoticeLanguage::En,
            facts: &f,
            attachment: None,
        })?;
        assert!(answer.starts_with("file "), "{answer}");
        let written = std::fs::read_dir(&dir)?.count();
        std::fs::remove_dir_all(&dir)?;
        assert_eq!(written, 1);
        Ok(())
    }
}
