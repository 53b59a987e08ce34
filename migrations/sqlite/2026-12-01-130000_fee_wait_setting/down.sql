ALTER TABLE procedure_versions DROP COLUMN fee_wait_pauses_clock;
