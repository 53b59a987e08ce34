-- The staff workspace lists an agency's staff by name (the pickers of
-- assign and hand over, the administrators' list).
CREATE INDEX users_by_agency ON users (agency_id, full_name);
-- Every visit of a work queue counts the open dossiers its agency holds:
-- the holder first, the status next (so the ended history is skipped),
-- and every column the counts read, so no table row is fetched.
CREATE INDEX dossiers_open_by_holder ON dossiers (current_agency_id, status, due_at, due_soon_at, paused_at, late_without_apology);
