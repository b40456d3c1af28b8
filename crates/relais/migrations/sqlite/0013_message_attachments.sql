-- Files attached to messages: the bytes sealed with the organisation's key, the type read from
-- the bytes; and how much each organisation may store.

CREATE TABLE message_attachments (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations (id),
    message_id TEXT NOT NULL REFERENCES messages (id),
    conversation_id TEXT NOT NULL REFERENCES conversations (id),
    uploader_id TEXT NOT NULL REFERENCES users (id),
    file_name TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    content_enc BLOB NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX message_attachments_message ON message_attachments (message_id);
CREATE INDEX message_attachments_org ON message_attachments (org_id);

ALTER TABLE organisations ADD COLUMN attachment_quota_bytes BIGINT NOT NULL DEFAULT 2147483648;
