-- Data protection (GDPR): exports of one's own data, requests to the DPO (erasure,
-- rectification), legal holds, retention per data class, and the data-breach register.

-- An export of everything recorded about a person, built by a job and kept for seven days.
CREATE TABLE privacy_exports (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    state TEXT NOT NULL CONSTRAINT privacy_exports_state_known CHECK (state IN ('queued', 'running', 'ready', 'failed')),
    -- Progress: parts done out of parts to do.
    done BIGINT NOT NULL DEFAULT 0 CHECK (done >= 0),
    total BIGINT NOT NULL DEFAULT 0 CHECK (total >= 0),
    -- Where the sealed archive is stored, once ready.
    blob_key TEXT UNIQUE,
    size_bytes BIGINT,
    error TEXT,
    created_at BIGINT NOT NULL,
    ready_at BIGINT,
    expires_at BIGINT,
    CHECK (state <> 'ready' OR (blob_key IS NOT NULL AND expires_at IS NOT NULL))
);
CREATE INDEX privacy_exports_of_user ON privacy_exports (user_id, created_at);
-- One export under way per person at a time.
CREATE UNIQUE INDEX privacy_exports_one_pending ON privacy_exports (user_id) WHERE state IN ('queued', 'running');

-- A request to the DPO about one's data, answered within one month.
CREATE TABLE privacy_requests (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CONSTRAINT privacy_requests_kind_known CHECK (kind IN ('erasure', 'rectification')),
    state TEXT NOT NULL CONSTRAINT privacy_requests_state_known CHECK (state IN ('open', 'granted', 'refused')),
    -- What the person asks (sealed with the organisation's data key).
    details_enc BLOB NOT NULL,
    created_at BIGINT NOT NULL,
    due_at BIGINT NOT NULL,
    decided_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    decided_at BIGINT,
    reason TEXT CHECK (reason IS NULL OR length(reason) <= 2000),
    CHECK ((state = 'open') = (decided_at IS NULL)),
    CHECK (state = 'open' OR (reason IS NOT NULL AND length(reason) > 0))
);
CREATE INDEX privacy_requests_of_org ON privacy_requests (org_id, state, due_at);
CREATE INDEX privacy_requests_of_user ON privacy_requests (user_id);

-- A legal hold on a person's data (litigation, an inquiry): no erasure while it lasts.
CREATE TABLE privacy_holds (
    user_id TEXT PRIMARY KEY NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    org_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    reason TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    set_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    set_at BIGINT NOT NULL
);

-- How long each class of data is kept, as the organisation chose within the legal bounds
-- (the bounds are in the code, beside each class; no row: the class's default).
CREATE TABLE retention_rules (
    org_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    class TEXT NOT NULL CHECK (length(class) BETWEEN 1 AND 40),
    days BIGINT NOT NULL CHECK (days BETWEEN 1 AND 36500),
    updated_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (org_id, class)
);
INSERT INTO retention_rules (org_id, class, days, updated_at)
    SELECT id, 'messages', message_retention_days, created_at FROM organisations WHERE message_retention_days > 0;

-- The data-breach register (GDPR art. 33-34): every breach, notified to the CNIL within 72 h
-- or the reason why not.
CREATE TABLE privacy_breaches (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    nature TEXT NOT NULL CONSTRAINT privacy_breaches_nature_known CHECK (nature IN ('confidentiality', 'integrity', 'availability')),
    -- What happened, its consequences and the measures taken (sealed).
    description_enc BLOB NOT NULL,
    occurred_at BIGINT,
    discovered_at BIGINT NOT NULL,
    people_affected BIGINT CHECK (people_affected IS NULL OR people_affected >= 0),
    data_categories TEXT NOT NULL CHECK (length(data_categories) <= 500),
    notified_at BIGINT,
    not_notified_reason TEXT CHECK (not_notified_reason IS NULL OR length(not_notified_reason) BETWEEN 1 AND 2000),
    people_informed_at BIGINT,
    recorded_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    CHECK (notified_at IS NULL OR not_notified_reason IS NULL),
    CHECK (occurred_at IS NULL OR occurred_at <= discovered_at)
);
CREATE INDEX privacy_breaches_of_org ON privacy_breaches (org_id, discovered_at);
ALTER TABLE organisations DROP COLUMN message_retention_days;
-- Documents' old versions are kept by age under a retention rule now.
INSERT INTO retention_rules (org_id, class, days, updated_at)
    SELECT org_id, 'document_versions', keep_version_days, 0 FROM doc_settings WHERE keep_version_days <> 365;
ALTER TABLE doc_settings DROP COLUMN keep_version_days;
