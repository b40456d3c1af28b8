//! SQL for documents and their versions.

use sqlx::{Any, AnyConnection, Executor};

use super::folders::unique_or;
use crate::clock::now_ms;
use crate::documents::model::{Document, DocumentId, FolderId, SpaceId, Version, VersionId};
use crate::documents::names;
use crate::homecare::model::PatientId;

const COLUMNS: &str = "d.id, d.space_id, d.folder_id, d.name, d.patient_id, d.current_version, \
    d.size_bytes, d.media_type, d.created_by, d.updated_by, COALESCE(u.display_name, '') AS \
    updated_by_name, d.updated_at, d.deleted_at, d.locked_by, COALESCE(l.display_name, '') AS \
    locked_by_name, d.locked_until";

const FROM: &str = "documents d LEFT JOIN users u ON u.id = d.updated_by \
    LEFT JOIN users l ON l.id = d.locked_by";

/// A new version's facts, as received.
#[derive(Debug, Clone)]
pub struct NewVersion<'a> {
    pub id: &'a VersionId,
    pub size_bytes: i64,
    pub media_type: &'a str,
    pub sha256: &'a str,
    pub blob_key: &'a str,
    pub by: &'a str,
}

/// Creates a document at version 1; `false` when a live document of the folder has that name.
pub async fn insert(
    conn: &mut AnyConnection,
    org_id: &str,
    id: &DocumentId,
    space_id: &SpaceId,
    folder_id: &FolderId,
    name: &str,
    version: &NewVersion<'_>,
) -> sqlx::Result<bool> {
    let now = now_ms();
    let done = sqlx::query(
        "INSERT INTO documents (id, org_id, space_id, folder_id, name, name_key, current_version, \
         size_bytes, media_type, created_by, created_at, updated_by, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8, $9, $10, $9, $10) ON CONFLICT DO NOTHING",
    )
    .bind(id)
    .bind(org_id)
    .bind(space_id)
    .bind(folder_id)
    .bind(name)
    .bind(names::key(name))
    .bind(version.size_bytes)
    .bind(version.media_type)
    .bind(version.by)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    insert_version(conn, org_id, id, 1, version).await?;
    Ok(true)
}

/// Adds the next version of a document and makes it current; returns its number.
pub async fn add_version(
    conn: &mut AnyConnection,
    org_id: &str,
    id: &DocumentId,
    version: &NewVersion<'_>,
) -> sqlx::Result<i64> {
    // The row lock of this update orders concurrent uploads of one document.
    let number: i64 = sqlx::query_scalar(
        "UPDATE documents SET current_version = current_version + 1, size_bytes = $2, \
         media_type = $3, updated_by = $4, updated_at = $5 WHERE id = $1 RETURNING current_version",
    )
    .bind(id)
    .bind(version.size_bytes)
    .bind(version.media_type)
    .bind(version.by)
    .bind(now_ms())
    .fetch_one(&mut *conn)
    .await?;
    insert_version(conn, org_id, id, number, version).await?;
    Ok(number)
}

async fn insert_version(
    conn: &mut AnyConnection,
    org_id: &str,
    document_id: &DocumentId,
    number: i64,
    version: &NewVersion<'_>,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO document_versions (id, org_id, document_id, number, size_bytes, media_type, \
         sha256, blob_key, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(version.id)
    .bind(org_id)
    .bind(document_id)
    .bind(number)
    .bind(version.size_bytes)
    .bind(version.media_type)
    .bind(version.sha256)
    .bind(version.blob_key)
    .bind(version.by)
    .bind(now_ms())
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn find(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    id: &DocumentId,
) -> sqlx::Result<Option<Document>> {
    let sql = format!("SELECT {COLUMNS} FROM {FROM} WHERE d.org_id = $1 AND d.id = $2");
    sqlx::query_as(&sql).bind(org_id).bind(id).fetch_optional(db).await
}

/// The live document of a folder with that name (any case or normalisation), if any.
pub async fn named(
    db: impl Executor<'_, Database = Any>,
    folder_id: &FolderId,
    name: &str,
) -> sqlx::Result<Option<Document>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM {FROM} WHERE d.folder_id = $1 AND d.name_key = $2 \
         AND d.deleted_at IS NULL"
    );
    sqlx::query_as(&sql).bind(folder_id).bind(names::key(name)).fetch_optional(db).await
}

