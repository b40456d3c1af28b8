-- Share links: a document or a folder opened by someone without an account, with a password
-- Relais generates and shows once (sent by another channel). Only digests are stored: the link's
-- token and the password (salted with the link's id). A folder link may instead be a drop box,
-- where visitors only add files. Wrong passwords are counted and lock the link.
CREATE TABLE doc_links (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    document_id TEXT REFERENCES documents(id) ON DELETE CASCADE,
    folder_id TEXT REFERENCES doc_folders(id) ON DELETE CASCADE,
    drop_box BIGINT NOT NULL DEFAULT 0 CONSTRAINT doc_links_drop_box_flag CHECK (drop_box IN (0, 1)),
    password_hash TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    max_downloads BIGINT CHECK (max_downloads IS NULL OR max_downloads BETWEEN 1 AND 10000),
    downloads BIGINT NOT NULL DEFAULT 0 CHECK (downloads >= 0),
    failures BIGINT NOT NULL DEFAULT 0 CHECK (failures >= 0),
    locked_at BIGINT,
    reason TEXT,
    created_by TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT,
    revoked_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    CHECK ((document_id IS NULL) <> (folder_id IS NULL)),
    CHECK (drop_box = 0 OR folder_id IS NOT NULL),
    CHECK (max_downloads IS NULL OR downloads <= max_downloads),
    CHECK (expires_at > created_at)
);
CREATE INDEX doc_links_of_creator ON doc_links (created_by, created_at);
CREATE INDEX doc_links_of_org ON doc_links (org_id, created_at);
CREATE INDEX doc_links_of_document ON doc_links (document_id);
CREATE INDEX doc_links_of_folder ON doc_links (folder_id);
