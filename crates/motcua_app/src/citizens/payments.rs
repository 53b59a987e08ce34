//! Online fees (thanh toán trực tuyến): a clerk asks for the fee (status 6,
//! the clock paused), the citizen pays through the gateway, and the
//! gateway's signed server-to-server callback settles the attempt. A paid
//! fee gets a receipt number and the dossier goes on where it was; a
//! replayed callback changes nothing.
//!
//! Money the bank reports is never dropped. A callback naming another
//! amount, a payment for a fee already paid, and a payment reported after
//! the attempt was reported failed are each recorded, flagged on the
//! attempt (`review`) and e-mailed to the agency's one-stop section and
//! leaders to reconcile; the last is also accepted as the payment it is.

use chrono::{DateTime, TimeDelta, Utc};
use motcua_db::dossiers::{self as dossier_store, DossierRow};
use motcua_db::payments::{self as store, PaymentAttemptRow, PaymentRequestRow, Settlement};
use motcua_db::{DbConnection, from_utc, users, utc, write_transaction};
use motcua_domain::{DossierCode, DossierStatus, NoticeKind, PaymentReview, PaymentState, Role};
use motcua_jobs::{queue_notice, staff_notice};
use motcua_pay::{CallbackOutcome, PaymentGateway, PaymentOrder};

use crate::app::{App, Services};
use crate::citizens::accounts::CitizenPrincipal;
use crate::dossiers::reads::{dossier_of, own_dossier};
use crate::dossiers::workflow::commands::{Actor, DossierAction};
use crate::error::{AppError, AppResult, Reason};
use crate::staff::principal::Principal;

/// Where a payer comes back from the gateway to: what the attempt came
/// to, as we recorded it (the gateway's server-to-server callback settles
/// an attempt, not the payer's return, which only reads).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentReturn {
    /// Where the attempt stands now: still `Pending` when the gateway's
    /// callback has not come yet.
    pub state: PaymentState,
    /// The amount asked, in đồng.
    pub amount_vnd: i64,
    /// The dossier paid for.
    pub dossier_code: String,
    /// The application it came from (its owner's page).
    pub application_id: Option<String>,
}

/// How long a payer has at the gateway.
const PAYMENT_WINDOW_MINUTES: i64 = 15;

/// An attempt to pay, as its payer and staff see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptView {
    /// Our reference, sent to the gateway.
    pub reference: String,
    /// The gateway.
    pub gateway: String,
    /// Where it stands.
    pub state: PaymentState,
    /// The amount asked.
    pub amount_vnd: i64,
    /// What the gateway said was paid.
    pub paid_amount_vnd: Option<i64>,
    /// The gateway's transaction number.
    pub transaction_no: Option<String>,
    /// The payer's bank.
    pub bank_code: Option<String>,
    /// When the payer was sent to the gateway (UTC).
    pub created_at: DateTime<Utc>,
    /// When the gateway's callback settled it (UTC); none while it waits.
    pub completed_at: Option<DateTime<Utc>>,
    /// Why staff must reconcile it; absent when nothing is to reconcile.
    pub review: Option<PaymentReview>,
}

/// A fee asked for, with its attempts and, once paid, its receipt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentView {
    /// Its id (a UUID).
    pub id: String,
    /// The amount, in đồng.
    pub amount_vnd: i64,
    /// When it was asked for.
    pub requested_at: DateTime<Utc>,
    /// When it was paid.
    pub paid_at: Option<DateTime<Utc>>,
    /// The receipt of payment (biên lai điện tử), once paid.
    pub receipt_number: Option<String>,
    /// Each trip to the gateway.
    pub attempts: Vec<AttemptView>,
}

/// Where to send the payer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentStart {
    /// Our reference of this attempt.
    pub reference: String,
    /// The amount, in đồng.
    pub amount_vnd: i64,
    /// The gateway's signed address.
    pub payment_url: String,
    /// When the gateway stops taking it.
    pub expires_at: DateTime<Utc>,
}

