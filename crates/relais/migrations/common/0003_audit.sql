-- The audit log: one keyed hash chain for the installation. Each row's hash is an HMAC (key derived
-- from the key-encryption key) of its canonical content and the previous row's hash. The sign-in
-- security log becomes part of it.

CREATE TABLE audit_log (
    seq BIGINT PRIMARY KEY NOT NULL,
    at BIGINT NOT NULL,
    org_id TEXT,
    actor_id TEXT,
    actor_roles TEXT NOT NULL,
    session_id TEXT,
    action TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id TEXT,
    patient_id TEXT,
    ip TEXT NOT NULL,
    user_agent TEXT NOT NULL,
    outcome TEXT NOT NULL,
    reason TEXT,
    detail TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_log_org_at ON audit_log (org_id, at);
CREATE INDEX audit_log_actor ON audit_log (actor_id, at);
CREATE INDEX audit_log_object ON audit_log (object_id, at);
CREATE INDEX audit_log_patient ON audit_log (patient_id, at);

CREATE TABLE audit_head (
    id BIGINT PRIMARY KEY NOT NULL,
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE audit_checkpoints (
    seq BIGINT PRIMARY KEY NOT NULL,
    hash TEXT NOT NULL,
    at BIGINT NOT NULL,
    signature TEXT NOT NULL
);

DROP TABLE security_events;
