-- A person's practice space: their own copy of the demo organisation, reset on demand.
CREATE TABLE practice_spaces (
    user_id TEXT PRIMARY KEY NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    org_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    -- The copy and the account the person uses in it (removed with the copy on a reset).
    practice_org_id TEXT NOT NULL UNIQUE,
    practice_user_id TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);