pub(crate) fn payments_of(
    conn: &mut DbConnection,
    dossier_id: &str,
) -> AppResult<Vec<PaymentView>> {
    store::requests_of(conn, dossier_id)?
        .into_iter()
        .map(|request| {
            let attempts = store::attempts_of(conn, &request.id)?
                .into_iter()
                .map(|a| AttemptView {
                    reference: a.reference,
                    gateway: a.gateway,
                    state: *a.state,
                    amount_vnd: a.amount_vnd,
                    paid_amount_vnd: a.paid_amount_vnd,
                    transaction_no: a.transaction_no,
                    bank_code: a.bank_code,
                    created_at: from_utc(a.created_at),
                    completed_at: a.completed_at.map(from_utc),
                    review: a.review.map(|r| *r),
                })
                .collect();
            Ok(PaymentView {
                id: request.id,
                amount_vnd: request.amount_vnd,
                requested_at: from_utc(request.requested_at),
                paid_at: request.paid_at.map(from_utc),
                receipt_number: request.receipt_number,
                attempts,
            })
        })
        .collect()
}

/// The fee an attempt pays, and its dossier.
fn paid_for(
    conn: &mut DbConnection,
    attempt: &PaymentAttemptRow,
) -> AppResult<(PaymentRequestRow, DossierRow)> {
    let request = store::request_by_id(conn, &attempt.request_id)?
        .ok_or_else(|| AppError::unexpected("payment", "request missing"))?;
    let dossier = dossier_store::by_id(conn, &request.dossier_id)?
        .ok_or_else(|| AppError::unexpected("payment", "dossier missing"))?;
    Ok((request, dossier))
}

/// The fee the dossier waits for: the latest request not paid.
fn open_request(
    conn: &mut DbConnection,
    dossier: &DossierRow,
) -> AppResult<Option<PaymentRequestRow>> {
    Ok(store::requests_of(conn, &dossier.id)?
        .into_iter()
        .rev()
        .find(|r| r.paid_at.is_none()))
}

impl Services {
    /// Settles the attempt a verified callback names, in one transaction.
    ///
    /// | attempt  | callback              | becomes           | staff told |
    /// |----------|-----------------------|-------------------|------------|
    /// | pending  | another amount        | `amount_mismatch` | yes        |
    /// | pending  | paid                  | `paid`            | if paid twice |
    /// | pending  | refused by the bank   | `failed`          | no         |
    /// | failed   | paid, the amount      | `paid`            | yes        |
    /// | failed   | paid, another amount  | `amount_mismatch` | yes        |
    /// | anything else (a replay)         | unchanged (`02`)  | no         |
    fn settle(&self, callback: &motcua_pay::Callback) -> AppResult<CallbackOutcome> {
        let now = self.clock.now();
        let mut conn = self.db.get()?;
        write_transaction(&mut conn, |conn| -> AppResult<CallbackOutcome> {
            let Some(attempt) = store::attempt(conn, &callback.reference)? else {
                tracing::warn!(payment.reference = %callback.reference, "callback for an unknown payment");
                return Ok(CallbackOutcome::UnknownOrder);
            };
            let right_amount = callback.amount_vnd == attempt.amount_vnd;
            use PaymentState::{AmountMismatch, Failed, Paid, Pending};
            let mismatch = Some(PaymentReview::AmountMismatch);
            let (state, review) = match (*attempt.state, callback.paid, right_amount) {
                (Pending, _, false) => (AmountMismatch, mismatch),
                (Pending, true, true) => (Paid, None),
                (Pending, false, true) => (Failed, None),
                (Failed, true, true) => (Paid, Some(PaymentReview::PaidAfterFailure)),
                (Failed, true, false) => (AmountMismatch, mismatch),
                _ => return Ok(CallbackOutcome::AlreadyConfirmed),
            };
            let record: serde_json::Map<String, serde_json::Value> = callback
                .parameters
                .iter()
                .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
                .collect();
            let record = serde_json::Value::Object(record).to_string();
            let settled = store::settle_attempt(
                conn,
                &attempt.reference,
                &Settlement {
                    from: *attempt.state,
                    state,
                    review,
                    at: utc(now),
                    paid_amount_vnd: callback.amount_vnd,
                    response_code: &callback.response_code,
                    transaction_no: callback.transaction_no.as_deref(),
                    bank_code: callback.bank_code.as_deref(),
                    callback: &record,
                },
            )?;
            if !settled {
                return Ok(CallbackOutcome::AlreadyConfirmed);
            }
            match state {
                AmountMismatch => {
                    tracing::warn!(
                        payment.reference = %attempt.reference,
                        asked = attempt.amount_vnd,
                        reported = callback.amount_vnd,
                        "payment amount differs: flagged for reconciliation, not accepted"
                    );
                    self.tell_staff_to_reconcile(
                        conn,
                        &attempt,
                        PaymentReview::AmountMismatch,
                        callback,
                        now,
                    )?;
                    Ok(CallbackOutcome::WrongAmount)
                }
                Failed => {
                    tracing::info!(payment.reference = %attempt.reference, code = %callback.response_code, "payment refused by the bank");
                    Ok(CallbackOutcome::Confirmed)
                }
                _ => {
                    if let Some(review) = review {
                        tracing::warn!(payment.reference = %attempt.reference, "a payment reported failed is paid after all: accepted and flagged");
                        self.tell_staff_to_reconcile(conn, &attempt, review, callback, now)?;
                    }
                    self.record_payment(conn, &attempt, callback, now)?;
                    Ok(CallbackOutcome::Confirmed)
                }
            }
        })
    }

