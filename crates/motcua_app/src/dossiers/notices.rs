//! Notices to the applicant, written to the outbox in the transaction of the
//! change that causes them (DOMAIN.md, "Notifications"). A worker delivers
//! them by e-mail or SMS to the contacts given at intake.

use chrono::{DateTime, Utc};
use motcua_db::dossiers::DossierRow;
use motcua_db::notices::{self, NoticeFilter, NoticeRow};
use motcua_db::{DbConnection, from_utc, utc, write_transaction};
use motcua_domain::{DossierCode, NoticeChannel, NoticeKind, NoticeLanguage, NoticeState, Role};
use motcua_jobs::{queue_notice, send_later};

use crate::app::App;
use crate::dossiers::reads::{STAFF, own_dossier, sees_dossier};
use crate::error::{AppError, AppResult, Reason};
use crate::staff::principal::Principal;

/// Puts a notice to the applicant of `row` in the outbox, once per `cause`
/// (the event or apology that caused it) and channel the applicant chose at
/// intake, with the job that delivers it: a replayed change writes nothing.
/// An applicant who chose no channel is told at the counter, so nothing is
/// written. Returns how many notices were written.
pub(crate) fn queue_applicant_notice(
    conn: &mut DbConnection,
    row: &DossierRow,
    kind: NoticeKind,
    cause: &str,
    details: serde_json::Value,
    now: DateTime<Utc>,
) -> AppResult<usize> {
    let mut payload = serde_json::json!({
        "dossier_code": row.code,
        "due_at": from_utc(row.due_at),
    });
    if let (Some(target), serde_json::Value::Object(extra)) = (payload.as_object_mut(), details) {
        target.extend(extra);
    }
    let payload = payload.to_string();
    let mut written = 0;
    for channel in row.notify_by.iter() {
        let address = match channel {
            NoticeChannel::Email => row.applicant_email.clone(),
            NoticeChannel::Sms => row.applicant_phone.clone(),
        };
        let state = if address.is_some() {
            NoticeState::Pending
        } else {
            NoticeState::Unaddressed
        };
        let queued = queue_notice(
            conn,
            &NoticeRow {
                id: uuid::Uuid::now_v7().to_string(),
                unique_key: format!("{kind}:{}:{cause}:{channel}", row.id),
                kind: kind.into(),
                dossier_id: Some(row.id.clone()),
                recipient_user_id: None,
                payload: payload.clone(),
                state: state.into(),
                attempts: 0,
                created_at: utc(now),
                sent_at: None,
                last_error: None,
                channel: channel.into(),
                address,
                language: row.notify_language,
                provider_answer: None,
            },
            now,
        )?;
        written += usize::from(queued);
    }
    Ok(written)
}

/// Which notices a staff member asks for.
#[derive(Debug, Clone, Default)]
pub struct NoticeQuery {
    /// Only in this state.
    pub state: Option<NoticeState>,
    /// About this dossier.
    pub dossier: Option<DossierCode>,
    /// Only those addressed to the caller.
    pub mine: bool,
    /// Page size (1–200).
    pub limit: i64,
    /// How many items come before this page.
    pub offset: i64,
}

/// A notice as staff see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeView {
    /// Its id (a UUID).
    pub id: String,
    /// What it tells.
    pub kind: NoticeKind,
    /// The dossier's code.
    pub dossier_code: Option<String>,
    /// The staff member it is for; none for the applicant.
    pub recipient_user_id: Option<String>,
    /// How it goes.
    pub channel: NoticeChannel,
    /// Where it goes.
    pub address: Option<String>,
    /// In which language.
    pub language: NoticeLanguage,
    /// Where it stands in the outbox.
    pub state: NoticeState,
    /// Tries so far.
    pub attempts: i32,
    /// When the notice was put in the outbox (UTC).
    pub created_at: DateTime<Utc>,
    /// Handed over.
    pub sent_at: Option<DateTime<Utc>>,
    /// What the provider answered.
    pub provider_answer: Option<String>,
    /// The last error.
    pub last_error: Option<String>,
}