/// The live documents of a folder, by name.
pub async fn in_folder(
    db: impl Executor<'_, Database = Any>,
    folder_id: &FolderId,
) -> sqlx::Result<Vec<Document>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM {FROM} WHERE d.folder_id = $1 AND d.deleted_at IS NULL \
         ORDER BY d.name_key, d.id"
    );
    sqlx::query_as(&sql).bind(folder_id).fetch_all(db).await
}

/// Documents of a space in the trash (not those inside a trashed folder), newest first.
pub async fn trashed(
    db: impl Executor<'_, Database = Any>,
    space_id: &SpaceId,
) -> sqlx::Result<Vec<Document>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM {FROM} WHERE d.space_id = $1 AND d.deleted_at IS NOT NULL \
         ORDER BY d.deleted_at DESC, d.id"
    );
    sqlx::query_as(&sql).bind(space_id).fetch_all(db).await
}

/// Live documents of the given spaces whose name contains `text` (case-insensitive), newest
/// first. `spaces` are the ones the reader may open; folder overrides are checked by the caller.
pub async fn search(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    spaces: &[SpaceId],
    text: &str,
    limit: i64,
) -> sqlx::Result<Vec<Document>> {
    if spaces.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders: Vec<String> = (0..spaces.len()).map(|i| format!("${}", i + 4)).collect();
    let sql = format!(
        "SELECT {COLUMNS} FROM {FROM} WHERE d.org_id = $1 AND d.deleted_at IS NULL \
         AND d.name_key LIKE $2 ESCAPE '\\' AND d.space_id IN ({}) \
         ORDER BY d.updated_at DESC, d.id LIMIT $3",
        placeholders.join(", ")
    );
    let escaped = names::key(text).replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    let mut query = sqlx::query_as(&sql).bind(org_id).bind(format!("%{escaped}%")).bind(limit);
    for space in spaces {
        query = query.bind(space);
    }
    query.fetch_all(db).await
}

/// Renames a document; `false` when a live document of its folder has that name.
pub async fn rename(conn: &mut AnyConnection, id: &DocumentId, name: &str) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE documents SET name = $2, name_key = $3 WHERE id = $1")
        .bind(id)
        .bind(name)
        .bind(names::key(name))
        .execute(conn)
        .await;
    unique_or(done)
}

/// Moves a document to a folder of the same space; `false` on a name clash.
pub async fn move_to(
    conn: &mut AnyConnection,
    id: &DocumentId,
    folder_id: &FolderId,
) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE documents SET folder_id = $2 WHERE id = $1")
        .bind(id)
        .bind(folder_id)
        .execute(conn)
        .await;
    unique_or(done)
}

/// Puts a document in the trash, or takes it out (`None`; `false` on a name clash).
pub async fn set_deleted(
    conn: &mut AnyConnection,
    id: &DocumentId,
    deleted: Option<(i64, &str)>,
) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE documents SET deleted_at = $2, deleted_by = $3 WHERE id = $1")
        .bind(id)
        .bind(deleted.map(|(at, _)| at))
        .bind(deleted.map(|(_, by)| by))
        .execute(conn)
        .await;
    unique_or(done)
}

/// Sets or clears the "being edited" lock.
pub async fn set_lock(
    conn: &mut AnyConnection,
    id: &DocumentId,
    lock: Option<(&str, i64)>,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE documents SET locked_by = $2, locked_until = $3 WHERE id = $1")
        .bind(id)
        .bind(lock.map(|(by, _)| by))
        .bind(lock.map(|(_, until)| until))
        .execute(conn)
        .await?;
    Ok(())
}

/// Links the document to a patient, or unlinks it.
pub async fn set_patient(
    conn: &mut AnyConnection,
    id: &DocumentId,
    patient_id: Option<&PatientId>,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE documents SET patient_id = $2 WHERE id = $1")
        .bind(id)
        .bind(patient_id)
        .execute(conn)
        .await?;
    Ok(())
}

