//! Delivery of the outbox: one `send_notice` job per notice, enqueued in the
//! transaction that writes the notice.
//!
//! The job sends outside any transaction (a mail server is not part of our
//! database), then marks the notice sent only if it is still pending. So:
//! - a crash before the mark leaves the notice pending and the job leased;
//!   when the lease ends the job runs again and the notice goes once more.
//!   That is the one repeat a crash can cause, and the e-mail carries the
//!   same Message-ID both times, so a receiver may drop the copy;
//! - a notice marked sent is never sent again: the job reads the state first;
//! - a permanent refusal (bad address) fails the notice at once; transient
//!   errors are retried with back-off, and the last failure marks it failed,
//!   where staff see it and may send it again.

use chrono::{DateTime, Utc};
use motcua_db::notices::{self as outbox, NoticeRow};
use motcua_db::{DbConnection, QueryError, agencies, dossiers, procedures, users, utc};
use motcua_domain::{NoticeChannel, NoticeKind, NoticeLanguage, NoticeState};
use motcua_notify::{Attachment, Facts, Outgoing, Postman, SendError};
use serde::{Deserialize, Serialize};

use crate::queue::enqueue_row;
use crate::{Job, JobError, JobOutcome};

/// Where a test may make the worker die, to show what a crash does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CrashPoint {
    /// The provider accepted the notice; it is not yet marked sent.
    AfterSend,
    /// The notice is marked sent; the job is not yet completed.
    AfterMark,
}

impl CrashPoint {
    /// `after_send` or `after_mark`.
    pub fn parse(name: &str) -> Option<CrashPoint> {
        match name {
            "after_send" => Some(CrashPoint::AfterSend),
            "after_mark" => Some(CrashPoint::AfterMark),
            _ => None,
        }
    }
}

/// What the delivery job needs from its environment.
pub trait Outbox {
    /// Renders and hands over notices.
    fn postman(&self) -> &Postman;
    /// Where to die on purpose (crash tests only; `None` in production).
    fn crash_point(&self) -> Option<CrashPoint> {
        None
    }
    /// The public lookup page for a dossier code, to put in applicant notices.
    fn lookup_url(&self, _code: &str) -> Option<String> {
        None
    }
    /// The printed form an e-mail notice carries (the receipt, the
    /// supplement request, the refusal, the apology), made when it is sent.
    fn attachment(
        &self,
        _conn: &mut DbConnection,
        _notice: &NoticeRow,
        _now: DateTime<Utc>,
    ) -> Result<Option<Attachment>, JobError> {
        Ok(None)
    }
}

/// Sends one notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SendNotice {
    /// The notice.
    pub notice_id: String,
}

/// The stored kind of [`SendNotice`].
pub const SEND_NOTICE: &str = "send_notice";

/// Twelve tries over about two and a half hours of back-off (10 s doubling,
/// at most an hour between tries): a mail server down for a lunch break does
/// not fail a notice.
pub const SEND_NOTICE_MAX_ATTEMPTS: i32 = 12;

impl<E: Outbox> Job<E> for SendNotice {
    const KIND: &'static str = SEND_NOTICE;
    const MAX_ATTEMPTS: i32 = SEND_NOTICE_MAX_ATTEMPTS;
    const IN_TRANSACTION: bool = false;

    fn run(
        &self,
        env: &E,
        conn: &mut DbConnection,
        now: DateTime<Utc>,
    ) -> Result<JobOutcome, JobError> {
        let Some(notice) = outbox::by_id(conn, &self.notice_id)? else {
            return Ok(JobOutcome::Done);
        };
        if notice.state != NoticeState::Pending {
            // Sent by a worker whose lease ran out, or failed and not reopened.
            return Ok(JobOutcome::Done);
        }
        let Some(address) = notice.address.as_deref() else {
            let error = format!("a {} notice with no address to send it to", notice.kind);
            outbox::record_failure(conn, &notice.id, &error, true)?;
            return Ok(JobOutcome::Done);
        };
        let facts = facts_of(env, conn, &notice)?;
        let attachment = match *notice.channel {
            NoticeChannel::Email => env.attachment(conn, &notice, now)?,
            NoticeChannel::Sms => None,
        };
        let outgoing = Outgoing {
            id: &notice.id,
            kind: *notice.kind,
            channel: *notice.channel,
            address,
            language: *notice.language,
            facts: &facts,
            attachment: attachment.as_ref(),
        };
        match env.postman().deliver(&outgoing) {
            Ok(answer) => {
                if env.crash_point() == Some(CrashPoint::AfterSend) {
                    std::process::abort();
                }
                outbox::mark_sent(conn, &notice.id, &answer, utc(now))?;
                if env.crash_point() == Some(CrashPoint::AfterMark) {
                    std::process::abort();
                }
                tracing::info!(notice.id = %notice.id, notice.kind = %notice.kind, notice.channel = %notice.channel, "notice sent");
                Ok(JobOutcome::Done)
            }
            Err(SendError::Permanent(error)) => {
                tracing::warn!(notice.id = %notice.id, notice.kind = %notice.kind, %error, "notice refused for good");
                outbox::record_failure(conn, &notice.id, &error, true)?;
                Ok(JobOutcome::Done)
            }
            Err(SendError::Transient(error)) => Err(JobError::Other(error)),
        }
    }

