DROP INDEX dossiers_by_applicant_tax_code;
DROP INDEX dossiers_by_applicant_phone;
DROP INDEX dossiers_by_applicant_id_number;
ALTER TABLE dossiers DROP COLUMN applicant_folded;
