//! Individual telework agreements (avenants): proposed by human resources, signed by the person.

use sqlx::{Any, AnyConnection, Executor};

use crate::telework::model::Agreement;

/// What human resources propose.
pub struct Proposal<'a> {
    pub user_id: &'a str,
    pub days_per_week: i64,
    pub fixed_days: &'a str,
    pub place: &'a str,
    pub equipment: &'a str,
    pub starts_on: &'a str,
    pub trial_until: Option<&'a str>,
    pub review_on: Option<&'a str>,
    pub ends_on: Option<&'a str>,
}

const AGREEMENT: &str = "SELECT id, user_id, days_per_week, fixed_days, place, equipment, \
     starts_on, trial_until, review_on, ends_on, proposed_at, signed_at FROM telework_agreements";

/// The person's agreement in force or waiting for their signature.
pub async fn open_of(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    user_id: &str,
) -> sqlx::Result<Option<Agreement>> {
    sqlx::query_as(&format!("{AGREEMENT} WHERE org_id = $1 AND user_id = $2 AND ended_at IS NULL"))
        .bind(org_id)
        .bind(user_id)
        .fetch_optional(db)
        .await
}

/// Every open agreement of the organisation.
pub async fn open_all(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
) -> sqlx::Result<Vec<Agreement>> {
    sqlx::query_as(&format!("{AGREEMENT} WHERE org_id = $1 AND ended_at IS NULL"))
        .bind(org_id)
        .fetch_all(db)
        .await
}

/// Every agreement of a person, newest first (ended ones included).
pub async fn history_of(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    user_id: &str,
) -> sqlx::Result<Vec<Agreement>> {
    sqlx::query_as(&format!(
        "{AGREEMENT} WHERE org_id = $1 AND user_id = $2 ORDER BY proposed_at DESC"
    ))
    .bind(org_id)
    .bind(user_id)
    .fetch_all(db)
    .await
}

/// Ends the person's open agreement, if any (a new proposal replaces it).
pub async fn end_open(conn: &mut AnyConnection, org_id: &str, user_id: &str) -> sqlx::Result<u64> {
    let done = sqlx::query(
        "UPDATE telework_agreements SET ended_at = $1 \
         WHERE org_id = $2 AND user_id = $3 AND ended_at IS NULL",
    )
    .bind(crate::clock::now_ms())
    .bind(org_id)
    .bind(user_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

pub async fn insert(
    conn: &mut AnyConnection,
    org_id: &str,
    proposal: &Proposal<'_>,
    proposed_by: &str,
) -> sqlx::Result<String> {
    let id = crate::secrets::new_id();
    sqlx::query(
        "INSERT INTO telework_agreements (id, org_id, user_id, days_per_week, fixed_days, place, \
         equipment, starts_on, trial_until, review_on, ends_on, proposed_by, proposed_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(&id)
    .bind(org_id)
    .bind(proposal.user_id)
    .bind(proposal.days_per_week)
    .bind(proposal.fixed_days)
    .bind(proposal.place)
    .bind(proposal.equipment)
    .bind(proposal.starts_on)
    .bind(proposal.trial_until)
    .bind(proposal.review_on)
    .bind(proposal.ends_on)
    .bind(proposed_by)
    .bind(crate::clock::now_ms())
    .execute(conn)
    .await?;
    Ok(id)
}

/// Signs the person's open agreement once; `false` when there is none waiting.
pub async fn sign(
    conn: &mut AnyConnection,
    org_id: &str,
    id: &str,
    user_id: &str,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE telework_agreements SET signed_at = $1 WHERE org_id = $2 AND id = $3 \
         AND user_id = $4 AND signed_at IS NULL AND ended_at IS NULL",
    )
    .bind(crate::clock::now_ms())
    .bind(org_id)
    .bind(id)
    .bind(user_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
