-- A rating is given online by the applicant, or on the paper form at the
-- counter and recorded by a clerk (Decree 61/2018 Art. 31: every dossier may
-- be rated, not only online ones): exactly one of the two is set. SQLite
-- cannot relax a NOT NULL in place: the table is made again.
CREATE TABLE ratings_new (
    dossier_id TEXT PRIMARY KEY NOT NULL REFERENCES dossiers (id),
    citizen_id TEXT REFERENCES citizens (id),
    scores TEXT NOT NULL,
    total INTEGER NOT NULL,
    comment TEXT,
    rated_at TIMESTAMP NOT NULL,
    recorded_by TEXT REFERENCES users (id),
    CHECK ((citizen_id IS NULL) <> (recorded_by IS NULL))
);
INSERT INTO ratings_new (dossier_id, citizen_id, scores, total, comment, rated_at)
SELECT dossier_id, citizen_id, scores, total, comment, rated_at FROM ratings;
DROP TABLE ratings;
ALTER TABLE ratings_new RENAME TO ratings;
