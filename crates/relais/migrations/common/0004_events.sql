-- Events: written to the outbox in the same transaction as the change, published after commit in
-- id order. The head row serialises writers so ids are committed in order.

CREATE TABLE outbox (
    id BIGINT PRIMARY KEY NOT NULL,
    at BIGINT NOT NULL,
    org_id TEXT NOT NULL,
    audience TEXT NOT NULL,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    published_at BIGINT
);
CREATE INDEX outbox_unpublished ON outbox (published_at, id);

CREATE TABLE outbox_head (
    id BIGINT PRIMARY KEY NOT NULL,
    seq BIGINT NOT NULL
);
INSERT INTO outbox_head (id, seq) VALUES (1, 0);
