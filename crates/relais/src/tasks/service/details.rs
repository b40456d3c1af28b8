//! What hangs on a card: assignees, labels, the checklist, comments (with @mentions), the link to
//! a patient (made and shown only within the care relationship, audited), and the card's page.

use super::access::{open, place, seal};
use super::cards::{opened, usable};
use super::text::{self, MAX_COMMENT_CHARS, MAX_ITEM_CHARS};
use super::{notices, record};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::homecare::model::PatientId;
use crate::state::AppState;
use crate::tasks::model::{
    Action, Board, Card, CardId, Comment, Event, EventKind, Item, ItemId, Label, LabelId, List,
    NoticeKind,
};
use crate::tasks::store::{self as boards_store, cards as card_store, details as store};

/// A card's page.
pub struct Detail {
    pub board: Board,
    pub card: Card,
    pub list: Option<List>,
    pub assignees: Vec<(String, String)>,
    pub members: Vec<(String, String)>,
    /// Every label of the board, and whether the card has it.
    pub labels: Vec<(Label, bool)>,
    pub checklist: Vec<Item>,
    pub comments: Vec<Comment>,
    pub history: Vec<Event>,
    pub attachments: super::attachments::Attachments,
    pub patient: Option<LinkedPatient>,
    /// Every list the card may move to: its board's, then the person's other boards'.
    pub destinations: Vec<(Board, Vec<List>)>,
}

/// The patient a card is linked to, as the person may see it.
pub enum LinkedPatient {
    /// Within the person's care relationship: its name (this reading is audited).
    Visible { id: String, name: String },
    /// Outside it: the card says a patient is linked, no more.
    Hidden,
}

pub async fn detail(state: &AppState, actor: &CurrentUser, id: &CardId) -> AppResult<Detail> {
    let (board, stored) = usable(state, actor, id).await?;
    let reader = state.db.reader();
    let card = opened(state, stored).await?;
    let lists = boards_store::lists(reader, &board.id).await?;
    let on_card = store::labels_of_card(reader, id).await?;
    let labels = boards_store::labels(reader, &board.id)
        .await?
        .into_iter()
        .map(|label| {
            let on = on_card.contains(&label.id);
            (label, on)
        })
        .collect();
    let mut checklist = Vec::new();
    for item in store::checklist(reader, id).await? {
        let at = place("task_checklist_items", "text_enc", &item.id);
        checklist.push(Item {
            text: open(state, &actor.org_id, at, &item.text_enc).await?,
            id: item.id,
            card_id: item.card_id,
            done: item.done == 1,
            position: item.position,
        });
    }
    let mut comments = Vec::new();
    for comment in store::comments(reader, id).await? {
        let at = place("task_comments", "body_enc", &comment.id);
        comments.push(Comment {
            body: open(state, &actor.org_id, at, &comment.body_enc).await?,
            id: comment.id,
            card_id: comment.card_id,
            author_id: comment.author_id,
            author_name: comment.author_name,
            created_at: comment.created_at,
        });
    }
    let patient = match &card.patient_id {
        Some(patient) => Some(linked_patient(state, actor, &board, id, patient).await?),
        None => None,
    };
    let mut destinations = super::boards::destinations(state, actor).await?;
    destinations.sort_by_key(|(b, _)| b.id != board.id);
    Ok(Detail {
        list: lists.into_iter().find(|l| l.id == card.list_id),
        assignees: store::assignees(reader, id).await?,
        members: super::view::members(state, &board).await?,
        history: store::history(reader, id).await?,
        attachments: super::attachments::of_card(state, actor, id).await?,
        labels,
        checklist,
        comments,
        patient,
        destinations,
        board,
        card,
    })
}

