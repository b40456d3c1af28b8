-- Outgoing webhooks: events of a module sent to an organisation's tool, signed, retried, logged.

CREATE TABLE webhooks (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    url TEXT NOT NULL CHECK (length(url) BETWEEN 1 AND 2000),
    -- The event kinds sent, comma-separated (e.g. visit.check_in,visit.check_out).
    events TEXT NOT NULL CHECK (length(events) > 0),
    -- For messaging events: the one channel whose messages are announced.
    conversation_id TEXT REFERENCES conversations (id) ON DELETE CASCADE,
    -- The signing secret (sealed with the organisation's data key).
    secret_enc BLOB NOT NULL,
    -- Addresses on loopback or private networks are refused unless the administrator allows them.
    allow_private BIGINT NOT NULL DEFAULT 0 CONSTRAINT webhooks_allow_private_flag CHECK (allow_private IN (0, 1)),
    state TEXT NOT NULL CONSTRAINT webhooks_state_known CHECK (state IN ('active', 'disabled')),
    -- Failed attempts in a row; past the limit the webhook is disabled.
    failures BIGINT NOT NULL DEFAULT 0 CHECK (failures >= 0),
    disabled_at BIGINT,
    created_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    CHECK ((state = 'disabled') = (disabled_at IS NOT NULL))
);
CREATE INDEX webhooks_org ON webhooks (org_id);

-- One event to one webhook: the delivery log, and the queue of attempts.
CREATE TABLE webhook_deliveries (
    id TEXT PRIMARY KEY NOT NULL,
    webhook_id TEXT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event_id BIGINT NOT NULL,
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    state TEXT NOT NULL CONSTRAINT webhook_deliveries_state_known CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts BIGINT NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_at BIGINT NOT NULL,
    locked_until BIGINT,
    last_status BIGINT,
    last_error TEXT,
    created_at BIGINT NOT NULL,
    finished_at BIGINT,
    UNIQUE (webhook_id, event_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_at);
CREATE INDEX webhook_deliveries_of_webhook ON webhook_deliveries (webhook_id, created_at);

-- How far the outbox has been read for webhooks (events are numbered in commit order).
CREATE TABLE webhook_cursor (
    id BIGINT PRIMARY KEY NOT NULL CHECK (id = 1),
    last_event_id BIGINT NOT NULL
);
INSERT INTO webhook_cursor (id, last_event_id) VALUES (1, COALESCE((SELECT seq FROM outbox_head WHERE id = 1), 0));
