//! "What my organisation sees about me": a caregiver's own page listing everything recorded about
//! their work — planning profile, absences, punches, corrections — and what is never recorded.

use super::model::{Absence, Caregiver};
use super::store::care;
use super::store::corrections::{self, DatedCorrection};
use super::store::rounds::{self as store, DatedPunch};
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::state::AppState;

/// How far back the page looks.
pub const DAYS_SHOWN: i64 = 31;

#[derive(serde::Serialize)]
pub struct AboutMe {
    pub profile: Option<Caregiver>,
    pub absences: Vec<Absence>,
    /// Punch, visit day, visit label.
    pub punches: Vec<DatedPunch>,
    /// Correction, visit day.
    pub corrections: Vec<DatedCorrection>,
    /// Whether the organisation records the position at check-in and check-out.
    pub position_recorded: bool,
}

/// Everything recorded about the signed-in person's work over the last month.
pub async fn about_me(state: &AppState, actor: &CurrentUser) -> AppResult<AboutMe> {
    let today = crate::org::service::today(state, &actor.org_id).await?;
    let since = today.checked_sub(jiff::Span::new().days(DAYS_SHOWN)).unwrap_or(today).to_string();
    let reader = state.db.reader();
    let far = today.checked_add(jiff::Span::new().days(365)).unwrap_or(today).to_string();
    let absences = care::absences_between(reader, &actor.org_id, &since, &far)
        .await?
        .into_iter()
        .filter(|a| a.user_id == actor.user_id)
        .collect();
    Ok(AboutMe {
        profile: care::find_caregiver(reader, &actor.org_id, &actor.user_id).await?,
        absences,
        punches: store::punches_of_caregiver_since(reader, &actor.org_id, &actor.user_id, &since)
            .await?,
        corrections: corrections::corrections_of_caregiver_since(
            reader,
            &actor.org_id,
            &actor.user_id,
            &since,
        )
        .await?,
        position_recorded: crate::org::store::punch_geolocation(reader, &actor.org_id).await?,
    })
}
