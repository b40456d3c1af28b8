//! SQL for the audit log.

use sqlx::{Any, AnyConnection, Executor};

use super::model::{Checkpoint, Row};

const COLUMNS: &str = "seq, at, org_id, actor_id, actor_roles, session_id, action, object_type, \
    object_id, patient_id, ip, user_agent, outcome, reason, detail, prev_hash, hash";

/// Takes the next sequence number and the previous hash, locking the head until the transaction
/// ends, so rows are chained one after another even across instances.
pub async fn advance_head(conn: &mut AnyConnection) -> sqlx::Result<(i64, String)> {
    sqlx::query_as("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash")
        .fetch_one(conn)
        .await
}

pub async fn append(conn: &mut AnyConnection, row: &Row) -> sqlx::Result<()> {
    let sql = format!(
        "INSERT INTO audit_log ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)"
    );
    sqlx::query(&sql)
        .bind(row.seq)
        .bind(row.at)
        .bind(&row.org_id)
        .bind(&row.actor_id)
        .bind(&row.actor_roles)
        .bind(&row.session_id)
        .bind(&row.action)
        .bind(&row.object_type)
        .bind(&row.object_id)
        .bind(&row.patient_id)
        .bind(&row.ip)
        .bind(&row.user_agent)
        .bind(&row.outcome)
        .bind(&row.reason)
        .bind(&row.detail)
        .bind(&row.prev_hash)
        .bind(&row.hash)
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1")
        .bind(&row.hash)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn head(db: impl Executor<'_, Database = Any>) -> sqlx::Result<(i64, String)> {
    sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1").fetch_one(db).await
}

/// Whether the session recorded `action` on `object_id` at or after `since` (milliseconds).
pub async fn recorded_since(
    db: impl Executor<'_, Database = Any>,
    session_id: &str,
    action: &str,
    object_id: &str,
    since: i64,
) -> sqlx::Result<bool> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT seq FROM audit_log WHERE object_id = $1 AND at >= $2 AND session_id = $3 \
         AND action = $4 LIMIT 1",
    )
    .bind(object_id)
    .bind(since)
    .bind(session_id)
    .bind(action)
    .fetch_optional(db)
    .await?;
    Ok(found.is_some())
}

pub async fn rows_after(
    db: impl Executor<'_, Database = Any>,
    after: i64,
    limit: i64,
) -> sqlx::Result<Vec<Row>> {
    let sql = format!("SELECT {COLUMNS} FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2");
    sqlx::query_as(&sql).bind(after).bind(limit).fetch_all(db).await
}

pub async fn row(db: impl Executor<'_, Database = Any>, seq: i64) -> sqlx::Result<Option<Row>> {
    let sql = format!("SELECT {COLUMNS} FROM audit_log WHERE seq = $1");
    sqlx::query_as(&sql).bind(seq).fetch_optional(db).await
}

pub async fn checkpoints(db: impl Executor<'_, Database = Any>) -> sqlx::Result<Vec<Checkpoint>> {
    sqlx::query_as("SELECT seq, hash, at, signature FROM audit_checkpoints ORDER BY seq")
        .fetch_all(db)
        .await
}

pub async fn insert_checkpoint(
    db: impl Executor<'_, Database = Any>,
    checkpoint: &Checkpoint,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO audit_checkpoints (seq, hash, at, signature) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (seq) DO NOTHING",
    )
    .bind(checkpoint.seq)
    .bind(&checkpoint.hash)
    .bind(checkpoint.at)
    .bind(&checkpoint.signature)
    .execute(db)
    .await?;
    Ok(())
}

/// Deletes the rows up to and including `seq` (a checkpoint's), oldest segment first.
pub async fn delete_through(db: impl Executor<'_, Database = Any>, seq: i64) -> sqlx::Result<u64> {
    let result = sqlx::query("DELETE FROM audit_log WHERE seq <= $1").bind(seq).execute(db).await?;
    Ok(result.rows_affected())
}

/// Filters of the audit page and export. All optional; every condition narrows.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub org_id: Option<String>,
    pub actor_id: Option<String>,
    pub object_id: Option<String>,
    pub patient_id: Option<String>,
    pub action: Option<String>,
    pub from_ms: Option<i64>,
    pub to_ms: Option<i64>,
    /// Only rows with a sequence number below this one (paging backwards).
    pub before_seq: Option<i64>,
    /// Only rows with a sequence number above this one (export forwards).
    pub after_seq: Option<i64>,
}

/// Rows matching `filter`, newest first (or oldest first when `oldest_first`).
pub async fn search(
    db: impl Executor<'_, Database = Any>,
    filter: &Filter,
    limit: i64,
    oldest_first: bool,
) -> sqlx::Result<Vec<Row>> {
    let mut conditions = Vec::new();
    let mut texts: Vec<&str> = Vec::new();
    let mut numbers: Vec<i64> = Vec::new();
    let text_filters = [
        ("org_id", &filter.org_id),
        ("actor_id", &filter.actor_id),
        ("object_id", &filter.object_id),
        ("patient_id", &filter.patient_id),
        ("action", &filter.action),
    ];
    for (column, value) in text_filters {
        if let Some(value) = value {
            texts.push(value);
            conditions.push(format!("{column} = ${}", texts.len()));
        }
    }
    let number_filters = [
        ("at >=", filter.from_ms),
        ("at <", filter.to_ms),
        ("seq <", filter.before_seq),
        ("seq >", filter.after_seq),
    ];
    for (test, value) in number_filters {
        if let Some(value) = value {
            numbers.push(value);
            conditions.push(format!("{test} ${}", texts.len() + numbers.len()));
        }
    }
    let where_clause = if conditions.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conditions.join(" AND "))
    };
    let order = if oldest_first { "ASC" } else { "DESC" };
    let sql = format!(
        "SELECT {COLUMNS} FROM audit_log {where_clause} ORDER BY seq {order} LIMIT ${}",
        texts.len() + numbers.len() + 1
    );
    let mut query = sqlx::query_as(&sql);
    for text in texts {
        query = query.bind(text);
    }
    for number in numbers {
        query = query.bind(number);
    }
    query.bind(limit).fetch_all(db).await
}
