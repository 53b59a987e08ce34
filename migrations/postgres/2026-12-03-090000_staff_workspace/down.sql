DROP INDEX users_by_agency;