    fn on_failure(
        &self,
        _env: &E,
        conn: &mut DbConnection,
        error: &str,
        for_good: bool,
    ) -> Result<(), QueryError> {
        outbox::record_failure(conn, &self.notice_id, error, for_good).map(|_| ())
    }
}

/// The stored payload, completed with the names it refers to.
fn facts_of<E: Outbox>(
    env: &E,
    conn: &mut DbConnection,
    notice: &NoticeRow,
) -> Result<Facts, JobError> {
    let mut facts: serde_json::Value = serde_json::from_str(&notice.payload)?;
    let mut extra = serde_json::Map::new();
    if let Some(dossier) = notice.dossier_id.as_deref()
        && let Some(row) = dossiers::by_id(conn, dossier)?
    {
        if let Some(version) = procedures::version_by_id(conn, &row.procedure_version_id)? {
            extra.insert("procedure_name".into(), version.name.into());
        }
        if let Some(agency) = agencies::by_id(conn, &row.agency_id)? {
            extra.insert("agency_name".into(), agency.name.into());
        }
        if notice.recipient_user_id.is_none() {
            extra.insert("recipient_name".into(), row.applicant_name.clone().into());
            if let Some(url) = env.lookup_url(&row.code) {
                extra.insert("lookup_url".into(), url.into());
            }
        }
    }
    if let Some(user) = notice.recipient_user_id.as_deref()
        && let Some(user) = users::by_id(conn, user)?
    {
        extra.insert("recipient_name".into(), user.full_name.into());
    }
    if let Some(object) = facts.as_object_mut() {
        for (key, value) in extra {
            object.entry(key).or_insert(value);
        }
    }
    Ok(serde_json::from_value(facts)?)
}

/// A notice to a staff member about dossier `dossier_id`, by e-mail when they
/// gave an address; without one it stays as the record that they were due
/// to be told.
pub fn staff_notice(
    dossier_id: &str,
    kind: NoticeKind,
    unique_key: String,
    (user, email): (String, Option<String>),
    payload: &str,
    now: DateTime<Utc>,
) -> NoticeRow {
    NoticeRow {
        id: uuid::Uuid::now_v7().to_string(),
        unique_key,
        kind: kind.into(),
        dossier_id: Some(dossier_id.to_owned()),
        recipient_user_id: Some(user),
        payload: payload.to_owned(),
        state: if email.is_some() {
            NoticeState::Pending
        } else {
            NoticeState::Unaddressed
        }
        .into(),
        attempts: 0,
        created_at: utc(now),
        sent_at: None,
        last_error: None,
        channel: NoticeChannel::Email.into(),
        address: email,
        language: NoticeLanguage::Vi.into(),
        provider_answer: None,
    }
}

/// Writes `row` to the outbox and, when it has somewhere to go, the job that
/// delivers it, both in the caller's transaction. False when a notice with
/// the same key was there already (a replayed change).
pub fn queue_notice(
    conn: &mut DbConnection,
    row: &NoticeRow,
    now: DateTime<Utc>,
) -> Result<bool, QueryError> {
    if !outbox::insert(conn, row)? {
        return Ok(false);
    }
    if row.state == NoticeState::Pending {
        send_later(conn, &row.id, None, now)?;
    }
    Ok(true)
}

/// Enqueues delivery of the notice `id`; `again` distinguishes a resend of a
/// failed notice from its first delivery.
pub fn send_later(
    conn: &mut DbConnection,
    id: &str,
    again: Option<&str>,
    now: DateTime<Utc>,
) -> Result<bool, QueryError> {
    let key = match again {
        Some(again) => format!("send_notice:{id}:{again}"),
        None => format!("send_notice:{id}"),
    };
    let payload = serde_json::json!({ "notice_id": id }).to_string();
    enqueue_row(
        conn,
        SEND_NOTICE,
        SEND_NOTICE_MAX_ATTEMPTS,
        payload,
        now,
        Some(&key),
        now,
    )
}