async fn linked_patient(
    state: &AppState,
    actor: &CurrentUser,
    board: &Board,
    card: &CardId,
    patient: &str,
) -> AppResult<LinkedPatient> {
    let Some(patient_id) = PatientId::parse(patient) else {
        return Ok(LinkedPatient::Hidden);
    };
    let found = match crate::homecare::patients::visible(state, actor, &patient_id).await {
        Ok(found) => found,
        Err(AppError::NotFound | AppError::Forbidden) => return Ok(LinkedPatient::Hidden),
        Err(other) => return Err(other),
    };
    let mut tx = state.db.begin().await?;
    let object = ("task_card", card.as_str());
    record(&mut tx, state, actor, Action::PatientRead, board, object, Some(patient)).await?;
    crate::audit::trail::finish(tx, state).await?;
    let name = format!("{} {}", found.given_name, found.family_name);
    Ok(LinkedPatient::Visible { id: patient.to_string(), name })
}

/// Links a card to a patient of the person's care relationship, or unlinks it (`None`).
pub async fn link_patient(
    state: &AppState,
    actor: &CurrentUser,
    id: &CardId,
    patient: Option<&PatientId>,
) -> AppResult<()> {
    let (board, card) = usable(state, actor, id).await?;
    if let Some(patient) = patient {
        crate::homecare::patients::visible(state, actor, patient)
            .await
            .map_err(|_| AppError::Invalid { field: "patient", code: "task-patient-unknown" })?;
    }
    let at = state.clock.now_ms();
    let mut tx = state.db.begin().await?;
    card_store::set_patient(&mut tx, id, patient.map(|p| p.as_str()), at).await?;
    store::log(&mut tx, id, Some(&actor.user_id), EventKind::PatientLinked, "", at).await?;
    let touched = patient.map(|p| p.as_str()).or(card.patient_id.as_deref());
    let object = ("task_card", id.as_str());
    record(&mut tx, state, actor, Action::PatientLinked, &board, object, touched).await?;
    crate::audit::trail::finish(tx, state).await?;
    Ok(())
}

/// Assigns a member of the board (`true`) or unassigns them (`false`).
pub async fn assign(
    state: &AppState,
    actor: &CurrentUser,
    id: &CardId,
    user_id: &str,
    assigned: bool,
) -> AppResult<()> {
    let (board, card) = usable(state, actor, id).await?;
    let members = super::view::members(state, &board).await?;
    let Some((_, name)) = members.iter().find(|(m, _)| m == user_id) else {
        return Err(AppError::Invalid { field: "person", code: "task-assignee-unknown" });
    };
    let at = state.clock.now_ms();
    let mut tx = state.db.begin().await?;
    if store::set_assigned(&mut tx, id, user_id, assigned).await? {
        let kind = if assigned { EventKind::Assigned } else { EventKind::Unassigned };
        store::log(&mut tx, id, Some(&actor.user_id), kind, name, at).await?;
        let patient = card.patient_id.as_deref();
        let object = ("task_card", id.as_str());
        record(&mut tx, state, actor, Action::CardEdited, &board, object, patient).await?;
        if assigned && user_id != actor.user_id {
            notices::notify(&mut tx, state, &actor.org_id, &[user_id], NoticeKind::Assigned, id)
                .await?;
        }
    }
    crate::audit::trail::finish(tx, state).await?;
    Ok(())
}

/// Puts one of the board's labels on the card (`true`) or takes it off.
pub async fn label(
    state: &AppState,
    actor: &CurrentUser,
    id: &CardId,
    label: &LabelId,
    on: bool,
) -> AppResult<()> {
    let (board, card) = usable(state, actor, id).await?;
    let labels = boards_store::labels(state.db.reader(), &board.id).await?;
    let Some(found) = labels.iter().find(|l| l.id == *label) else {
        return Err(AppError::Invalid { field: "label", code: "task-label-unknown" });
    };
    let at = state.clock.now_ms();
    let mut tx = state.db.begin().await?;
    if store::set_labelled(&mut tx, id, label, on).await? {
        let kind = if on { EventKind::Labelled } else { EventKind::Unlabelled };
        store::log(&mut tx, id, Some(&actor.user_id), kind, &found.name, at).await?;
        let patient = card.patient_id.as_deref();
        let object = ("task_card", id.as_str());
        record(&mut tx, state, actor, Action::CardEdited, &board, object, patient).await?;
    }
    crate::audit::trail::finish(tx, state).await?;
    Ok(())
}

