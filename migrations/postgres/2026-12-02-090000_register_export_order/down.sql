DROP INDEX dossiers_by_agency_received;
CREATE INDEX dossiers_by_agency_received ON dossiers (agency_id, received_at);
