//! SQL of action plans and their comments.

use sqlx::{Any, AnyConnection, Executor};

use super::actions::Status;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StoredAction {
    pub id: String,
    pub survey_id: String,
    pub survey_title: String,
    pub question: Option<String>,
    pub title: String,
    pub detail: String,
    pub owner_id: Option<String>,
    pub owner_name: String,
    pub due_on: Option<String>,
    #[sqlx(try_from = "String")]
    pub status: Status,
    pub created_at: i64,
    pub updated_at: i64,
}

const ACTION: &str = "SELECT a.id, a.survey_id, s.title AS survey_title, a.question, a.title, \
    a.detail, a.owner_id, COALESCE(u.display_name, '') AS owner_name, a.due_on, a.status, \
    a.created_at, a.updated_at FROM survey_actions a JOIN surveys s ON s.id = a.survey_id \
    LEFT JOIN users u ON u.id = a.owner_id";

/// The actions of some surveys of the organisation, oldest first.
pub async fn of_surveys(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    surveys: &[String],
) -> sqlx::Result<Vec<StoredAction>> {
    if surveys.is_empty() {
        return Ok(Vec::new());
    }
    let marks: Vec<String> = (0..surveys.len()).map(|i| format!("${}", i + 2)).collect();
    let sql = format!(
        "{ACTION} WHERE a.org_id = $1 AND a.survey_id IN ({}) ORDER BY a.created_at, a.id",
        marks.join(", ")
    );
    let mut query = sqlx::query_as(&sql).bind(org_id);
    for survey in surveys {
        query = query.bind(survey);
    }
    query.fetch_all(db).await
}

pub async fn find(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    id: &str,
) -> sqlx::Result<Option<StoredAction>> {
    let sql = format!("{ACTION} WHERE a.org_id = $1 AND a.id = $2");
    sqlx::query_as(&sql).bind(org_id).bind(id).fetch_optional(db).await
}

pub struct NewAction<'a> {
    pub id: &'a str,
    pub org_id: &'a str,
    pub survey_id: &'a str,
    pub question: Option<&'a str>,
    pub title: &'a str,
    pub detail: &'a str,
    pub owner_id: Option<&'a str>,
    pub due_on: Option<&'a str>,
    pub by: &'a str,
    pub at: i64,
}

pub async fn insert(conn: &mut AnyConnection, new: &NewAction<'_>) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO survey_actions (id, org_id, survey_id, question, title, detail, owner_id, \
         due_on, status, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'planned', $9, $10, $10)",
    )
    .bind(new.id)
    .bind(new.org_id)
    .bind(new.survey_id)
    .bind(new.question)
    .bind(new.title)
    .bind(new.detail)
    .bind(new.owner_id)
    .bind(new.due_on)
    .bind(new.by)
    .bind(new.at)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn set_status(
    conn: &mut AnyConnection,
    id: &str,
    status: Status,
    at: i64,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE survey_actions SET status = $1, updated_at = $2 WHERE id = $3")
        .bind(status.as_str())
        .bind(at)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StoredComment {
    pub id: String,
    pub action_id: String,
    pub author_name: String,
    pub body: String,
    pub created_at: i64,
}

pub async fn comments_of(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    actions: &[String],
) -> sqlx::Result<Vec<StoredComment>> {
    if actions.is_empty() {
        return Ok(Vec::new());
    }
    let marks: Vec<String> = (0..actions.len()).map(|i| format!("${}", i + 2)).collect();
    let sql = format!(
        "SELECT c.id, c.action_id, COALESCE(u.display_name, '') AS author_name, c.body, \
         c.created_at FROM survey_action_comments c LEFT JOIN users u ON u.id = c.author_id \
         WHERE c.org_id = $1 AND c.action_id IN ({}) ORDER BY c.created_at, c.id",
        marks.join(", ")
    );
    let mut query = sqlx::query_as(&sql).bind(org_id);
    for action in actions {
        query = query.bind(action);
    }
    query.fetch_all(db).await
}

pub async fn insert_comment(
    conn: &mut AnyConnection,
    id: &str,
    org_id: &str,
    action_id: &str,
    (author, body): (&str, &str),
    at: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO survey_action_comments (id, org_id, action_id, author_id, body, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(org_id)
    .bind(action_id)
    .bind(author)
    .bind(body)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}
