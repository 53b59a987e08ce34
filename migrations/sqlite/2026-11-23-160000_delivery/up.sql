-- Delivery of the outbox (issue 5). A notice now says how it goes (channel),
-- where (address, copied when it is written: a later change of contact does
-- not redirect a notice already queued), in which language, and what the
-- provider answered. One row per channel, so an e-mail that fails does not
-- hold back the SMS. The other folder holds the same migration.
ALTER TABLE notices ADD COLUMN channel TEXT NOT NULL DEFAULT 'email';
ALTER TABLE notices ADD COLUMN address TEXT;
ALTER TABLE notices ADD COLUMN language TEXT NOT NULL DEFAULT 'vi';
ALTER TABLE notices ADD COLUMN provider_answer TEXT;
CREATE INDEX notices_by_state ON notices (state, created_at);
CREATE INDEX notices_by_recipient ON notices (recipient_user_id);

-- Staff may give an e-mail address for warnings.
ALTER TABLE users ADD COLUMN email TEXT;

-- The applicant's choice at intake: 'email', 'sms', 'email,sms' or '' (tell
-- me at the counter), and the language of the notices.
ALTER TABLE dossiers ADD COLUMN notify_by TEXT NOT NULL DEFAULT '';
ALTER TABLE dossiers ADD COLUMN notify_language TEXT NOT NULL DEFAULT 'vi';
UPDATE dossiers SET notify_by = CASE
    WHEN applicant_email IS NOT NULL THEN 'email'
    WHEN applicant_phone IS NOT NULL THEN 'sms'
    ELSE '' END;

-- Notices written before delivery existed: address them as the dossier now
-- chooses; staff had no e-mail, so their warnings stay as a record only.
UPDATE notices SET channel = 'sms'
    WHERE recipient_user_id IS NULL
    AND (SELECT notify_by FROM dossiers WHERE dossiers.id = notices.dossier_id) = 'sms';
UPDATE notices SET address = (SELECT CASE WHEN notices.channel = 'sms' THEN applicant_phone ELSE applicant_email END
    FROM dossiers WHERE dossiers.id = notices.dossier_id)
    WHERE recipient_user_id IS NULL;
UPDATE notices SET state = 'unaddressed' WHERE address IS NULL AND state = 'pending';
INSERT INTO jobs (id, kind, payload, unique_key, state, run_at, attempts, max_attempts,
                  locked_by, locked_until, last_error, created_at, updated_at)
    SELECT 'send-' || id, 'send_notice', '{"notice_id":"' || id || '"}', 'send_notice:' || id,
           'queued', created_at, 0, 12, NULL, NULL, NULL, created_at, created_at
    FROM notices WHERE state = 'pending';
