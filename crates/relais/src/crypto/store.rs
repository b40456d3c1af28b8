//! SQL for data keys (wrapped by the KEK) and installation metadata.

use sqlx::{Any, Executor};

use crate::clock::now_ms;

/// A data key version as stored; a version outside `u32` is a decode error, never version 0.
#[derive(sqlx::FromRow)]
pub struct WrappedKey {
    #[sqlx(try_from = "i64")]
    pub version: u32,
    pub wrapped: Vec<u8>,
}

/// A data key with its organisation.
#[derive(sqlx::FromRow)]
pub struct OrgKey {
    pub org_id: String,
    #[sqlx(flatten)]
    pub key: WrappedKey,
}

pub async fn data_keys(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
) -> sqlx::Result<Vec<WrappedKey>> {
    sqlx::query_as("SELECT version, wrapped FROM data_keys WHERE org_id = $1 ORDER BY version")
        .bind(org_id)
        .fetch_all(db)
        .await
}

/// Inserts a data key version; false if another instance inserted it first.
pub async fn insert_data_key(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    version: u32,
    wrapped: &[u8],
) -> sqlx::Result<bool> {
    let result = sqlx::query(
        "INSERT INTO data_keys (org_id, version, wrapped, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (org_id, version) DO NOTHING",
    )
    .bind(org_id)
    .bind(i64::from(version))
    .bind(wrapped)
    .bind(now_ms())
    .execute(db)
    .await?;
    Ok(result.rows_affected() == 1)
}

pub async fn all_data_keys(
    db: impl Executor<'_, Database = Any>,
) -> sqlx::Result<Vec<(String, WrappedKey)>> {
    let keys: Vec<OrgKey> =
        sqlx::query_as("SELECT org_id, version, wrapped FROM data_keys").fetch_all(db).await?;
    Ok(keys.into_iter().map(|k| (k.org_id, k.key)).collect())
}

pub async fn rewrap_data_key(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    version: u32,
    wrapped: &[u8],
) -> sqlx::Result<()> {
    sqlx::query("UPDATE data_keys SET wrapped = $1 WHERE org_id = $2 AND version = $3")
        .bind(wrapped)
        .bind(org_id)
        .bind(i64::from(version))
        .execute(db)
        .await?;
    Ok(())
}

pub async fn meta(
    db: impl Executor<'_, Database = Any>,
    name: &str,
) -> sqlx::Result<Option<Vec<u8>>> {
    sqlx::query_scalar("SELECT value FROM meta WHERE name = $1").bind(name).fetch_optional(db).await
}

pub async fn set_meta(
    db: impl Executor<'_, Database = Any>,
    name: &str,
    value: &[u8],
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO meta (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = $2",
    )
    .bind(name)
    .bind(value)
    .execute(db)
    .await?;
    Ok(())
}

/// Stores `value` under `name` unless another instance stored one first.
pub async fn insert_meta_if_absent(
    db: impl Executor<'_, Database = Any>,
    name: &str,
    value: &[u8],
) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO meta (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
        .bind(name)
        .bind(value)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn meta_with_prefix(
    db: impl Executor<'_, Database = Any>,
    prefix: &str,
) -> sqlx::Result<Vec<(String, Vec<u8>)>> {
    sqlx::query_as("SELECT name, value FROM meta WHERE name LIKE $1")
        .bind(format!("{prefix}%"))
        .fetch_all(db)
        .await
}
