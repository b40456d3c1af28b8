-- The caregiver's round: the patient's home card (QR and short code, stored as digests),
-- raw check-in/check-out punches (never changed), visit reports, and the idempotency record
-- that lets a phone replay its queued requests safely.

ALTER TABLE patients ADD COLUMN card_secret_digest TEXT;
ALTER TABLE patients ADD COLUMN card_code_digest TEXT;
ALTER TABLE patients ADD COLUMN card_issued_at BIGINT;

CREATE TABLE visit_punches (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations (id),
    visit_id TEXT NOT NULL REFERENCES visits (id) ON DELETE CASCADE,
    caregiver_id TEXT NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL,
    method TEXT NOT NULL,
    reason TEXT,
    device_at BIGINT NOT NULL,
    received_at BIGINT NOT NULL
);
CREATE INDEX visit_punches_visit ON visit_punches (visit_id, kind);

CREATE TABLE visit_reports (
    visit_id TEXT PRIMARY KEY NOT NULL REFERENCES visits (id) ON DELETE CASCADE,
    org_id TEXT NOT NULL REFERENCES organisations (id),
    caregiver_id TEXT NOT NULL REFERENCES users (id),
    outcome TEXT NOT NULL,
    note_enc BLOB,
    flags TEXT NOT NULL,
    device_at BIGINT NOT NULL,
    received_at BIGINT NOT NULL
);

-- One row per request a device sent with an idempotency key: same key and same body give the
-- same answer; the same key with another body is refused.
CREATE TABLE device_requests (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    idempotency_key TEXT NOT NULL,
    request_digest TEXT NOT NULL,
    result TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, idempotency_key)
);
