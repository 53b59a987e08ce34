-- Sessions of the web pages: the browser holds a random token in an
-- HttpOnly cookie, we keep its hash. A session belongs to a citizen (and,
-- with the staff workspace, to a staff member), never both. It ends at
-- sign-out and at a new password (ended_at), and by itself when it is idle
-- too long or too old (expires_at, moved forward while it is used, never
-- past created_at plus the absolute limit).
CREATE TABLE web_sessions (
    id TEXT PRIMARY KEY NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    citizen_id TEXT REFERENCES citizens (id),
    user_id TEXT REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    ended_at TIMESTAMP,
    CHECK ((user_id IS NULL) <> (citizen_id IS NULL))
);
CREATE INDEX web_sessions_by_citizen ON web_sessions (citizen_id) WHERE citizen_id IS NOT NULL;
CREATE INDEX web_sessions_by_user ON web_sessions (user_id) WHERE user_id IS NOT NULL;
