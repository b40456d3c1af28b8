//! Task boards in `/api/v1`: the boards a person uses with their lists, a board's open cards, one
//! card, "my tasks", creating a card and moving one. Each goes through the same services as the
//! pages, so the rights are the same (a board one may not use is 404). A card says whether it is
//! linked to a patient, never which one: a token for tasks does not read patients.

use axum::Json;
use axum::http::StatusCode;
use axum::routing::{get, post};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::api::endpoints::{Endpoint, Parameter};
use crate::api::json::{ApiJson, rfc3339};
use crate::api::{ApiCaller, Scope};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::tasks::model::{BoardId, CardId, ListId, Priority};
use crate::tasks::service::cards::{self, NewTask, Slot};
use crate::tasks::service::view::{self, Filter, Tile};
use crate::tasks::service::{boards, mine, text};
use crate::web::IdPath;

pub fn endpoints() -> Vec<Endpoint> {
    let card_id = || [Parameter::path("id", "The card's id")];
    let board = || [Parameter::path("id", "The board's id")];
    vec![
        Endpoint::get(
            "/api/v1/tasks/boards",
            Scope::TasksRead,
            "The task boards the person uses (their teams' and their own), with their lists",
            get(board_list),
        )
        .gives::<Vec<BoardOut>>(),
        Endpoint::get(
            "/api/v1/tasks/boards/{id}/cards",
            Scope::TasksRead,
            "A board's open (not archived) cards, by list and position",
            get(board_cards),
        )
        .gives::<Vec<CardOut>>()
        .with(board()),
        Endpoint::get("/api/v1/tasks/cards/{id}", Scope::TasksRead, "One card", get(one_card))
            .gives::<CardOut>()
            .with(card_id()),
        Endpoint::get(
            "/api/v1/tasks/mine",
            Scope::TasksRead,
            "The open cards assigned to the person, on every board, by due date",
            get(my_cards),
        )
        .gives::<Vec<CardOut>>(),
        Endpoint::post(
            "/api/v1/tasks/boards/{id}/cards",
            Scope::TasksWrite,
            "Create a card at the bottom of one of the board's lists",
            post(create_card),
        )
        .takes::<NewCardIn>()
        .gives::<CardOut>()
        .status(StatusCode::CREATED)
        .with(board()),
        Endpoint::post(
            "/api/v1/tasks/cards/{id}/move",
            Scope::TasksWrite,
            "Move a card to a list (of its board or another board the person uses); \
             moving into a list that completes cards completes it",
            post(move_card),
        )
        .takes::<MoveIn>()
        .gives::<CardOut>()
        .with(card_id()),
    ]
}

#[derive(Serialize, JsonSchema)]
pub struct BoardOut {
    pub id: String,
    pub name: String,
    /// The team whose board it is; none for a personal board.
    pub team_id: Option<String>,
    pub lists: Vec<ListOut>,
}

#[derive(Serialize, JsonSchema)]
pub struct ListOut {
    pub id: String,
    pub name: String,
    /// Whether a card moved here is completed.
    pub completes_cards: bool,
}

#[derive(Serialize, JsonSchema)]
pub struct CardOut {
    pub id: String,
    pub board_id: String,
    pub list_id: String,
    pub title: String,
    /// Markdown (the safe subset of messages).
    pub description: String,
    /// low, normal, high or urgent.
    pub priority: String,
    /// RFC 3339, UTC.
    pub due_at: Option<String>,
    pub completed_at: Option<String>,
    pub assignee_ids: Vec<String>,
    pub label_ids: Vec<String>,
    pub patient_linked: bool,
    /// Changes on each edit of the card's text.
    pub version: i64,
}

