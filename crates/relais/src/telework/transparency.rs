//! What the telework module records about a person, for "what my organisation sees about me".
//! `RECORDED` lists every column of the module's tables and says whether the page shows it; a
//! test fails when a column is added to the schema without being listed here.

use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::state::AppState;
use crate::telework::model::{Agreement, Day, Declaration, Review};
use crate::telework::service::posts::MyPost;
use crate::telework::store::{agreements, charter, days, posts, time};

/// Every column of the telework tables: (table, column, shown on the person's page). Columns
/// marked `false` are keys or bookkeeping, never personal data on their own.
pub const RECORDED: &[(&str, &str, bool)] = &[
    ("telework_posts", "id", false),
    ("telework_posts", "org_id", false),
    ("telework_posts", "name", true),
    ("telework_posts", "name_key", false),
    ("telework_posts", "created_at", false),
    ("telework_post_holders", "user_id", false),
    ("telework_post_holders", "org_id", false),
    ("telework_post_holders", "post_id", true),
    ("telework_assessments", "id", false),
    ("telework_assessments", "org_id", false),
    ("telework_assessments", "post_id", false),
    ("telework_assessments", "patient_presence", true),
    ("telework_assessments", "paper_records", true),
    ("telework_assessments", "onsite_equipment", true),
    ("telework_assessments", "data_access", true),
    ("telework_assessments", "autonomy", true),
    ("telework_assessments", "remote_share", true),
    ("telework_assessments", "result", true),
    ("telework_assessments", "max_days", true),
    ("telework_assessments", "comment", true),
    ("telework_assessments", "assessed_by", true),
    ("telework_assessments", "assessed_at", true),
    ("telework_reviews", "id", false),
    ("telework_reviews", "org_id", false),
    ("telework_reviews", "post_id", false),
    ("telework_reviews", "user_id", false),
    ("telework_reviews", "message", true),
    ("telework_reviews", "asked_at", true),
    ("telework_reviews", "reply", true),
    ("telework_reviews", "replied_by", false),
    ("telework_reviews", "replied_at", true),
    ("telework_charters", "id", false),
    ("telework_charters", "org_id", false),
    ("telework_charters", "version", true),
    ("telework_charters", "body", false),
    ("telework_charters", "published_by", false),
    ("telework_charters", "published_at", false),
    ("telework_charter_acceptances", "charter_id", false),
    ("telework_charter_acceptances", "user_id", false),
    ("telework_charter_acceptances", "accepted_at", true),
    ("telework_agreements", "id", false),
    ("telework_agreements", "org_id", false),
    ("telework_agreements", "user_id", false),
    ("telework_agreements", "days_per_week", true),
    ("telework_agreements", "fixed_days", true),
    ("telework_agreements", "place", true),
    ("telework_agreements", "equipment", true),
    ("telework_agreements", "starts_on", true),
    ("telework_agreements", "trial_until", true),
    ("telework_agreements", "review_on", true),
    ("telework_agreements", "ends_on", true),
    ("telework_agreements", "proposed_by", false),
    ("telework_agreements", "proposed_at", true),
    ("telework_agreements", "signed_at", true),
    ("telework_agreements", "ended_at", false),
    ("telework_team_rules", "team_id", false),
    ("telework_team_rules", "org_id", false),
    ("telework_team_rules", "min_on_site", false),
    ("telework_team_rules", "meeting_weekday", false),
    ("telework_team_rules", "turn", false),
    ("telework_blackouts", "id", false),
    ("telework_blackouts", "org_id", false),
    ("telework_blackouts", "team_id", false),
    ("telework_blackouts", "first_day", false),
    ("telework_blackouts", "last_day", false),
    ("telework_blackouts", "reason", false),
    ("telework_blackouts", "created_by", false),
    ("telework_blackouts", "created_at", false),
    ("telework_days", "id", false),
    ("telework_days", "org_id", false),
    ("telework_days", "user_id", false),
    ("telework_days", "team_id", false),
    ("telework_days", "day", true),
    ("telework_days", "part", true),
    ("telework_days", "status", true),
    ("telework_days", "series_id", false),
    ("telework_days", "requested_at", true),
    ("telework_days", "decided_by", false),
    ("telework_days", "decided_at", true),
    ("telework_days", "decision_comment", true),
    ("telework_time", "id", false),
    ("telework_time", "org_id", false),
    ("telework_time", "user_id", false),
    ("telework_time", "day", true),
    ("telework_time", "start_minute", true),
    ("telework_time", "end_minute", true),
    ("telework_time", "break_minutes", true),
    ("telework_time", "worked_minutes", true),
    ("telework_time", "place", true),
    ("telework_time", "status", true),
    ("telework_time", "declared_at", true),
    ("telework_time", "approved_by", false),
    ("telework_time", "approved_at", true),
    ("telework_devices", "id", false),
    ("telework_devices", "org_id", false),
    ("telework_devices", "user_id", false),
    ("telework_devices", "name", true),
    ("telework_devices", "kind", true),
    ("telework_devices", "created_at", true),
    ("telework_devices", "retired_at", false),
    ("telework_checks", "id", false),
    ("telework_checks", "org_id", false),
    ("telework_checks", "user_id", false),
    ("telework_checks", "device_id", false),
    ("telework_checks", "checked_at", true),
    ("telework_check_answers", "check_id", false),
    ("telework_check_answers", "item", true),
    ("telework_check_answers", "answer", true),
    ("telework_advice", "id", false),
    ("telework_advice", "org_id", false),
    ("telework_advice", "body", false),
    ("telework_advice", "published_by", false),
    ("telework_advice", "published_at", false),
    ("telework_incidents", "id", false),
    ("telework_incidents", "org_id", false),
    ("telework_incidents", "user_id", false),
    ("telework_incidents", "kind", true),
    ("telework_incidents", "description", true),
    ("telework_incidents", "personal_data", false),
    ("telework_incidents", "reported_at", true),
    ("telework_incidents", "status", true),
    ("telework_incidents", "response", true),
    ("telework_incidents", "closed_by", false),
    ("telework_incidents", "closed_at", false),
    ("telework_settings", "org_id", false),
    ("telework_settings", "check_months", false),
    ("telework_notices", "id", false),
    ("telework_notices", "org_id", false),
    ("telework_notices", "user_id", false),
    ("telework_notices", "kind", false),
    ("telework_notices", "subject", false),
    ("telework_notices", "created_at", false),
    ("telework_notices", "deliver_at", false),
    ("telework_notices", "delivered_at", false),
    ("telework_notices", "read_at", false),
    ("telework_desks", "id", false),
    ("telework_desks", "org_id", false),
    ("telework_desks", "site_id", false),
    ("telework_desks", "room", false),
    ("telework_desks", "name", false),
    ("telework_desks", "created_at", false),
    ("telework_desks", "retired_at", false),
    ("telework_desk_bookings", "id", false),
    ("telework_desk_bookings", "org_id", false),
    ("telework_desk_bookings", "desk_id", true),
    ("telework_desk_bookings", "user_id", false),
    ("telework_desk_bookings", "day", true),
    ("telework_desk_bookings", "created_at", false),
];

