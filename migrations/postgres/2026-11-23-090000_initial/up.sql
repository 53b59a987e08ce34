-- The first slice: agencies and staff, the procedure catalogue, counter intake.
-- Portable types only (TEXT, INTEGER, BIGINT, BOOLEAN, TIMESTAMP holding UTC,
-- DATE); UUIDs and JSON are TEXT. migrations/sqlite holds the same schema.

CREATE TABLE agencies (
    id TEXT PRIMARY KEY NOT NULL,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    parent_id TEXT REFERENCES agencies (id),
    office_hours TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE units (
    id TEXT PRIMARY KEY NOT NULL,
    agency_id TEXT NOT NULL REFERENCES agencies (id),
    name TEXT NOT NULL,
    one_stop BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (agency_id, name)
);

CREATE TABLE users (
    id TEXT PRIMARY KEY NOT NULL,
    username TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    full_name TEXT NOT NULL,
    role TEXT NOT NULL,
    agency_id TEXT NOT NULL REFERENCES agencies (id),
    unit_id TEXT REFERENCES units (id),
    active BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- Refresh tokens are stored as SHA-256 hashes; a family is one sign-in and all
-- its rotations, revoked together when a rotated token is presented again.
CREATE TABLE refresh_tokens (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    family_id TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    expires_at TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    rotated_at TIMESTAMP,
    revoked_at TIMESTAMP
);
CREATE INDEX refresh_tokens_by_family ON refresh_tokens (family_id);

CREATE TABLE procedures (
    id TEXT PRIMARY KEY NOT NULL,
    code TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL
);

-- A procedure changes by new versions, each in force from its date; a dossier
-- keeps the version it started on.
CREATE TABLE procedure_versions (
    id TEXT PRIMARY KEY NOT NULL,
    procedure_id TEXT NOT NULL REFERENCES procedures (id),
    effective_from DATE NOT NULL,
    name TEXT NOT NULL,
    field TEXT NOT NULL,
    processing_time INTEGER NOT NULL,
    processing_unit TEXT NOT NULL,
    processing_note TEXT,
    online_mode TEXT NOT NULL,
    result_type TEXT NOT NULL,
    documents TEXT NOT NULL,
    fees TEXT NOT NULL,
    steps TEXT NOT NULL,
    legal_basis TEXT NOT NULL,
    source_url TEXT,
    search_text TEXT NOT NULL,
    created_by TEXT REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    UNIQUE (procedure_id, effective_from)
);

CREATE TABLE procedure_agencies (
    procedure_id TEXT NOT NULL REFERENCES procedures (id),
    agency_id TEXT NOT NULL REFERENCES agencies (id),
    PRIMARY KEY (procedure_id, agency_id)
);
CREATE INDEX procedure_agencies_by_agency ON procedure_agencies (agency_id);

-- The last sequence number given out per agency per day (yymmdd, local time).
CREATE TABLE dossier_sequences (
    agency_id TEXT NOT NULL REFERENCES agencies (id),
    day TEXT NOT NULL,
    last_value INTEGER NOT NULL,
    PRIMARY KEY (agency_id, day)
);

CREATE TABLE dossiers (
    id TEXT PRIMARY KEY NOT NULL,
    code TEXT NOT NULL UNIQUE,
    agency_id TEXT NOT NULL REFERENCES agencies (id),
    procedure_version_id TEXT NOT NULL REFERENCES procedure_versions (id),
    channel INTEGER NOT NULL,
    status TEXT NOT NULL,
    applicant_name TEXT NOT NULL,
    applicant_id_number TEXT,
    applicant_birth_date DATE,
    applicant_phone TEXT,
    applicant_email TEXT,
    applicant_address TEXT NOT NULL,
    applicant_organization TEXT,
    applicant_tax_code TEXT,
    representative TEXT,
    result_delivery TEXT NOT NULL,
    delivery_address TEXT,
    received_at TIMESTAMP NOT NULL,
    clock_started_at TIMESTAMP NOT NULL,
    due_at TIMESTAMP NOT NULL,
    original_due_at TIMESTAMP NOT NULL,
    processing_time INTEGER NOT NULL,
    processing_unit TEXT NOT NULL,
    calendar_version TEXT NOT NULL,
    received_by TEXT REFERENCES users (id),
    register_number INTEGER NOT NULL,
    refusal_reasons TEXT,
    version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
-- Work lists are per agency, sorted by due instant (keyset pagination on id).
CREATE INDEX dossiers_by_agency_due ON dossiers (agency_id, due_at, id);
CREATE INDEX dossiers_by_agency_received ON dossiers (agency_id, received_at);

CREATE TABLE dossier_documents (
    dossier_id TEXT NOT NULL REFERENCES dossiers (id),
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    copy_type TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (dossier_id, position)
);

-- Immutable history: the timeline, the audit trail and the control sheet.
CREATE TABLE dossier_events (
    id TEXT PRIMARY KEY NOT NULL,
    dossier_id TEXT NOT NULL REFERENCES dossiers (id),
    kind TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT NOT NULL,
    step_name TEXT NOT NULL,
    actor_id TEXT REFERENCES users (id),
    unit_id TEXT REFERENCES units (id),
    note TEXT,
    at TIMESTAMP NOT NULL
);
CREATE INDEX dossier_events_by_dossier ON dossier_events (dossier_id, at);

-- Mẫu 02 given at the counter: the guidance is recorded, no dossier code is used.
CREATE TABLE supplement_notices (
    id TEXT PRIMARY KEY NOT NULL,
    agency_id TEXT NOT NULL REFERENCES agencies (id),
    procedure_version_id TEXT NOT NULL REFERENCES procedure_versions (id),
    applicant_name TEXT NOT NULL,
    items TEXT NOT NULL,
    issued_by TEXT NOT NULL REFERENCES users (id),
    issued_at TIMESTAMP NOT NULL
);
