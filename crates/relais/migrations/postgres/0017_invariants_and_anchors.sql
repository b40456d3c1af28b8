-- Invariants the code relies on, held by the database itself.

-- One arrival and one departure per caregiver and visit. Earlier duplicates (two check-ins sent
-- at the same instant) are removed first, keeping the first one received.
DELETE FROM visit_punches
WHERE id NOT IN (
    SELECT MIN(id) FROM visit_punches GROUP BY visit_id, caregiver_id, kind
);
CREATE UNIQUE INDEX visit_punches_once ON visit_punches (visit_id, caregiver_id, kind);

-- While storage is full, `/readyz` writes (and deletes, in the same transaction) one row here
-- with some padding, to learn whether writes that need new space succeed again.
CREATE TABLE storage_probe (
    id BIGINT PRIMARY KEY NOT NULL,
    written_at BIGINT NOT NULL,
    padding BYTEA NOT NULL
);

-- The TOTP secret offered on the enrolment page, sealed: chosen by the server, never the browser.
ALTER TABLE users ADD COLUMN totp_pending_enc BYTEA;

-- Every API token expires: tokens made without an expiry get 90 days from now. Tokens of
-- deactivated people are revoked (reactivating the account must not bring them back).
UPDATE api_tokens SET expires_at = (CAST(EXTRACT(EPOCH FROM now()) AS BIGINT) * 1000) + 7776000000 WHERE expires_at IS NULL;
UPDATE api_tokens SET revoked_at = (CAST(EXTRACT(EPOCH FROM now()) AS BIGINT) * 1000)
WHERE revoked_at IS NULL AND user_id IN (SELECT id FROM users WHERE active = 0);