/// Everything the module records about the signed-in person.
#[derive(serde::Serialize)]
pub struct AboutMe {
    pub post: MyPost,
    /// (version, accepted at).
    pub charters: Vec<(i64, i64)>,
    pub agreements: Vec<Agreement>,
    pub days: Vec<Day>,
    pub reviews: Vec<Review>,
    /// Declared working time, newest first.
    pub time: Vec<Declaration>,
    /// Desks booked from a month ago on.
    pub bookings: Vec<crate::telework::model::Booking>,
    /// Devices, self-checks and reported problems.
    pub security: crate::telework::service::security::MySecurity,
}

pub async fn about_me(state: &AppState, actor: &CurrentUser) -> AppResult<AboutMe> {
    about(state, &actor.org_id, &actor.user_id).await
}

/// Human resources read a person's telework record: audited.
pub async fn about_person(
    state: &AppState,
    actor: &CurrentUser,
    user_id: &str,
) -> AppResult<AboutMe> {
    crate::telework::service::agreements::of_person(state, actor, user_id).await?;
    about(state, &actor.org_id, user_id).await
}

async fn about(state: &AppState, org: &str, me: &str) -> AppResult<AboutMe> {
    let reader = state.db.reader();
    let post = crate::telework::service::posts::of(state, org, me).await?;
    let reviews = posts::reviews(reader, org, Some(me)).await?;
    Ok(AboutMe {
        post,
        charters: charter::accepted_by(reader, org, me).await?,
        agreements: agreements::history_of(reader, org, me).await?,
        days: days::of_person(reader, org, me, "0000-01-01").await?,
        reviews,
        time: time::between(reader, org, Some(me), "0000-01-01", "9999-12-31").await?,
        security: crate::telework::service::security::of(state, org, me).await?,
        bookings: crate::telework::store::desks::of_person(reader, org, me, "0000-01-01").await?,
    })
}
