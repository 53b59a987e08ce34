-- The register's export reads an agency's dossiers a page at a time in the
-- order of reception, ties broken by id: with the id in the index the pages
-- come off it in order and each stops at its limit.
DROP INDEX dossiers_by_agency_received;
CREATE INDEX dossiers_by_agency_received ON dossiers (agency_id, received_at, id);
