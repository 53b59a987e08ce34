-- The staff workspace lists an agency's staff by name (the pickers of
-- assign and hand over, the administrators' list).
CREATE INDEX users_by_agency ON users (agency_id, full_name);
