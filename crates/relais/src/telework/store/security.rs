//! Devices, their self-checks, the IT team's advice and the problems people report.

use sqlx::{Any, AnyConnection, Executor};

use crate::telework::model::{
    Answer, CheckAnswer, CheckItem, Device, DeviceKind, Incident, IncidentKind,
};

pub async fn insert_device(
    conn: &mut AnyConnection,
    org_id: &str,
    user_id: &str,
    name: &str,
    kind: DeviceKind,
) -> sqlx::Result<String> {
    let id = crate::secrets::new_id();
    sqlx::query(
        "INSERT INTO telework_devices (id, org_id, user_id, name, kind, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&id)
    .bind(org_id)
    .bind(user_id)
    .bind(name)
    .bind(kind.as_str())
    .bind(crate::clock::now_ms())
    .execute(conn)
    .await?;
    Ok(id)
}

/// Retires one of the person's devices; `false` when it is not theirs or already retired.
pub async fn retire_device(
    conn: &mut AnyConnection,
    org_id: &str,
    user_id: &str,
    id: &str,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE telework_devices SET retired_at = $1 \
         WHERE org_id = $2 AND user_id = $3 AND id = $4 AND retired_at IS NULL",
    )
    .bind(crate::clock::now_ms())
    .bind(org_id)
    .bind(user_id)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Devices in use (`user_id`: one person's), with when each was last checked.
pub async fn devices(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    user_id: Option<&str>,
) -> sqlx::Result<Vec<Device>> {
    sqlx::query_as(
        "SELECT d.id, d.user_id, d.name, d.kind, d.created_at, \
         (SELECT MAX(c.checked_at) FROM telework_checks c WHERE c.device_id = d.id) AS checked_at \
         FROM telework_devices d WHERE d.org_id = $1 AND ($2 = '' OR d.user_id = $2) \
         AND d.retired_at IS NULL ORDER BY d.created_at",
    )
    .bind(org_id)
    .bind(user_id.unwrap_or(""))
    .fetch_all(db)
    .await
}

/// Records a check of a device with its answers.
pub async fn insert_check(
    conn: &mut AnyConnection,
    org_id: &str,
    user_id: &str,
    device_id: &str,
    answers: &[(CheckItem, Answer)],
) -> sqlx::Result<String> {
    let id = crate::secrets::new_id();
    sqlx::query(
        "INSERT INTO telework_checks (id, org_id, user_id, device_id, checked_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&id)
    .bind(org_id)
    .bind(user_id)
    .bind(device_id)
    .bind(crate::clock::now_ms())
    .execute(&mut *conn)
    .await?;
    for (item, answer) in answers {
        sqlx::query(
            "INSERT INTO telework_check_answers (check_id, item, answer) VALUES ($1, $2, $3)",
        )
        .bind(&id)
        .bind(item.as_str())
        .bind(answer.as_str())
        .execute(&mut *conn)
        .await?;
    }
    Ok(id)
}

const ANSWER: &str = "SELECT c.id AS check_id, c.device_id, c.user_id, c.checked_at, a.item, a.answer \
     FROM telework_check_answers a JOIN telework_checks c ON c.id = a.check_id";

/// Every answer of a person's checks, newest check first (their history).
pub async fn answers_of(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    user_id: &str,
) -> sqlx::Result<Vec<CheckAnswer>> {
    sqlx::query_as(&format!(
        "{ANSWER} WHERE c.org_id = $1 AND c.user_id = $2 ORDER BY c.checked_at DESC, c.id"
    ))
    .bind(org_id)
    .bind(user_id)
    .fetch_all(db)
    .await
}

/// The answers of the latest check of every device in use checked since `since`.
pub async fn current_answers(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    since: i64,
) -> sqlx::Result<Vec<CheckAnswer>> {
    sqlx::query_as(&format!(
        "{ANSWER} JOIN telework_devices d ON d.id = c.device_id \
         WHERE c.org_id = $1 AND d.retired_at IS NULL AND c.checked_at >= $2 \
         AND c.checked_at = (SELECT MAX(l.checked_at) FROM telework_checks l WHERE l.device_id = c.device_id)"
    ))
    .bind(org_id)
    .bind(since)
    .fetch_all(db)
    .await
}

/// The latest advice of the IT team.
pub async fn advice(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
) -> sqlx::Result<Option<(String, i64)>> {
    sqlx::query_as(
        "SELECT body, published_at FROM telework_advice WHERE org_id = $1 \
         ORDER BY published_at DESC, id DESC LIMIT 1",
    )
    .bind(org_id)
    .fetch_optional(db)
    .await
}

pub async fn publish_advice(
    conn: &mut AnyConnection,
    org_id: &str,
    body: &str,
    by: &str,
) -> sqlx::Result<String> {
    let id = crate::secrets::new_id();
    sqlx::query(
        "INSERT INTO telework_advice (id, org_id, body, published_by, published_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&id)
    .bind(org_id)
    .bind(body)
    .bind(by)
    .bind(crate::clock::now_ms())
    .execute(conn)
    .await?;
    Ok(id)
}

pub async fn insert_incident(
    conn: &mut AnyConnection,
    org_id: &str,
    user_id: &str,
    kind: IncidentKind,
    description: &str,
    personal_data: bool,
    reported_at: i64,
) -> sqlx::Result<String> {
    let id = crate::secrets::new_id();
    sqlx::query(
        "INSERT INTO telework_incidents (id, org_id, user_id, kind, description, personal_data, \
         reported_at, status, response) VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', '')",
    )
    .bind(&id)
    .bind(org_id)
    .bind(user_id)
    .bind(kind.as_str())
    .bind(description)
    .bind(i64::from(personal_data))
    .bind(reported_at)
    .execute(conn)
    .await?;
    Ok(id)
}

const INCIDENT: &str = "SELECT i.id, i.user_id, u.display_name AS reporter_name, i.kind, \
     i.description, i.personal_data, i.reported_at, i.status, i.response, i.closed_at \
     FROM telework_incidents i JOIN users u ON u.id = i.user_id";

/// Reports of the organisation (`user_id`: one person's), newest first.
pub async fn incidents(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    user_id: Option<&str>,
) -> sqlx::Result<Vec<Incident>> {
    sqlx::query_as(&format!(
        "{INCIDENT} WHERE i.org_id = $1 AND ($2 = '' OR i.user_id = $2) \
         ORDER BY i.status DESC, i.reported_at DESC"
    ))
    .bind(org_id)
    .bind(user_id.unwrap_or(""))
    .fetch_all(db)
    .await
}

/// Closes an open report with a response; `false` when it is not open.
pub async fn close_incident(
    conn: &mut AnyConnection,
    org_id: &str,
    id: &str,
    response: &str,
    by: &str,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE telework_incidents SET status = 'closed', response = $1, closed_by = $2, \
         closed_at = $3 WHERE org_id = $4 AND id = $5 AND status = 'open'",
    )
    .bind(response)
    .bind(by)
    .bind(crate::clock::now_ms())
    .bind(org_id)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// How many months a self-check stays current in the organisation.
pub async fn check_months(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
) -> sqlx::Result<i64> {
    let found: Option<(i64,)> =
        sqlx::query_as("SELECT check_months FROM telework_settings WHERE org_id = $1")
            .bind(org_id)
            .fetch_optional(db)
            .await?;
    Ok(found.map_or(DEFAULT_CHECK_MONTHS, |(months,)| months))
}

pub const DEFAULT_CHECK_MONTHS: i64 = 6;

pub async fn set_check_months(
    conn: &mut AnyConnection,
    org_id: &str,
    months: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO telework_settings (org_id, check_months) VALUES ($1, $2) \
         ON CONFLICT (org_id) DO UPDATE SET check_months = excluded.check_months",
    )
    .bind(org_id)
    .bind(months)
    .execute(conn)
    .await?;
    Ok(())
}
