-- The API: scopes per module and per read or write, requests counted per token and minute
-- (shared by every instance), bot accounts and incoming webhooks.

ALTER TABLE api_tokens ADD COLUMN window_start BIGINT NOT NULL DEFAULT 0;
ALTER TABLE api_tokens ADD COLUMN window_count BIGINT NOT NULL DEFAULT 0 CONSTRAINT api_tokens_window_count_positive CHECK (window_count >= 0);
-- A token made before scopes per module keeps what it could do: every module.
UPDATE api_tokens SET scopes = REPLACE(scopes, 'write', 'org:write,messaging:write,homecare:write,tasks:write');
UPDATE api_tokens SET scopes = REPLACE(scopes, 'read', 'org:read,audit:read,messaging:read,homecare:read,tasks:read')
    WHERE scopes NOT LIKE '%:read%';

-- A bot: an account without a person (no password, no sign-in), used through its tokens, shown
-- as a bot and never counted in the team's indicators.
ALTER TABLE users ADD COLUMN bot BIGINT NOT NULL DEFAULT 0 CONSTRAINT users_bot_flag CHECK (bot IN (0, 1));

-- An address a monitoring tool posts to; its messages appear in one channel, written by a bot.
CREATE TABLE incoming_webhooks (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    bot_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    secret_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT,
    window_start BIGINT NOT NULL DEFAULT 0,
    window_count BIGINT NOT NULL DEFAULT 0 CHECK (window_count >= 0)
);
CREATE INDEX incoming_webhooks_org ON incoming_webhooks (org_id);
