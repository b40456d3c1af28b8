//! Recurring pulse surveys: when an occurrence reaches its last day, the next one is created
//! (same team, questions and threshold, its days moved by the rhythm), once whichever instance
//! runs the job; stopping the rhythm keeps past occurrences.

use jiff::Span;

use super::service::visible;
use super::store::{self, NewSurvey};
use crate::audit::trail::finish;
use crate::auth::CurrentUser;
use crate::clock::HOUR_MS;
use crate::error::{AppError, AppResult};
use crate::jobs::Registry;
use crate::state::AppState;

pub fn register(jobs: &mut Registry) {
    jobs.every("surveys.recurrences", HOUR_MS, |state| {
        Box::pin(async move {
            run(&state).await.map_err(|e| anyhow::anyhow!("{e}"))?;
            Ok(())
        })
    });
}

/// Creates the next occurrence of every recurring survey on its last day. Returns how many.
pub async fn run(state: &AppState) -> AppResult<usize> {
    let mut created = 0;
    for (org_id, survey) in store::recurring_without_next(state.db.reader()).await? {
        let Some(every) = survey.every_days else { continue };
        let today = crate::org::service::today(state, &org_id).await?.to_string();
        if today < survey.closes_on {
            continue;
        }
        let shift = |day: &str| -> AppResult<String> {
            let day: jiff::civil::Date = day.parse().map_err(AppError::internal)?;
            Ok(day.checked_add(Span::new().days(every)).map_err(AppError::internal)?.to_string())
        };
        let (opens, closes) = (shift(&survey.opens_on)?, shift(&survey.closes_on)?);
        let id = crate::secrets::new_id();
        let new = NewSurvey {
            id: &id,
            org_id: &org_id,
            team_id: survey.team_id.as_deref(),
            title: &survey.title,
            questions: &survey.questions,
            opens_on: &opens,
            closes_on: &closes,
            min_group: survey.min_group,
            series: None,
            wave: None,
            every_days: Some(every),
            follows: Some(&survey.id),
            by: None,
            at: state.clock.now_ms(),
        };
        let mut conn = state.db.writer().acquire().await?;
        store::insert(&mut conn, &new).await?;
        created += 1;
    }
    Ok(created)
}

/// Stops a survey repeating (those who run it).
pub async fn stop(state: &AppState, actor: &CurrentUser, id: &str) -> AppResult<()> {
    let (_, manages) = visible(state, actor, id).await?;
    if !manages {
        return Err(AppError::NotFound);
    }
    let mut tx = state.db.begin().await?;
    store::stop_repeating(&mut tx, id).await?;
    let trail = crate::audit::trail::Trail {
        action: "survey.stopped_repeating",
        object_type: "survey",
        object_id: id,
        patient_id: None,
        reason: None,
    };
    crate::audit::trail::record(&mut tx, state, actor, &trail, &[]).await?;
    finish(tx, state).await?;
    Ok(())
}
