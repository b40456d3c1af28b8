//! SQL of call rounds.

use sqlx::{Any, AnyConnection, Executor};

use super::model::Outcome;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StoredCampaign {
    pub id: String,
    pub team_id: String,
    pub team_name: String,
    pub name: String,
    pub script: String,
    pub weekday: Option<i64>,
    pub first_due_on: String,
    pub max_tries: i64,
    pub archived: i64,
}

const CAMPAIGN: &str = "SELECT c.id, c.team_id, t.name AS team_name, c.name, c.script, \
    CAST(c.weekday AS BIGINT) AS weekday, c.first_due_on, CAST(c.max_tries AS BIGINT) AS max_tries, \
    CAST(c.archived AS BIGINT) AS archived FROM call_campaigns c JOIN teams t ON t.id = c.team_id";

pub async fn campaigns_of_org(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
) -> sqlx::Result<Vec<StoredCampaign>> {
    let sql = format!("{CAMPAIGN} WHERE c.org_id = $1 ORDER BY c.archived, c.name, c.id");
    sqlx::query_as(&sql).bind(org_id).fetch_all(db).await
}

pub async fn find_campaign(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    id: &str,
) -> sqlx::Result<Option<StoredCampaign>> {
    let sql = format!("{CAMPAIGN} WHERE c.org_id = $1 AND c.id = $2");
    sqlx::query_as(&sql).bind(org_id).bind(id).fetch_optional(db).await
}

pub struct NewCampaign<'a> {
    pub id: &'a str,
    pub org_id: &'a str,
    pub team_id: &'a str,
    pub name: &'a str,
    pub script: &'a str,
    pub weekday: Option<i64>,
    pub first_due_on: &'a str,
    pub max_tries: i64,
    pub by: &'a str,
    pub at: i64,
}

pub async fn insert_campaign(conn: &mut AnyConnection, new: &NewCampaign<'_>) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO call_campaigns (id, org_id, team_id, name, script, weekday, first_due_on, \
         max_tries, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(new.id)
    .bind(new.org_id)
    .bind(new.team_id)
    .bind(new.name)
    .bind(new.script)
    .bind(new.weekday)
    .bind(new.first_due_on)
    .bind(new.max_tries)
    .bind(new.by)
    .bind(new.at)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn archive(conn: &mut AnyConnection, id: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE call_campaigns SET archived = 1 WHERE id = $1")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn insert_caller(
    conn: &mut AnyConnection,
    campaign: &str,
    user: &str,
) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO call_campaign_callers (campaign_id, user_id) VALUES ($1, $2)")
        .bind(campaign)
        .bind(user)
        .execute(conn)
        .await?;
    Ok(())
}

/// (user id, name) of a campaign's callers.
pub async fn callers_of(
    db: impl Executor<'_, Database = Any>,
    campaign: &str,
) -> sqlx::Result<Vec<(String, String)>> {
    sqlx::query_as(
        "SELECT u.id, u.display_name FROM call_campaign_callers c JOIN users u ON u.id = c.user_id \
         WHERE c.campaign_id = $1 ORDER BY u.display_name, u.id",
    )
    .bind(campaign)
    .fetch_all(db)
    .await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StoredTarget {
    pub id: String,
    pub patient_id: Option<String>,
    pub name_enc: Option<Vec<u8>>,
    pub phone: Option<String>,
    pub position: i64,
}

pub async fn targets_of(
    db: impl Executor<'_, Database = Any>,
    campaign: &str,
) -> sqlx::Result<Vec<StoredTarget>> {
    sqlx::query_as(
        "SELECT id, patient_id, name_enc, phone, position FROM call_targets \
         WHERE campaign_id = $1 ORDER BY position, id",
    )
    .bind(campaign)
    .fetch_all(db)
    .await
}

pub struct NewTarget<'a> {
    pub id: &'a str,
    pub org_id: &'a str,
    pub campaign_id: &'a str,
    pub patient_id: Option<&'a str>,
    pub name_enc: Option<&'a [u8]>,
    pub phone: Option<&'a str>,
    pub position: i64,
}

