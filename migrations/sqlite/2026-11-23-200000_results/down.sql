DROP TABLE ratings;
ALTER TABLE application_files DROP COLUMN purpose;
