-- An apology sent less than the rule set's lead time (one working day)
-- before the appointment it moves: accepted, but marked, counted and shown
-- to the leader.
ALTER TABLE apologies ADD COLUMN sent_late BOOLEAN NOT NULL DEFAULT FALSE;
