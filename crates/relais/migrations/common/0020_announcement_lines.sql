-- One line per person under each morning announcement, held by the database: two lines sent at
-- the same moment (two phones, two instances) cannot both be kept. A deleted line frees the place.
ALTER TABLE messages ADD COLUMN announcement_line BIGINT NOT NULL DEFAULT 0 CHECK (announcement_line IN (0, 1));

UPDATE messages SET announcement_line = 1
WHERE id IN (
    SELECT MIN(line.id) FROM messages line
    JOIN messages root ON root.id = line.thread_root_id
    WHERE root.kind = 'announcement' AND line.deleted_at IS NULL
    GROUP BY line.thread_root_id, line.author_id
);

CREATE UNIQUE INDEX messages_one_announcement_line
    ON messages (thread_root_id, author_id) WHERE announcement_line = 1 AND deleted_at IS NULL;
