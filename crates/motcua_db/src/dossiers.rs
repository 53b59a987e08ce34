//! Dossiers, their documents and events, the daily code sequence, and the
//! supplement notices given at the counter.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Text, Timestamp};
use motcua_domain::{
    CopyType, DeliveryMethod, DossierStatus, EventKind, NoticeChannels, NoticeLanguage, Outcome,
    ProcessingUnit, RuleSet, SlaState,
};

use crate::schema::{
    dossier_agencies, dossier_documents, dossier_events, dossiers, supplement_notices,
};
use crate::stored::Stored;
use crate::{DbConnection, QueryResult};

/// A stored dossier.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = dossiers)]
pub struct DossierRow {
    /// Its id (a UUID).
    pub id: String,
    /// Dossier code, unique.
    pub code: String,
    /// The agency holding it.
    pub agency_id: String,
    /// The procedure version it started on.
    pub procedure_version_id: String,
    /// National channel code.
    pub channel: i32,
    /// Where it stands.
    pub status: Stored<DossierStatus>,
    /// Applicant's full name.
    pub applicant_name: String,
    /// Citizen identity number.
    pub applicant_id_number: Option<String>,
    /// Date of birth.
    pub applicant_birth_date: Option<NaiveDate>,
    /// The applicant's phone number (personal data: staff only, never logged).
    pub applicant_phone: Option<String>,
    /// The applicant's e-mail address (personal data: staff only, never logged).
    pub applicant_email: Option<String>,
    /// The applicant's postal address (personal data: staff only).
    pub applicant_address: String,
    /// Organisation name.
    pub applicant_organization: Option<String>,
    /// Organisation tax code.
    pub applicant_tax_code: Option<String>,
    /// Representative, JSON.
    pub representative: Option<String>,
    /// `counter` or `post`.
    pub result_delivery: Stored<DeliveryMethod>,
    /// Address for the post.
    pub delivery_address: Option<String>,
    /// When the counter received it.
    pub received_at: NaiveDateTime,
    /// When its clock started (the next opening, if received after hours).
    pub clock_started_at: NaiveDateTime,
    /// Current due instant.
    pub due_at: NaiveDateTime,
    /// The first due instant, kept for statistics.
    pub original_due_at: NaiveDateTime,
    /// Processing time value, copied from the procedure version.
    pub processing_time: i32,
    /// Processing time unit.
    pub processing_unit: Stored<ProcessingUnit>,
    /// The calendar that computed `due_at`.
    pub calendar_version: String,
    /// The clerk who received it.
    pub received_by: Option<String>,
    /// The day's sequence number (Sổ theo dõi hồ sơ line).
    pub register_number: i32,
    /// Refusal reasons, JSON.
    pub refusal_reasons: Option<String>,
    /// Optimistic-lock version.
    pub version: i32,
    /// When the row was written, at reception (UTC).
    pub created_at: NaiveDateTime,
    /// Last changed.
    pub updated_at: NaiveDateTime,
    /// The agency holding it now (another one after a transfer).
    pub current_agency_id: Option<String>,
    /// The unit holding it now.
    pub current_unit_id: Option<String>,
    /// The person handling it now.
    pub assignee_id: Option<String>,
    /// Its step in the procedure's internal process (0: reception).
    pub step_index: i32,
    /// When that step is due.
    pub step_due_at: Option<NaiveDateTime>,
    /// Since when the clock is paused.
    pub paused_at: Option<NaiveDateTime>,
    /// The status to go back to after a pause or a declined withdrawal.
    pub resume_status: Option<Stored<DossierStatus>>,
    /// From when it counts as due soon (one working day before `due_at`).
    pub due_soon_at: Option<NaiveDateTime>,
    /// `on_track`, `due_soon` or `overdue`, as the sweep last saw it.
    pub sla_state: Stored<SlaState>,
    /// When the SLA state can next change; `None` when it cannot.
    pub sla_check_at: Option<NaiveDateTime>,
    /// The rule set it is handled under (`vn-2018`, `vn-2025`).
    pub rule_set: Stored<RuleSet>,
    /// When the result was ready, or the dossier refused or stopped.
    pub finished_at: Option<NaiveDateTime>,
    /// `early`, `on_time` or `late`.
    pub outcome: Option<Stored<Outcome>>,
    /// The result record, JSON.
    pub result: Option<String>,
    /// When the result was handed over.
    pub returned_at: Option<NaiveDateTime>,
    /// `counter`, `post` or `online`.
    pub return_method: Option<Stored<DeliveryMethod>>,
    /// The postal tracking number.
    pub tracking_number: Option<String>,
    /// The due instant passed and no apology had been sent.
    pub late_without_apology: bool,
    /// How the applicant wants notices: `email`, `sms`, `email,sms`, or
    /// empty (at the counter only).
    pub notify_by: Stored<NoticeChannels>,
    /// The notices' language, `vi` or `en`.
    pub notify_language: Stored<NoticeLanguage>,
    /// The year of the register the receipt was entered in (its book).
    pub receipt_year: Option<i32>,
    /// The receipt's number: its line in the agency's register of that
    /// year, unique, given when a clerk received the dossier.
    pub receipt_number: Option<i32>,
}

