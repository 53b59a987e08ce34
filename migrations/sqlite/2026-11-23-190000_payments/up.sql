-- Online fees (issue 6). A clerk asks for a fee (status 6, the clock
-- paused); the citizen pays through the gateway, possibly in several
-- attempts; the gateway's signed callback settles an attempt. The request
-- keeps the receipt of payment (biên lai) once paid. The other folder holds
-- the same migration.
CREATE TABLE payment_requests (
    id TEXT PRIMARY KEY NOT NULL,
    dossier_id TEXT NOT NULL REFERENCES dossiers (id),
    amount_vnd BIGINT NOT NULL,
    requested_by TEXT REFERENCES users (id),
    requested_at TIMESTAMP NOT NULL,
    paid_at TIMESTAMP,
    receipt_number TEXT UNIQUE
);
CREATE INDEX payment_requests_by_dossier ON payment_requests (dossier_id, requested_at);

-- One attempt per trip to the gateway. state: pending, paid, failed (the
-- bank refused), amount_mismatch (the gateway reported another amount:
-- flagged for reconciliation, never accepted).
CREATE TABLE payment_attempts (
    reference TEXT PRIMARY KEY NOT NULL,
    request_id TEXT NOT NULL REFERENCES payment_requests (id),
    gateway TEXT NOT NULL,
    amount_vnd BIGINT NOT NULL,
    state TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    completed_at TIMESTAMP,
    paid_amount_vnd BIGINT,
    response_code TEXT,
    transaction_no TEXT,
    bank_code TEXT,
    -- The callback's parameters, JSON, the signature left out.
    callback TEXT
);
CREATE INDEX payment_attempts_by_request ON payment_attempts (request_id, created_at);
