-- Calendar feeds of every feature in one table: a secret address (stored as a digest) that
-- calendar apps poll. `kind` names the feed (the round, telework), `scope` what it covers (''
-- for the person's own, a team's id for a team's). Renewing replaces it; revoking deletes it.
CREATE TABLE feeds (
    token_digest TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    org_id TEXT NOT NULL REFERENCES organisations (id),
    kind TEXT NOT NULL,
    scope TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (user_id, kind, scope)
);

INSERT INTO feeds (token_digest, user_id, org_id, kind, scope, created_at)
SELECT token_digest, user_id, org_id, 'round', '', created_at FROM calendar_feeds;

DROP TABLE calendar_feeds;
