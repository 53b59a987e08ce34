-- Online submission (issue 6). Citizens are not staff: they have their own
-- accounts, belong to no agency, and sign in with tokens of their own
-- audience. The other folder holds the same migration.
CREATE TABLE citizens (
    id TEXT PRIMARY KEY NOT NULL,
    -- Lower-cased; the sign-in name.
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    -- 'person' or 'organization' (the latter carries its tax code).
    kind TEXT NOT NULL,
    full_name TEXT NOT NULL,
    organization_name TEXT,
    tax_code TEXT,
    phone TEXT,
    email_verified_at TIMESTAMP,
    -- Consecutive wrong passwords; reset by a good one. Enough of them lock
    -- the account until locked_until.
    failed_logins INTEGER NOT NULL,
    locked_until TIMESTAMP,
    -- Signed links (password reset) name it, so a link stops working once
    -- the password it was for has changed.
    password_changed_at TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- A citizen's application: a draft until submitted, then tied to the dossier
-- it became. The form is the applicant, result delivery and notice choices
-- as JSON, parsed again on submission.
CREATE TABLE online_applications (
    id TEXT PRIMARY KEY NOT NULL,
    citizen_id TEXT NOT NULL REFERENCES citizens (id),
    procedure_version_id TEXT NOT NULL REFERENCES procedure_versions (id),
    agency_id TEXT NOT NULL REFERENCES agencies (id),
    form TEXT NOT NULL,
    dossier_id TEXT UNIQUE REFERENCES dossiers (id),
    submitted_at TIMESTAMP,
    version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX online_applications_by_citizen ON online_applications (citizen_id, created_at);

-- The files of an application, one or more per required document. The bytes
-- are in the object store under storage_key; the type is what the bytes are,
-- sniffed, never what the name or the header said.
CREATE TABLE application_files (
    id TEXT PRIMARY KEY NOT NULL,
    application_id TEXT NOT NULL REFERENCES online_applications (id),
    document_index INTEGER NOT NULL,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    storage_key TEXT NOT NULL UNIQUE,
    uploaded_at TIMESTAMP NOT NULL
);
CREATE INDEX application_files_by_document ON application_files (application_id, document_index);

-- Answers to requests sent with an Idempotency-Key, kept so that a retry
-- gets the same answer and does nothing twice.
CREATE TABLE idempotency_keys (
    citizen_id TEXT NOT NULL REFERENCES citizens (id),
    idempotency_key TEXT NOT NULL,
    -- What the key was first used for; another request with it is refused.
    request_fingerprint TEXT NOT NULL,
    status_code INTEGER NOT NULL,
    response TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (citizen_id, idempotency_key)
);
