DELETE FROM dossier_sequences WHERE LENGTH(day) = 4;
DROP INDEX dossiers_receipt_number;
ALTER TABLE dossiers DROP COLUMN receipt_number;
ALTER TABLE dossiers DROP COLUMN receipt_year;
