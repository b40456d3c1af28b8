//! Requests to the DPO and legal holds.

use sqlx::{Any, AnyConnection, Executor};

use crate::privacy::model::{Request, RequestId, RequestKind, RequestState};

const COLUMNS: &str = "r.id, r.org_id, r.user_id, u.display_name, r.kind, r.state, r.details_enc, \
     r.created_at, r.due_at, r.decided_at, r.reason";

pub struct NewRequest<'a> {
    pub id: &'a RequestId,
    pub org_id: &'a str,
    pub user_id: &'a str,
    pub kind: RequestKind,
    pub details_enc: &'a [u8],
    pub created_at: i64,
    pub due_at: i64,
}

/// Files a request; `false` when the person already has one of this kind open (the database's
/// `privacy_requests_one_open` decides, even under a race).
pub async fn insert(conn: &mut AnyConnection, new: &NewRequest<'_>) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "INSERT INTO privacy_requests (id, org_id, user_id, kind, state, details_enc, created_at, due_at) \
         VALUES ($1, $2, $3, $4, 'open', $5, $6, $7) ON CONFLICT DO NOTHING",
    )
    .bind(new.id)
    .bind(new.org_id)
    .bind(new.user_id)
    .bind(new.kind.as_str())
    .bind(new.details_enc)
    .bind(new.created_at)
    .bind(new.due_at)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The organisation's requests: open ones first, by deadline, then the decided ones.
pub async fn of_org(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
) -> sqlx::Result<Vec<Request>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM privacy_requests r JOIN users u ON u.id = r.user_id \
         WHERE r.org_id = $1 ORDER BY r.state <> 'open', r.due_at, r.created_at DESC LIMIT 500"
    ))
    .bind(org_id)
    .fetch_all(db)
    .await
}

/// A person's own requests.
pub async fn of_user(
    db: impl Executor<'_, Database = Any>,
    user_id: &str,
) -> sqlx::Result<Vec<Request>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM privacy_requests r JOIN users u ON u.id = r.user_id \
         WHERE r.user_id = $1 ORDER BY r.created_at DESC"
    ))
    .bind(user_id)
    .fetch_all(db)
    .await
}

pub async fn find(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    id: &RequestId,
) -> sqlx::Result<Option<Request>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM privacy_requests r JOIN users u ON u.id = r.user_id \
         WHERE r.id = $1 AND r.org_id = $2"
    ))
    .bind(id)
    .bind(org_id)
    .fetch_optional(db)
    .await
}

/// Decides an open request; `false` if it was decided meanwhile (two DPOs at once).
pub async fn decide(
    conn: &mut AnyConnection,
    id: &RequestId,
    state: RequestState,
    by: &str,
    at: i64,
    reason: &str,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE privacy_requests SET state = $1, decided_by = $2, decided_at = $3, reason = $4 \
         WHERE id = $5 AND state = 'open'",
    )
    .bind(state.as_str())
    .bind(by)
    .bind(at)
    .bind(reason)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A legal hold: (reason, since).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Hold {
    pub user_id: String,
    pub display_name: String,
    pub reason: String,
    pub set_at: i64,
}

pub async fn holds_of_org(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
) -> sqlx::Result<Vec<Hold>> {
    sqlx::query_as(
        "SELECT h.user_id, u.display_name, h.reason, h.set_at FROM privacy_holds h \
         JOIN users u ON u.id = h.user_id WHERE h.org_id = $1 ORDER BY u.display_name",
    )
    .bind(org_id)
    .fetch_all(db)
    .await
}

pub async fn hold_of(conn: &mut AnyConnection, user_id: &str) -> sqlx::Result<Option<String>> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT reason FROM privacy_holds WHERE user_id = $1")
            .bind(user_id)
            .fetch_optional(conn)
            .await?;
    Ok(row.map(|(reason,)| reason))
}

pub async fn set_hold(
    conn: &mut AnyConnection,
    org_id: &str,
    user_id: &str,
    reason: &str,
    by: &str,
    at: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO privacy_holds (user_id, org_id, reason, set_by, set_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (user_id) DO UPDATE SET reason = excluded.reason, set_by = excluded.set_by, set_at = excluded.set_at",
    )
    .bind(user_id)
    .bind(org_id)
    .bind(reason)
    .bind(by)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn lift_hold(
    conn: &mut AnyConnection,
    org_id: &str,
    user_id: &str,
) -> sqlx::Result<bool> {
    let done = sqlx::query("DELETE FROM privacy_holds WHERE user_id = $1 AND org_id = $2")
        .bind(user_id)
        .bind(org_id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}
