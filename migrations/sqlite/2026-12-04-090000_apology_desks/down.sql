DROP INDEX apologies_by_state;
