-- A provider can take over sign-in: people linked to it no longer sign in with a Relais
-- password (administrators keep theirs: the way in when the provider is down).
ALTER TABLE sso_providers ADD COLUMN password_off BIGINT NOT NULL DEFAULT 0 CONSTRAINT sso_providers_password_off_flag CHECK (password_off IN (0, 1));
