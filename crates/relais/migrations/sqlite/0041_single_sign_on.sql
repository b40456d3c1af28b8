-- Single sign-on through OpenID Connect providers, configured per organisation (a hospital's
-- directory, Pro Santé Connect). A person's account is linked to a provider's stable subject,
-- never to an e-mail address.
CREATE TABLE sso_providers (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
    kind TEXT NOT NULL CONSTRAINT sso_providers_kind_known CHECK (kind IN ('generic', 'pro_sante_connect')),
    issuer TEXT NOT NULL CHECK (length(issuer) BETWEEN 8 AND 300),
    client_id TEXT NOT NULL CHECK (length(client_id) BETWEEN 1 AND 200),
    -- The client secret, sealed with the organisation's data key.
    client_secret_enc BLOB NOT NULL,
    -- Scopes asked besides `openid`, space-separated.
    scopes TEXT NOT NULL,
    -- The authentication levels asked (`acr_values`), space-separated; empty for none.
    acr_values TEXT NOT NULL,
    -- The `acr` values that prove a multi-factor sign-in, space-separated.
    mfa_acr TEXT NOT NULL,
    -- The role given to a person the provider knows and Relais does not; none: refused.
    jit_role TEXT,
    enabled BIGINT NOT NULL DEFAULT 1 CONSTRAINT sso_providers_enabled_flag CHECK (enabled IN (0, 1)),
    created_at BIGINT NOT NULL,
    UNIQUE (org_id, name)
);

-- Which account a provider's subject signs in to.
CREATE TABLE sso_identities (
    provider_id TEXT NOT NULL REFERENCES sso_providers (id) ON DELETE CASCADE,
    subject TEXT NOT NULL CHECK (length(subject) BETWEEN 1 AND 255),
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- Pro Santé Connect: the national professional identifier (RPPS/ADELI) and profession.
    professional_id TEXT,
    profession TEXT,
    linked_at BIGINT NOT NULL,
    last_used_at BIGINT,
    PRIMARY KEY (provider_id, subject),
    UNIQUE (provider_id, user_id)
);
CREATE INDEX sso_identities_of_user ON sso_identities (user_id);

-- A sign-in under way: the browser went to the provider and has not come back yet. The row is
-- deleted when it comes back, so a callback is used once.
CREATE TABLE sso_logins (
    state_hash TEXT PRIMARY KEY NOT NULL,
    provider_id TEXT NOT NULL REFERENCES sso_providers (id) ON DELETE CASCADE,
    -- The digest of a random value kept in a cookie of the browser that started it.
    browser_hash TEXT NOT NULL,
    nonce TEXT NOT NULL,
    pkce_verifier TEXT NOT NULL,
    -- Linking an identity to the signed-in person's account rather than signing in.
    link_user_id TEXT REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL
);

-- Sessions opened through a provider: what single logout needs.
CREATE TABLE sso_sessions (
    session_public_id TEXT PRIMARY KEY NOT NULL REFERENCES sessions (public_id) ON DELETE CASCADE,
    org_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    provider_id TEXT NOT NULL REFERENCES sso_providers (id) ON DELETE CASCADE,
    subject TEXT NOT NULL,
    -- The provider's session id (`sid`), when it gives one (back-channel logout names it).
    sid TEXT,
    -- The ID token, sealed: the hint of the provider's logout.
    id_token_enc BLOB NOT NULL
);
CREATE INDEX sso_sessions_of_subject ON sso_sessions (provider_id, subject);
