use sqlx::{Any, Executor};

use crate::clock::now_ms;
use crate::secrets::new_id;
use crate::text_enum::text_enum;

text_enum! {
    /// Where a job stands (the database accepts only these: `jobs_status_known`).
    JobStatus { Queued = "queued", Running = "running", Done = "done", Failed = "failed" }
}

/// A job as stored; the columns decode straight into it, `status` into `JobStatus`.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Job {
    pub id: String,
    pub kind: String,
    pub payload: String,
    #[sqlx(try_from = "String")]
    pub status: JobStatus,
    pub attempts: i64,
    pub max_attempts: i64,
    pub run_at: i64,
    pub last_error: Option<String>,
    pub updated_at: i64,
}

const COLUMNS: &str =
    "id, kind, payload, status, attempts, max_attempts, run_at, last_error, updated_at";

/// Queues a job, unless one of the same kind and payload is already waiting or running (the
/// database holds that rule: `jobs_one_pending`); returns its id when queued.
pub async fn enqueue(
    db: impl Executor<'_, Database = Any>,
    kind: &str,
    payload: &str,
    run_at: i64,
    max_attempts: i64,
) -> sqlx::Result<Option<String>> {
    let id = new_id();
    let now = now_ms();
    let done = sqlx::query(
        "INSERT INTO jobs (id, kind, payload, status, attempts, max_attempts, run_at, created_at, updated_at) \
         VALUES ($1, $2, $3, 'queued', 0, $4, $5, $6, $6) ON CONFLICT DO NOTHING",
    )
    .bind(&id)
    .bind(kind)
    .bind(payload)
    .bind(max_attempts)
    .bind(run_at)
    .bind(now)
    .execute(db)
    .await?;
    Ok((done.rows_affected() == 1).then_some(id))
}

/// Takes the next due job, if any; a job whose runner died is taken again once its lock expires.
pub async fn claim(
    db: impl Executor<'_, Database = Any> + Copy,
    lock_ms: i64,
) -> sqlx::Result<Option<Job>> {
    let now = now_ms();
    sqlx::query("UPDATE jobs SET status = 'queued' WHERE status = 'running' AND locked_until < $1")
        .bind(now)
        .execute(db)
        .await?;
    let sql = format!(
        "UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_until = $1, updated_at = $2 \
         WHERE id = (SELECT id FROM jobs WHERE status = 'queued' AND run_at <= $2 ORDER BY run_at LIMIT 1) \
         AND status = 'queued' RETURNING {COLUMNS}"
    );
    sqlx::query_as(&sql).bind(now + lock_ms).bind(now).fetch_optional(db).await
}

pub async fn finish(db: impl Executor<'_, Database = Any>, id: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE jobs SET status = 'done', locked_until = NULL, last_error = NULL, updated_at = $1 WHERE id = $2")
        .bind(now_ms())
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

/// Records a failure: retried at `retry_at`, or failed for good when `retry_at` is `None`.
pub async fn fail(
    db: impl Executor<'_, Database = Any>,
    id: &str,
    error: &str,
    retry_at: Option<i64>,
) -> sqlx::Result<()> {
    let (status, run_at) = match retry_at {
        Some(at) => (JobStatus::Queued, Some(at)),
        None => (JobStatus::Failed, None),
    };
    sqlx::query(
        "UPDATE jobs SET status = $1, run_at = COALESCE($2, run_at), locked_until = NULL, last_error = $3, \
         updated_at = $4 WHERE id = $5",
    )
    .bind(status.as_str())
    .bind(run_at)
    .bind(error)
    .bind(now_ms())
    .bind(id)
    .execute(db)
    .await?;
    Ok(())
}

pub async fn recent(db: impl Executor<'_, Database = Any>, limit: i64) -> sqlx::Result<Vec<Job>> {
    let sql = format!("SELECT {COLUMNS} FROM jobs ORDER BY updated_at DESC, id DESC LIMIT $1");
    sqlx::query_as(&sql).bind(limit).fetch_all(db).await
}

pub async fn queued(db: impl Executor<'_, Database = Any>) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM jobs WHERE status = 'queued'").fetch_one(db).await
}

/// Deletes finished jobs older than `max_age_ms`.
pub async fn purge(db: impl Executor<'_, Database = Any>, max_age_ms: i64) -> sqlx::Result<u64> {
    let result =
        sqlx::query("DELETE FROM jobs WHERE status IN ('done', 'failed') AND updated_at < $1")
            .bind(now_ms() - max_age_ms)
            .execute(db)
            .await?;
    Ok(result.rows_affected())
}