impl DossierRow {
    /// The agency holding the dossier now: the one it was last transferred
    /// to, else the receiving agency.
    pub fn holder_agency_id(&self) -> &str {
        self.current_agency_id.as_deref().unwrap_or(&self.agency_id)
    }

    /// Whether its clock runs: in a running status, or waiting for a fee
    /// under a procedure whose fee wait does not stop the clock (then the
    /// request left `paused_at` unset). `clock_running` is the same test
    /// in SQL.
    pub fn clock_runs(&self) -> bool {
        RUNNING.contains(&self.status)
            || (*self.status == DossierStatus::PaymentRequested && self.paused_at.is_none())
    }

    /// Whether its clock stands still, waiting for the applicant.
    pub fn clock_paused(&self) -> bool {
        self.paused_at.is_some()
    }
}

type Backend = <DbConnection as diesel::Connection>::Backend;

/// The dossiers an agency's lists and counts hold: those it received and
/// those it holds now.
fn received_or_held(
    agency_id: &str,
) -> Box<
    dyn BoxableExpression<
            dossiers::table,
            Backend,
            SqlType = diesel::sql_types::Nullable<diesel::sql_types::Bool>,
        >,
> {
    Box::new(
        dossiers::agency_id
            .eq(agency_id.to_owned())
            .or(dossiers::current_agency_id.eq(agency_id.to_owned())),
    )
}

/// [`DossierRow::clock_runs`] as a filter.
fn clock_running()
-> Box<dyn BoxableExpression<dossiers::table, Backend, SqlType = diesel::sql_types::Bool>> {
    Box::new(
        dossiers::status.eq_any(RUNNING).or(dossiers::status
            .eq(Stored(DossierStatus::PaymentRequested))
            .and(dossiers::paused_at.is_null())),
    )
}

/// What a workflow action may change on a dossier: everything but its
/// identity, applicant and reception, and its SLA state, which the sweep owns
/// ([`set_sla`]). Written whole, `None` as NULL.
#[derive(Debug, Clone, PartialEq, Eq, AsChangeset)]
#[diesel(table_name = dossiers, treat_none_as_null = true)]
pub struct DossierChanges {
    /// Where it stands.
    pub status: Stored<DossierStatus>,
    /// Current due instant.
    pub due_at: NaiveDateTime,
    /// Due instant before any apology.
    pub original_due_at: NaiveDateTime,
    /// Refusal reasons, JSON.
    pub refusal_reasons: Option<String>,
    /// Holding agency.
    pub current_agency_id: Option<String>,
    /// Holding unit.
    pub current_unit_id: Option<String>,
    /// The person handling it now, if assigned.
    pub assignee_id: Option<String>,
    /// Current step.
    pub step_index: i32,
    /// Current step's due instant.
    pub step_due_at: Option<NaiveDateTime>,
    /// Paused since.
    pub paused_at: Option<NaiveDateTime>,
    /// Status to go back to.
    pub resume_status: Option<Stored<DossierStatus>>,
    /// Due soon from.
    pub due_soon_at: Option<NaiveDateTime>,
    /// Finished at.
    pub finished_at: Option<NaiveDateTime>,
    /// `early`, `on_time` or `late` against the appointment, once finished.
    pub outcome: Option<Stored<Outcome>>,
    /// Result record, JSON.
    pub result: Option<String>,
    /// Returned at.
    pub returned_at: Option<NaiveDateTime>,
    /// Return method.
    pub return_method: Option<Stored<DeliveryMethod>>,
    /// Tracking number.
    pub tracking_number: Option<String>,
    /// Late with no apology sent.
    pub late_without_apology: bool,
    /// Last changed.
    pub updated_at: NaiveDateTime,
    /// Received (an online dossier: when a clerk accepted it).
    pub received_at: NaiveDateTime,
    /// When the clock started.
    pub clock_started_at: NaiveDateTime,
    /// The clerk who received it.
    pub received_by: Option<String>,
    /// The rule set, by reception date.
    pub rule_set: Stored<RuleSet>,
}

impl From<&DossierRow> for DossierChanges {
    fn from(row: &DossierRow) -> Self {
        DossierChanges {
            status: row.status,
            due_at: row.due_at,
            original_due_at: row.original_due_at,
            refusal_reasons: row.refusal_reasons.clone(),
            current_agency_id: row.current_agency_id.clone(),
            current_unit_id: row.current_unit_id.clone(),
            assignee_id: row.assignee_id.clone(),
            step_index: row.step_index,
            step_due_at: row.step_due_at,
            paused_at: row.paused_at,
            resume_status: row.resume_status,
            due_soon_at: row.due_soon_at,
            finished_at: row.finished_at,
            outcome: row.outcome,
            result: row.result.clone(),
            returned_at: row.returned_at,
            return_method: row.return_method,
            tracking_number: row.tracking_number.clone(),
            late_without_apology: row.late_without_apology,
            updated_at: row.updated_at,
            received_at: row.received_at,
            clock_started_at: row.clock_started_at,
            received_by: row.received_by.clone(),
            rule_set: row.rule_set,
        }
    }
}