    /// A paid attempt: the receipt, and the dossier goes on where it was.
    fn record_payment(
        &self,
        conn: &mut DbConnection,
        attempt: &PaymentAttemptRow,
        callback: &motcua_pay::Callback,
        now: DateTime<Utc>,
    ) -> AppResult<()> {
        let (request, dossier) = paid_for(conn, attempt)?;
        let paid_before = store::requests_of(conn, &dossier.id)?
            .iter()
            .filter(|r| r.paid_at.is_some())
            .count();
        let receipt_number = format!("{}-BL{:02}", dossier.code, paid_before + 1);
        if !store::mark_request_paid(conn, &request.id, &receipt_number, utc(now))? {
            // Paid by an earlier attempt: this money is the second payment
            // of one fee, for the agency's accountant to refund.
            tracing::warn!(payment.reference = %attempt.reference, dossier.code = %dossier.code, "a fee already paid was paid again");
            store::flag_attempt(conn, &attempt.reference, PaymentReview::PaidTwice)?;
            return self.tell_staff_to_reconcile(
                conn,
                attempt,
                PaymentReview::PaidTwice,
                callback,
                now,
            );
        }
        tracing::info!(payment.reference = %attempt.reference, dossier.code = %dossier.code, amount = attempt.amount_vnd, "fee paid online");
        if *dossier.status != DossierStatus::PaymentRequested {
            // Withdrawn or stopped while the payer was at the bank: the
            // receipt stands; the dossier stays where it is.
            tracing::warn!(dossier.code = %dossier.code, status = %dossier.status, "payment for a dossier no longer waiting for it");
            return Ok(());
        }
        let receipt = serde_json::json!({
            "amount_vnd": attempt.amount_vnd,
            "gateway": attempt.gateway,
            "transaction_no": callback.transaction_no,
            "receipt_number": receipt_number,
        });
        self.take_action(
            conn,
            Actor::Applicant,
            &dossier,
            dossier.version,
            &DossierAction::ConfirmPayment { receipt },
            now,
        )?;
        Ok(())
    }

    /// E-mails the agency's one-stop section (its clerks) and its leaders
    /// that a payment needs reconciling, through the outbox: one notice per
    /// person, attempt and reason.
    fn tell_staff_to_reconcile(
        &self,
        conn: &mut DbConnection,
        attempt: &PaymentAttemptRow,
        review: PaymentReview,
        callback: &motcua_pay::Callback,
        now: DateTime<Utc>,
    ) -> AppResult<()> {
        let (_, dossier) = paid_for(conn, attempt)?;
        let payload = serde_json::json!({
            "dossier_code": dossier.code,
            "payment_review": review,
            "payment_reference": attempt.reference,
            "amount_vnd": attempt.amount_vnd,
            "paid_amount_vnd": callback.amount_vnd,
        })
        .to_string();
        let mut staff = users::with_role_in_agency(conn, &dossier.agency_id, Role::Clerk)?;
        staff.extend(users::with_role_in_agency(
            conn,
            &dossier.agency_id,
            Role::Leader,
        )?);
        let kind = NoticeKind::PaymentReview;
        for user_id in staff {
            let email = users::by_id(conn, &user_id)?.and_then(|u| u.email);
            let key = format!("{kind}:{}:{review}:{user_id}", attempt.reference);
            let notice = staff_notice(&dossier.id, kind, key, (user_id, email), &payload, now);
            queue_notice(conn, &notice, now)?;
        }
        Ok(())
    }
}

