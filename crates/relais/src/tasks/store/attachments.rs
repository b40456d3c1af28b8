//! SQL of the documents attached to cards (links; the documents module keeps the files).

use sqlx::{Any, AnyConnection, Executor};

use crate::documents::model::DocumentId;
use crate::tasks::model::CardId;

/// A document attached to a card, with who attached it and when.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Link {
    pub document_id: DocumentId,
    /// The name of who attached it, empty if they left.
    pub added_by_name: String,
    pub added_at: i64,
}

/// Attaches a document; `false` when it already was.
pub async fn attach(
    conn: &mut AnyConnection,
    org_id: &str,
    card: &CardId,
    document: &DocumentId,
    user_id: &str,
    at: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "INSERT INTO task_card_documents (card_id, document_id, org_id, added_by, added_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
    )
    .bind(card)
    .bind(document)
    .bind(org_id)
    .bind(user_id)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Detaches a document; `false` when it was not attached.
pub async fn detach(
    conn: &mut AnyConnection,
    card: &CardId,
    document: &DocumentId,
) -> sqlx::Result<bool> {
    let done =
        sqlx::query("DELETE FROM task_card_documents WHERE card_id = $1 AND document_id = $2")
            .bind(card)
            .bind(document)
            .execute(conn)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// A card's attached documents, oldest first.
pub async fn of_card(
    db: impl Executor<'_, Database = Any>,
    card: &CardId,
) -> sqlx::Result<Vec<Link>> {
    sqlx::query_as(
        "SELECT a.document_id, COALESCE(u.display_name, '') AS added_by_name, a.added_at \
         FROM task_card_documents a LEFT JOIN users u ON u.id = a.added_by \
         WHERE a.card_id = $1 ORDER BY a.added_at, a.document_id",
    )
    .bind(card)
    .fetch_all(db)
    .await
}

/// Locks the card's row until the transaction ends (PostgreSQL; SQLite writes one at a time).
pub async fn lock_card(conn: &mut AnyConnection, card: &CardId) -> sqlx::Result<()> {
    sqlx::query("UPDATE task_cards SET id = id WHERE id = $1").bind(card).execute(conn).await?;
    Ok(())
}

pub async fn count_of_card(
    db: impl Executor<'_, Database = Any>,
    card: &CardId,
) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM task_card_documents WHERE card_id = $1")
        .bind(card)
        .fetch_one(db)
        .await
}
