-- The receipt's number (Số …/TNHS) and its line in the register (Sổ theo dõi
-- hồ sơ): one book per agency and year, numbered from 1, never repeated,
-- given when a clerk receives the dossier (at the counter, or accepting it
-- online). The daily sequence in the dossier code stays as it is.
ALTER TABLE dossiers ADD COLUMN receipt_year INTEGER;
ALTER TABLE dossiers ADD COLUMN receipt_number INTEGER;
CREATE UNIQUE INDEX dossiers_receipt_number
    ON dossiers (agency_id, receipt_year, receipt_number)
    WHERE receipt_number IS NOT NULL;

-- Dossiers received before: numbered in the order they were received, by the
-- year of reception in Vietnam time; the books go on from there (the year's
-- key in dossier_sequences is the four-digit year, the day's six digits).
UPDATE dossiers AS d
SET receipt_year = n.year, receipt_number = n.line
FROM (
    SELECT id,
           CAST(EXTRACT(YEAR FROM received_at + INTERVAL '7 hours') AS INTEGER) AS year,
           CAST(ROW_NUMBER() OVER (
               PARTITION BY agency_id, EXTRACT(YEAR FROM received_at + INTERVAL '7 hours')
               ORDER BY received_at, id
           ) AS INTEGER) AS line
    FROM dossiers
    WHERE received_by IS NOT NULL
      AND NOT EXISTS (
          SELECT 1 FROM dossier_events e
          WHERE e.dossier_id = dossiers.id AND e.kind = 'refused_at_reception'
      )
) AS n
WHERE d.id = n.id;
INSERT INTO dossier_sequences (agency_id, day, last_value)
SELECT agency_id, CAST(receipt_year AS TEXT), MAX(receipt_number)
FROM dossiers
WHERE receipt_number IS NOT NULL
GROUP BY agency_id, receipt_year;