impl From<Tile> for CardOut {
    fn from(tile: Tile) -> Self {
        let card = tile.card;
        Self {
            id: card.id.to_string(),
            board_id: card.board_id.to_string(),
            list_id: card.list_id.to_string(),
            title: card.title,
            description: card.description,
            priority: card.priority.as_str().to_string(),
            due_at: card.due_at.map(rfc3339),
            completed_at: card.completed_at.map(rfc3339),
            assignee_ids: tile.assignees.into_iter().map(|(id, _)| id).collect(),
            label_ids: tile.labels.into_iter().map(|l| l.id.to_string()).collect(),
            patient_linked: card.patient_id.is_some(),
            version: card.version,
        }
    }
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCardIn {
    pub list_id: String,
    /// 1 to 200 characters.
    pub title: String,
    /// low, normal (default), high or urgent.
    pub priority: Option<String>,
    /// `YYYY-MM-DDTHH:MM` or `YYYY-MM-DD` (the end of that day), in the person's time zone.
    pub due: Option<String>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MoveIn {
    pub list_id: String,
    /// `top` or `bottom` (default) of the list, or the id of the card it goes before.
    pub before: Option<String>,
}

fn board_id(id: &str) -> AppResult<BoardId> {
    BoardId::parse(id).ok_or(AppError::NotFound)
}

fn card_of(id: &str) -> AppResult<CardId> {
    CardId::parse(id).ok_or(AppError::NotFound)
}

fn list_of(id: &str) -> AppResult<ListId> {
    ListId::parse(id).ok_or(AppError::Invalid { field: "list_id", code: "task-list-unknown" })
}

async fn card_out(state: &AppState, caller: &ApiCaller, id: &CardId) -> AppResult<CardOut> {
    let user = caller.require(Scope::TasksRead)?;
    let (_, tile) = view::tile(state, user, id).await?;
    tile.map(CardOut::from).ok_or(AppError::NotFound)
}

async fn board_list(
    axum::extract::State(state): axum::extract::State<AppState>,
    caller: ApiCaller,
) -> AppResult<Json<Vec<BoardOut>>> {
    let user = caller.require(Scope::TasksRead)?;
    let mut out = Vec::new();
    for (board, lists) in boards::destinations(&state, user).await? {
        out.push(BoardOut {
            id: board.id.to_string(),
            name: board.name,
            team_id: board.team_id,
            lists: lists
                .into_iter()
                .map(|l| ListOut {
                    id: l.id.to_string(),
                    name: l.name,
                    completes_cards: l.is_done.0,
                })
                .collect(),
        });
    }
    Ok(Json(out))
}

async fn board_cards(
    axum::extract::State(state): axum::extract::State<AppState>,
    caller: ApiCaller,
    IdPath(id): IdPath,
) -> AppResult<Json<Vec<CardOut>>> {
    let user = caller.require(Scope::TasksRead)?;
    let view = view::board(&state, user, &board_id(&id)?, Filter::default()).await?;
    let cards = view.columns.into_iter().flat_map(|c| c.tiles).map(CardOut::from).collect();
    Ok(Json(cards))
}

async fn one_card(
    axum::extract::State(state): axum::extract::State<AppState>,
    caller: ApiCaller,
    IdPath(id): IdPath,
) -> AppResult<Json<CardOut>> {
    Ok(Json(card_out(&state, &caller, &card_of(&id)?).await?))
}

async fn my_cards(
    axum::extract::State(state): axum::extract::State<AppState>,
    caller: ApiCaller,
) -> AppResult<Json<Vec<CardOut>>> {
    let user = caller.require(Scope::TasksRead)?;
    let mine = mine::my_tasks(&state, user).await?;
    let groups = [mine.overdue, mine.today, mine.week, mine.later, mine.undated];
    let mut out = Vec::new();
    for task in groups.into_iter().flatten() {
        out.push(card_out(&state, &caller, &task.card.id).await?);
    }
    Ok(Json(out))
}

async fn create_card(
    axum::extract::State(state): axum::extract::State<AppState>,
    caller: ApiCaller,
    IdPath(id): IdPath,
    ApiJson(body): ApiJson<NewCardIn>,
) -> AppResult<(StatusCode, Json<CardOut>)> {
    let user = caller.require(Scope::TasksWrite)?;
    let board = board_id(&id)?;
    let list = list_of(&body.list_id)?;
    let usable = boards::destinations(&state, user).await?;
    let (_, lists) = usable.iter().find(|(b, _)| b.id == board).ok_or(AppError::NotFound)?;
    if !lists.iter().any(|l| l.id == list) {
        return Err(AppError::Invalid { field: "list_id", code: "task-list-unknown" });
    }
    let priority = match body.priority.as_deref() {
        None => Priority::Normal,
        Some(text) => Priority::parse(text)
            .ok_or(AppError::Invalid { field: "priority", code: "task-priority-unknown" })?,
    };
    let due_at = text::due(body.due.as_deref().unwrap_or_default(), &user.time_zone)?;
    let task = NewTask { title: &body.title, due_at, priority, message_id: None };
    let card = cards::create(&state, user, &list, &task).await?;
    Ok((StatusCode::CREATED, Json(card_out(&state, &caller, &card).await?)))
}

async fn move_card(
    axum::extract::State(state): axum::extract::State<AppState>,
    caller: ApiCaller,
    IdPath(id): IdPath,
    ApiJson(body): ApiJson<MoveIn>,
) -> AppResult<Json<CardOut>> {
    let user = caller.require(Scope::TasksWrite)?;
    let card = card_of(&id)?;
    let list = list_of(&body.list_id)?;
    let slot = match body.before.as_deref() {
        None | Some("bottom") => Slot::Bottom,
        Some("top") => Slot::Top,
        Some(other) => Slot::Before(
            CardId::parse(other)
                .ok_or(AppError::Invalid { field: "before", code: "task-card-unknown" })?,
        ),
    };
    cards::move_card(&state, user, &card, &list, &slot).await?;
    Ok(Json(card_out(&state, &caller, &card).await?))
}
