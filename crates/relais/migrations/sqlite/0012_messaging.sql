-- Team messaging: conversations (channels, direct and group messages), their members and read
-- state, messages (content encrypted), reactions, mentions, the search index of keyed term
-- digests, notifications held outside working hours, and who may send urgent messages.

CREATE TABLE conversations (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations (id),
    kind TEXT NOT NULL,
    private BIGINT NOT NULL,
    name TEXT NOT NULL,
    topic TEXT NOT NULL,
    direct_key TEXT,
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    archived_at BIGINT,
    last_seq BIGINT NOT NULL,
    last_message_at BIGINT NOT NULL,
    UNIQUE (org_id, direct_key)
);
CREATE INDEX conversations_org ON conversations (org_id, kind);

CREATE TABLE conversation_members (
    conversation_id TEXT NOT NULL REFERENCES conversations (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    joined_at BIGINT NOT NULL,
    muted BIGINT NOT NULL,
    last_read_seq BIGINT NOT NULL,
    PRIMARY KEY (conversation_id, user_id)
);
CREATE INDEX conversation_members_user ON conversation_members (user_id);

CREATE TABLE messages (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations (id),
    conversation_id TEXT NOT NULL REFERENCES conversations (id),
    seq BIGINT NOT NULL,
    author_id TEXT NOT NULL REFERENCES users (id),
    thread_root_id TEXT REFERENCES messages (id),
    body_enc BLOB,
    client_key TEXT,
    urgent BIGINT NOT NULL,
    pinned BIGINT NOT NULL,
    reply_count BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    edited_at BIGINT,
    deleted_at BIGINT,
    UNIQUE (conversation_id, seq),
    UNIQUE (author_id, client_key)
);
CREATE INDEX messages_thread ON messages (thread_root_id, seq);
CREATE INDEX messages_retention ON messages (org_id, created_at);

CREATE TABLE message_reactions (
    message_id TEXT NOT NULL REFERENCES messages (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    emoji TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (message_id, user_id, emoji)
);

CREATE TABLE message_mentions (
    message_id TEXT NOT NULL REFERENCES messages (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    PRIMARY KEY (message_id, user_id)
);

CREATE TABLE message_terms (
    org_id TEXT NOT NULL REFERENCES organisations (id),
    term TEXT NOT NULL,
    message_id TEXT NOT NULL REFERENCES messages (id),
    PRIMARY KEY (org_id, term, message_id)
);
CREATE INDEX message_terms_message ON message_terms (message_id);

CREATE TABLE notifications (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL,
    conversation_id TEXT NOT NULL REFERENCES conversations (id),
    message_id TEXT NOT NULL REFERENCES messages (id),
    urgent BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    deliver_at BIGINT NOT NULL,
    delivered_at BIGINT,
    read_at BIGINT,
    UNIQUE (user_id, message_id)
);
CREATE INDEX notifications_due ON notifications (delivered_at, deliver_at);
CREATE INDEX notifications_user ON notifications (user_id, created_at);

CREATE TABLE urgent_overrides (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations (id),
    message_id TEXT NOT NULL REFERENCES messages (id),
    author_id TEXT NOT NULL REFERENCES users (id),
    reason_enc BLOB NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX urgent_overrides_org ON urgent_overrides (org_id, created_at);

ALTER TABLE organisations ADD COLUMN urgent_roles TEXT NOT NULL DEFAULT 'coordinator';
ALTER TABLE organisations ADD COLUMN message_retention_days BIGINT NOT NULL DEFAULT 0;
