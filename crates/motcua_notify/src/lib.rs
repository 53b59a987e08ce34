#![doc = include_str!("../README.md")]

pub mod message;
pub mod sms;
mod transport;

pub use lettre::message::Mailbox;
pub use message::{EmailContent, Facts, format_instant, render_email, render_sms};
pub use motcua_domain::{NoticeChannel, NoticeKind, NoticeLanguage};
pub use transport::{
    Attachment, FileMailer, HttpSmsGateway, KeptEmail, KeptSms, LogSmsGateway, Mailer,
    MemoryMailer, MemorySmsGateway, Outgoing, Postman, SendError, SmsGateway, SmtpMailer,
    masked_phone,
};