pub async fn insert_target(conn: &mut AnyConnection, new: &NewTarget<'_>) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO call_targets (id, org_id, campaign_id, patient_id, name_enc, phone, position) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(new.id)
    .bind(new.org_id)
    .bind(new.campaign_id)
    .bind(new.patient_id)
    .bind(new.name_enc)
    .bind(new.phone)
    .bind(new.position)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StoredAttempt {
    pub id: String,
    pub campaign_id: String,
    pub target_id: String,
    pub round_on: String,
    pub caller_name: String,
    #[sqlx(try_from = "String")]
    pub outcome: Outcome,
    pub answers_enc: Option<Vec<u8>>,
    pub concern: i64,
    pub concern_enc: Option<Vec<u8>>,
    pub called_at: i64,
}

const ATTEMPT: &str = "SELECT a.id, a.campaign_id, a.target_id, a.round_on, \
    COALESCE(u.display_name, '') AS caller_name, a.outcome, a.answers_enc, \
    CAST(a.concern AS BIGINT) AS concern, a.concern_enc, a.called_at \
    FROM call_attempts a LEFT JOIN users u ON u.id = a.caller_id";

/// The tries of one round, oldest first.
pub async fn attempts_of_round(
    db: impl Executor<'_, Database = Any>,
    campaign: &str,
    round_on: &str,
) -> sqlx::Result<Vec<StoredAttempt>> {
    let sql = format!(
        "{ATTEMPT} WHERE a.campaign_id = $1 AND a.round_on = $2 ORDER BY a.called_at, a.id"
    );
    sqlx::query_as(&sql).bind(campaign).bind(round_on).fetch_all(db).await
}

/// Every try at calling one patient, in any campaign of the organisation, newest first.
pub async fn attempts_of_patient(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    patient_id: &str,
) -> sqlx::Result<Vec<StoredAttempt>> {
    let sql = format!(
        "{ATTEMPT} JOIN call_targets t ON t.id = a.target_id \
         WHERE a.org_id = $1 AND t.patient_id = $2 ORDER BY a.called_at DESC, a.id"
    );
    sqlx::query_as(&sql).bind(org_id).bind(patient_id).fetch_all(db).await
}

pub struct NewAttempt<'a> {
    pub id: &'a str,
    pub org_id: &'a str,
    pub campaign_id: &'a str,
    pub target_id: &'a str,
    pub round_on: &'a str,
    pub caller_id: &'a str,
    pub outcome: Outcome,
    pub answers_enc: Option<&'a [u8]>,
    pub concern_enc: Option<&'a [u8]>,
    pub called_at: i64,
    pub request_key: &'a str,
}

/// Records a try; `false` when this caller already sent this form, or the person was already
/// reached (or found to have a wrong number) in this round.
pub async fn insert_attempt(conn: &mut AnyConnection, new: &NewAttempt<'_>) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "INSERT INTO call_attempts (id, org_id, campaign_id, target_id, round_on, caller_id, \
         outcome, answers_enc, concern, concern_enc, called_at, request_key) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT DO NOTHING",
    )
    .bind(new.id)
    .bind(new.org_id)
    .bind(new.campaign_id)
    .bind(new.target_id)
    .bind(new.round_on)
    .bind(new.caller_id)
    .bind(new.outcome.as_str())
    .bind(new.answers_enc)
    .bind(i64::from(new.concern_enc.is_some()))
    .bind(new.concern_enc)
    .bind(new.called_at)
    .bind(new.request_key)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Whether this caller's form was already recorded.
pub async fn attempt_sent(
    db: impl Executor<'_, Database = Any>,
    caller: &str,
    request_key: &str,
) -> sqlx::Result<bool> {
    let count: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM call_attempts WHERE caller_id = $1 AND request_key = $2",
    )
    .bind(caller)
    .bind(request_key)
    .fetch_one(db)
    .await?;
    Ok(count > 0)
}