/// A document handed in with a dossier.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = dossier_documents)]
pub struct DossierDocumentRow {
    /// Its dossier.
    pub dossier_id: String,
    /// Order on the receipt.
    pub position: i32,
    /// Its name, as printed on forms.
    pub name: String,
    /// Form handed in.
    pub copy_type: Stored<CopyType>,
    /// How many.
    pub count: i32,
}

/// One entry of a dossier's history.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = dossier_events)]
pub struct DossierEventRow {
    /// UUID (v7, so ids sort in time).
    pub id: String,
    /// Its dossier.
    pub dossier_id: String,
    /// What happened.
    pub kind: Stored<EventKind>,
    /// Status before.
    pub from_status: Option<Stored<DossierStatus>>,
    /// Status after.
    pub to_status: Stored<DossierStatus>,
    /// The public name of the step.
    pub step_name: String,
    /// Who did it.
    pub actor_id: Option<String>,
    /// In which unit.
    pub unit_id: Option<String>,
    /// Free-text remarks for the timeline, at most 2,000 characters.
    pub note: Option<String>,
    /// When it happened (UTC).
    pub at: NaiveDateTime,
    /// The acting agency.
    pub agency_id: Option<String>,
    /// The agency that received the dossier (hand-overs and transfers).
    pub receiver_agency_id: Option<String>,
    /// The unit that received it.
    pub receiver_unit_id: Option<String>,
    /// The person who received it.
    pub receiver_id: Option<String>,
    /// The step it was handed to.
    pub step_index: Option<i32>,
    /// When that step is due (also written when a pause moves it).
    pub step_due_at: Option<NaiveDateTime>,
    /// Details (items asked for, the result record), JSON.
    pub details: Option<String>,
}

impl motcua_domain::StepMark for DossierEventRow {
    fn kind(&self) -> EventKind {
        *self.kind
    }
    fn at(&self) -> chrono::DateTime<chrono::Utc> {
        crate::from_utc(self.at)
    }
    fn step_due_at(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        self.step_due_at.map(crate::from_utc)
    }
}

impl DossierEventRow {
    /// An event that leaves the dossier's status as it is (SLA flags, an
    /// apology sent), in the holding agency, with no actor and no hand-over;
    /// fill in the rest with struct update syntax.
    pub fn same_status(
        row: &DossierRow,
        id: String,
        kind: EventKind,
        step_name: &str,
        at: NaiveDateTime,
    ) -> Self {
        DossierEventRow {
            id,
            dossier_id: row.id.clone(),
            kind: kind.into(),
            from_status: Some(row.status),
            to_status: row.status,
            step_name: step_name.to_owned(),
            actor_id: None,
            unit_id: None,
            note: None,
            at,
            agency_id: Some(row.holder_agency_id().to_owned()),
            receiver_agency_id: None,
            receiver_unit_id: None,
            receiver_id: None,
            step_index: None,
            step_due_at: None,
            details: None,
        }
    }
}

/// A Mẫu 02 guidance given at the counter.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = supplement_notices)]
pub struct SupplementNoticeRow {
    /// Its id (a UUID).
    pub id: String,
    /// The agency that gave it.
    pub agency_id: String,
    /// The procedure version asked for.
    pub procedure_version_id: String,
    /// Applicant's name.
    pub applicant_name: String,
    /// What is missing, JSON.
    pub items: String,
    /// The clerk.
    pub issued_by: String,
    /// When the notice was issued at the counter (UTC; forms print Vietnam time).
    pub issued_at: NaiveDateTime,
}

#[derive(QueryableByName)]
struct SequenceValue {
    #[diesel(sql_type = Integer)]
    last_value: i32,
}

/// The next sequence number of `agency_id` on `day` (yymmdd). One statement
/// that both backends run atomically; inside the caller's transaction the row
/// stays locked until commit, so two intakes never get the same number and a
/// rolled-back intake gives its number back instead of leaving a gap.
pub fn next_sequence(conn: &mut DbConnection, agency_id: &str, day: &str) -> QueryResult<i32> {
    // $1, $2 in ascending order, each once: the one placeholder style both
    // PostgreSQL and SQLite read the same way.
    diesel::sql_query(
        "INSERT INTO dossier_sequences (agency_id, day, last_value) VALUES ($1, $2, 1) \
         ON CONFLICT (agency_id, day) DO UPDATE SET last_value = dossier_sequences.last_value + 1 \
         RETURNING last_value",
    )
    .bind::<Text, _>(agency_id)
    .bind::<Text, _>(day)
    .get_result::<SequenceValue>(conn)
    .map(|row| row.last_value)
}

