//! Action plans: "vous avez dit, nous avons fait". From a survey whose results show, those who
//! run it write actions (an owner, a due day, a status) that everyone the survey asked reads and
//! comments on. Comments are signed: an action plan is a conversation, not a survey.

use super::action_store::{self as store, StoredAction, StoredComment};
use super::service::{Survey, visible};
use crate::audit::trail::{Trail, finish, record};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::text_enum::text_enum;

const MAX_TITLE_CHARS: usize = 200;
const MAX_TEXT_CHARS: usize = 2000;

text_enum! {
    Status { Planned = "planned", Started = "started", Done = "done", Dropped = "dropped" }
}

/// An action with its comments, and whether the reader may change its status.
pub struct Action {
    pub stored: StoredAction,
    pub comments: Vec<StoredComment>,
    pub may_update: bool,
}

/// Whether a survey's results show today (closed, and enough answers).
pub async fn results_show(state: &AppState, org_id: &str, survey: &Survey) -> AppResult<bool> {
    let today = crate::org::service::today(state, org_id).await?.to_string();
    let responses = super::store::response_count(state.db.reader(), &survey.stored.id).await?;
    Ok(survey.is_closed(&today) && responses >= survey.k(&state.settings.surveys))
}

/// The actions of surveys the person sees (already checked by the caller), with comments.
pub async fn of_surveys(
    state: &AppState,
    actor: &CurrentUser,
    surveys: &[(String, bool)],
) -> AppResult<Vec<Action>> {
    let ids: Vec<String> = surveys.iter().map(|(id, _)| id.clone()).collect();
    let stored = store::of_surveys(state.db.reader(), &actor.org_id, &ids).await?;
    let action_ids: Vec<String> = stored.iter().map(|a| a.id.clone()).collect();
    let mut comments = store::comments_of(state.db.reader(), &actor.org_id, &action_ids).await?;
    let mut out = Vec::with_capacity(stored.len());
    for action in stored {
        let manages = surveys.iter().any(|(id, manages)| *id == action.survey_id && *manages);
        let owns = action.owner_id.as_deref() == Some(actor.user_id.as_str());
        let (mine, rest) = comments.into_iter().partition(|c| c.action_id == action.id);
        comments = rest;
        out.push(Action { stored: action, comments: mine, may_update: manages || owns });
    }
    Ok(out)
}

/// What a manager fills in.
pub struct Draft<'a> {
    pub title: &'a str,
    pub detail: &'a str,
    pub question: &'a str,
    pub owner: &'a str,
    pub due_on: &'a str,
}

fn clean(text: &str, max: usize, field: &'static str, code: &'static str) -> AppResult<String> {
    let text = text.trim();
    let control = text.chars().any(|c| c.is_control() && c != '\n' && c != '\r');
    if text.chars().count() > max || control {
        return Err(AppError::Invalid { field, code });
    }
    Ok(text.to_string())
}

pub async fn create(
    state: &AppState,
    actor: &CurrentUser,
    survey_id: &str,
    draft: &Draft<'_>,
) -> AppResult<String> {
    let (survey, manages) = visible(state, actor, survey_id).await?;
    if !manages {
        return Err(AppError::Forbidden);
    }
    if !results_show(state, &actor.org_id, &survey).await? {
        return Err(AppError::Invalid { field: "plan", code: "survey-action-no-results" });
    }
    let title = clean(draft.title, MAX_TITLE_CHARS, "title", "survey-action-title-invalid")?;
    if title.is_empty() || title.contains('\n') {
        return Err(AppError::Invalid { field: "title", code: "survey-action-title-invalid" });
    }
    let detail = clean(draft.detail, MAX_TEXT_CHARS, "detail", "survey-action-detail-invalid")?;
    let question = match draft.question.trim() {
        "" => None,
        key if survey.questions.iter().any(|q| q.key == key) => Some(key),
        _ => return Err(AppError::Invalid { field: "question", code: "survey-action-question" }),
    };
    let owner = match draft.owner.trim() {
        "" => None,
        id => Some(owner_in_audience(state, actor, &survey, id).await?),
    };
    let due_on = match draft.due_on.trim() {
        "" => None,
        text => Some(
            text.parse::<jiff::civil::Date>()
                .map_err(|_| AppError::Invalid { field: "due_on", code: "survey-action-due" })?
                .to_string(),
        ),
    };
    let id = crate::secrets::new_id();
    let new = store::NewAction {
        id: &id,
        org_id: &actor.org_id,
        survey_id,
        question,
        title: &title,
        detail: &detail,
        owner_id: owner.as_deref(),
        due_on: due_on.as_deref(),
        by: &actor.user_id,
        at: state.clock.now_ms(),
    };
    let mut tx = state.db.begin().await?;
    store::insert(&mut tx, &new).await?;
    audit(&mut tx, state, actor, "survey.action_created", &id).await?;
    finish(tx, state).await?;
    Ok(id)
}

