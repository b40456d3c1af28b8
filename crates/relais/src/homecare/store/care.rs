//! SQL for caregivers' planning profiles, their absences and the care plans.

use sqlx::{Any, Executor};

use crate::clock::now_ms;
use crate::homecare::model::{
    Absence, AbsenceKind, CarePlanItem, Caregiver, Coordinates, PatientId, Skill, Transport,
};
use crate::secrets::new_id;

/// The active members of a team who have a caregiver profile, by name.
pub async fn caregivers_of_team(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    team_id: &str,
) -> sqlx::Result<Vec<Caregiver>> {
    sqlx::query_as(
        "SELECT c.user_id, u.display_name, c.skills, c.contract_minutes_per_week, c.transport, \
         c.start_latitude_e6 AS latitude_e6, c.start_longitude_e6 AS longitude_e6, u.work_days, u.work_start_minute, u.work_end_minute \
         FROM caregivers c JOIN users u ON u.id = c.user_id \
         JOIN team_members m ON m.user_id = c.user_id AND m.team_id = $2 \
         WHERE c.org_id = $1 AND u.active = 1 ORDER BY u.display_name, u.id",
    )
    .bind(org_id)
    .bind(team_id)
    .fetch_all(db)
    .await
}

pub async fn find_caregiver(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    user_id: &str,
) -> sqlx::Result<Option<Caregiver>> {
    sqlx::query_as(
        "SELECT c.user_id, u.display_name, c.skills, c.contract_minutes_per_week, c.transport, \
         c.start_latitude_e6 AS latitude_e6, c.start_longitude_e6 AS longitude_e6, u.work_days, u.work_start_minute, u.work_end_minute \
         FROM caregivers c JOIN users u ON u.id = c.user_id WHERE c.org_id = $1 AND c.user_id = $2",
    )
    .bind(org_id)
    .bind(user_id)
    .fetch_optional(db)
    .await
}

/// Creates or replaces a caregiver's planning profile.
pub async fn save_caregiver(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    user_id: &str,
    skills: &[Skill],
    contract_minutes_per_week: i64,
    transport: Transport,
    start: Coordinates,
) -> sqlx::Result<()> {
    let skills = skills.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(",");
    sqlx::query(
        "INSERT INTO caregivers (user_id, org_id, skills, contract_minutes_per_week, transport, \
         start_latitude_e6, start_longitude_e6, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (user_id) DO UPDATE SET skills = excluded.skills, \
         contract_minutes_per_week = excluded.contract_minutes_per_week, transport = excluded.transport, \
         start_latitude_e6 = excluded.start_latitude_e6, start_longitude_e6 = excluded.start_longitude_e6, \
         updated_at = excluded.updated_at",
    )
    .bind(user_id)
    .bind(org_id)
    .bind(skills)
    .bind(contract_minutes_per_week)
    .bind(transport.as_str())
    .bind(start.latitude_e6)
    .bind(start.longitude_e6)
    .bind(now_ms())
    .execute(db)
    .await?;
    Ok(())
}

/// Absences of the organisation that overlap `[first_day, last_day]`.
pub async fn absences_between(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    first_day: &str,
    last_day: &str,
) -> sqlx::Result<Vec<Absence>> {
    sqlx::query_as(
        "SELECT id, user_id, first_day, last_day, kind FROM caregiver_absences \
         WHERE org_id = $1 AND first_day <= $3 AND last_day >= $2 ORDER BY first_day, id",
    )
    .bind(org_id)
    .bind(first_day)
    .bind(last_day)
    .fetch_all(db)
    .await
}

pub async fn insert_absence(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    user_id: &str,
    first_day: &str,
    last_day: &str,
    kind: AbsenceKind,
) -> sqlx::Result<String> {
    let id = new_id();
    sqlx::query(
        "INSERT INTO caregiver_absences (id, org_id, user_id, first_day, last_day, kind, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&id)
    .bind(org_id)
    .bind(user_id)
    .bind(first_day)
    .bind(last_day)
    .bind(kind.as_str())
    .bind(now_ms())
    .execute(db)
    .await?;
    Ok(id)
}

const ITEM_COLUMNS: &str = "i.id, i.patient_id, i.label, i.skill, i.days, i.window_start_minute, \
    i.window_end_minute, i.duration_minutes, i.caregivers, i.sync_kind, i.min_gap_minutes, \
    i.max_gap_minutes, i.preferred_caregiver, i.excluded_caregiver, i.first_day, i.last_day";

pub async fn items_of_patient(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    patient_id: &PatientId,
) -> sqlx::Result<Vec<CarePlanItem>> {
    let sql = format!(
        "SELECT {ITEM_COLUMNS} FROM care_plan_items i WHERE i.org_id = $1 AND i.patient_id = $2 \
         ORDER BY i.window_start_minute, i.id"
    );
    sqlx::query_as(&sql).bind(org_id).bind(patient_id).fetch_all(db).await
}

/// The care plan items of a team's active patients.
pub async fn items_of_team(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    team_id: &str,
) -> sqlx::Result<Vec<CarePlanItem>> {
    let sql = format!(
        "SELECT {ITEM_COLUMNS} FROM care_plan_items i JOIN patients p ON p.id = i.patient_id \
         WHERE i.org_id = $1 AND p.team_id = $2 AND p.status = 'active' ORDER BY i.id"
    );
    sqlx::query_as(&sql).bind(org_id).bind(team_id).fetch_all(db).await
}

pub async fn insert_item(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    item: &CarePlanItem,
) -> sqlx::Result<String> {
    let id = new_id();
    sqlx::query(
        "INSERT INTO care_plan_items (id, org_id, patient_id, label, skill, days, \
         window_start_minute, window_end_minute, duration_minutes, caregivers, sync_kind, \
         min_gap_minutes, max_gap_minutes, preferred_caregiver, excluded_caregiver, first_day, \
         last_day, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, \
         $14, $15, $16, $17, $18)",
    )
    .bind(&id)
    .bind(org_id)
    .bind(&item.patient_id)
    .bind(&item.label)
    .bind(item.skill.as_str())
    .bind(item.days)
    .bind(item.window_start_minute)
    .bind(item.window_end_minute)
    .bind(item.duration_minutes)
    .bind(item.caregivers)
    .bind(item.sync_kind.as_str())
    .bind(item.min_gap_minutes)
    .bind(item.max_gap_minutes)
    .bind(&item.preferred_caregiver)
    .bind(&item.excluded_caregiver)
    .bind(&item.first_day)
    .bind(&item.last_day)
    .bind(now_ms())
    .execute(db)
    .await?;
    Ok(id)
}
