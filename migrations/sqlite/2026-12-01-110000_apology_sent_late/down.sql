ALTER TABLE apologies DROP COLUMN sent_late;