/// Enters dossier `dossier_id`, received by a clerk of agency `agency_id`
/// in `year`, in that year's register: the next number of the book, once
/// (a dossier already numbered keeps its number). Returns its number.
pub fn number_receipt(
    conn: &mut DbConnection,
    dossier_id: &str,
    agency_id: &str,
    year: i32,
) -> QueryResult<i32> {
    let existing: Option<Option<i32>> = dossiers::table
        .filter(dossiers::id.eq(dossier_id))
        .select(dossiers::receipt_number)
        .first(conn)
        .optional()?;
    if let Some(Some(number)) = existing {
        return Ok(number);
    }
    // The book's key is the four-digit year; a day's key has six digits.
    let number = next_sequence(conn, agency_id, &format!("{year:04}"))?;
    diesel::update(dossiers::table.filter(dossiers::id.eq(dossier_id)))
        .set((
            dossiers::receipt_year.eq(Some(year)),
            dossiers::receipt_number.eq(Some(number)),
        ))
        .execute(conn)?;
    Ok(number)
}

/// Adds a dossier, its applicant folded for search.
pub fn insert(conn: &mut DbConnection, row: &DossierRow) -> QueryResult<()> {
    diesel::insert_into(dossiers::table)
        .values((
            row,
            dossiers::applicant_folded.eq(applicant_folded(
                &row.applicant_name,
                row.applicant_organization.as_deref(),
            )),
        ))
        .execute(conn)
        .map(|_| ())
}

/// What a search by name reads: the applicant's name and organisation,
/// lower case and without diacritics.
fn applicant_folded(name: &str, organization: Option<&str>) -> String {
    let mut text = motcua_domain::fold_for_search(name);
    if let Some(organization) = organization {
        text.push_str(" | ");
        text.push_str(&motcua_domain::fold_for_search(organization));
    }
    text
}

/// Folds the applicants of the dossiers stored before the search existed
/// (their `applicant_folded` is empty), a thousand at a time; how many.
/// Run right after the migrations: a new dossier is folded as it is stored.
pub fn fold_unfolded_applicants(conn: &mut DbConnection) -> QueryResult<usize> {
    let mut done = 0;
    loop {
        let batch: Vec<(String, String, Option<String>)> = dossiers::table
            .filter(dossiers::applicant_folded.eq(""))
            .select((
                dossiers::id,
                dossiers::applicant_name,
                dossiers::applicant_organization,
            ))
            .limit(1_000)
            .load(conn)?;
        if batch.is_empty() {
            return Ok(done);
        }
        crate::write_transaction(conn, |conn| -> QueryResult<()> {
            for (id, name, organization) in &batch {
                diesel::update(dossiers::table.filter(dossiers::id.eq(id)))
                    .set(
                        dossiers::applicant_folded
                            .eq(applicant_folded(name, organization.as_deref())),
                    )
                    .execute(conn)?;
            }
            Ok(())
        })?;
        done += batch.len();
    }
}

/// What a staff search looks for among an agency's dossiers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Search {
    /// The dossier with this code.
    Code(String),
    /// A number read out: the applicant's ID number, tax code or phone
    /// (the phone as stored, normalised, when the digits make one).
    Number {
        /// The digits as typed (an ID number or a tax code).
        digits: String,
        /// The phone number they make, if they make one.
        phone: Option<String>,
    },
    /// Words of the applicant's name or organisation, folded.
    Name(String),
}

/// The agency's dossiers (received or held) that `search` finds, the most
/// recently received first, at most `limit`.
pub fn search(
    conn: &mut DbConnection,
    agency_id: &str,
    search: &Search,
    limit: i64,
) -> QueryResult<Vec<DossierRow>> {
    let query = dossiers::table
        .filter(received_or_held(agency_id))
        .into_boxed();
    let query = match search {
        Search::Code(code) => query.filter(dossiers::code.eq(code.clone())),
        Search::Number { digits, phone } => {
            let by_number = dossiers::applicant_id_number
                .eq(digits.clone())
                .or(dossiers::applicant_tax_code.eq(digits.clone()));
            match phone {
                Some(phone) => {
                    query.filter(by_number.or(dossiers::applicant_phone.eq(phone.clone())))
                }
                None => query.filter(by_number),
            }
        }
        Search::Name(words) => {
            // Each word anywhere in the folded text, as typed: `%` and `_`
            // are searched for, not patterns.
            let mut query = query;
            for word in words.split_whitespace() {
                query = query.filter(
                    dossiers::applicant_folded
                        .like(crate::contains_pattern(word))
                        .escape('\\'),
                );
            }
            query
        }
    };
    query
        .order((dossiers::received_at.desc(), dossiers::id.desc()))
        .limit(limit)
        .select(DossierRow::as_select())
        .load(conn)
}

/// Adds the documents handed in.
pub fn insert_documents(conn: &mut DbConnection, rows: &[DossierDocumentRow]) -> QueryResult<()> {
    for row in rows {
        diesel::insert_into(dossier_documents::table)
            .values(row)
            .execute(conn)?;
    }
    Ok(())
}

