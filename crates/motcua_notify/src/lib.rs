#![doc = include_str!("../README.md")]

pub mod message;
pub mod sms;
mod transport;

pub use lettre::message::Mailbox;
pub use message::{
    EmailContent, Facts, Language, NoticeKind, format_instant, render_email, render_sms,
};
pub use transport::{
    Channel, FileMailer, HttpSmsGateway, KeptEmail, KeptSms, LogSmsGateway, Mailer, MemoryMailer,
    MemorySmsGateway, Outgoing, Postman, SendError, SmsGateway, SmtpMailer, masked_phone,
};
