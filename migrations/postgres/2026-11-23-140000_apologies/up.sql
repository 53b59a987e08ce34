-- Apology notices (Phiếu xin lỗi và hẹn lại ngày trả kết quả; from 1 July
-- 2025 "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết"): drafted,
-- completed by the unit holding the dossier, signed by the leader, sent by
-- the one-stop section. The other folder holds the same migration.
CREATE TABLE apologies (
    id TEXT PRIMARY KEY NOT NULL,
    dossier_id TEXT NOT NULL REFERENCES dossiers (id),
    agency_id TEXT NOT NULL REFERENCES agencies (id),
    state TEXT NOT NULL,
    drafted_because TEXT NOT NULL,
    original_due_at TIMESTAMP NOT NULL,
    reason TEXT,
    new_due_at TIMESTAMP,
    drafted_at TIMESTAMP NOT NULL,
    completed_by TEXT REFERENCES users (id),
    completed_at TIMESTAMP,
    signed_by TEXT REFERENCES users (id),
    signed_at TIMESTAMP,
    sent_by TEXT REFERENCES users (id),
    sent_at TIMESTAMP
);
CREATE INDEX apologies_by_dossier ON apologies (dossier_id, drafted_at);

-- The due instant passed and no apology had been sent.
ALTER TABLE dossiers ADD COLUMN late_without_apology BOOLEAN NOT NULL DEFAULT FALSE;
