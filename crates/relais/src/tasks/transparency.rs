//! What task boards record about a person, for "what my organisation sees about me": the cards
//! assigned to them and that they created, their comments, the history lines that name them, the
//! notices sent to them and their calendar feed. Boards keep no score of anyone: nothing here is
//! summed per person anywhere else, and a board's history is seen only by its members.

use sqlx::{Any, Executor};

use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::state::AppState;

#[derive(serde::Serialize, Debug, Default, sqlx::FromRow)]
pub struct AboutMe {
    pub assigned_open: i64,
    pub assigned_done: i64,
    pub created: i64,
    pub comments: i64,
    pub history: i64,
    pub notices: i64,
    /// The person's due-date feed, if any, and whether it carries titles.
    #[sqlx(skip)]
    pub feed: Option<bool>,
}

pub async fn about_me(state: &AppState, actor: &CurrentUser) -> AppResult<AboutMe> {
    let mut about = counts(state.db.reader(), &actor.org_id, &actor.user_id).await?;
    about.feed = crate::tasks::service::calendar::feed_of(state, actor).await?;
    Ok(about)
}

async fn counts(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    user_id: &str,
) -> sqlx::Result<AboutMe> {
    sqlx::query_as(
        "SELECT \
         (SELECT COUNT(*) FROM task_card_assignees a JOIN task_cards c ON c.id = a.card_id \
          WHERE a.user_id = $2 AND c.org_id = $1 AND c.completed_at IS NULL) AS assigned_open, \
         (SELECT COUNT(*) FROM task_card_assignees a JOIN task_cards c ON c.id = a.card_id \
          WHERE a.user_id = $2 AND c.org_id = $1 AND c.completed_at IS NOT NULL) AS assigned_done, \
         (SELECT COUNT(*) FROM task_cards WHERE org_id = $1 AND created_by = $2) AS created, \
         (SELECT COUNT(*) FROM task_comments WHERE author_id = $2) AS comments, \
         (SELECT COUNT(*) FROM task_card_events WHERE actor_id = $2) AS history, \
         (SELECT COUNT(*) FROM task_notices WHERE org_id = $1 AND user_id = $2) AS notices",
    )
    .bind(org_id)
    .bind(user_id)
    .fetch_one(db)
    .await
}
