//! The cost of what every payment does: signing the payer's address, and
//! checking the gateway's callback (constant-time HMAC-SHA512 over the sorted
//! parameters). Both run once per attempt; a callback flood (forged or
//! replayed) is checked before any database work.

use chrono::{TimeDelta, TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use motcua_pay::{PaymentGateway, PaymentOrder, SignedGateway};
use std::hint::black_box;

fn signing(c: &mut Criterion) {
    let gateway = SignedGateway::sandbox(
        b"a sandbox secret of the usual length, 32 bytes+",
        "https://motcua.example.gov.vn/api/v1/payments/sandbox/pay",
        "https://motcua.example.gov.vn/thanh-toan/ket-qua",
    );
    let at = Utc
        .with_ymd_and_hms(2026, 3, 9, 3, 0, 0)
        .single()
        .unwrap_or_default();
    let order = PaymentOrder {
        reference: "019CAD4F7B2E7C1D9A3E5F60718293A4".into(),
        amount_vnd: 100_000,
        description: "Le phi ho so 000.25.01.H26-260307-0001".into(),
        created_at: at,
        valid_for: TimeDelta::minutes(15),
        client_ip: "203.0.113.7".into(),
    };
    c.bench_function("payment_url", |b| {
        b.iter(|| gateway.payment_url(black_box(&order)))
    });
    let callback = gateway.callback_for(&order.reference, 100_000, "00", "14352871", at);
    c.bench_function("verify_callback", |b| {
        b.iter(|| gateway.verify_callback(black_box(&callback)))
    });
    let forged = SignedGateway::sandbox(b"guess", "x", "y").callback_for(
        &order.reference,
        100_000,
        "00",
        "1",
        at,
    );
    c.bench_function("refuse_forged_callback", |b| {
        b.iter(|| gateway.verify_callback(black_box(&forged)))
    });
}

criterion_group!(benches, signing);
criterion_main!(benches);
