use sqlx::{Any, Executor, Row};

use crate::clock::now_ms;

pub struct WrappedKey {
    pub version: u32,
    pub wrapped: Vec<u8>,
}

pub async fn data_keys(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
) -> sqlx::Result<Vec<WrappedKey>> {
    let rows =
        sqlx::query("SELECT version, wrapped FROM data_keys WHERE org_id = $1 ORDER BY version")
            .bind(org_id)
            .fetch_all(db)
            .await?;
    rows.iter()
        .map(|row| {
            let version: i64 = row.try_get("version")?;
            Ok(WrappedKey {
                version: u32::try_from(version).unwrap_or(0),
                wrapped: row.try_get("wrapped")?,
            })
        })
        .collect()
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
    let rows = sqlx::query("SELECT org_id, version, wrapped FROM data_keys").fetch_all(db).await?;
    rows.iter()
        .map(|row| {
            let version: i64 = row.try_get("version")?;
            let key = WrappedKey {
                version: u32::try_from(version).unwrap_or(0),
                wrapped: row.try_get("wrapped")?,
            };
            Ok((row.try_get("org_id")?, key))
        })
        .collect()
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
    let row =
        sqlx::query("SELECT value FROM meta WHERE name = $1").bind(name).fetch_optional(db).await?;
    row.map(|row| row.try_get("value")).transpose()
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
    let rows = sqlx::query("SELECT name, value FROM meta WHERE name LIKE $1")
        .bind(format!("{prefix}%"))
        .fetch_all(db)
        .await?;
    rows.iter().map(|row| Ok((row.try_get("name")?, row.try_get("value")?))).collect()
}