/// The owner must be an active person the survey asked.
async fn owner_in_audience(
    state: &AppState,
    actor: &CurrentUser,
    survey: &Survey,
    id: &str,
) -> AppResult<String> {
    let mut conn = state.db.reader().acquire().await?;
    let person = crate::org::store::find_person(&mut conn, &actor.org_id, id).await?;
    match person {
        Some(p) if p.active && survey.stored.team_id.as_deref().is_none_or(|t| p.in_team(t)) => {
            Ok(p.id)
        }
        _ => Err(AppError::Invalid { field: "owner", code: "survey-action-owner" }),
    }
}

/// The action, if the person sees its survey, with whether they run that survey.
async fn reachable(
    state: &AppState,
    actor: &CurrentUser,
    id: &str,
) -> AppResult<(StoredAction, bool)> {
    let action =
        store::find(state.db.reader(), &actor.org_id, id).await?.ok_or(AppError::NotFound)?;
    let (_, manages) = visible(state, actor, &action.survey_id).await?;
    Ok((action, manages))
}

/// Those who run the survey and the action's owner move its status. Returns its survey.
pub async fn set_status(
    state: &AppState,
    actor: &CurrentUser,
    id: &str,
    status: &str,
) -> AppResult<String> {
    let (action, manages) = reachable(state, actor, id).await?;
    if !manages && action.owner_id.as_deref() != Some(actor.user_id.as_str()) {
        return Err(AppError::Forbidden);
    }
    let status = Status::parse(status)
        .ok_or(AppError::Invalid { field: "status", code: "survey-action-status" })?;
    let mut tx = state.db.begin().await?;
    store::set_status(&mut tx, id, status, state.clock.now_ms()).await?;
    audit(&mut tx, state, actor, "survey.action_updated", id).await?;
    finish(tx, state).await?;
    Ok(action.survey_id)
}

/// Anyone the survey asked (or who runs it) comments. Returns its survey.
pub async fn comment(
    state: &AppState,
    actor: &CurrentUser,
    id: &str,
    body: &str,
) -> AppResult<String> {
    let (action, _) = reachable(state, actor, id).await?;
    let body = clean(body, MAX_TEXT_CHARS, "body", "survey-action-comment-invalid")?;
    if body.is_empty() {
        return Err(AppError::Invalid { field: "body", code: "survey-action-comment-invalid" });
    }
    let comment = crate::secrets::new_id();
    let mut tx = state.db.begin().await?;
    let author = (actor.user_id.as_str(), body.as_str());
    let at = state.clock.now_ms();
    store::insert_comment(&mut tx, &comment, &actor.org_id, id, author, at).await?;
    audit(&mut tx, state, actor, "survey.action_commented", id).await?;
    finish(tx, state).await?;
    Ok(action.survey_id)
}

async fn audit(
    conn: &mut sqlx::AnyConnection,
    state: &AppState,
    actor: &CurrentUser,
    action: &str,
    id: &str,
) -> sqlx::Result<()> {
    let trail = Trail {
        action,
        object_type: "survey_action",
        object_id: id,
        patient_id: None,
        reason: None,
    };
    record(conn, state, actor, &trail, &[]).await
}

/// The survey of an action the person sees.
pub async fn survey_of(state: &AppState, actor: &CurrentUser, id: &str) -> AppResult<String> {
    Ok(reachable(state, actor, id).await?.0.survey_id)
}
