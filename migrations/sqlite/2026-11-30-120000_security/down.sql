ALTER TABLE citizens ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE citizens ADD COLUMN locked_until TIMESTAMP;
ALTER TABLE payment_attempts DROP COLUMN review;
CREATE TABLE refresh_tokens_old (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    family_id TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    expires_at TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    rotated_at TIMESTAMP,
    revoked_at TIMESTAMP
);
INSERT INTO refresh_tokens_old
    SELECT id, user_id, family_id, token_hash, expires_at, created_at, rotated_at, revoked_at
    FROM refresh_tokens WHERE user_id IS NOT NULL;
DROP TABLE refresh_tokens;
ALTER TABLE refresh_tokens_old RENAME TO refresh_tokens;
CREATE INDEX refresh_tokens_by_family ON refresh_tokens (family_id);
