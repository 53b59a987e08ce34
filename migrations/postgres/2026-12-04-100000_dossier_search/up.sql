-- Staff find a dossier by its applicant: the name and organisation folded
-- for search (lower case, no diacritics; written by the application with
-- every new dossier, and for the dossiers already stored right after this
-- migration), and indexes for the numbers people read out at the counter.
-- The other folder holds the same migration.
ALTER TABLE dossiers ADD COLUMN applicant_folded TEXT NOT NULL DEFAULT '';
CREATE INDEX dossiers_by_applicant_id_number ON dossiers (applicant_id_number);
CREATE INDEX dossiers_by_applicant_phone ON dossiers (applicant_phone);
CREATE INDEX dossiers_by_applicant_tax_code ON dossiers (applicant_tax_code);
