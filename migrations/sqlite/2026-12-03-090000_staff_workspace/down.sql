DROP INDEX dossiers_open_by_holder;
DROP INDEX users_by_agency;