const VERSION_COLUMNS: &str = "v.id, v.document_id, v.number, v.size_bytes, v.media_type, \
    v.sha256, v.blob_key, v.created_by, COALESCE(u.display_name, '') AS created_by_name, \
    v.created_at";

/// A document's versions, newest first.
pub async fn versions(
    db: impl Executor<'_, Database = Any>,
    id: &DocumentId,
) -> sqlx::Result<Vec<Version>> {
    let sql = format!(
        "SELECT {VERSION_COLUMNS} FROM document_versions v LEFT JOIN users u ON u.id = v.created_by \
         WHERE v.document_id = $1 ORDER BY v.number DESC"
    );
    sqlx::query_as(&sql).bind(id).fetch_all(db).await
}

pub async fn version(
    db: impl Executor<'_, Database = Any>,
    id: &DocumentId,
    number: i64,
) -> sqlx::Result<Option<Version>> {
    let sql = format!(
        "SELECT {VERSION_COLUMNS} FROM document_versions v LEFT JOIN users u ON u.id = v.created_by \
         WHERE v.document_id = $1 AND v.number = $2"
    );
    sqlx::query_as(&sql).bind(id).bind(number).fetch_optional(db).await
}

/// Removes version rows (their blobs are deleted by the caller once this commits).
pub async fn delete_versions(conn: &mut AnyConnection, ids: &[VersionId]) -> sqlx::Result<()> {
    for id in ids {
        sqlx::query("DELETE FROM document_versions WHERE id = $1")
            .bind(id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Something in the trash for longer than its organisation keeps it: a document or a folder.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Expired {
    pub org_id: String,
    pub space_id: SpaceId,
    pub kind: String,
    pub id: String,
}

/// What has been in the trash longer than the organisation's `trash_days`, at `now`.
pub async fn trash_expired(
    db: impl Executor<'_, Database = Any>,
    now: i64,
) -> sqlx::Result<Vec<Expired>> {
    sqlx::query_as(
        "SELECT d.org_id, d.space_id, 'document' AS kind, d.id FROM documents d \
         JOIN doc_settings s ON s.org_id = d.org_id \
         WHERE d.deleted_at IS NOT NULL AND d.deleted_at < $1 - s.trash_days * 86400000 \
         UNION ALL \
         SELECT f.org_id, f.space_id, 'folder' AS kind, f.id FROM doc_folders f \
         JOIN doc_settings s ON s.org_id = f.org_id \
         WHERE f.deleted_at IS NOT NULL AND f.deleted_at < $1 - s.trash_days * 86400000",
    )
    .bind(now)
    .fetch_all(db)
    .await
}

/// The blobs (and sizes) of every version under what expired: one document, or a folder's
/// whole subtree.
pub async fn blob_keys_under(
    db: impl Executor<'_, Database = Any>,
    expired: &Expired,
) -> sqlx::Result<Vec<(String, i64)>> {
    let sql = if expired.kind == "document" {
        "SELECT blob_key, size_bytes FROM document_versions WHERE document_id = $1"
    } else {
        "WITH RECURSIVE down (id) AS (SELECT id FROM doc_folders WHERE id = $1 \
           UNION ALL SELECT f.id FROM doc_folders f JOIN down ON f.parent_id = down.id) \
         SELECT v.blob_key, v.size_bytes FROM document_versions v \
         JOIN documents d ON d.id = v.document_id WHERE d.folder_id IN (SELECT id FROM down)"
    };
    sqlx::query_as(sql).bind(&expired.id).fetch_all(db).await
}

/// Deletes the expired document or folder (its subtree, documents and versions follow by the
/// foreign keys' cascades).
pub async fn delete_for_good(conn: &mut AnyConnection, expired: &Expired) -> sqlx::Result<()> {
    let sql = if expired.kind == "document" {
        "DELETE FROM documents WHERE id = $1"
    } else {
        "DELETE FROM doc_folders WHERE id = $1"
    };
    sqlx::query(sql).bind(&expired.id).execute(conn).await?;
    Ok(())
}
