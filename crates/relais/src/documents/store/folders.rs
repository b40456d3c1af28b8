//! SQL for folders: the tree of a space, names unique among live siblings.

use sqlx::{Any, AnyConnection, Executor};

use crate::clock::now_ms;
use crate::documents::model::{Folder, FolderId, SpaceId};

const COLUMNS: &str = "id, space_id, parent_id, name, created_at, deleted_at";

/// Creates a folder; `None` when a live sibling already has that name (the unique index decides).
pub async fn insert(
    conn: &mut AnyConnection,
    org_id: &str,
    space_id: &SpaceId,
    parent_id: &FolderId,
    name: &str,
    by: &str,
) -> sqlx::Result<Option<FolderId>> {
    let id = FolderId::generate();
    let done = sqlx::query(
        "INSERT INTO doc_folders (id, org_id, space_id, parent_id, name, name_key, created_by, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING",
    )
    .bind(&id)
    .bind(org_id)
    .bind(space_id)
    .bind(parent_id)
    .bind(name)
    .bind(crate::documents::names::key(name))
    .bind(by)
    .bind(now_ms())
    .execute(conn)
    .await?;
    Ok((done.rows_affected() == 1).then_some(id))
}

pub async fn find(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    id: &FolderId,
) -> sqlx::Result<Option<Folder>> {
    let sql = format!("SELECT {COLUMNS} FROM doc_folders WHERE org_id = $1 AND id = $2");
    sqlx::query_as(&sql).bind(org_id).bind(id).fetch_optional(db).await
}

/// The live sub-folders of a folder, by name.
pub async fn children(
    db: impl Executor<'_, Database = Any>,
    parent_id: &FolderId,
) -> sqlx::Result<Vec<Folder>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM doc_folders WHERE parent_id = $1 AND deleted_at IS NULL \
         ORDER BY name_key, id"
    );
    sqlx::query_as(&sql).bind(parent_id).fetch_all(db).await
}

/// The folder and its ancestors, root first.
pub async fn chain(
    db: impl Executor<'_, Database = Any>,
    id: &FolderId,
) -> sqlx::Result<Vec<Folder>> {
    let mut chain: Vec<Folder> = sqlx::query_as(
        "WITH RECURSIVE up (id, space_id, parent_id, name, created_at, deleted_at, depth) AS ( \
           SELECT id, space_id, parent_id, name, created_at, deleted_at, 0 FROM doc_folders \
           WHERE id = $1 \
           UNION ALL \
           SELECT f.id, f.space_id, f.parent_id, f.name, f.created_at, f.deleted_at, up.depth + 1 \
           FROM doc_folders f JOIN up ON f.id = up.parent_id WHERE up.depth < 64) \
         SELECT id, space_id, parent_id, name, created_at, deleted_at FROM up ORDER BY depth DESC",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    chain.dedup_by(|a, b| a.id == b.id);
    Ok(chain)
}

/// Renames a folder; `false` when a live sibling has that name.
pub async fn rename(conn: &mut AnyConnection, id: &FolderId, name: &str) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE doc_folders SET name = $2, name_key = $3 WHERE id = $1 AND parent_id IS NOT NULL \
         AND NOT EXISTS (SELECT 1 FROM doc_folders o WHERE o.parent_id = doc_folders.parent_id \
           AND o.name_key = $3 AND o.deleted_at IS NULL AND o.id <> $1)",
    )
    .bind(id)
    .bind(name)
    .bind(crate::documents::names::key(name))
    .execute(conn)
    .await;
    unique_or(done)
}

/// Moves a folder under another of the same space; `false` on a name clash.
pub async fn move_to(
    conn: &mut AnyConnection,
    id: &FolderId,
    parent_id: &FolderId,
) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE doc_folders SET parent_id = $2 WHERE id = $1")
        .bind(id)
        .bind(parent_id)
        .execute(conn)
        .await;
    unique_or(done)
}

/// Puts a folder (and so everything in it) in the trash, or takes it out (`None`).
pub async fn set_deleted(
    conn: &mut AnyConnection,
    id: &FolderId,
    deleted: Option<(i64, &str)>,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE doc_folders SET deleted_at = $2, deleted_by = $3 WHERE id = $1 AND parent_id IS NOT NULL",
    )
    .bind(id)
    .bind(deleted.map(|(at, _)| at))
    .bind(deleted.map(|(_, by)| by))
    .execute(conn)
    .await;
    unique_or(done)
}

/// Folders of a space in the trash, newest first.
pub async fn trashed(
    db: impl Executor<'_, Database = Any>,
    space_id: &SpaceId,
) -> sqlx::Result<Vec<Folder>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM doc_folders WHERE space_id = $1 AND deleted_at IS NOT NULL \
         ORDER BY deleted_at DESC, id"
    );
    sqlx::query_as(&sql).bind(space_id).fetch_all(db).await
}

/// `Ok(false)` for a unique-key refusal, the error otherwise.
pub(super) fn unique_or(
    done: Result<sqlx::any::AnyQueryResult, sqlx::Error>,
) -> sqlx::Result<bool> {
    match done {
        Ok(done) => Ok(done.rows_affected() == 1),
        Err(sqlx::Error::Database(error)) if error.is_unique_violation() => Ok(false),
        Err(error) => Err(error),
    }
}
