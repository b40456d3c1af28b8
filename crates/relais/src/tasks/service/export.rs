//! A card exported with its history: what the person sees of it, as one JSON file (its text,
//! list, assignees, labels, checklist, comments, the documents they may open and every event),
//! with times in UTC (RFC 3339) and in the person's zone. Each export is audited.

use serde::Serialize;

use super::details::{Detail, LinkedPatient, detail};
use super::record;
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::state::AppState;
use crate::tasks::model::{Action, CardId, Comment, Item};

#[derive(Serialize)]
struct Exported<'a> {
    format: &'static str,
    exported_at: String,
    time_zone: &'a str,
    board: &'a str,
    list: Option<&'a str>,
    card: Card<'a>,
    assignees: Vec<&'a str>,
    labels: Vec<&'a str>,
    checklist: &'a [Item],
    comments: Vec<Said<'a>>,
    documents: Vec<Document<'a>>,
    history: Vec<Step<'a>>,
}

#[derive(Serialize)]
struct Card<'a> {
    id: &'a str,
    title: &'a str,
    description: &'a str,
    priority: &'static str,
    due: Option<String>,
    /// The patient's name, only within the person's care relationship.
    patient: Option<&'a str>,
    message_id: Option<&'a str>,
    created_at: String,
    completed_at: Option<String>,
    archived_at: Option<String>,
}

#[derive(Serialize)]
struct Said<'a> {
    author: &'a str,
    at: String,
    text: &'a str,
}

#[derive(Serialize)]
struct Document<'a> {
    id: &'a str,
    name: &'a str,
    added_by: &'a str,
    added_at: String,
}

#[derive(Serialize)]
struct Step<'a> {
    at: String,
    by: &'a str,
    kind: &'static str,
    detail: &'a str,
}

/// The card as JSON bytes, and a file name for it.
pub async fn card(
    state: &AppState,
    actor: &CurrentUser,
    id: &CardId,
) -> AppResult<(String, Vec<u8>)> {
    let detail = detail(state, actor, id).await?;
    let zone = actor.time_zone.as_str();
    let at = |ms: i64| time(ms, zone);
    let exported = shape(&detail, zone, at(state.clock.now_ms()), &at);
    let bytes = serde_json::to_vec_pretty(&exported)
        .map_err(|e| crate::error::AppError::Internal(e.into()))?;
    let mut tx = state.db.begin().await?;
    let patient = detail.card.patient_id.as_deref();
    let object = ("task_card", id.as_str());
    record(&mut tx, state, actor, Action::CardExported, &detail.board, object, patient).await?;
    crate::audit::trail::finish(tx, state).await?;
    Ok((format!("carte-{id}.json"), bytes))
}

fn shape<'a>(
    detail: &'a Detail,
    zone: &'a str,
    now: String,
    at: &dyn Fn(i64) -> String,
) -> Exported<'a> {
    let card = &detail.card;
    let patient = match &detail.patient {
        Some(LinkedPatient::Visible { name, .. }) => Some(name.as_str()),
        _ => None,
    };
    Exported {
        format: "relais.task-card.v1",
        exported_at: now,
        time_zone: zone,
        board: &detail.board.name,
        list: detail.list.as_ref().map(|l| l.name.as_str()),
        card: Card {
            id: card.id.as_str(),
            title: &card.title,
            description: &card.description,
            priority: card.priority.as_str(),
            due: card.due_at.map(at),
            patient,
            message_id: card.message_id.as_deref(),
            created_at: at(card.created_at),
            completed_at: card.completed_at.map(at),
            archived_at: card.archived_at.map(at),
        },
        assignees: detail.assignees.iter().map(|(_, name)| name.as_str()).collect(),
        labels: detail.labels.iter().filter(|(_, on)| *on).map(|(l, _)| l.name.as_str()).collect(),
        checklist: &detail.checklist,
        comments: detail
            .comments
            .iter()
            .map(|c: &Comment| Said { author: &c.author_name, at: at(c.created_at), text: &c.body })
            .collect(),
        documents: detail
            .attachments
            .shown
            .iter()
            .map(|a| Document {
                id: a.document.id.as_str(),
                name: &a.document.name,
                added_by: &a.added_by_name,
                added_at: at(a.added_at),
            })
            .collect(),
        history: detail
            .history
            .iter()
            .map(|e| Step {
                at: at(e.at),
                by: &e.actor_name,
                kind: e.kind.as_str(),
                detail: &e.detail,
            })
            .collect(),
    }
}

/// An instant as RFC 3339 in the person's zone (with its offset).
fn time(ms: i64, zone: &str) -> String {
    let tz = jiff::tz::TimeZone::get(zone).unwrap_or(jiff::tz::TimeZone::UTC);
    jiff::Timestamp::from_millisecond(ms)
        .map(|t| t.to_zoned(tz).strftime("%Y-%m-%dT%H:%M:%S%:z").to_string())
        .unwrap_or_default()
}
