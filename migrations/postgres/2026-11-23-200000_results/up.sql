-- Results online and the applicant's rating (issue 6). Staff attach the
-- result of an online dossier (and its detached signature, when there is
-- one) beside the applicant's files; the purpose tells them apart. The
-- other folder holds the same migration.
ALTER TABLE application_files ADD COLUMN purpose TEXT NOT NULL DEFAULT 'document';

-- One rating per dossier, after the result: nine criteria of Decree 61
-- Art. 31 / Circular 01/2018, 0 to 2 points each (JSON, in order), and
-- their total.
CREATE TABLE ratings (
    dossier_id TEXT PRIMARY KEY NOT NULL REFERENCES dossiers (id),
    citizen_id TEXT NOT NULL REFERENCES citizens (id),
    scores TEXT NOT NULL,
    total INTEGER NOT NULL,
    comment TEXT,
    rated_at TIMESTAMP NOT NULL
);
