-- Whether waiting for the fee stops the procedure's clock is the
-- procedure's own rule: most set the time "from the day the fee is paid",
-- some collect the fee with the result and let the time run. Existing
-- procedures keep the behaviour they had (the wait pauses).
ALTER TABLE procedure_versions ADD COLUMN fee_wait_pauses_clock BOOLEAN NOT NULL DEFAULT TRUE;
