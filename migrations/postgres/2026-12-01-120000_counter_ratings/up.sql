-- A rating is given online by the applicant, or on the paper form at the
-- counter and recorded by a clerk (Decree 61/2018 Art. 31: every dossier may
-- be rated, not only online ones): exactly one of the two is set.
ALTER TABLE ratings ALTER COLUMN citizen_id DROP NOT NULL;
ALTER TABLE ratings ADD COLUMN recorded_by TEXT REFERENCES users (id);
ALTER TABLE ratings ADD CONSTRAINT ratings_one_rater
    CHECK ((citizen_id IS NULL) <> (recorded_by IS NULL));
