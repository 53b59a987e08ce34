CREATE TABLE ratings_old (
    dossier_id TEXT PRIMARY KEY NOT NULL REFERENCES dossiers (id),
    citizen_id TEXT NOT NULL REFERENCES citizens (id),
    scores TEXT NOT NULL,
    total INTEGER NOT NULL,
    comment TEXT,
    rated_at TIMESTAMP NOT NULL
);
INSERT INTO ratings_old (dossier_id, citizen_id, scores, total, comment, rated_at)
SELECT dossier_id, citizen_id, scores, total, comment, rated_at FROM ratings
WHERE citizen_id IS NOT NULL;
DROP TABLE ratings;
ALTER TABLE ratings_old RENAME TO ratings;
