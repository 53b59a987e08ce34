//! The notification outbox: a notice is written in the transaction of the
//! change that causes it, then delivered by a job that marks it sent.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use motcua_domain::{NoticeChannel, NoticeKind, NoticeLanguage, NoticeState};

use crate::schema::{dossiers, notices};
use crate::stored::Stored;
use crate::{DbConnection, QueryResult};

const PENDING: Stored<NoticeState> = Stored(NoticeState::Pending);
const FAILED: Stored<NoticeState> = Stored(NoticeState::Failed);

/// A notice in the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = notices)]
pub struct NoticeRow {
    /// Its id (a UUID).
    pub id: String,
    /// One notice per key: a replayed change writes nothing.
    pub unique_key: String,
    /// What it tells.
    pub kind: Stored<NoticeKind>,
    /// About which dossier.
    pub dossier_id: Option<String>,
    /// To which staff member; none for the applicant.
    pub recipient_user_id: Option<String>,
    /// What to say, JSON.
    pub payload: String,
    /// Where it stands in the outbox.
    pub state: Stored<NoticeState>,
    /// Delivery attempts so far.
    pub attempts: i32,
    /// When the notice was put in the outbox (UTC).
    pub created_at: NaiveDateTime,
    /// When the provider took it (UTC); none until then.
    pub sent_at: Option<NaiveDateTime>,
    /// The last delivery error.
    pub last_error: Option<String>,
    /// How it goes.
    pub channel: Stored<NoticeChannel>,
    /// The e-mail address or phone number, as it was when written.
    pub address: Option<String>,
    /// In which language.
    pub language: Stored<NoticeLanguage>,
    /// What the mail server or gateway answered.
    pub provider_answer: Option<String>,
}

/// Puts a notice in the outbox unless one with its key is there; true when
/// written.
pub fn insert(conn: &mut DbConnection, row: &NoticeRow) -> QueryResult<bool> {
    let written = crate::on_native!(conn, |native| diesel::insert_into(notices::table)
        .values(row)
        .on_conflict(notices::unique_key)
        .do_nothing()
        .execute(native))?;
    Ok(written == 1)
}

/// One notice.
pub fn by_id(conn: &mut DbConnection, id: &str) -> QueryResult<Option<NoticeRow>> {
    notices::table
        .find(id)
        .select(NoticeRow::as_select())
        .first(conn)
        .optional()
}

/// The notices about a dossier, oldest first.
pub fn of_dossier(conn: &mut DbConnection, dossier_id: &str) -> QueryResult<Vec<NoticeRow>> {
    notices::table
        .filter(notices::dossier_id.eq(dossier_id))
        .order((notices::created_at.asc(), notices::id.asc()))
        .select(NoticeRow::as_select())
        .load(conn)
}

/// Marks a pending notice sent with the provider's answer. False when it was
/// not pending (already sent by a worker that lost its lease, or failed):
/// the caller must not count it twice.
pub fn mark_sent(
    conn: &mut DbConnection,
    id: &str,
    answer: &str,
    at: NaiveDateTime,
) -> QueryResult<bool> {
    let changed = diesel::update(notices::table.find(id).filter(notices::state.eq(PENDING)))
        .set((
            notices::state.eq(Stored(NoticeState::Sent)),
            notices::sent_at.eq(Some(at)),
            notices::provider_answer.eq(Some(answer)),
            notices::attempts.eq(notices::attempts + 1),
        ))
        .execute(conn)?;
    Ok(changed == 1)
}

/// Records a failed attempt of a pending notice; `for_good` marks it failed.
pub fn record_failure(
    conn: &mut DbConnection,
    id: &str,
    error: &str,
    for_good: bool,
) -> QueryResult<bool> {
    let state = if for_good { FAILED } else { PENDING };
    let changed = diesel::update(notices::table.find(id).filter(notices::state.eq(PENDING)))
        .set((
            notices::state.eq(state),
            notices::last_error.eq(Some(error)),
            notices::attempts.eq(notices::attempts + 1),
        ))
        .execute(conn)?;
    Ok(changed == 1)
}

/// Puts a failed notice back to pending, so that it is sent again; false
/// when it was not failed.
pub fn reopen_failed(conn: &mut DbConnection, id: &str) -> QueryResult<bool> {
    let changed = diesel::update(notices::table.find(id).filter(notices::state.eq(FAILED)))
        .set(notices::state.eq(PENDING))
        .execute(conn)?;
    Ok(changed == 1)
}

/// Which notices a staff member may see.
#[derive(Debug, Clone, Default)]
pub struct NoticeFilter {
    /// Notices about the dossiers this agency received or holds, and those
    /// addressed to its staff.
    pub agency_id: String,
    /// Only in this state.
    pub state: Option<NoticeState>,
    /// Only about this dossier.
    pub dossier_id: Option<String>,
    /// Only addressed to this user.
    pub recipient_user_id: Option<String>,
    /// Page size.
    pub limit: i64,
    /// How many items come before this page.
    pub offset: i64,
}

/// The notices a staff member may see, newest first, with the dossier code.
pub fn list(
    conn: &mut DbConnection,
    filter: &NoticeFilter,
) -> QueryResult<Vec<(NoticeRow, Option<String>)>> {
    let agency = filter.agency_id.clone();
    let mut query = notices::table
        .left_join(dossiers::table)
        .filter(
            dossiers::agency_id
                .nullable()
                .eq(agency.clone())
                .or(dossiers::current_agency_id.eq(agency)),
        )
        .select((NoticeRow::as_select(), dossiers::code.nullable()))
        .into_boxed();
    if let Some(state) = filter.state {
        query = query.filter(notices::state.eq(Stored(state)));
    }
    if let Some(dossier) = &filter.dossier_id {
        query = query.filter(notices::dossier_id.eq(dossier.clone()));
    }
    if let Some(user) = &filter.recipient_user_id {
        query = query.filter(notices::recipient_user_id.eq(user.clone()));
    }
    query
        .order((notices::created_at.desc(), notices::id.desc()))
        .limit(filter.limit)
        .offset(filter.offset)
        .load(conn)
}

/// How many notices are in each state (all agencies), for operations.
pub fn count_by_state(conn: &mut DbConnection) -> QueryResult<Vec<(Stored<NoticeState>, i64)>> {
    notices::table
        .group_by(notices::state)
        .select((notices::state, diesel::dsl::count_star()))
        .order(notices::state)
        .load(conn)
}
