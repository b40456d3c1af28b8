-- What the telework module tells people (a request to decide, a decision, a charter or agreement
-- to read, a self-check due), held until the person's next working period (right to disconnect).
-- One notice per person, kind and subject: a reminder is sent once.
CREATE TABLE telework_notices (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CONSTRAINT telework_notices_kind_known CHECK (kind IN ('day_requested', 'day_decided', 'charter_published', 'charter_reminder', 'agreement_proposed', 'check_due')),
    subject TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    deliver_at BIGINT NOT NULL,
    delivered_at BIGINT,
    read_at BIGINT,
    UNIQUE (user_id, kind, subject)
);
CREATE INDEX telework_notices_due ON telework_notices (delivered_at, deliver_at);
