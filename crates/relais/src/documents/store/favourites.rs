//! SQL for each person's favourite documents.

use sqlx::{Any, AnyConnection, Executor};

use crate::clock::now_ms;
use crate::documents::model::DocumentId;

/// Marks or unmarks a favourite; doing it twice changes nothing.
pub async fn set(
    conn: &mut AnyConnection,
    user_id: &str,
    document_id: &DocumentId,
    favourite: bool,
) -> sqlx::Result<()> {
    if favourite {
        sqlx::query(
            "INSERT INTO doc_favourites (user_id, document_id, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT DO NOTHING",
        )
        .bind(user_id)
        .bind(document_id)
        .bind(now_ms())
        .execute(conn)
        .await?;
    } else {
        sqlx::query("DELETE FROM doc_favourites WHERE user_id = $1 AND document_id = $2")
            .bind(user_id)
            .bind(document_id)
            .execute(conn)
            .await?;
    }
    Ok(())
}

/// The person's favourites, last marked first.
pub async fn of_person(
    db: impl Executor<'_, Database = Any>,
    user_id: &str,
    limit: i64,
) -> sqlx::Result<Vec<DocumentId>> {
    let rows: Vec<(DocumentId,)> = sqlx::query_as(
        "SELECT document_id FROM doc_favourites WHERE user_id = $1 \
         ORDER BY created_at DESC, document_id LIMIT $2",
    )
    .bind(user_id)
    .bind(limit)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

pub async fn is_marked(
    db: impl Executor<'_, Database = Any>,
    user_id: &str,
    document_id: &DocumentId,
) -> sqlx::Result<bool> {
    let found: Option<(i64,)> = sqlx::query_as(
        "SELECT created_at FROM doc_favourites WHERE user_id = $1 AND document_id = $2",
    )
    .bind(user_id)
    .bind(document_id)
    .fetch_optional(db)
    .await?;
    Ok(found.is_some())
}
