ALTER TABLE dossiers DROP COLUMN late_without_apology;
DROP TABLE apologies;
