DELETE FROM ratings WHERE citizen_id IS NULL;
ALTER TABLE ratings DROP CONSTRAINT ratings_one_rater;
ALTER TABLE ratings DROP COLUMN recorded_by;
ALTER TABLE ratings ALTER COLUMN citizen_id SET NOT NULL;
