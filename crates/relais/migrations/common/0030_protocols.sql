-- The team's usage protocol and the organisation's rules: versioned Markdown pages, for the whole
-- organisation (team_id NULL) or one team. A version may ask its readers to acknowledge it; an
-- acknowledgement is of one version, by one person, once.
CREATE TABLE protocol_pages (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    team_id TEXT REFERENCES teams(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CONSTRAINT protocol_pages_kind_known CHECK (kind IN ('usage', 'security', 'other')),
    title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 120),
    created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX protocol_pages_of_org ON protocol_pages (org_id, team_id);

CREATE TABLE protocol_versions (
    id TEXT PRIMARY KEY,
    protocol_id TEXT NOT NULL REFERENCES protocol_pages(id) ON DELETE CASCADE,
    version BIGINT NOT NULL CHECK (version >= 1),
    body TEXT NOT NULL CHECK (length(body) >= 1),
    note TEXT NOT NULL,
    needs_ack BIGINT NOT NULL CONSTRAINT protocol_versions_needs_ack_flag CHECK (needs_ack IN (0, 1)),
    published_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    published_at BIGINT NOT NULL,
    UNIQUE (protocol_id, version)
);

CREATE TABLE protocol_acks (
    version_id TEXT NOT NULL REFERENCES protocol_versions(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    acked_at BIGINT NOT NULL,
    PRIMARY KEY (version_id, user_id)
);
CREATE INDEX protocol_acks_of_user ON protocol_acks (user_id);
