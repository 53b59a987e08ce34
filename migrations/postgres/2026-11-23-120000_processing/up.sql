-- Processing after intake: who holds a dossier, its step clock and SLA state,
-- hand-over details on events, the agencies that took part (liên thông), the
-- notice outbox and the durable job queue. migrations/sqlite holds the same.

-- The agency, unit and person holding the dossier now, and its current step of
-- the procedure's internal process with that step's due instant.
ALTER TABLE dossiers ADD COLUMN current_agency_id TEXT REFERENCES agencies (id);
ALTER TABLE dossiers ADD COLUMN current_unit_id TEXT REFERENCES units (id);
ALTER TABLE dossiers ADD COLUMN assignee_id TEXT REFERENCES users (id);
ALTER TABLE dossiers ADD COLUMN step_index INTEGER NOT NULL DEFAULT 0;
ALTER TABLE dossiers ADD COLUMN step_due_at TIMESTAMP;
-- While the applicant is asked for something: since when, and the status to
-- go back to (also the status before a withdrawal request).
ALTER TABLE dossiers ADD COLUMN paused_at TIMESTAMP;
ALTER TABLE dossiers ADD COLUMN resume_status TEXT;
-- SLA: due soon from due_soon_at; sla_check_at is when the state can next
-- change (NULL when it cannot: paused, overdue or closed), so the sweep reads
-- only the dossiers whose state changes.
ALTER TABLE dossiers ADD COLUMN due_soon_at TIMESTAMP;
ALTER TABLE dossiers ADD COLUMN sla_state TEXT NOT NULL DEFAULT 'on_track';
ALTER TABLE dossiers ADD COLUMN sla_check_at TIMESTAMP;
ALTER TABLE dossiers ADD COLUMN rule_set TEXT NOT NULL DEFAULT 'vn-2025';
-- The end: result record, outcome against the due instant, hand-over.
ALTER TABLE dossiers ADD COLUMN finished_at TIMESTAMP;
ALTER TABLE dossiers ADD COLUMN outcome TEXT;
ALTER TABLE dossiers ADD COLUMN result TEXT;
ALTER TABLE dossiers ADD COLUMN returned_at TIMESTAMP;
ALTER TABLE dossiers ADD COLUMN return_method TEXT;
ALTER TABLE dossiers ADD COLUMN tracking_number TEXT;

UPDATE dossiers SET current_agency_id = agency_id;
UPDATE dossiers SET due_soon_at = due_at, sla_check_at = due_at
    WHERE status IN ('received', 'processing', 'withdrawal_requested');

CREATE INDEX dossiers_by_sla_check ON dossiers (sla_check_at);
CREATE INDEX dossiers_by_holder_due ON dossiers (current_agency_id, due_at, id);
CREATE INDEX dossiers_by_assignee ON dossiers (assignee_id);

-- Hand-over details: the acting agency, who received the dossier, which step
-- and when that step is due; details (items asked for, result) as JSON.
ALTER TABLE dossier_events ADD COLUMN agency_id TEXT REFERENCES agencies (id);
ALTER TABLE dossier_events ADD COLUMN receiver_agency_id TEXT REFERENCES agencies (id);
ALTER TABLE dossier_events ADD COLUMN receiver_unit_id TEXT REFERENCES units (id);
ALTER TABLE dossier_events ADD COLUMN receiver_id TEXT REFERENCES users (id);
ALTER TABLE dossier_events ADD COLUMN step_index INTEGER;
ALTER TABLE dossier_events ADD COLUMN step_due_at TIMESTAMP;
ALTER TABLE dossier_events ADD COLUMN details TEXT;

-- The agencies a dossier was transferred to (liên thông): they keep seeing
-- it. The receiving agency is dossiers.agency_id.
CREATE TABLE dossier_agencies (
    dossier_id TEXT NOT NULL REFERENCES dossiers (id),
    agency_id TEXT NOT NULL REFERENCES agencies (id),
    PRIMARY KEY (dossier_id, agency_id)
);
CREATE INDEX dossier_agencies_by_agency ON dossier_agencies (agency_id);

-- The transactional outbox: a notice is written with the change that causes
-- it; unique_key makes a replayed change harmless. Delivery comes later.
CREATE TABLE notices (
    id TEXT PRIMARY KEY NOT NULL,
    unique_key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    dossier_id TEXT REFERENCES dossiers (id),
    recipient_user_id TEXT REFERENCES users (id),
    payload TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    sent_at TIMESTAMP,
    last_error TEXT
);
CREATE INDEX notices_by_dossier ON notices (dossier_id);

-- Durable jobs: claimed with a lease, retried with back-off.
CREATE TABLE jobs (
    id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    unique_key TEXT UNIQUE,
    state TEXT NOT NULL,
    run_at TIMESTAMP NOT NULL,
    attempts INTEGER NOT NULL,
    max_attempts INTEGER NOT NULL,
    locked_by TEXT,
    locked_until TIMESTAMP,
    last_error TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX jobs_ready ON jobs (state, run_at);
