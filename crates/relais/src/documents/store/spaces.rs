//! SQL for spaces, their rights and their usage.

use sqlx::{Any, AnyConnection, Executor};

use crate::clock::now_ms;
use crate::documents::model::{FolderId, Space, SpaceId};
use crate::documents::rights::{Grant, SpaceKind};

const COLUMNS: &str = "s.id, s.kind, s.team_id, s.owner_id, COALESCE(t.name, '') AS team_name, \
    s.quota_bytes, s.used_bytes, f.id AS root_id";

const FROM: &str = "doc_spaces s JOIN doc_folders f ON f.space_id = s.id AND f.parent_id IS NULL \
    LEFT JOIN teams t ON t.id = s.team_id";

/// Creates the space (and its root folder) unless it exists: the unique indexes decide, so two
/// first visits at once create one space.
pub async fn ensure(
    conn: &mut AnyConnection,
    org_id: &str,
    kind: SpaceKind,
    team_id: Option<&str>,
    owner_id: Option<&str>,
) -> sqlx::Result<()> {
    let now = now_ms();
    sqlx::query("INSERT INTO doc_settings (org_id) VALUES ($1) ON CONFLICT DO NOTHING")
        .bind(org_id)
        .execute(&mut *conn)
        .await?;
    let id = SpaceId::generate();
    let created = sqlx::query(
        "INSERT INTO doc_spaces (id, org_id, kind, team_id, owner_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
    )
    .bind(&id)
    .bind(org_id)
    .bind(kind.as_str())
    .bind(team_id)
    .bind(owner_id)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    if created.rows_affected() == 1 {
        sqlx::query(
            "INSERT INTO doc_folders (id, org_id, space_id, parent_id, name, name_key, created_at) \
             VALUES ($1, $2, $3, NULL, '', '', $4)",
        )
        .bind(FolderId::generate())
        .bind(org_id)
        .bind(&id)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// The organisation's spaces a person may be shown: all but other people's personal spaces.
pub async fn listed_for(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    user_id: &str,
) -> sqlx::Result<Vec<Space>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM {FROM} WHERE s.org_id = $1 \
         AND (s.kind <> 'personal' OR s.owner_id = $2) ORDER BY s.kind, t.name, s.id"
    );
    sqlx::query_as(&sql).bind(org_id).bind(user_id).fetch_all(db).await
}

pub async fn find(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    id: &SpaceId,
) -> sqlx::Result<Option<Space>> {
    let sql = format!("SELECT {COLUMNS} FROM {FROM} WHERE s.org_id = $1 AND s.id = $2");
    sqlx::query_as(&sql).bind(org_id).bind(id).fetch_optional(db).await
}

/// Every grant of a space, on the space and on its folders.
pub async fn grants(
    db: impl Executor<'_, Database = Any>,
    space_id: &SpaceId,
) -> sqlx::Result<Vec<Grant>> {
    sqlx::query_as(
        "SELECT id, folder_id, grantee_kind, grantee_id, level FROM doc_grants \
         WHERE space_id = $1 ORDER BY created_at, id",
    )
    .bind(space_id)
    .fetch_all(db)
    .await
}

/// Counts `bytes` against the space's and the organisation's quotas; `false` (nothing counted)
/// when either would be exceeded. One conditional update per row, so two uploads racing for the
/// last megabytes cannot both pass.
pub async fn reserve_bytes(
    conn: &mut AnyConnection,
    org_id: &str,
    space_id: &SpaceId,
    bytes: i64,
) -> sqlx::Result<bool> {
    let space = sqlx::query(
        "UPDATE doc_spaces SET used_bytes = used_bytes + $2 \
         WHERE id = $1 AND (quota_bytes IS NULL OR used_bytes + $2 <= quota_bytes)",
    )
    .bind(space_id)
    .bind(bytes)
    .execute(&mut *conn)
    .await?;
    if space.rows_affected() != 1 {
        return Ok(false);
    }
    let organisation = sqlx::query(
        "UPDATE doc_settings SET used_bytes = used_bytes + $2 \
         WHERE org_id = $1 AND (quota_bytes IS NULL OR used_bytes + $2 <= quota_bytes)",
    )
    .bind(org_id)
    .bind(bytes)
    .execute(&mut *conn)
    .await?;
    Ok(organisation.rows_affected() == 1)
}

/// Gives back bytes of versions removed for good.
pub async fn release_bytes(
    conn: &mut AnyConnection,
    org_id: &str,
    space_id: &SpaceId,
    bytes: i64,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE doc_spaces SET used_bytes = CASE WHEN used_bytes > $2 THEN used_bytes - $2 ELSE 0 END WHERE id = $1")
        .bind(space_id)
        .bind(bytes)
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE doc_settings SET used_bytes = CASE WHEN used_bytes > $2 THEN used_bytes - $2 ELSE 0 END WHERE org_id = $1")
        .bind(org_id)
        .bind(bytes)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The organisation's documents settings.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Settings {
    pub quota_bytes: Option<i64>,
    pub used_bytes: i64,
    pub trash_days: i64,
    pub keep_versions: i64,
}

pub async fn settings(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
) -> sqlx::Result<Option<Settings>> {
    sqlx::query_as(
        "SELECT quota_bytes, used_bytes, trash_days, keep_versions \
         FROM doc_settings WHERE org_id = $1",
    )
    .bind(org_id)
    .fetch_optional(db)
    .await
}

/// A grant to write: on a space (`folder_id` none) or an override on one of its folders.
pub struct NewGrant<'a> {
    pub org_id: &'a str,
    pub space_id: &'a SpaceId,
    pub folder_id: Option<&'a FolderId>,
    pub grant: &'a Grant,
    pub by: &'a str,
}

/// Gives the grantee this level there, replacing the level they had there; false when a racing
/// request set it first (the unique indexes decide).
pub async fn set_grant(conn: &mut AnyConnection, new: &NewGrant<'_>) -> sqlx::Result<bool> {
    let grant = new.grant;
    let same_place = match new.folder_id {
        Some(_) => "folder_id = $2",
        None => "folder_id IS NULL AND space_id = $2",
    };
    sqlx::query(&format!(
        "DELETE FROM doc_grants WHERE grantee_kind = $1 AND {same_place} AND grantee_id = $3"
    ))
    .bind(grant.grantee_kind.as_str())
    .bind(new.folder_id.map_or(new.space_id.as_str(), FolderId::as_str))
    .bind(&grant.grantee_id)
    .execute(&mut *conn)
    .await?;
    let inserted = sqlx::query(
        "INSERT INTO doc_grants \
         (id, org_id, space_id, folder_id, grantee_kind, grantee_id, level, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING",
    )
    .bind(&grant.id)
    .bind(new.org_id)
    .bind(new.space_id)
    .bind(new.folder_id)
    .bind(grant.grantee_kind.as_str())
    .bind(&grant.grantee_id)
    .bind(grant.level.as_str())
    .bind(new.by)
    .bind(now_ms())
    .execute(conn)
    .await?;
    Ok(inserted.rows_affected() == 1)
}

/// Removes one grant of the space; false if it was not there.
pub async fn remove_grant(
    conn: &mut AnyConnection,
    space_id: &SpaceId,
    grant_id: &str,
) -> sqlx::Result<bool> {
    let removed = sqlx::query("DELETE FROM doc_grants WHERE space_id = $1 AND id = $2")
        .bind(space_id)
        .bind(grant_id)
        .execute(conn)
        .await?;
    Ok(removed.rows_affected() == 1)
}
