//! Telework days, team rules and blackout periods.

use sqlx::{Any, AnyConnection, Executor};

use crate::telework::model::{Blackout, Day, DayPart, DayStatus, TeamRules};

const DAY: &str = "SELECT d.id, d.user_id, u.display_name AS person_name, d.team_id, d.day, \
     d.part, d.status, d.requested_at, d.decided_at, d.decision_comment \
     FROM telework_days d JOIN users u ON u.id = d.user_id";

/// A new request. `false` when the person already has a live request that day (the unique
/// index decides, so two sent at once cannot both be kept).
pub async fn insert(
    conn: &mut AnyConnection,
    org_id: &str,
    user_id: &str,
    team_id: &str,
    day: &str,
    part: DayPart,
    series_id: Option<&str>,
) -> sqlx::Result<Option<String>> {
    let id = crate::secrets::new_id();
    let done = sqlx::query(
        "INSERT INTO telework_days (id, org_id, user_id, team_id, day, part, status, series_id, \
         requested_at, decision_comment) VALUES ($1, $2, $3, $4, $5, $6, 'requested', $7, $8, '') \
         ON CONFLICT DO NOTHING",
    )
    .bind(&id)
    .bind(org_id)
    .bind(user_id)
    .bind(team_id)
    .bind(day)
    .bind(part.as_str())
    .bind(series_id)
    .bind(crate::clock::now_ms())
    .execute(conn)
    .await?;
    Ok((done.rows_affected() == 1).then_some(id))
}

pub async fn find(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    id: &str,
) -> sqlx::Result<Option<Day>> {
    sqlx::query_as(&format!("{DAY} WHERE d.org_id = $1 AND d.id = $2"))
        .bind(org_id)
        .bind(id)
        .fetch_optional(db)
        .await
}

/// Moves a day from `from` to `to` once (`false` when it was no longer `from`).
pub async fn set_status(
    conn: &mut AnyConnection,
    org_id: &str,
    id: &str,
    from: &[DayStatus],
    to: DayStatus,
    decided_by: Option<&str>,
    comment: &str,
) -> sqlx::Result<bool> {
    let allowed: Vec<&str> = from.iter().map(|s| s.as_str()).collect();
    let done = sqlx::query(
        "UPDATE telework_days SET status = $1, decided_by = COALESCE($2, decided_by), \
         decided_at = CASE WHEN $2 IS NULL THEN decided_at ELSE $3 END, decision_comment = $4 \
         WHERE org_id = $5 AND id = $6 AND status IN ($7, $8)",
    )
    .bind(to.as_str())
    .bind(decided_by)
    .bind(crate::clock::now_ms())
    .bind(comment)
    .bind(org_id)
    .bind(id)
    .bind(allowed.first().copied().unwrap_or(""))
    .bind(allowed.get(1).or(allowed.first()).copied().unwrap_or(""))
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The days of a team between two dates (inclusive), live ones only.
pub async fn of_team(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    team_id: &str,
    first: &str,
    last: &str,
) -> sqlx::Result<Vec<Day>> {
    sqlx::query_as(&format!(
        "{DAY} WHERE d.org_id = $1 AND d.team_id = $2 AND d.day >= $3 AND d.day <= $4 \
         AND d.status IN ('requested', 'approved') ORDER BY d.day, u.display_name"
    ))
    .bind(org_id)
    .bind(team_id)
    .bind(first)
    .bind(last)
    .fetch_all(db)
    .await
}

/// A person's days from `first` on, every status, by day.
pub async fn of_person(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    user_id: &str,
    first: &str,
) -> sqlx::Result<Vec<Day>> {
    sqlx::query_as(&format!(
        "{DAY} WHERE d.org_id = $1 AND d.user_id = $2 AND d.day >= $3 ORDER BY d.day, d.requested_at"
    ))
    .bind(org_id)
    .bind(user_id)
    .bind(first)
    .fetch_all(db)
    .await
}

/// Requests waiting for a decision in the given teams.
pub async fn waiting(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    team_id: &str,
) -> sqlx::Result<Vec<Day>> {
    sqlx::query_as(&format!(
        "{DAY} WHERE d.org_id = $1 AND d.team_id = $2 AND d.status = 'requested' ORDER BY d.day"
    ))
    .bind(org_id)
    .bind(team_id)
    .fetch_all(db)
    .await
}

/// Takes the team's turn: a request or decision waits here for the other ones of the same team
/// to commit, so the counts it reads next include theirs. Creates the team's rules on first use.
pub async fn take_turn(conn: &mut AnyConnection, org_id: &str, team_id: &str) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO telework_team_rules (team_id, org_id, min_on_site, meeting_weekday, turn) \
         VALUES ($1, $2, 0, NULL, 0) ON CONFLICT (team_id) DO NOTHING",
    )
    .bind(team_id)
    .bind(org_id)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "UPDATE telework_team_rules SET turn = turn + 1 WHERE team_id = $1 AND org_id = $2",
    )
    .bind(team_id)
    .bind(org_id)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn rules(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    team_id: &str,
) -> sqlx::Result<TeamRules> {
    let found: Option<TeamRules> = sqlx::query_as(
        "SELECT min_on_site, meeting_weekday FROM telework_team_rules \
         WHERE org_id = $1 AND team_id = $2",
    )
    .bind(org_id)
    .bind(team_id)
    .fetch_optional(db)
    .await?;
    Ok(found.unwrap_or_default())
}

pub async fn set_rules(
    conn: &mut AnyConnection,
    org_id: &str,
    team_id: &str,
    rules: &TeamRules,
) -> sqlx::Result<()> {
    take_turn(&mut *conn, org_id, team_id).await?;
    sqlx::query(
        "UPDATE telework_team_rules SET min_on_site = $1, meeting_weekday = $2 \
         WHERE org_id = $3 AND team_id = $4",
    )
    .bind(rules.min_on_site)
    .bind(rules.meeting_weekday)
    .bind(org_id)
    .bind(team_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Blackouts of the organisation and of the team overlapping [first, last].
pub async fn blackouts(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    team_id: &str,
    first: &str,
    last: &str,
) -> sqlx::Result<Vec<Blackout>> {
    sqlx::query_as(
        "SELECT id, team_id, first_day, last_day, reason FROM telework_blackouts \
         WHERE org_id = $1 AND (team_id IS NULL OR team_id = $2) \
         AND first_day <= $4 AND last_day >= $3 ORDER BY first_day",
    )
    .bind(org_id)
    .bind(team_id)
    .bind(first)
    .bind(last)
    .fetch_all(db)
    .await
}

pub async fn insert_blackout(
    conn: &mut AnyConnection,
    org_id: &str,
    team_id: &str,
    first: &str,
    last: &str,
    reason: &str,
    created_by: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO telework_blackouts (id, org_id, team_id, first_day, last_day, reason, \
         created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(crate::secrets::new_id())
    .bind(org_id)
    .bind(team_id)
    .bind(first)
    .bind(last)
    .bind(reason)
    .bind(created_by)
    .bind(crate::clock::now_ms())
    .execute(conn)
    .await?;
    Ok(())
}