impl App {
    /// Starts an attempt to pay the fee the citizen's dossier waits for:
    /// the gateway's signed address to send the payer to.
    pub async fn start_payment(
        &self,
        citizen: CitizenPrincipal,
        id: String,
        client_ip: String,
    ) -> AppResult<PaymentStart> {
        self.blocking(move |s| {
            let now = s.clock.now();
            let mut conn = s.db.get()?;
            write_transaction(&mut conn, |conn| -> AppResult<PaymentStart> {
                let application = s.own_application(conn, &citizen, &id)?;
                let nothing = || {
                    AppError::Conflict(Reason::NoFeeDue, "no fee is waiting to be paid for this application".into())
                };
                let dossier = dossier_of(conn, &application)?
                    .filter(|d| d.status == DossierStatus::PaymentRequested)
                    .ok_or_else(nothing)?;
                let request = open_request(conn, &dossier)?.ok_or_else(nothing)?;
                let gateway = &s.online.payments.gateway;
                let reference = uuid::Uuid::now_v7().simple().to_string().to_uppercase();
                let valid_for = TimeDelta::minutes(PAYMENT_WINDOW_MINUTES);
                store::insert_attempt(
                    conn,
                    &PaymentAttemptRow {
                        reference: reference.clone(),
                        request_id: request.id.clone(),
                        gateway: gateway.name().to_owned(),
                        amount_vnd: request.amount_vnd,
                        state: PaymentState::Pending.into(),
                        created_at: utc(now),
                        completed_at: None,
                        paid_amount_vnd: None,
                        response_code: None,
                        transaction_no: None,
                        bank_code: None,
                        callback: None,
                        review: None,
                    },
                )?;
                let payment_url = gateway.payment_url(&PaymentOrder {
                    reference: reference.clone(),
                    amount_vnd: request.amount_vnd,
                    // Gateways take unaccented ASCII only.
                    description: format!("Le phi ho so {}", dossier.code),
                    created_at: now,
                    valid_for,
                    client_ip,
                });
                tracing::info!(payment.reference = %reference, dossier.code = %dossier.code, "payment started");
                Ok(PaymentStart {
                    reference,
                    amount_vnd: request.amount_vnd,
                    payment_url,
                    expires_at: now + valid_for,
                })
            })
        })
        .await
    }

    /// The gateway's server-to-server callback (IPN). A callback the
    /// configured gateway did not sign is refused (401) and changes
    /// nothing; a signed one is answered in the gateway's protocol.
    pub async fn payment_callback(
        &self,
        gateway: String,
        parameters: Vec<(String, String)>,
    ) -> AppResult<CallbackOutcome> {
        let configured = &self.services.online.payments.gateway;
        if gateway != configured.name() {
            return Err(AppError::NotFound(
                Reason::NoSuchGateway,
                format!("no payment gateway {gateway:?} here"),
            ));
        }
        let callback = configured.verify_callback(&parameters).map_err(|error| {
            tracing::warn!(%error, "payment callback refused");
            AppError::Unauthenticated(error.to_string())
        })?;
        self.blocking(move |s| s.settle(&callback)).await
    }

    /// The sandbox gateway, when it is the one in use.
    fn sandbox(&self) -> AppResult<motcua_pay::SignedGateway> {
        self.services
            .online
            .payments
            .sandbox
            .clone()
            .ok_or_else(|| {
                AppError::NotFound(
                    Reason::NoSuchGateway,
                    "the payment sandbox is off: a real gateway is configured".into(),
                )
            })
    }

