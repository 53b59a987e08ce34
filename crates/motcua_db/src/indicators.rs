//! What the reports read: the dossiers received in a period by the agencies
//! asked about, and, for those dossiers only, the events, apologies,
//! payments, files and ratings their indicators are counted from. Every
//! query is bounded by the period's dossiers (the dossiers' index on
//! agency and reception, then each table's index on the dossier), so a
//! report's cost follows the period, not the table.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use motcua_domain::{ApologyState, DossierStatus, EventKind, FilePurpose, ProcessingUnit};

use crate::schema::{
    apologies, application_files, dossier_agencies, dossier_events, dossiers, online_applications,
    payment_requests, procedure_versions, procedures, ratings,
};
use crate::stored::Stored;
use crate::{DbConnection, QueryResult};

/// A dossier as the reports read it.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = dossiers)]
pub struct ReportDossierRow {
    /// Dossier id.
    pub id: String,
    /// The receiving agency.
    pub agency_id: String,
    /// Its procedure version.
    pub procedure_version_id: String,
    /// 1 counter, 2 online, 3 post.
    pub channel: i32,
    /// Where it stands.
    pub status: Stored<DossierStatus>,
    /// Received (UTC).
    pub received_at: NaiveDateTime,
    /// When its clock started.
    pub clock_started_at: NaiveDateTime,
    /// The appointment now.
    pub due_at: NaiveDateTime,
    /// The appointment before any apology.
    pub original_due_at: NaiveDateTime,
    /// Paused since.
    pub paused_at: Option<NaiveDateTime>,
    /// Ended at.
    pub finished_at: Option<NaiveDateTime>,
    /// The processing time's value.
    pub processing_time: i32,
    /// And its unit.
    pub processing_unit: Stored<ProcessingUnit>,
    /// `vn-2018` or `vn-2025`.
    pub rule_set: String,
}

