-- The feedback box: suggestions and problems sent to a team's managers or to the organisation,
-- named or anonymous. An anonymous item stores no author and no moment finer than the day; its
-- author follows it with a one-time code of which only the digest is kept. Every item becomes
-- visible the day after it is sent, all of a day's items at once, so the moment it appears tells
-- nothing of who was connected when.
CREATE TABLE feedback_items (
    -- A random id (never time-ordered).
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    -- The team whose managers receive it; none for the organisation.
    team_id TEXT REFERENCES teams (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CONSTRAINT feedback_items_kind_known CHECK (kind IN ('suggestion', 'problem')),
    topic TEXT NOT NULL CONSTRAINT feedback_items_topic_known CHECK (topic IN ('work', 'tools', 'organisation')),
    title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 150),
    -- The text, sealed with the organisation's key.
    body_enc BYTEA NOT NULL,
    -- None when anonymous.
    author_id TEXT REFERENCES users (id) ON DELETE SET NULL,
    anonymous BIGINT NOT NULL CONSTRAINT feedback_items_anonymous_flag CHECK (anonymous IN (0, 1)),
    -- SHA-256 of the anonymous author's follow-up code.
    follow_digest TEXT UNIQUE,
    status TEXT NOT NULL CONSTRAINT feedback_items_status_known CHECK (status IN ('received', 'studying', 'done', 'declined')),
    sent_on TEXT NOT NULL,
    visible_on TEXT NOT NULL,
    CHECK (anonymous = 0 OR author_id IS NULL),
    CHECK (anonymous = 1 OR follow_digest IS NULL)
);
CREATE INDEX feedback_items_of_org ON feedback_items (org_id, visible_on);

-- Answers of those who receive the item (signed), and the reason when declined.
CREATE TABLE feedback_replies (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    item_id TEXT NOT NULL REFERENCES feedback_items (id) ON DELETE CASCADE,
    author_id TEXT REFERENCES users (id) ON DELETE SET NULL,
    status TEXT NOT NULL CONSTRAINT feedback_replies_status_known CHECK (status IN ('received', 'studying', 'done', 'declined')),
    body TEXT NOT NULL CHECK (length(body) <= 2000),
    created_at BIGINT NOT NULL
);
CREATE INDEX feedback_replies_of_item ON feedback_replies (item_id, created_at);

-- One vote per person and item (only counts are shown).
CREATE TABLE feedback_votes (
    item_id TEXT NOT NULL REFERENCES feedback_items (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (item_id, user_id)
);
