-- Documents: spaces (the organisation's, one per team, one per person) holding folders, documents
-- and their versions. The bytes live in blob storage, sealed with the organisation's key; these
-- rows hold names, rights and usage. Names collide by `name_key` (NFC, lower case), so "Protocole"
-- and "protocole", or two spellings of "é", cannot sit side by side.
CREATE TABLE doc_settings (
    org_id TEXT PRIMARY KEY REFERENCES organisations(id) ON DELETE CASCADE,
    quota_bytes BIGINT CHECK (quota_bytes IS NULL OR quota_bytes >= 0),
    used_bytes BIGINT NOT NULL DEFAULT 0 CHECK (used_bytes >= 0),
    trash_days BIGINT NOT NULL DEFAULT 30 CHECK (trash_days BETWEEN 1 AND 365),
    keep_versions BIGINT NOT NULL DEFAULT 20 CHECK (keep_versions BETWEEN 1 AND 1000),
    keep_version_days BIGINT NOT NULL DEFAULT 365 CHECK (keep_version_days BETWEEN 1 AND 3650),
    CHECK (quota_bytes IS NULL OR used_bytes <= quota_bytes)
);

CREATE TABLE doc_spaces (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CONSTRAINT doc_spaces_kind_known CHECK (kind IN ('organisation', 'team', 'personal')),
    team_id TEXT REFERENCES teams(id) ON DELETE CASCADE,
    owner_id TEXT REFERENCES users(id) ON DELETE CASCADE,
    quota_bytes BIGINT CHECK (quota_bytes IS NULL OR quota_bytes >= 0),
    used_bytes BIGINT NOT NULL DEFAULT 0 CHECK (used_bytes >= 0),
    created_at BIGINT NOT NULL,
    CHECK (quota_bytes IS NULL OR used_bytes <= quota_bytes),
    CHECK ((kind = 'organisation' AND team_id IS NULL AND owner_id IS NULL)
        OR (kind = 'team' AND team_id IS NOT NULL AND owner_id IS NULL)
        OR (kind = 'personal' AND owner_id IS NOT NULL AND team_id IS NULL))
);
CREATE UNIQUE INDEX doc_spaces_one_per_org ON doc_spaces (org_id) WHERE kind = 'organisation';
CREATE UNIQUE INDEX doc_spaces_one_per_team ON doc_spaces (team_id) WHERE kind = 'team';
CREATE UNIQUE INDEX doc_spaces_one_per_person ON doc_spaces (owner_id) WHERE kind = 'personal';

CREATE TABLE doc_folders (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    space_id TEXT NOT NULL REFERENCES doc_spaces(id) ON DELETE CASCADE,
    -- Deferred: a restore inserts folders in id order, and a moved folder may hang under a newer one.
    parent_id TEXT REFERENCES doc_folders(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    deleted_at BIGINT,
    deleted_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    CHECK (parent_id IS NULL OR parent_id <> id)
);
CREATE UNIQUE INDEX doc_folders_one_root ON doc_folders (space_id) WHERE parent_id IS NULL;
CREATE UNIQUE INDEX doc_folders_unique_name ON doc_folders (parent_id, name_key)
    WHERE deleted_at IS NULL AND parent_id IS NOT NULL;
CREATE INDEX doc_folders_of_parent ON doc_folders (parent_id);

CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    space_id TEXT NOT NULL REFERENCES doc_spaces(id) ON DELETE CASCADE,
    folder_id TEXT NOT NULL REFERENCES doc_folders(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    patient_id TEXT REFERENCES patients(id),
    current_version BIGINT NOT NULL CHECK (current_version >= 1),
    size_bytes BIGINT NOT NULL CHECK (size_bytes >= 0),
    media_type TEXT NOT NULL,
    created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    updated_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    updated_at BIGINT NOT NULL,
    deleted_at BIGINT,
    deleted_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    locked_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    locked_until BIGINT,
    CHECK ((locked_by IS NULL) = (locked_until IS NULL))
);
CREATE UNIQUE INDEX documents_unique_name ON documents (folder_id, name_key) WHERE deleted_at IS NULL;
CREATE INDEX documents_of_space ON documents (space_id, updated_at);
CREATE INDEX documents_of_patient ON documents (patient_id);

CREATE TABLE document_versions (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    number BIGINT NOT NULL CHECK (number >= 1),
    size_bytes BIGINT NOT NULL CHECK (size_bytes >= 0),
    media_type TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    blob_key TEXT NOT NULL UNIQUE,
    created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (document_id, number)
);

CREATE TABLE doc_grants (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    space_id TEXT NOT NULL REFERENCES doc_spaces(id) ON DELETE CASCADE,
    folder_id TEXT REFERENCES doc_folders(id) ON DELETE CASCADE,
    grantee_kind TEXT NOT NULL CONSTRAINT doc_grants_grantee_kind_known
        CHECK (grantee_kind IN ('team', 'role', 'person')),
    grantee_id TEXT NOT NULL,
    level TEXT NOT NULL CONSTRAINT doc_grants_level_known
        CHECK (level IN ('none', 'read', 'write', 'manage')),
    created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX doc_grants_one_on_space ON doc_grants (space_id, grantee_kind, grantee_id)
    WHERE folder_id IS NULL;
CREATE UNIQUE INDEX doc_grants_one_on_folder ON doc_grants (folder_id, grantee_kind, grantee_id)
    WHERE folder_id IS NOT NULL;

CREATE TABLE doc_favourites (
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, document_id)
);
