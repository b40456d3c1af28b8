//! SQL of e-mail digests: delivered notifications still unread and not yet e-mailed, with what
//! the e-mail needs (the person's address, language and hours, the conversation's name).

use sqlx::{Any, AnyConnection, Executor};

use crate::messaging::model::Kind;
use crate::org::fields::WorkingHours;
use crate::typed_id::Flag;

/// One notification waiting for a digest.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Pending {
    pub id: String,
    pub user_id: String,
    pub email: String,
    pub display_name: String,
    pub locale: String,
    pub time_zone: String,
    #[sqlx(flatten)]
    pub hours: WorkingHours,
    /// `mention` or `message`.
    pub kind: String,
    #[sqlx(try_from = "i64")]
    pub urgent: Flag,
    #[sqlx(try_from = "String")]
    pub conversation_kind: Kind,
    pub conversation_name: String,
}

/// Notifications delivered between `after` and `before`, unread, not e-mailed, of active people
/// who want digests; grouped by person.
pub async fn pending(
    db: impl Executor<'_, Database = Any>,
    after: i64,
    before: i64,
    limit: i64,
) -> sqlx::Result<Vec<Pending>> {
    sqlx::query_as(
        "SELECT n.id, n.user_id, n.kind, n.urgent, c.kind AS conversation_kind, \
         c.name AS conversation_name, u.email, u.display_name, u.locale, u.time_zone, \
         u.work_days, u.work_start_minute, u.work_end_minute \
         FROM notifications n JOIN users u ON u.id = n.user_id \
         JOIN conversations c ON c.id = n.conversation_id \
         WHERE n.emailed_at IS NULL AND n.read_at IS NULL \
         AND n.delivered_at > $1 AND n.delivered_at <= $2 \
         AND u.active = 1 AND u.email_digest = 1 \
         ORDER BY n.user_id, c.name, n.id LIMIT $3",
    )
    .bind(after)
    .bind(before)
    .bind(limit)
    .fetch_all(db)
    .await
}

/// Marks notifications as e-mailed.
pub async fn mark_emailed(conn: &mut AnyConnection, ids: &[&str], at: i64) -> sqlx::Result<()> {
    for id in ids {
        sqlx::query("UPDATE notifications SET emailed_at = $1 WHERE id = $2")
            .bind(at)
            .bind(*id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Whether a person receives e-mail digests.
pub async fn wanted(db: impl Executor<'_, Database = Any>, user_id: &str) -> sqlx::Result<bool> {
    let wanted: i64 = sqlx::query_scalar("SELECT email_digest FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_one(db)
        .await?;
    Ok(wanted != 0)
}

pub async fn set_wanted(
    db: impl Executor<'_, Database = Any>,
    user_id: &str,
    wanted: bool,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET email_digest = $1 WHERE id = $2")
        .bind(i64::from(wanted))
        .bind(user_id)
        .execute(db)
        .await?;
    Ok(())
}