impl NoticeView {
    fn of(row: NoticeRow, dossier_code: Option<String>) -> NoticeView {
        NoticeView {
            id: row.id,
            kind: *row.kind,
            dossier_code,
            recipient_user_id: row.recipient_user_id,
            channel: *row.channel,
            address: row.address,
            language: *row.language,
            state: *row.state,
            attempts: row.attempts,
            created_at: from_utc(row.created_at),
            sent_at: row.sent_at.map(from_utc),
            provider_answer: row.provider_answer,
            last_error: row.last_error,
        }
    }
}

/// A page of notices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeList {
    /// Newest first.
    pub items: Vec<NoticeView>,
    /// How many were skipped.
    pub offset: i64,
    /// The page size asked for.
    pub limit: i64,
}

/// Who oversees the agency's notices: the one-stop section sends them to
/// applicants, the leader answers for them. Others see their own warnings.
const OVERSEERS: [Role; 2] = [Role::Clerk, Role::Leader];

impl App {
    /// The notices of the caller's agency (or the caller's own, for staff
    /// who do not oversee them), newest first.
    pub async fn list_notices(
        &self,
        principal: Principal,
        query: NoticeQuery,
    ) -> AppResult<NoticeList> {
        principal.require(&STAFF)?;
        self.blocking(move |s| {
            let mut conn = s.db.get()?;
            let dossier_id = match &query.dossier {
                Some(code) => Some(own_dossier(&mut conn, &principal, code)?.id),
                None => None,
            };
            let own_only = query.mine || !OVERSEERS.contains(&principal.role);
            let filter = NoticeFilter {
                agency_id: principal.agency_id.clone(),
                state: query.state,
                dossier_id,
                recipient_user_id: own_only.then(|| principal.user_id.clone()),
                limit: query.limit,
                offset: query.offset,
            };
            let items = notices::list(&mut conn, &filter)?
                .into_iter()
                .map(|(row, code)| NoticeView::of(row, code))
                .collect();
            Ok(NoticeList {
                items,
                offset: query.offset,
                limit: query.limit,
            })
        })
        .await
    }

    /// Sends a failed notice again (after the address was corrected, or the
    /// mail server came back): 409 unless it failed.
    pub async fn resend_notice(&self, principal: Principal, id: String) -> AppResult<NoticeView> {
        principal.require(&OVERSEERS)?;
        self.blocking(move |s| {
            let now = s.clock.now();
            let mut conn = s.db.get()?;
            let not_found = || AppError::missing(Reason::NoSuchNotice, &id);
            let row = notices::by_id(&mut conn, &id)?.ok_or_else(not_found)?;
            let dossier = match row.dossier_id.as_deref() {
                Some(dossier) => motcua_db::dossiers::by_id(&mut conn, dossier)?,
                None => None,
            };
            let Some(dossier) = dossier else {
                return Err(not_found());
            };
            if !sees_dossier(&mut conn, &principal, &dossier)? {
                return Err(not_found());
            }
            write_transaction(&mut conn, |conn| {
                if !notices::reopen_failed(conn, &row.id)? {
                    return Err(AppError::Conflict(
                        Reason::NoticeNotFailed,
                        format!(
                            "notice {} is {}: only a failed notice is sent again",
                            row.id, row.state
                        ),
                    ));
                }
                let again = uuid::Uuid::now_v7().to_string();
                send_later(conn, &row.id, Some(&again), now)?;
                Ok(())
            })?;
            tracing::info!(notice.id = %row.id, "failed notice queued again");
            let row = notices::by_id(&mut conn, &id)?.ok_or_else(not_found)?;
            Ok(NoticeView::of(row, Some(dossier.code)))
        })
        .await
    }
}
