//! SQL for protocol pages, their versions and acknowledgements.

use sqlx::{Any, AnyConnection, Executor};

use super::model::{Ack, Protocol, ProtocolId, ProtocolKind, ProtocolVersion, ProtocolVersionId};

const PAGE: &str = "SELECT p.id, p.org_id, p.team_id, COALESCE(t.name, '') AS team_name, p.kind, \
     p.title, \
     COALESCE((SELECT MAX(v.version) FROM protocol_versions v WHERE v.protocol_id = p.id), 0) \
       AS current_version, \
     COALESCE((SELECT MAX(v.version) FROM protocol_versions v \
       WHERE v.protocol_id = p.id AND v.needs_ack = 1), 0) AS required_version, \
     COALESCE((SELECT MAX(v.published_at) FROM protocol_versions v WHERE v.protocol_id = p.id), \
       p.created_at) AS updated_at \
     FROM protocol_pages p LEFT JOIN teams t ON t.id = p.team_id";

const VERSION: &str = "SELECT v.id, v.protocol_id, v.version, v.body, v.note, v.needs_ack, \
     COALESCE(u.display_name, '') AS published_by_name, v.published_at \
     FROM protocol_versions v LEFT JOIN users u ON u.id = v.published_by";

/// Every page of the organisation: its own first, then each team's, by title.
pub async fn list(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
) -> sqlx::Result<Vec<Protocol>> {
    let sql = format!(
        "{PAGE} WHERE p.org_id = $1 ORDER BY p.team_id IS NOT NULL, COALESCE(t.name, ''), p.title"
    );
    sqlx::query_as(&sql).bind(org_id).fetch_all(db).await
}

pub async fn find(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    id: &ProtocolId,
) -> sqlx::Result<Option<Protocol>> {
    let sql = format!("{PAGE} WHERE p.org_id = $1 AND p.id = $2");
    sqlx::query_as(&sql).bind(org_id).bind(id).fetch_optional(db).await
}

pub struct NewPage<'a> {
    pub id: &'a ProtocolId,
    pub org_id: &'a str,
    pub team_id: Option<&'a str>,
    pub kind: ProtocolKind,
    pub title: &'a str,
    pub by: &'a str,
    pub at: i64,
}

pub async fn insert_page(conn: &mut AnyConnection, page: &NewPage<'_>) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO protocol_pages (id, org_id, team_id, kind, title, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(page.id)
    .bind(page.org_id)
    .bind(page.team_id)
    .bind(page.kind.as_str())
    .bind(page.title)
    .bind(page.by)
    .bind(page.at)
    .execute(conn)
    .await?;
    Ok(())
}

pub struct NewVersion<'a> {
    pub protocol_id: &'a ProtocolId,
    pub version: i64,
    pub body: &'a str,
    pub note: &'a str,
    pub needs_ack: bool,
    pub by: &'a str,
    pub at: i64,
}

/// Adds a version; false when that number is already taken (someone published first).
pub async fn insert_version(
    conn: &mut AnyConnection,
    version: &NewVersion<'_>,
) -> sqlx::Result<Option<ProtocolVersionId>> {
    let id = ProtocolVersionId::generate();
    let inserted = sqlx::query(
        "INSERT INTO protocol_versions \
         (id, protocol_id, version, body, note, needs_ack, published_by, published_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (protocol_id, version) DO NOTHING",
    )
    .bind(&id)
    .bind(version.protocol_id)
    .bind(version.version)
    .bind(version.body)
    .bind(version.note)
    .bind(i64::from(version.needs_ack))
    .bind(version.by)
    .bind(version.at)
    .execute(conn)
    .await?;
    Ok((inserted.rows_affected() == 1).then_some(id))
}

/// A page's versions, newest first.
pub async fn versions(
    db: impl Executor<'_, Database = Any>,
    id: &ProtocolId,
) -> sqlx::Result<Vec<ProtocolVersion>> {
    let sql = format!("{VERSION} WHERE v.protocol_id = $1 ORDER BY v.version DESC");
    sqlx::query_as(&sql).bind(id).fetch_all(db).await
}

/// Records that a person read a version; reading it twice changes nothing.
pub async fn acknowledge(
    conn: &mut AnyConnection,
    version: &ProtocolVersionId,
    user_id: &str,
    at: i64,
) -> sqlx::Result<bool> {
    let inserted = sqlx::query(
        "INSERT INTO protocol_acks (version_id, user_id, acked_at) VALUES ($1, $2, $3) \
         ON CONFLICT (version_id, user_id) DO NOTHING",
    )
    .bind(version)
    .bind(user_id)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(inserted.rows_affected() == 1)
}

const ACK: &str = "SELECT v.protocol_id, a.user_id, v.version, a.acked_at \
     FROM protocol_acks a JOIN protocol_versions v ON v.id = a.version_id";

/// Everything one person acknowledged, in the organisation.
pub async fn acks_of_person(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    user_id: &str,
) -> sqlx::Result<Vec<Ack>> {
    let sql = format!(
        "{ACK} JOIN protocol_pages p ON p.id = v.protocol_id \
         WHERE p.org_id = $1 AND a.user_id = $2 ORDER BY a.acked_at DESC"
    );
    sqlx::query_as(&sql).bind(org_id).bind(user_id).fetch_all(db).await
}

/// Every acknowledgement of a page's versions.
pub async fn acks_of_page(
    db: impl Executor<'_, Database = Any>,
    id: &ProtocolId,
) -> sqlx::Result<Vec<Ack>> {
    let sql = format!("{ACK} WHERE v.protocol_id = $1 ORDER BY a.acked_at");
    sqlx::query_as(&sql).bind(id).fetch_all(db).await
}