/// The dossiers received in `[from, to)` (UTC) by `agency_ids`, or
/// transferred to one of them: the caller keeps those each agency decides.
/// Only dossiers the one-stop section entered (with a receipt number):
/// an online application refused before acceptance was never received.
/// Two queries, each through its own index (agency and reception; the
/// transfers by agency), rather than one `OR` that neither index serves.
pub fn received_in(
    conn: &mut DbConnection,
    agency_ids: &[String],
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> QueryResult<Vec<ReportDossierRow>> {
    let mut rows: Vec<ReportDossierRow> = dossiers::table
        .filter(dossiers::agency_id.eq_any(agency_ids))
        .filter(dossiers::receipt_number.is_not_null())
        .filter(dossiers::received_at.ge(from))
        .filter(dossiers::received_at.lt(to))
        .select(ReportDossierRow::as_select())
        .load(conn)?;
    let transferred_in: Vec<ReportDossierRow> = dossiers::table
        .inner_join(dossier_agencies::table)
        .filter(dossier_agencies::agency_id.eq_any(agency_ids))
        .filter(dossiers::receipt_number.is_not_null())
        .filter(dossiers::received_at.ge(from))
        .filter(dossiers::received_at.lt(to))
        .select(ReportDossierRow::as_select())
        .load(conn)?;
    rows.extend(transferred_in);
    rows.sort_by(|a, b| (a.received_at, &a.id).cmp(&(b.received_at, &b.id)));
    rows.dedup_by(|a, b| a.id == b.id);
    Ok(rows)
}

/// The part of an event the reports need: steps, transfers, supplement
/// requests.
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct ReportEventRow {
    /// Its dossier.
    pub dossier_id: String,
    /// What happened.
    pub kind: Stored<EventKind>,
    /// Status before.
    pub from_status: Option<Stored<DossierStatus>>,
    /// When.
    pub at: NaiveDateTime,
    /// The step's due instant it set or moved.
    pub step_due_at: Option<NaiveDateTime>,
    /// The acting agency.
    pub agency_id: Option<String>,
    /// The agency handed to.
    pub receiver_agency_id: Option<String>,
    /// The unit handed to.
    pub receiver_unit_id: Option<String>,
}

impl motcua_domain::StepMark for ReportEventRow {
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

/// The events that matter to the reports: the hand-overs (steps), the
/// supplement requests, the answers to pauses (which move a step's due
/// instant) and the ends without a result (which end the last step).
const REPORTED: [Stored<EventKind>; 14] = [
    Stored(EventKind::Received),
    Stored(EventKind::Assigned),
    Stored(EventKind::HandedOver),
    Stored(EventKind::SentBack),
    Stored(EventKind::Transferred),
    Stored(EventKind::Finished),
    Stored(EventKind::ResultReturned),
    Stored(EventKind::SupplementRequested),
    Stored(EventKind::SupplementReceived),
    Stored(EventKind::PaymentRequested),
    Stored(EventKind::PaymentReceived),
    Stored(EventKind::Refused),
    Stored(EventKind::Stopped),
    Stored(EventKind::WithdrawalConfirmed),
];

/// These dossiers' step and supplement events, by dossier then time.
pub fn events_of(conn: &mut DbConnection, ids: &[String]) -> QueryResult<Vec<ReportEventRow>> {
    crate::in_chunks(ids, |chunk| {
        dossier_events::table
            .filter(dossier_events::dossier_id.eq_any(chunk))
            .filter(dossier_events::kind.eq_any(REPORTED))
            .order((
                dossier_events::dossier_id.asc(),
                dossier_events::at.asc(),
                dossier_events::id.asc(),
            ))
            .select((
                dossier_events::dossier_id,
                dossier_events::kind,
                dossier_events::from_status,
                dossier_events::at,
                dossier_events::step_due_at,
                dossier_events::agency_id,
                dossier_events::receiver_agency_id,
                dossier_events::receiver_unit_id,
            ))
            .load::<ReportEventRow>(conn)
    })
}

/// These dossiers' sent apologies: (dossier, sent after the lead time).
pub fn sent_apologies(conn: &mut DbConnection, ids: &[String]) -> QueryResult<Vec<(String, bool)>> {
    crate::in_chunks(ids, |chunk| {
        apologies::table
            .filter(apologies::dossier_id.eq_any(chunk))
            .filter(apologies::state.eq(Stored(ApologyState::Sent)))
            .select((apologies::dossier_id, apologies::sent_late))
            .load::<(String, bool)>(conn)
    })
}

/// These dossiers' fee requests: (dossier, amount, paid).
pub fn fee_requests(
    conn: &mut DbConnection,
    ids: &[String],
) -> QueryResult<Vec<(String, i64, bool)>> {
    crate::in_chunks(ids, |chunk| {
        payment_requests::table
            .filter(payment_requests::dossier_id.eq_any(chunk))
            .select((
                payment_requests::dossier_id,
                payment_requests::amount_vnd,
                payment_requests::paid_at.is_not_null(),
            ))
            .load::<(String, i64, bool)>(conn)
    })
}

/// The files of these dossiers' online applications: (dossier, purpose,
/// the document it is a file of), once each.
pub fn files_of(
    conn: &mut DbConnection,
    ids: &[String],
) -> QueryResult<Vec<(String, Stored<FilePurpose>, i32)>> {
    crate::in_chunks(ids, |chunk| {
        application_files::table
            .inner_join(online_applications::table)
            .filter(online_applications::dossier_id.eq_any(chunk))
            .select((
                online_applications::dossier_id.assume_not_null(),
                application_files::purpose,
                application_files::document_index,
            ))
            .distinct()
            .load::<(String, Stored<FilePurpose>, i32)>(conn)
    })
}

/// These dossiers' ratings: (dossier, the nine scores as JSON).
pub fn ratings_of(conn: &mut DbConnection, ids: &[String]) -> QueryResult<Vec<(String, String)>> {
    crate::in_chunks(ids, |chunk| {
        ratings::table
            .filter(ratings::dossier_id.eq_any(chunk))
            .select((ratings::dossier_id, ratings::scores))
            .load::<(String, String)>(conn)
    })
}

/// A procedure version as the reports need it.
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct ReportVersionRow {
    /// Version id.
    pub id: String,
    /// The procedure's code.
    pub procedure_code: String,
    /// Its name at this version.
    pub name: String,
    /// The required documents, JSON.
    pub documents: String,
    /// The fees, JSON.
    pub fees: String,
}

/// These procedure versions.
pub fn versions(conn: &mut DbConnection, ids: &[String]) -> QueryResult<Vec<ReportVersionRow>> {
    procedure_versions::table
        .inner_join(procedures::table)
        .filter(procedure_versions::id.eq_any(ids))
        .order(procedure_versions::effective_from.asc())
        .select((
            procedure_versions::id,
            procedures::code,
            procedure_versions::name,
            procedure_versions::documents,
            procedure_versions::fees,
        ))
        .load(conn)
}

/// The ids of the versions of the procedure with this code.
pub fn version_ids_of(conn: &mut DbConnection, code: &str) -> QueryResult<Vec<String>> {
    procedure_versions::table
        .inner_join(procedures::table)
        .filter(procedures::code.eq(code))
        .select(procedure_versions::id)
        .load(conn)
}
