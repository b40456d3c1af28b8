//! SQL for visits, weekly plannings and the optimiser's proposals.

use sqlx::{Any, Executor};

use crate::clock::now_ms;
use crate::homecare::model::{Visit, VisitId};
use crate::text_enum::text_enum;

const COLUMNS: &str = "id, team_id, patient_id, care_plan_item_id, pair_id, pair_role, day, \
    label, skill, window_start_at, window_end_at, duration_minutes, caregiver_id, \
    planned_start_at, status, cancel_reason, locked, version";

/// A team's visits from `first_day` to `last_day` included, in time order.
pub async fn of_team(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    team_id: &str,
    first_day: &str,
    last_day: &str,
) -> sqlx::Result<Vec<Visit>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM visits WHERE org_id = $1 AND team_id = $2 AND day >= $3 \
         AND day <= $4 ORDER BY window_start_at, id"
    );
    sqlx::query_as(&sql)
        .bind(org_id)
        .bind(team_id)
        .bind(first_day)
        .bind(last_day)
        .fetch_all(db)
        .await
}

/// Every visit assigned to a caregiver on the given days, whatever the team.
pub async fn of_caregiver(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    caregiver_id: &str,
    first_day: &str,
    last_day: &str,
) -> sqlx::Result<Vec<Visit>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM visits WHERE org_id = $1 AND caregiver_id = $2 AND day >= $3 \
         AND day <= $4 ORDER BY planned_start_at, window_start_at, id"
    );
    sqlx::query_as(&sql)
        .bind(org_id)
        .bind(caregiver_id)
        .bind(first_day)
        .bind(last_day)
        .fetch_all(db)
        .await
}

pub async fn find(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    id: &VisitId,
) -> sqlx::Result<Option<Visit>> {
    let sql = format!("SELECT {COLUMNS} FROM visits WHERE org_id = $1 AND id = $2");
    sqlx::query_as(&sql).bind(org_id).bind(id).fetch_optional(db).await
}

/// Inserts a generated visit unless this occurrence already exists; true when inserted.
pub async fn insert_generated(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    visit: &Visit,
) -> sqlx::Result<bool> {
    let now = now_ms();
    let done = sqlx::query(
        "INSERT INTO visits (id, org_id, team_id, patient_id, care_plan_item_id, pair_id, pair_role, \
         day, label, skill, window_start_at, window_end_at, duration_minutes, caregiver_id, \
         planned_start_at, status, cancel_reason, locked, version, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 'planned', NULL, \
         0, 1, $16, $16) ON CONFLICT (care_plan_item_id, day, pair_role) DO NOTHING",
    )
    .bind(&visit.id)
    .bind(org_id)
    .bind(&visit.team_id)
    .bind(&visit.patient_id)
    .bind(&visit.care_plan_item_id)
    .bind(&visit.pair_id)
    .bind(visit.pair_role)
    .bind(&visit.day)
    .bind(&visit.label)
    .bind(visit.skill.as_str())
    .bind(visit.window_start_at)
    .bind(visit.window_end_at)
    .bind(visit.duration_minutes)
    .bind(&visit.caregiver_id)
    .bind(visit.planned_start_at)
    .bind(now)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Sets who and when, if the visit is still at `version`; false when someone changed it since.
pub async fn assign(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    id: &VisitId,
    version: i64,
    caregiver_id: Option<&str>,
    planned_start_at: Option<i64>,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE visits SET caregiver_id = $4, planned_start_at = $5, version = version + 1, \
         updated_at = $6 WHERE org_id = $1 AND id = $2 AND version = $3 AND status = 'planned'",
    )
    .bind(org_id)
    .bind(id)
    .bind(version)
    .bind(caregiver_id)
    .bind(planned_start_at)
    .bind(now_ms())
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn cancel(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    id: &VisitId,
    reason: &str,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE visits SET status = 'cancelled', cancel_reason = $3, version = version + 1, \
         updated_at = $4 WHERE org_id = $1 AND id = $2 AND status = 'planned'",
    )
    .bind(org_id)
    .bind(id)
    .bind(reason)
    .bind(now_ms())
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// When the week was generated and published, if it was.
#[derive(Debug, Clone, Default, sqlx::FromRow)]
pub struct WeekState {
    pub generated_at: Option<i64>,
    pub published_at: Option<i64>,
}

pub async fn week_state(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    team_id: &str,
    week_start: &str,
) -> sqlx::Result<WeekState> {
    let state: Option<WeekState> = sqlx::query_as(
        "SELECT generated_at, published_at FROM planning_weeks \
         WHERE org_id = $1 AND team_id = $2 AND week_start = $3",
    )
    .bind(org_id)
    .bind(team_id)
    .bind(week_start)
    .fetch_optional(db)
    .await?;
    Ok(state.unwrap_or_default())
}

pub async fn mark_generated(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    team_id: &str,
    week_start: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO planning_weeks (org_id, team_id, week_start, generated_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (org_id, team_id, week_start) DO UPDATE SET generated_at = excluded.generated_at",
    )
    .bind(org_id)
    .bind(team_id)
    .bind(week_start)
    .bind(now_ms())
    .execute(db)
    .await?;
    Ok(())
}

pub async fn mark_published(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    team_id: &str,
    week_start: &str,
    by: &str,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE planning_weeks SET published_at = $4, published_by = $5 \
         WHERE org_id = $1 AND team_id = $2 AND week_start = $3",
    )
    .bind(org_id)
    .bind(team_id)
    .bind(week_start)
    .bind(now_ms())
    .bind(by)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

text_enum! {
    /// Where an optimiser run stands (the database accepts only these).
    ProposalStatus {
        Running = "running",
        Ready = "ready",
        Accepted = "accepted",
        Discarded = "discarded",
        Cancelled = "cancelled",
        Failed = "failed",
    }
}

/// An optimiser run as stored: its status and, once done, the proposal as JSON.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ProposalRow {
    pub id: String,
    pub team_id: String,
    pub first_day: String,
    pub last_day: String,
    #[sqlx(try_from = "String")]
    pub status: ProposalStatus,
    pub body: Option<String>,
    pub created_at: i64,
}

pub async fn insert_proposal(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    id: &str,
    team_id: &str,
    first_day: &str,
    last_day: &str,
    created_by: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO planning_proposals (id, org_id, team_id, first_day, last_day, created_by, \
         created_at, status) VALUES ($1, $2, $3, $4, $5, $6, $7, 'running')",
    )
    .bind(id)
    .bind(org_id)
    .bind(team_id)
    .bind(first_day)
    .bind(last_day)
    .bind(created_by)
    .bind(now_ms())
    .execute(db)
    .await?;
    Ok(())
}

pub async fn find_proposal(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    id: &str,
) -> sqlx::Result<Option<ProposalRow>> {
    sqlx::query_as(
        "SELECT id, team_id, first_day, last_day, status, body, created_at \
         FROM planning_proposals WHERE org_id = $1 AND id = $2",
    )
    .bind(org_id)
    .bind(id)
    .fetch_optional(db)
    .await
}

/// Moves a proposal from `from` to `to` (with its body when given); false if it was not `from`.
pub async fn set_proposal_status(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    id: &str,
    from: ProposalStatus,
    to: ProposalStatus,
    body: Option<&str>,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE planning_proposals SET status = $4, body = COALESCE($5, body), finished_at = $6 \
         WHERE org_id = $1 AND id = $2 AND status = $3",
    )
    .bind(org_id)
    .bind(id)
    .bind(from.as_str())
    .bind(to.as_str())
    .bind(body)
    .bind(now_ms())
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}
