//! Online fees: what a dossier was asked to pay, and each attempt to pay it
//! through a gateway.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use motcua_domain::{PaymentReview, PaymentState};

use crate::schema::{payment_attempts, payment_requests};
use crate::stored::Stored;
use crate::{DbConnection, QueryResult};

/// A fee a dossier was asked to pay.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = payment_requests)]
pub struct PaymentRequestRow {
    /// Its id (a UUID).
    pub id: String,
    /// The dossier.
    pub dossier_id: String,
    /// The amount, in đồng.
    pub amount_vnd: i64,
    /// The clerk who asked.
    pub requested_by: Option<String>,
    /// When the fee was asked for (UTC).
    pub requested_at: NaiveDateTime,
    /// When it was paid.
    pub paid_at: Option<NaiveDateTime>,
    /// The receipt of payment (biên lai), once paid.
    pub receipt_number: Option<String>,
}

/// One trip to the gateway.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = payment_attempts)]
pub struct PaymentAttemptRow {
    /// Our reference, sent to the gateway (`vnp_TxnRef`).
    pub reference: String,
    /// The request it pays.
    pub request_id: String,
    /// Which gateway.
    pub gateway: String,
    /// The amount asked, in đồng.
    pub amount_vnd: i64,
    /// Where it stands.
    pub state: Stored<PaymentState>,
    /// When the payer was sent to the gateway (UTC).
    pub created_at: NaiveDateTime,
    /// Settled by the callback.
    pub completed_at: Option<NaiveDateTime>,
    /// What the gateway said was paid.
    pub paid_amount_vnd: Option<i64>,
    /// The gateway's answer code.
    pub response_code: Option<String>,
    /// The gateway's transaction number.
    pub transaction_no: Option<String>,
    /// The payer's bank.
    pub bank_code: Option<String>,
    /// The callback's parameters, JSON.
    pub callback: Option<String>,
    /// Why staff must reconcile it; none when nothing is to reconcile.
    pub review: Option<Stored<PaymentReview>>,
}

/// Adds a request.
pub fn insert_request(conn: &mut DbConnection, row: &PaymentRequestRow) -> QueryResult<()> {
    diesel::insert_into(payment_requests::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// The requests of a dossier, oldest first.
pub fn requests_of(
    conn: &mut DbConnection,
    dossier_id: &str,
) -> QueryResult<Vec<PaymentRequestRow>> {
    payment_requests::table
        .filter(payment_requests::dossier_id.eq(dossier_id))
        .order((
            payment_requests::requested_at.asc(),
            payment_requests::id.asc(),
        ))
        .select(PaymentRequestRow::as_select())
        .load(conn)
}

/// One request.
pub fn request_by_id(conn: &mut DbConnection, id: &str) -> QueryResult<Option<PaymentRequestRow>> {
    payment_requests::table
        .find(id)
        .select(PaymentRequestRow::as_select())
        .first(conn)
        .optional()
}

/// Marks a request paid, once; false when it was paid already.
pub fn mark_request_paid(
    conn: &mut DbConnection,
    id: &str,
    receipt_number: &str,
    at: NaiveDateTime,
) -> QueryResult<bool> {
    diesel::update(payment_requests::table.find(id))
        .filter(payment_requests::paid_at.is_null())
        .set((
            payment_requests::paid_at.eq(Some(at)),
            payment_requests::receipt_number.eq(Some(receipt_number)),
        ))
        .execute(conn)
        .map(|n| n == 1)
}

/// Adds an attempt.
pub fn insert_attempt(conn: &mut DbConnection, row: &PaymentAttemptRow) -> QueryResult<()> {
    diesel::insert_into(payment_attempts::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// One attempt.
pub fn attempt(conn: &mut DbConnection, reference: &str) -> QueryResult<Option<PaymentAttemptRow>> {
    payment_attempts::table
        .find(reference)
        .select(PaymentAttemptRow::as_select())
        .first(conn)
        .optional()
}

/// The attempts at a request, oldest first.
pub fn attempts_of(
    conn: &mut DbConnection,
    request_id: &str,
) -> QueryResult<Vec<PaymentAttemptRow>> {
    payment_attempts::table
        .filter(payment_attempts::request_id.eq(request_id))
        .order((
            payment_attempts::created_at.asc(),
            payment_attempts::reference.asc(),
        ))
        .select(PaymentAttemptRow::as_select())
        .load(conn)
}

/// What a callback said about an attempt.
pub struct Settlement<'a> {
    /// The state the attempt must be in for this to apply.
    pub from: PaymentState,
    /// The new state.
    pub state: PaymentState,
    /// Why staff must reconcile it, if they must.
    pub review: Option<PaymentReview>,
    /// When it happened (UTC).
    pub at: NaiveDateTime,
    /// What the gateway said was paid.
    pub paid_amount_vnd: i64,
    /// Its answer code.
    pub response_code: &'a str,
    /// Its transaction number.
    pub transaction_no: Option<&'a str>,
    /// The payer's bank.
    pub bank_code: Option<&'a str>,
    /// The parameters, JSON.
    pub callback: &'a str,
}

/// Settles an attempt in state `from`; false when it was not (a replayed
/// or concurrent callback changes nothing).
pub fn settle_attempt(
    conn: &mut DbConnection,
    reference: &str,
    s: &Settlement<'_>,
) -> QueryResult<bool> {
    diesel::update(payment_attempts::table.find(reference))
        .filter(payment_attempts::state.eq(Stored(s.from)))
        .set((
            payment_attempts::state.eq(Stored(s.state)),
            payment_attempts::review.eq(s.review.map(Stored)),
            payment_attempts::completed_at.eq(Some(s.at)),
            payment_attempts::paid_amount_vnd.eq(Some(s.paid_amount_vnd)),
            payment_attempts::response_code.eq(Some(s.response_code)),
            payment_attempts::transaction_no.eq(s.transaction_no),
            payment_attempts::bank_code.eq(s.bank_code),
            payment_attempts::callback.eq(Some(s.callback)),
        ))
        .execute(conn)
        .map(|n| n == 1)
}

/// Flags an attempt for staff to reconcile.
pub fn flag_attempt(
    conn: &mut DbConnection,
    reference: &str,
    review: PaymentReview,
) -> QueryResult<()> {
    diesel::update(payment_attempts::table.find(reference))
        .set(payment_attempts::review.eq(Some(Stored(review))))
        .execute(conn)
        .map(|_| ())
}
