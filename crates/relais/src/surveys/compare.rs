//! Teams side by side: for each team the person may compare, its latest survey whose results
//! show, and the mean of each scale question. Only results already shown to the person are put
//! together, so a comparison reveals nothing a results page does not; an organisation-wide
//! survey cannot be split by team (answers do not say whose team they come from).

use std::collections::BTreeMap;

use super::bank::Kind;
use super::service::{Survey, org_wide};
use super::store;
use super::trend::mean;
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::org::Permission;
use crate::state::AppState;

pub struct Column {
    pub team: String,
    pub survey_id: String,
    pub title: String,
    pub closes_on: String,
}

pub struct Row {
    pub text: String,
    pub means: Vec<Option<f64>>,
}

pub struct Comparison {
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
}

/// The teams the person may compare: every team for human resources and administrators, else
/// the teams they run surveys for.
pub async fn of(state: &AppState, actor: &CurrentUser) -> AppResult<Comparison> {
    let me = crate::org::service::show_self(state, actor).await?;
    let today = crate::org::service::today(state, &actor.org_id).await?.to_string();
    let everyone = org_wide(actor);
    let reader = state.db.reader();
    // The latest survey whose results show, per team.
    let mut latest: BTreeMap<String, Survey> = BTreeMap::new();
    for stored in store::of_org(reader, &actor.org_id).await? {
        let Some(team) = stored.team_id.clone() else { continue };
        let runs = actor.can(Permission::SeeTeamIndicators) && me.in_team(&team);
        if !(everyone || runs) || today <= stored.closes_on || latest.contains_key(&team) {
            continue;
        }
        let survey = Survey::of(stored)?;
        if store::response_count(reader, &survey.stored.id).await?
            >= survey.k(&state.settings.surveys)
        {
            latest.insert(team, survey);
        }
    }
    let mut columns = Vec::new();
    let mut tallies = Vec::new();
    // (key, kind) → text, in the order questions first appear.
    let mut questions: Vec<(String, Kind, String)> = Vec::new();
    for survey in latest.values() {
        for q in survey.questions.iter().filter(|q| matches!(q.kind, Kind::Likert | Kind::Scale)) {
            if !questions.iter().any(|(key, kind, _)| *key == q.key && *kind == q.kind) {
                questions.push((q.key.clone(), q.kind, q.text(actor.lang).to_string()));
            }
        }
        tallies.push(store::tallies(reader, &survey.stored.id).await?);
        columns.push(Column {
            team: survey.stored.team_name.clone(),
            survey_id: survey.stored.id.clone(),
            title: survey.stored.title.clone(),
            closes_on: survey.stored.closes_on.clone(),
        });
    }
    let rows = questions
        .into_iter()
        .map(|(key, kind, text)| Row {
            text,
            means: latest
                .values()
                .zip(&tallies)
                .map(|(survey, tallies)| {
                    let asked = survey.questions.iter().any(|q| q.key == key && q.kind == kind);
                    asked.then(|| mean(tallies, &key)).flatten()
                })
                .collect(),
        })
        .collect();
    Ok(Comparison { columns, rows })
}
