-- Citizens get what staff have: refresh tokens that rotate, a family that a
-- reused token or a sign-out revokes, and every family revoked by a new
-- password. A token belongs to a staff member or to a citizen, never both.
-- SQLite cannot drop NOT NULL in place: the table is rebuilt.
CREATE TABLE refresh_tokens_new (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT REFERENCES users (id),
    citizen_id TEXT REFERENCES citizens (id),
    family_id TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    expires_at TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    rotated_at TIMESTAMP,
    revoked_at TIMESTAMP,
    CHECK ((user_id IS NULL) <> (citizen_id IS NULL))
);
INSERT INTO refresh_tokens_new (id, user_id, family_id, token_hash, expires_at, created_at, rotated_at, revoked_at)
    SELECT id, user_id, family_id, token_hash, expires_at, created_at, rotated_at, revoked_at FROM refresh_tokens;
DROP TABLE refresh_tokens;
ALTER TABLE refresh_tokens_new RENAME TO refresh_tokens;
CREATE INDEX refresh_tokens_by_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_by_citizen ON refresh_tokens (citizen_id) WHERE citizen_id IS NOT NULL;

-- Why staff must look at a payment the gateway reported: paid_after_failure,
-- paid_twice or amount_mismatch; NULL when nothing is to reconcile.
ALTER TABLE payment_attempts ADD COLUMN review TEXT;

-- A wrong password no longer locks the account for everyone (a stranger
-- could lock the owner out): failures are counted per account and client,
-- in the server's memory, like the rate limits.
ALTER TABLE citizens DROP COLUMN failed_logins;
ALTER TABLE citizens DROP COLUMN locked_until;
