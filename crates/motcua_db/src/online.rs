//! Online submission: citizen accounts, their applications (drafts until
//! submitted), the files of each, and stored answers to idempotent requests.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use motcua_domain::{CitizenKind, FilePurpose};

use crate::schema::{
    application_files, citizens, dossiers, idempotency_keys, online_applications, ratings,
};
use crate::stored::Stored;
use crate::{DbConnection, QueryResult};

/// A citizen's account.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = citizens)]
pub struct CitizenRow {
    /// Its id (a UUID).
    pub id: String,
    /// Lower-cased; the sign-in name.
    pub email: String,
    /// Argon2id PHC string.
    pub password_hash: String,
    /// `person` or `organization`.
    pub kind: Stored<CitizenKind>,
    /// The person's name, or the organisation's representative.
    pub full_name: String,
    /// The organisation's name.
    pub organization_name: Option<String>,
    /// The organisation's tax code (mã số thuế).
    pub tax_code: Option<String>,
    /// Mobile number, for SMS notices.
    pub phone: Option<String>,
    /// When the address was proved; unverified accounts cannot submit.
    pub email_verified_at: Option<NaiveDateTime>,
    /// Last password change; signed reset links name it.
    pub password_changed_at: NaiveDateTime,
    /// When the account was registered (UTC).
    pub created_at: NaiveDateTime,
    /// Last changed.
    pub updated_at: NaiveDateTime,
}

/// Adds an account; false when the e-mail address is taken.
pub fn insert_citizen(conn: &mut DbConnection, row: &CitizenRow) -> QueryResult<bool> {
    let written = crate::on_native!(conn, |native| diesel::insert_into(citizens::table)
        .values(row)
        .on_conflict(citizens::email)
        .do_nothing()
        .execute(native))?;
    Ok(written == 1)
}

/// The account with this (lower-cased) e-mail address.
pub fn citizen_by_email(conn: &mut DbConnection, email: &str) -> QueryResult<Option<CitizenRow>> {
    citizens::table
        .filter(citizens::email.eq(email))
        .select(CitizenRow::as_select())
        .first(conn)
        .optional()
}

/// The account with this id.
pub fn citizen_by_id(conn: &mut DbConnection, id: &str) -> QueryResult<Option<CitizenRow>> {
    citizens::table
        .find(id)
        .select(CitizenRow::as_select())
        .first(conn)
        .optional()
}

/// Deletes the accounts whose address was never proved and that were
/// opened before `before` (their verification link has expired): what
/// anonymous registrations leave behind is kept for a bounded time. Such an
/// account can never have signed in, so nothing else refers to it.
pub fn forget_unverified(conn: &mut DbConnection, before: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(
        citizens::table
            .filter(citizens::email_verified_at.is_null())
            .filter(citizens::created_at.lt(before)),
    )
    .execute(conn)
}

/// Marks the address proved, once; false when it already was.
pub fn verify_email(conn: &mut DbConnection, id: &str, at: NaiveDateTime) -> QueryResult<bool> {
    diesel::update(citizens::table.find(id))
        .filter(citizens::email_verified_at.is_null())
        .set((
            citizens::email_verified_at.eq(Some(at)),
            citizens::updated_at.eq(at),
        ))
        .execute(conn)
        .map(|n| n == 1)
}

