-- Citizens get what staff have: refresh tokens that rotate, a family that a
-- reused token or a sign-out revokes, and every family revoked by a new
-- password. A token belongs to a staff member or to a citizen, never both.
ALTER TABLE refresh_tokens ALTER COLUMN user_id DROP NOT NULL;
ALTER TABLE refresh_tokens ADD COLUMN citizen_id TEXT REFERENCES citizens (id);
ALTER TABLE refresh_tokens ADD CONSTRAINT refresh_tokens_one_owner
    CHECK ((user_id IS NULL) <> (citizen_id IS NULL));
CREATE INDEX refresh_tokens_by_citizen ON refresh_tokens (citizen_id) WHERE citizen_id IS NOT NULL;

-- Why staff must look at a payment the gateway reported: paid_after_failure,
-- paid_twice or amount_mismatch; NULL when nothing is to reconcile.
ALTER TABLE payment_attempts ADD COLUMN review TEXT;

-- A wrong password no longer locks the account for everyone (a stranger
-- could lock the owner out): failures are counted per account and client,
-- in the server's memory, like the rate limits.
ALTER TABLE citizens DROP COLUMN failed_logins;
ALTER TABLE citizens DROP COLUMN locked_until;