/// Appends an event.
pub fn insert_event(conn: &mut DbConnection, row: &DossierEventRow) -> QueryResult<()> {
    diesel::insert_into(dossier_events::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// Records a Mẫu 02 guidance.
pub fn insert_supplement_notice(
    conn: &mut DbConnection,
    row: &SupplementNoticeRow,
) -> QueryResult<()> {
    diesel::insert_into(supplement_notices::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// The Mẫu 02 guidance `id` given by agency `agency_id`.
pub fn supplement_notice(
    conn: &mut DbConnection,
    agency_id: &str,
    id: &str,
) -> QueryResult<Option<SupplementNoticeRow>> {
    supplement_notices::table
        .filter(supplement_notices::id.eq(id))
        .filter(supplement_notices::agency_id.eq(agency_id))
        .select(SupplementNoticeRow::as_select())
        .first(conn)
        .optional()
}

/// The dossier with this code.
pub fn by_code(conn: &mut DbConnection, code: &str) -> QueryResult<Option<DossierRow>> {
    dossiers::table
        .filter(dossiers::code.eq(code))
        .select(DossierRow::as_select())
        .first(conn)
        .optional()
}

/// The dossier with this id.
pub fn by_id(conn: &mut DbConnection, id: &str) -> QueryResult<Option<DossierRow>> {
    dossiers::table
        .find(id)
        .select(DossierRow::as_select())
        .first(conn)
        .optional()
}

/// The documents of a dossier, in order.
pub fn documents_of(
    conn: &mut DbConnection,
    dossier_id: &str,
) -> QueryResult<Vec<DossierDocumentRow>> {
    dossier_documents::table
        .filter(dossier_documents::dossier_id.eq(dossier_id))
        .order(dossier_documents::position.asc())
        .select(DossierDocumentRow::as_select())
        .load(conn)
}

/// The history of a dossier, oldest first.
pub fn events_of(conn: &mut DbConnection, dossier_id: &str) -> QueryResult<Vec<DossierEventRow>> {
    dossier_events::table
        .filter(dossier_events::dossier_id.eq(dossier_id))
        .order((dossier_events::at.asc(), dossier_events::id.asc()))
        .select(DossierEventRow::as_select())
        .load(conn)
}

/// A staff work list: filters, and where the previous page ended.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    /// Only these statuses (all when empty).
    pub statuses: Vec<DossierStatus>,
    /// Only this procedure (any version).
    pub procedure_id: Option<String>,
    /// Received at or after.
    pub received_from: Option<NaiveDateTime>,
    /// Received before.
    pub received_until: Option<NaiveDateTime>,
    /// Due before.
    pub due_before: Option<NaiveDateTime>,
    /// After this (`due_at`, `id`), for the next page.
    pub after: Option<(NaiveDateTime, String)>,
    /// Held by this unit.
    pub unit_id: Option<String>,
    /// Handled by this person.
    pub assignee_id: Option<String>,
    /// Due soon at this instant: running, not yet overdue, past `due_soon_at`.
    pub due_soon_at: Option<NaiveDateTime>,
    /// Overdue at this instant: running and past `due_at`.
    pub overdue_at: Option<NaiveDateTime>,
    /// Only dossiers whose clock is paused.
    pub paused: bool,
    /// Only open dossiers that went late with no apology sent.
    pub late_without_apology: bool,
}

/// Statuses in which the clock runs.
pub const RUNNING: [Stored<DossierStatus>; 3] = [
    Stored(DossierStatus::Received),
    Stored(DossierStatus::Processing),
    Stored(DossierStatus::WithdrawalRequested),
];
/// Statuses in which the clock is paused.
pub const PAUSED: [Stored<DossierStatus>; 2] = [
    Stored(DossierStatus::SupplementRequested),
    Stored(DossierStatus::PaymentRequested),
];

/// One page of an agency's dossiers sorted by due instant then id.
pub fn list(
    conn: &mut DbConnection,
    agency_id: &str,
    filter: &ListFilter,
    limit: i64,
) -> QueryResult<Vec<DossierRow>> {
    use crate::schema::procedure_versions;
    let mut query = dossiers::table
        .filter(received_or_held(agency_id))
        .into_boxed();
    if let Some(unit) = &filter.unit_id {
        query = query.filter(dossiers::current_unit_id.eq(unit.clone()));
    }
    if let Some(assignee) = &filter.assignee_id {
        query = query.filter(dossiers::assignee_id.eq(assignee.clone()));
    }
    if let Some(now) = filter.due_soon_at {
        query = query.filter(
            clock_running()
                .and(dossiers::due_soon_at.le(now))
                .and(dossiers::due_at.ge(now)),
        );
    }
    if let Some(now) = filter.overdue_at {
        query = query.filter(clock_running().and(dossiers::due_at.lt(now)));
    }
    if filter.paused {
        query = query.filter(
            dossiers::status
                .eq_any(PAUSED)
                .and(dossiers::paused_at.is_not_null()),
        );
    }
    if filter.late_without_apology {
        let open: Vec<Stored<DossierStatus>> = DossierStatus::ALL
            .into_iter()
            .filter(|s| !s.is_final())
            .map(Stored)
            .collect();
        query = query.filter(
            dossiers::late_without_apology
                .eq(true)
                .and(dossiers::status.eq_any(open)),
        );
    }
    if !filter.statuses.is_empty() {
        let statuses: Vec<Stored<DossierStatus>> =
            filter.statuses.iter().copied().map(Stored).collect();
        query = query.filter(dossiers::status.eq_any(statuses));
    }
    if let Some(procedure_id) = &filter.procedure_id {
        query = query.filter(
            dossiers::procedure_version_id.eq_any(
                procedure_versions::table
                    .filter(procedure_versions::procedure_id.eq(procedure_id.clone()))
                    .select(procedure_versions::id),
            ),
        );
    }
    if let Some(from) = filter.received_from {
        query = query.filter(dossiers::received_at.ge(from));
    }
    if let Some(until) = filter.received_until {
        query = query.filter(dossiers::received_at.lt(until));
    }
    if let Some(due) = filter.due_before {
        query = query.filter(dossiers::due_at.lt(due));
    }
    if let Some((due, id)) = &filter.after {
        query = query.filter(
            dossiers::due_at
                .gt(*due)
                .or(dossiers::due_at.eq(*due).and(dossiers::id.gt(id.clone()))),
        );
    }
    query
        .order((dossiers::due_at.asc(), dossiers::id.asc()))
        .limit(limit)
        .select(DossierRow::as_select())
        .load(conn)
}

/// Writes a workflow action's changes if the dossier is still at `version`,
/// and bumps the version. False when someone changed it first: the caller
/// rolls back and answers 412.
pub fn update_if_version(
    conn: &mut DbConnection,
    id: &str,
    version: i32,
    changes: &DossierChanges,
) -> QueryResult<bool> {
    let updated = diesel::update(
        dossiers::table
            .filter(dossiers::id.eq(id))
            .filter(dossiers::version.eq(version)),
    )
    .set((changes, dossiers::version.eq(version + 1)))
    .execute(conn)?;
    Ok(updated == 1)
}

/// Sets the SLA state and when it can next change. With `expected` the write
/// happens only if the state is still that one and the check is still due at
/// `now` (the sweep's guard against a concurrent action); false otherwise.
pub fn set_sla(
    conn: &mut DbConnection,
    id: &str,
    expected: Option<(SlaState, NaiveDateTime)>,
    state: SlaState,
    check_at: Option<NaiveDateTime>,
) -> QueryResult<bool> {
    let values = (
        dossiers::sla_state.eq(Stored(state)),
        dossiers::sla_check_at.eq(check_at),
    );
    let this = dossiers::table.filter(dossiers::id.eq(id));
    let updated = match expected {
        Some((current, now)) => diesel::update(
            this.filter(dossiers::sla_state.eq(Stored(current)))
                .filter(dossiers::sla_check_at.le(now)),
        )
        .set(values)
        .execute(conn)?,
        None => diesel::update(this).set(values).execute(conn)?,
    };
    Ok(updated == 1)
}

/// Dossiers whose SLA state may have changed by `now`, earliest first. Reads
/// the `sla_check_at` index only: its cost follows the dossiers that change.
pub fn due_for_sla_check(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<DossierRow>> {
    dossiers::table
        .filter(dossiers::sla_check_at.le(now))
        .order(dossiers::sla_check_at.asc())
        .limit(limit)
        .select(DossierRow::as_select())
        .load(conn)
}

/// Records that the dossier was transferred to `agency_id` (it keeps seeing
/// it afterwards).
pub fn add_agency(conn: &mut DbConnection, dossier_id: &str, agency_id: &str) -> QueryResult<()> {
    let row = (
        dossier_agencies::dossier_id.eq(dossier_id),
        dossier_agencies::agency_id.eq(agency_id),
    );
    crate::on_native!(conn, |native| diesel::insert_into(dossier_agencies::table)
        .values(row)
        .on_conflict_do_nothing()
        .execute(native))?;
    Ok(())
}

/// Whether the dossier was ever transferred to `agency_id`.
pub fn took_part(conn: &mut DbConnection, dossier_id: &str, agency_id: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        dossier_agencies::table
            .filter(dossier_agencies::dossier_id.eq(dossier_id))
            .filter(dossier_agencies::agency_id.eq(agency_id)),
    ))
    .get_result(conn)
}

/// How many of the agency's dossiers (received or held) are in each status.
pub fn count_by_status(
    conn: &mut DbConnection,
    agency_id: &str,
) -> QueryResult<Vec<(Stored<DossierStatus>, i64)>> {
    dossiers::table
        .filter(received_or_held(agency_id))
        .group_by(dossiers::status)
        .select((dossiers::status, diesel::dsl::count_star()))
        .load(conn)
}

/// How many of the agency's finished dossiers were early, on time and late
/// (measured against the due instant before any apology).
pub fn count_by_outcome(
    conn: &mut DbConnection,
    agency_id: &str,
) -> QueryResult<Vec<(Option<Stored<Outcome>>, i64)>> {
    dossiers::table
        .filter(received_or_held(agency_id))
        .filter(dossiers::outcome.is_not_null())
        .group_by(dossiers::outcome)
        .select((dossiers::outcome, diesel::dsl::count_star()))
        .load(conn)
}

/// How many of the agency's dossiers went late with no apology sent.
pub fn count_late_without_apology(conn: &mut DbConnection, agency_id: &str) -> QueryResult<i64> {
    dossiers::table
        .filter(received_or_held(agency_id))
        .filter(dossiers::late_without_apology.eq(true))
        .count()
        .get_result(conn)
}

/// How many of the agency's dossiers wait for the applicant with their
/// clock stopped (a supplement, or a fee under a procedure whose fee wait
/// pauses).
pub fn count_paused(conn: &mut DbConnection, agency_id: &str) -> QueryResult<i64> {
    dossiers::table
        .filter(received_or_held(agency_id))
        .filter(dossiers::status.eq_any(PAUSED))
        .filter(dossiers::paused_at.is_not_null())
        .count()
        .get_result(conn)
}

/// How many of the agency's running dossiers are due soon and how many are
/// overdue at `now`.
pub fn count_sla(
    conn: &mut DbConnection,
    agency_id: &str,
    now: NaiveDateTime,
) -> QueryResult<(i64, i64)> {
    let due_soon = dossiers::table
        .filter(received_or_held(agency_id))
        .filter(clock_running())
        .filter(dossiers::due_soon_at.le(now))
        .filter(dossiers::due_at.ge(now))
        .count()
        .get_result(conn)?;
    let overdue = dossiers::table
        .filter(received_or_held(agency_id))
        .filter(clock_running())
        .filter(dossiers::due_at.lt(now))
        .count()
        .get_result(conn)?;
    Ok((due_soon, overdue))
}

/// The counts a work queue shows of the dossiers an agency holds and has
/// not ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, QueryableByName)]
pub struct QueueCounts {
    /// Not yet ended.
    #[diesel(sql_type = BigInt)]
    pub open: i64,
    /// Running and within the last working day before the due instant.
    #[diesel(sql_type = BigInt)]
    pub due_soon: i64,
    /// Running and past the due instant.
    #[diesel(sql_type = BigInt)]
    pub overdue: i64,
    /// Waiting for the applicant, the clock stopped.
    #[diesel(sql_type = BigInt)]
    pub paused: i64,
    /// Late with no apology sent.
    #[diesel(sql_type = BigInt)]
    pub late_without_apology: i64,
}

/// The statuses' stored names, quoted for SQL: `'received', 'processing'`.
/// They are the enum's own names, never input.
fn quoted(statuses: impl Iterator<Item = DossierStatus>) -> String {
    statuses
        .map(|s| format!("'{}'", s.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The counts of the open dossiers `agency_id` holds at `now`, in one pass
/// over the index of held dossiers by status (`dossiers_open_by_holder`,
/// which covers every column read): what a work queue shows on each visit,
/// so it reads index entries of open dossiers only, never the finished
/// history, and no table row.
pub fn queue_counts(
    conn: &mut DbConnection,
    agency_id: &str,
    now: NaiveDateTime,
) -> QueryResult<QueueCounts> {
    let open = quoted(DossierStatus::ALL.into_iter().filter(|s| !s.is_final()));
    let running = quoted(RUNNING.iter().map(|s| s.0));
    let paused = quoted(PAUSED.iter().map(|s| s.0));
    let clock_runs = format!(
        "(status IN ({running}) OR (status = '{}' AND paused_at IS NULL))",
        DossierStatus::PaymentRequested.as_str()
    );
    // $1 … $4 in ascending order, each once: the one placeholder style both
    // PostgreSQL and SQLite read the same way.
    diesel::sql_query(format!(
        "SELECT CAST(COUNT(*) AS BIGINT) AS open, \
         CAST(COALESCE(SUM(CASE WHEN {clock_runs} AND due_soon_at <= $1 AND due_at >= $2 THEN 1 ELSE 0 END), 0) AS BIGINT) AS due_soon, \
         CAST(COALESCE(SUM(CASE WHEN {clock_runs} AND due_at < $3 THEN 1 ELSE 0 END), 0) AS BIGINT) AS overdue, \
         CAST(COALESCE(SUM(CASE WHEN status IN ({paused}) AND paused_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS BIGINT) AS paused, \
         CAST(COALESCE(SUM(CASE WHEN late_without_apology THEN 1 ELSE 0 END), 0) AS BIGINT) AS late_without_apology \
         FROM dossiers WHERE current_agency_id = $4 AND status IN ({open})"
    ))
    .bind::<Timestamp, _>(now)
    .bind::<Timestamp, _>(now)
    .bind::<Timestamp, _>(now)
    .bind::<Text, _>(agency_id)
    .get_result(conn)
}

/// How many dossiers there are (all agencies).
pub fn count(conn: &mut DbConnection) -> QueryResult<i64> {
    dossiers::table.count().get_result(conn)
}

/// How many supplement notices there are (all agencies).
pub fn count_supplement_notices(conn: &mut DbConnection) -> QueryResult<i64> {
    supplement_notices::table.count().get_result(conn)
}

/// The events the SLA sweep writes: for staff, not the public timeline.
const SLA_FLAGS: [Stored<EventKind>; 4] = [
    Stored(EventKind::DueSoon),
    Stored(EventKind::Overdue),
    Stored(EventKind::LateWithoutApology),
    Stored(EventKind::MissedNewAppointment),
];

/// What the public lookup needs of a dossier, in one query.
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct PublicRow {
    /// Dossier id.
    pub id: String,
    /// The dossier code (`<agency code>-<yymmdd>-<nnnn>`), as printed on the receipt.
    pub code: String,
    /// Where it stands.
    pub status: Stored<DossierStatus>,
    /// Channel code.
    pub channel: i32,
    /// Applicant's name (the caller masks it).
    pub applicant_name: String,
    /// Organisation name, if an organisation applied.
    pub applicant_organization: Option<String>,
    /// When the dossier was received at the counter or submitted online (UTC).
    pub received_at: NaiveDateTime,
    /// Due now.
    pub due_at: NaiveDateTime,
    /// Due first.
    pub original_due_at: NaiveDateTime,
    /// Who received it at the counter or accepted it online: none while an
    /// online dossier waits for a clerk.
    pub received_by: Option<String>,
    /// Agency code.
    pub agency_code: String,
    /// Agency name.
    pub agency_name: String,
    /// Procedure code.
    pub procedure_code: String,
    /// Procedure name at the dossier's version.
    pub procedure_name: String,
    /// Processing time value, as set at reception.
    pub processing_time: i32,
    /// Processing time unit.
    pub processing_unit: Stored<ProcessingUnit>,
    /// When the clock started (the next opening if received after hours).
    pub clock_started_at: NaiveDateTime,
    /// The agency's office hours (`07:30-11:30,13:00-17:00`), to explain
    /// the appointment without another query.
    pub office_hours: String,
}

/// The public view of a dossier and its timeline: the dossier joined with its
/// agency, its procedure and its events (one row per event, oldest first), so
/// that the busiest public page costs a single query.
pub fn public_by_code(
    conn: &mut DbConnection,
    code: &str,
) -> QueryResult<Option<(PublicRow, Vec<PublicStep>)>> {
    use crate::schema::{agencies, procedure_versions, procedures};
    let rows: Vec<(PublicRow, Option<PublicStep>)> =
        crate::on_native!(conn, |native| dossiers::table
            .inner_join(agencies::table)
            .inner_join(procedure_versions::table.inner_join(procedures::table))
            // The SLA flags are for staff, not the public timeline.
            .left_join(
                dossier_events::table.on(dossier_events::dossier_id
                    .eq(dossiers::id)
                    // Three comparisons, not `NOT IN`: diesel caches the
                    // prepared statement only for a fixed shape, and the
                    // lookup is the busiest query there is.
                    .and(dossier_events::kind.ne(SLA_FLAGS[0]))
                    .and(dossier_events::kind.ne(SLA_FLAGS[1]))
                    .and(dossier_events::kind.ne(SLA_FLAGS[2]))
                    .and(dossier_events::kind.ne(SLA_FLAGS[3])))
            )
            .filter(dossiers::code.eq(code))
            .order((dossier_events::at.asc(), dossier_events::id.asc()))
            .select((
                (
                    dossiers::id,
                    dossiers::code,
                    dossiers::status,
                    dossiers::channel,
                    dossiers::applicant_name,
                    dossiers::applicant_organization,
                    dossiers::received_at,
                    dossiers::due_at,
                    dossiers::original_due_at,
                    dossiers::received_by,
                    agencies::code,
                    agencies::name,
                    procedures::code,
                    procedure_versions::name,
                    dossiers::processing_time,
                    dossiers::processing_unit,
                    dossiers::clock_started_at,
                    agencies::office_hours,
                ),
                (
                    dossier_events::step_name,
                    dossier_events::to_status,
                    dossier_events::at
                )
                    .nullable(),
            ))
            .load(native))?;
    let mut rows = rows.into_iter();
    Ok(rows.next().map(|(dossier, first)| {
        let steps = first
            .into_iter()
            .chain(rows.filter_map(|(_, step)| step))
            .collect();
        (dossier, steps)
    }))
}

/// A step of the public timeline: its name, the status it led to, when.
pub type PublicStep = (String, Stored<DossierStatus>, NaiveDateTime);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_public_timeline_leaves_out_every_flag_the_sweep_writes() {
        let flags: Vec<EventKind> = SLA_FLAGS.iter().map(|s| s.0).collect();
        let sweep: Vec<EventKind> = EventKind::ALL
            .into_iter()
            .filter(|k| k.is_sla_flag())
            .collect();
        assert_eq!(flags, sweep);
    }
}