/// Sets a new password if the current one is still `old_hash` (so a reset
/// link works once, and of two concurrent resets one wins). False otherwise.
pub fn set_password(
    conn: &mut DbConnection,
    id: &str,
    old_hash: &str,
    hash: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    diesel::update(citizens::table.find(id))
        .filter(citizens::password_hash.eq(old_hash))
        .set((
            citizens::password_hash.eq(hash),
            citizens::password_changed_at.eq(now),
            citizens::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|n| n == 1)
}

/// An application: a draft, or the dossier it became.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = online_applications)]
pub struct ApplicationRow {
    /// UUID; the citizen's handle from draft to result.
    pub id: String,
    /// The citizen whose application it is.
    pub citizen_id: String,
    /// The procedure version it follows.
    pub procedure_version_id: String,
    /// The agency it goes to.
    pub agency_id: String,
    /// Applicant, delivery and notice choices, JSON.
    pub form: String,
    /// The dossier, once submitted.
    pub dossier_id: Option<String>,
    /// When first submitted.
    pub submitted_at: Option<NaiveDateTime>,
    /// Bumped by every change of the draft.
    pub version: i32,
    /// When the draft was started (UTC).
    pub created_at: NaiveDateTime,
    /// Last changed.
    pub updated_at: NaiveDateTime,
}

/// Adds a draft.
pub fn insert_application(conn: &mut DbConnection, row: &ApplicationRow) -> QueryResult<()> {
    diesel::insert_into(online_applications::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// Takes the citizen's row lock until the transaction ends (a no-op
/// update: PostgreSQL locks the row, SQLite's writer lock is held anyway),
/// so that two concurrent requests of one citizen check their caps one after
/// the other.
pub fn lock_citizen(conn: &mut DbConnection, citizen_id: &str) -> QueryResult<()> {
    diesel::update(citizens::table.find(citizen_id))
        .set(citizens::updated_at.eq(citizens::updated_at))
        .execute(conn)
        .map(|_| ())
}

/// How many drafts (applications not submitted) the citizen holds.
pub fn draft_count(conn: &mut DbConnection, citizen_id: &str) -> QueryResult<i64> {
    online_applications::table
        .filter(online_applications::citizen_id.eq(citizen_id))
        .filter(online_applications::dossier_id.is_null())
        .count()
        .get_result(conn)
}

/// The sizes of the document files the citizen holds in drafts and in
/// dossiers whose status is not one of `closed` (the final ones), except
/// those of document `except_document` of application `except_application`
/// (the ones an upload replaces).
pub fn held_document_bytes(
    conn: &mut DbConnection,
    citizen_id: &str,
    closed: &[&str],
    (except_application, except_document): (&str, i32),
) -> QueryResult<i64> {
    let sizes: Vec<(String, i32, i64, Option<String>)> = application_files::table
        .inner_join(online_applications::table.left_join(dossiers::table))
        .filter(online_applications::citizen_id.eq(citizen_id))
        .filter(application_files::purpose.eq(DOCUMENT))
        .select((
            application_files::application_id,
            application_files::document_index,
            application_files::size_bytes,
            dossiers::status.nullable(),
        ))
        .load(conn)?;
    Ok(sizes
        .into_iter()
        .filter(|(_, _, _, status)| status.as_deref().is_none_or(|s| !closed.contains(&s)))
        .filter(|(application, document, _, _)| {
            (application.as_str(), *document) != (except_application, except_document)
        })
        .map(|(_, _, size, _)| size)
        .sum())
}

/// The citizen's application `id`; none when it is someone else's.
pub fn application_of(
    conn: &mut DbConnection,
    citizen_id: &str,
    id: &str,
) -> QueryResult<Option<ApplicationRow>> {
    online_applications::table
        .find(id)
        .filter(online_applications::citizen_id.eq(citizen_id))
        .select(ApplicationRow::as_select())
        .first(conn)
        .optional()
}

/// The application a dossier came from.
pub fn application_of_dossier(
    conn: &mut DbConnection,
    dossier_id: &str,
) -> QueryResult<Option<ApplicationRow>> {
    online_applications::table
        .filter(online_applications::dossier_id.eq(dossier_id))
        .select(ApplicationRow::as_select())
        .first(conn)
        .optional()
}

/// The citizen's applications, newest first.
pub fn applications_of(
    conn: &mut DbConnection,
    citizen_id: &str,
    limit: i64,
    offset: i64,
) -> QueryResult<(Vec<ApplicationRow>, i64)> {
    let total = online_applications::table
        .filter(online_applications::citizen_id.eq(citizen_id))
        .count()
        .get_result(conn)?;
    let rows = online_applications::table
        .filter(online_applications::citizen_id.eq(citizen_id))
        .order((
            online_applications::created_at.desc(),
            online_applications::id.desc(),
        ))
        .limit(limit)
        .offset(offset)
        .select(ApplicationRow::as_select())
        .load(conn)?;
    Ok((rows, total))
}

/// Replaces a draft's form if it is still at `version` and not submitted.
pub fn update_form(
    conn: &mut DbConnection,
    id: &str,
    version: i32,
    form: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    diesel::update(online_applications::table.find(id))
        .filter(online_applications::version.eq(version))
        .filter(online_applications::dossier_id.is_null())
        .set((
            online_applications::form.eq(form),
            online_applications::version.eq(version + 1),
            online_applications::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|n| n == 1)
}

/// Bumps the version: the files changed.
pub fn touch_application(conn: &mut DbConnection, id: &str, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(online_applications::table.find(id))
        .set((
            online_applications::version.eq(online_applications::version + 1),
            online_applications::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Deletes a draft and its file rows; returns the rows, so the caller can
/// delete the bytes once the transaction has committed. Nothing when it was
/// submitted meanwhile.
pub fn delete_draft(
    conn: &mut DbConnection,
    id: &str,
) -> QueryResult<Option<Vec<ApplicationFileRow>>> {
    let files = files_of(conn, id)?;
    diesel::delete(application_files::table.filter(application_files::application_id.eq(id)))
        .execute(conn)?;
    let deleted = diesel::delete(
        online_applications::table
            .find(id)
            .filter(online_applications::dossier_id.is_null()),
    )
    .execute(conn)?;
    Ok((deleted == 1).then_some(files))
}

/// Ties a draft to the dossier it became. False when it was submitted
/// already (a concurrent submit won): the caller rolls back.
pub fn mark_submitted(
    conn: &mut DbConnection,
    id: &str,
    dossier_id: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    diesel::update(online_applications::table.find(id))
        .filter(online_applications::dossier_id.is_null())
        .set((
            online_applications::dossier_id.eq(Some(dossier_id)),
            online_applications::submitted_at.eq(Some(now)),
            online_applications::version.eq(online_applications::version + 1),
            online_applications::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|n| n == 1)
}

/// One stored file of an application.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = application_files)]
pub struct ApplicationFileRow {
    /// Its id (a UUID).
    pub id: String,
    /// The application.
    pub application_id: String,
    /// Which required document of the procedure (0-based).
    pub document_index: i32,
    /// The name the citizen gave, for display only.
    pub file_name: String,
    /// Sniffed from the bytes.
    pub content_type: String,
    /// Its size in bytes.
    pub size_bytes: i64,
    /// SHA-256, lower-case hex.
    pub sha256: String,
    /// Where the bytes are in the object store.
    pub storage_key: String,
    /// When the file was uploaded (UTC).
    pub uploaded_at: NaiveDateTime,
    /// What it is for.
    pub purpose: Stored<FilePurpose>,
}

const DOCUMENT: Stored<FilePurpose> = Stored(FilePurpose::Document);

/// Adds file rows.
pub fn insert_files(conn: &mut DbConnection, rows: &[ApplicationFileRow]) -> QueryResult<()> {
    for row in rows {
        diesel::insert_into(application_files::table)
            .values(row)
            .execute(conn)?;
    }
    Ok(())
}

/// The files of an application, by document then upload.
pub fn files_of(
    conn: &mut DbConnection,
    application_id: &str,
) -> QueryResult<Vec<ApplicationFileRow>> {
    application_files::table
        .filter(application_files::application_id.eq(application_id))
        .order((
            application_files::document_index.asc(),
            application_files::uploaded_at.asc(),
            application_files::id.asc(),
        ))
        .select(ApplicationFileRow::as_select())
        .load(conn)
}

/// Removes the files of one document; returns what was removed, so the
/// caller can delete the bytes once the transaction has committed.
pub fn remove_document_files(
    conn: &mut DbConnection,
    application_id: &str,
    document_index: i32,
) -> QueryResult<Vec<ApplicationFileRow>> {
    let removed = application_files::table
        .filter(application_files::application_id.eq(application_id))
        .filter(application_files::purpose.eq(DOCUMENT))
        .filter(application_files::document_index.eq(document_index))
        .select(ApplicationFileRow::as_select())
        .load(conn)?;
    diesel::delete(
        application_files::table
            .filter(application_files::application_id.eq(application_id))
            .filter(application_files::purpose.eq(DOCUMENT))
            .filter(application_files::document_index.eq(document_index)),
    )
    .execute(conn)?;
    Ok(removed)
}

/// Removes the result files of an application; returns what was removed.
pub fn remove_result_files(
    conn: &mut DbConnection,
    application_id: &str,
) -> QueryResult<Vec<ApplicationFileRow>> {
    let removed = application_files::table
        .filter(application_files::application_id.eq(application_id))
        .filter(application_files::purpose.ne(DOCUMENT))
        .select(ApplicationFileRow::as_select())
        .load(conn)?;
    diesel::delete(
        application_files::table
            .filter(application_files::application_id.eq(application_id))
            .filter(application_files::purpose.ne(DOCUMENT)),
    )
    .execute(conn)?;
    Ok(removed)
}

/// A stored answer to an idempotent request.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = idempotency_keys)]
pub struct IdempotencyRow {
    /// Whose key.
    pub citizen_id: String,
    /// The `Idempotency-Key` header.
    pub idempotency_key: String,
    /// What the key was used for.
    pub request_fingerprint: String,
    /// The answer's status.
    pub status_code: i32,
    /// The answer's body, JSON.
    pub response: String,
    /// When the answer was stored (UTC); forgotten after a day.
    pub created_at: NaiveDateTime,
}

/// The answer stored under a key.
pub fn idempotent_answer(
    conn: &mut DbConnection,
    citizen_id: &str,
    key: &str,
) -> QueryResult<Option<IdempotencyRow>> {
    idempotency_keys::table
        .find((citizen_id, key))
        .select(IdempotencyRow::as_select())
        .first(conn)
        .optional()
}

/// Stores an answer. Fails with a unique violation when another request with
/// the key got there first; the caller rolls back and reads that answer.
pub fn store_idempotent_answer(conn: &mut DbConnection, row: &IdempotencyRow) -> QueryResult<()> {
    diesel::insert_into(idempotency_keys::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// A citizen's rating of a dossier.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = ratings)]
pub struct RatingRow {
    /// The dossier.
    pub dossier_id: String,
    /// The applicant who rated online; none for a paper form.
    pub citizen_id: Option<String>,
    /// The nine scores, JSON.
    pub scores: String,
    /// Their sum.
    pub total: i32,
    /// What the applicant wrote, at most 2,000 characters.
    pub comment: Option<String>,
    /// When the applicant rated the service (UTC).
    pub rated_at: NaiveDateTime,
    /// The clerk who recorded a paper rating form handed in at the counter.
    pub recorded_by: Option<String>,
}

/// Adds a rating; false when the dossier was rated already.
pub fn insert_rating(conn: &mut DbConnection, row: &RatingRow) -> QueryResult<bool> {
    let written = crate::on_native!(conn, |native| diesel::insert_into(ratings::table)
        .values(row)
        .on_conflict(ratings::dossier_id)
        .do_nothing()
        .execute(native))?;
    Ok(written == 1)
}

/// The rating of a dossier.
pub fn rating_of(conn: &mut DbConnection, dossier_id: &str) -> QueryResult<Option<RatingRow>> {
    ratings::table
        .find(dossier_id)
        .select(RatingRow::as_select())
        .first(conn)
        .optional()
}

/// Forgets the answers stored before `before`; how many.
pub fn forget_idempotent_answers(
    conn: &mut DbConnection,
    before: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::delete(idempotency_keys::table.filter(idempotency_keys::created_at.lt(before)))
        .execute(conn)
}
