-- Encryption at rest: per-organisation data keys wrapped by the key-encryption key, and the
-- TOTP secret stored encrypted.

CREATE TABLE meta (
    name TEXT PRIMARY KEY NOT NULL,
    value BYTEA NOT NULL
);

CREATE TABLE data_keys (
    org_id TEXT NOT NULL,
    version BIGINT NOT NULL,
    wrapped BYTEA NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (org_id, version)
);

ALTER TABLE users DROP COLUMN totp_secret;
ALTER TABLE users ADD COLUMN totp_secret_enc BYTEA;
