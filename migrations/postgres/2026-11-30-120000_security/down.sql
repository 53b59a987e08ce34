ALTER TABLE citizens ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE citizens ADD COLUMN locked_until TIMESTAMP;
ALTER TABLE payment_attempts DROP COLUMN review;
DELETE FROM refresh_tokens WHERE citizen_id IS NOT NULL;
DROP INDEX refresh_tokens_by_citizen;
ALTER TABLE refresh_tokens DROP CONSTRAINT refresh_tokens_one_owner;
ALTER TABLE refresh_tokens DROP COLUMN citizen_id;
ALTER TABLE refresh_tokens ALTER COLUMN user_id SET NOT NULL;