pub const MAX_ITEMS: usize = 100;

pub async fn add_item(
    state: &AppState,
    actor: &CurrentUser,
    id: &CardId,
    text: &str,
) -> AppResult<()> {
    let (board, card) = usable(state, actor, id).await?;
    let text = text::line(text, MAX_ITEM_CHARS, "item", "task-item-invalid")?;
    if store::checklist(state.db.reader(), id).await?.len() >= MAX_ITEMS {
        return Err(AppError::Invalid { field: "item", code: "task-items-too-many" });
    }
    let item = ItemId::generate();
    let at = state.clock.now_ms();
    let sealed =
        seal(state, &actor.org_id, place("task_checklist_items", "text_enc", &item), text).await?;
    let mut tx = state.db.begin().await?;
    store::add_item(&mut tx, &item, &actor.org_id, id, &sealed, at).await?;
    let patient = card.patient_id.as_deref();
    let object = ("task_card", id.as_str());
    record(&mut tx, state, actor, Action::CardChecklist, &board, object, patient).await?;
    crate::audit::trail::finish(tx, state).await?;
    Ok(())
}

/// Ticks (`Some(true)`), unticks (`Some(false)`) or removes (`None`) an item of the checklist.
pub async fn set_item(
    state: &AppState,
    actor: &CurrentUser,
    id: &CardId,
    item: &ItemId,
    done: Option<bool>,
) -> AppResult<()> {
    let (board, card) = usable(state, actor, id).await?;
    let at = state.clock.now_ms();
    let mut tx = state.db.begin().await?;
    let changed = match done {
        Some(done) => store::set_item_done(&mut tx, id, item, done).await?,
        None => store::delete_item(&mut tx, id, item).await?,
    };
    if changed {
        if let Some(done) = done {
            let kind = if done { EventKind::Checked } else { EventKind::Unchecked };
            store::log(&mut tx, id, Some(&actor.user_id), kind, "", at).await?;
        }
        let patient = card.patient_id.as_deref();
        let object = ("task_card", id.as_str());
        record(&mut tx, state, actor, Action::CardChecklist, &board, object, patient).await?;
    }
    crate::audit::trail::finish(tx, state).await?;
    Ok(())
}

/// Comments on a card; members named `@Name` (as the board shows them) are told.
pub async fn comment(
    state: &AppState,
    actor: &CurrentUser,
    id: &CardId,
    body: &str,
) -> AppResult<()> {
    let (board, card) = usable(state, actor, id).await?;
    let body = text::body(body, MAX_COMMENT_CHARS, true, "body", "task-comment-invalid")?;
    let members = super::view::members(state, &board).await?;
    let mentioned: Vec<&str> = members
        .iter()
        .filter(|(user, name)| *user != actor.user_id && body.contains(&format!("@{name}")))
        .map(|(user, _)| user.as_str())
        .collect();
    let comment_id = crate::secrets::new_id();
    let at = state.clock.now_ms();
    let sealed =
        seal(state, &actor.org_id, place("task_comments", "body_enc", &comment_id), body).await?;
    let mut tx = state.db.begin().await?;
    let new = store::NewComment {
        id: &comment_id,
        org_id: &actor.org_id,
        card: id,
        author_id: &actor.user_id,
        body_enc: &sealed,
        at,
    };
    store::add_comment(&mut tx, &new).await?;
    store::log(&mut tx, id, Some(&actor.user_id), EventKind::Commented, "", at).await?;
    notices::notify(&mut tx, state, &actor.org_id, &mentioned, NoticeKind::Mentioned, id).await?;
    let patient = card.patient_id.as_deref();
    let object = ("task_card", id.as_str());
    record(&mut tx, state, actor, Action::CardCommented, &board, object, patient).await?;
    crate::audit::trail::finish(tx, state).await?;
    Ok(())
}
