-- A caregiver's calendar feed: a secret address (stored as a digest) that calendar apps poll for
-- the published visits, without patient data. Renewing replaces it; revoking deletes it.

CREATE TABLE calendar_feeds (
    user_id TEXT PRIMARY KEY NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    org_id TEXT NOT NULL REFERENCES organisations (id),
    token_digest TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);
