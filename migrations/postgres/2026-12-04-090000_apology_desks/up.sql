-- The staff workspace lists the apologies waiting on an agency's desk:
-- drafts to complete and completed ones to sign (by the holding agency),
-- signed ones to send (joined to the receiving agency's dossiers). The
-- other folder holds the same migration.
CREATE INDEX apologies_by_state ON apologies (state, agency_id, drafted_at);
