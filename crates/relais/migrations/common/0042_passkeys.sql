-- Passkeys (WebAuthn): a second factor in place of TOTP, and a sign-in without password for
-- those who enrol one. Several per person, named, revocable.
CREATE TABLE passkeys (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
    -- The credential's id (base64url), unique: one authenticator key opens one account.
    credential_id TEXT NOT NULL UNIQUE,
    -- The public key and signature counter, as the WebAuthn library keeps them (JSON).
    credential TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_used_at BIGINT,
    UNIQUE (user_id, name)
);
CREATE INDEX passkeys_of_user ON passkeys (user_id);

-- A WebAuthn ceremony under way (its challenge), kept on the server and used once.
CREATE TABLE webauthn_ceremonies (
    id_hash TEXT PRIMARY KEY NOT NULL,
    user_id TEXT REFERENCES users (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL CONSTRAINT webauthn_ceremonies_purpose_known CHECK (purpose IN ('register', 'sign_in', 'second_factor')),
    -- For a registration: the name chosen for the new passkey.
    label TEXT,
    state TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