    /// The sandbox's "bank": checks the signed payment address as a real
    /// gateway would, then pays at once and sends the signed callback a real
    /// gateway would send. Only when the sandbox is the gateway in use.
    pub async fn sandbox_pay(
        &self,
        parameters: Vec<(String, String)>,
    ) -> AppResult<CallbackOutcome> {
        let sandbox = self.sandbox()?;
        let (reference, amount) = sandbox
            .verify_request(&parameters)
            .map_err(|error| AppError::Unauthenticated(error.to_string()))?;
        let now = self.services.clock.now();
        let transaction_no = format!("{}", now.timestamp_millis() % 100_000_000);
        let callback = sandbox.callback_for(&reference, amount, "00", &transaction_no, now);
        self.payment_callback(sandbox.name().to_owned(), callback)
            .await
    }

    /// The sandbox's "bank" page, as a payer uses it: pays (or, `pay`
    /// false, cancels) the signed payment request as a bank would, sends
    /// the signed callback, and gives the address the bank sends the payer
    /// back to (the request's return address, with the signed result).
    pub async fn sandbox_bank(
        &self,
        parameters: Vec<(String, String)>,
        pay: bool,
    ) -> AppResult<String> {
        let sandbox = self.sandbox()?;
        let (reference, amount) = sandbox
            .verify_request(&parameters)
            .map_err(|error| AppError::Unauthenticated(error.to_string()))?;
        let return_url = parameters
            .iter()
            .find(|(k, _)| k == "vnp_ReturnUrl")
            .map(|(_, v)| v.clone())
            .ok_or_else(|| AppError::invalid("vnp_ReturnUrl", "required", "no return address"))?;
        let now = self.services.clock.now();
        let transaction_no = format!("{}", now.timestamp_millis() % 100_000_000);
        // `24` is the code a VNPay-shaped bank gives when the payer cancels.
        let code = if pay { "00" } else { "24" };
        let callback = sandbox.callback_for(&reference, amount, code, &transaction_no, now);
        self.payment_callback(sandbox.name().to_owned(), callback.clone())
            .await?;
        let query = callback
            .iter()
            .map(|(k, v)| format!("{}={}", motcua_pay::urlencode(k), motcua_pay::urlencode(v)))
            .collect::<Vec<_>>()
            .join("&");
        Ok(format!("{return_url}?{query}"))
    }

    /// The payment request the sandbox's "bank" page shows: its reference
    /// and amount, if we signed it.
    pub fn sandbox_order(&self, parameters: &[(String, String)]) -> AppResult<(String, i64)> {
        let sandbox = self.sandbox()?;
        sandbox
            .verify_request(parameters)
            .map_err(|error| AppError::Unauthenticated(error.to_string()))
    }

    /// What a payer coming back from the gateway paid: the result the
    /// gateway signed, read against our record of the attempt. A result the
    /// gateway did not sign is refused (401).
    pub async fn payment_return(
        &self,
        parameters: Vec<(String, String)>,
    ) -> AppResult<PaymentReturn> {
        let callback = self
            .services
            .online
            .payments
            .gateway
            .verify_callback(&parameters)
            .map_err(|error| AppError::Unauthenticated(error.to_string()))?;
        self.blocking(move |s| {
            let mut conn = s.db.get()?;
            let none = || {
                AppError::NotFound(
                    Reason::NoSuchPayment,
                    "no payment with this reference".into(),
                )
            };
            let attempt = store::attempt(&mut conn, &callback.reference)?.ok_or_else(none)?;
            let request = store::request_by_id(&mut conn, &attempt.request_id)?.ok_or_else(none)?;
            let dossier = dossier_store::by_id(&mut conn, &request.dossier_id)?.ok_or_else(none)?;
            let application = motcua_db::online::application_of_dossier(&mut conn, &dossier.id)?;
            Ok(PaymentReturn {
                state: *attempt.state,
                amount_vnd: attempt.amount_vnd,
                dossier_code: dossier.code.clone(),
                application_id: application.map(|a| a.id),
            })
        })
        .await
    }

    /// The fees of a dossier, for staff who may see it.
    pub async fn dossier_payments(
        &self,
        principal: Principal,
        code: DossierCode,
    ) -> AppResult<Vec<PaymentView>> {
        self.blocking(move |s| {
            let mut conn = s.db.get()?;
            let dossier = own_dossier(&mut conn, &principal, &code)?;
            payments_of(&mut conn, &dossier.id)
        })
        .await
    }
}
