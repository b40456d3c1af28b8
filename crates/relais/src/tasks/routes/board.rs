//! A board: its lists and cards (or the same cards as a sortable list), its filters, a new card
//! in a list; its settings (name, lists, labels, recurring cards); its archive, by pages.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;

use super::priority_key;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::tasks::model::{
    BoardId, Colour, Frequency, LabelId, List, ListId, Priority, Recurrence,
};
use crate::tasks::service::cards::{self, NewTask};
use crate::tasks::service::view::{self, BoardView, Due, Filter, Tile};
use crate::tasks::service::{boards, recurrences, text};
use crate::web::{CsrfForm, Page, Ui, answer};

#[derive(Debug, Default, Clone, Deserialize)]
pub struct BoardQuery {
    #[serde(default)]
    assignee: String,
    #[serde(default)]
    label: String,
    #[serde(default)]
    due: String,
    #[serde(default)]
    patient: String,
    #[serde(default)]
    q: String,
    #[serde(default)]
    view: String,
    #[serde(default)]
    sort: String,
    done: Option<String>,
}

impl BoardQuery {
    fn filter(&self) -> Filter {
        Filter {
            assignee: (!self.assignee.is_empty()).then(|| self.assignee.clone()),
            label: LabelId::parse(&self.label),
            due: Due::parse(&self.due),
            with_patient: self.patient == "linked",
            words: self.q.chars().take(100).collect(),
        }
    }
}

#[derive(Template)]
#[template(path = "task_board.html")]
struct BoardPage {
    ui: Ui,
    view: BoardView,
    query: BoardQuery,
    zone: String,
    /// The list view, sorted: (tile, its list's name).
    rows: Vec<(usize, usize)>,
    /// The board's lists, where each card may move.
    lists: Vec<List>,
}

impl BoardPage {
    fn due(&self, tile: &Tile) -> String {
        tile.card.due_at.map(|at| self.ui.moment(at, &self.zone)).unwrap_or_default()
    }

    fn priority(&self, tile: &Tile) -> String {
        self.ui.t(&priority_key(tile.card.priority))
    }

    fn colour(&self, colour: &Colour) -> &'static str {
        colour.as_str()
    }

    fn is_list_view(&self) -> bool {
        self.query.view == "list"
    }

    fn tile(&self, at: &(usize, usize)) -> Option<&Tile> {
        self.view.columns.get(at.0).and_then(|c| c.tiles.get(at.1))
    }

    fn list_name(&self, at: &(usize, usize)) -> String {
        self.view.columns.get(at.0).map(|c| c.list.name.clone()).unwrap_or_default()
    }

    fn dues(&self) -> &'static [Due] {
        Due::ALL
    }

    fn due_name(&self, due: &Due) -> String {
        self.ui.t(&format!("task-due-{}", due.as_str()))
    }

    fn shown(&self) -> usize {
        self.view.columns.iter().map(|c| c.tiles.len()).sum()
    }
}

/// The list view's rows, sorted by due date, priority, title or list.
fn rows(view: &BoardView, sort: &str) -> Vec<(usize, usize)> {
    let mut rows: Vec<(usize, usize)> = view
        .columns
        .iter()
        .enumerate()
        .flat_map(|(c, column)| (0..column.tiles.len()).map(move |t| (c, t)))
        .collect();
    let tile = |at: &(usize, usize)| &view.columns[at.0].tiles[at.1];
    match sort {
        "priority" => rows.sort_by_key(|at| std::cmp::Reverse(tile(at).card.priority as u8)),
        "title" => rows.sort_by_key(|at| tile(at).card.title.to_lowercase()),
        "list" => {}
        _ => rows.sort_by_key(|at| (tile(at).card.due_at.is_none(), tile(at).card.due_at)),
    }
    rows
}

async fn board_page(
    state: &AppState,
    ui: Ui,
    user: &CurrentUser,
    id: &BoardId,
    query: BoardQuery,
) -> AppResult<Page> {
    let view = view::board(state, user, id, query.filter()).await?;
    let rows = if query.view == "list" { rows(&view, &query.sort) } else { Vec::new() };
    let ui = ui.with_user(user);
    let lists = view.columns.iter().map(|c| c.list.clone()).collect();
    let zone = user.time_zone.clone();
    let page = BoardPage { ui: ui.clone(), view, query, zone, rows, lists };
    Page::form(&page, &ui)
}

pub async fn page(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    id: BoardId,
    Query(query): Query<BoardQuery>,
) -> AppResult<Page> {
    let ui = match query.done.as_deref() {
        Some("moved") => ui.with_notice("task-card-moved"),
        Some("created") => ui.with_notice("task-card-created"),
        _ => ui,
    };
    board_page(&state, ui, &user, &id, query).await
}

#[derive(Debug, Default, Clone, Deserialize)]
pub struct CardForm {
    #[serde(default)]
    list: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    due: String,
}

pub async fn create_card(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    id: BoardId,
    CsrfForm(form): CsrfForm<CardForm>,
) -> AppResult<Response> {
    let outcome = async {
        let list = ListId::parse(&form.list)
            .ok_or(AppError::Invalid { field: "list", code: "task-list-unknown" })?;
        let due_at = text::due(&form.due, &user.time_zone)?;
        let task =
            NewTask { title: &form.title, due_at, priority: Priority::Normal, message_id: None };
        cards::create(&state, &user, &list, &task).await?;
        Ok(format!("/tasks/boards/{id}?done=created#list-{list}"))
    }
    .await;
    answer(outcome, ui, |ui| board_page(&state, ui, &user, &id, BoardQuery::default())).await
}

#[derive(Template)]
#[template(path = "task_board_settings.html")]
struct SettingsPage {
    ui: Ui,
    view: BoardView,
    rules: Vec<Recurrence>,
    colours: &'static [Colour],
    zone: String,
}

impl SettingsPage {
    fn colour_name(&self, colour: &Colour) -> String {
        self.ui.t(&format!("task-colour-{}", colour.as_str()))
    }

    fn when(&self, at: &i64) -> String {
        self.ui.moment(*at, &self.zone)
    }

    fn rhythm(&self, rule: &Recurrence) -> String {
        let time = format!("{:02}:{:02}", rule.minute / 60, rule.minute % 60);
        let when = match rule.frequency {
            Frequency::Weekly => {
                let day = self.ui.t(&format!("task-weekday-{}", rule.day));
                self.ui.t1("task-every-week", "day", &day)
            }
            Frequency::Monthly => self.ui.t1("task-every-month", "day", &rule.day.to_string()),
        };
        format!("{when} · {time}")
    }

    fn list_name(&self, list: &ListId) -> String {
        let found = self.view.columns.iter().find(|c| c.list.id == *list);
        found.map(|c| c.list.name.clone()).unwrap_or_default()
    }
}

async fn settings_page(
    state: &AppState,
    ui: Ui,
    user: &CurrentUser,
    id: &BoardId,
) -> AppResult<Page> {
    let view = view::board(state, user, id, Filter::default()).await?;
    let rules = recurrences::of_board(state, user, id).await?;
    let ui = ui.with_user(user);
    let page = SettingsPage {
        ui: ui.clone(),
        view,
        rules,
        colours: Colour::ALL,
        zone: user.time_zone.clone(),
    };
    Page::form(&page, &ui)
}

pub async fn settings(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    id: BoardId,
    Query(query): Query<BoardQuery>,
) -> AppResult<Page> {
    let ui = match query.done.as_deref() {
        Some("saved") => ui.with_notice("task-settings-saved"),
        _ => ui,
    };
    settings_page(&state, ui, &user, &id).await
}

/// Where a settings form goes back to.
fn saved(id: &BoardId) -> String {
    format!("/tasks/boards/{id}/settings?done=saved")
}

#[derive(Debug, Default, Clone, Deserialize)]
pub struct NameForm {
    #[serde(default)]
    name: String,
}

pub async fn rename(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    id: BoardId,
    CsrfForm(form): CsrfForm<NameForm>,
) -> AppResult<Response> {
    let outcome = boards::rename(&state, &user, &id, &form.name).await.map(|()| saved(&id));
    answer(outcome, ui, |ui| settings_page(&state, ui, &user, &id)).await
}

#[derive(Debug, Default, Clone, Deserialize)]
pub struct ListForm {
    #[serde(default)]
    list: String,
    #[serde(default)]
    name: String,
    done: Option<String>,
    #[serde(default)]
    action: String,
}

pub async fn lists(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    id: BoardId,
    CsrfForm(form): CsrfForm<ListForm>,
) -> AppResult<Response> {
    let is_done = form.done.is_some();
    let outcome = async {
        if form.action == "add" {
            boards::add_list(&state, &user, &id, &form.name, is_done).await?;
            return Ok(saved(&id));
        }
        let list = ListId::parse(&form.list).ok_or(AppError::NotFound)?;
        match form.action.as_str() {
            "save" => boards::update_list(&state, &user, &id, &list, &form.name, is_done).await?,
            "left" => boards::shift_list(&state, &user, &id, &list, -1).await?,
            "right" => boards::shift_list(&state, &user, &id, &list, 1).await?,
            "delete" => boards::delete_list(&state, &user, &id, &list).await?,
            _ => return Err(AppError::BadRequest("unknown action".into())),
        }
        Ok(saved(&id))
    }
    .await;
    answer(outcome, ui, |ui| settings_page(&state, ui, &user, &id)).await
}

#[derive(Debug, Default, Clone, Deserialize)]
pub struct LabelForm {
    #[serde(default)]
    label: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    colour: String,
}

pub async fn labels(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    id: BoardId,
    CsrfForm(form): CsrfForm<LabelForm>,
) -> AppResult<Response> {
    let outcome = async {
        match LabelId::parse(&form.label) {
            Some(label) => boards::delete_label(&state, &user, &id, &label).await?,
            None => {
                let colour = Colour::parse(&form.colour)
                    .ok_or(AppError::Invalid { field: "colour", code: "task-colour-unknown" })?;
                boards::add_label(&state, &user, &id, &form.name, colour).await?;
            }
        }
        Ok(saved(&id))
    }
    .await;
    answer(outcome, ui, |ui| settings_page(&state, ui, &user, &id)).await
}

#[derive(Debug, Default, Clone, Deserialize)]
pub struct RecurrenceForm {
    #[serde(default)]
    rule: String,
    #[serde(default)]
    list: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    frequency: String,
    #[serde(default)]
    day: String,
    #[serde(default)]
    time: String,
    #[serde(default)]
    person: String,
}

pub async fn recurrences(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    id: BoardId,
    CsrfForm(form): CsrfForm<RecurrenceForm>,
) -> AppResult<Response> {
    let outcome = async {
        if let Some(rule) = crate::tasks::model::RecurrenceId::parse(&form.rule) {
            recurrences::delete(&state, &user, &id, &rule).await?;
            return Ok(saved(&id));
        }
        let list = ListId::parse(&form.list)
            .ok_or(AppError::Invalid { field: "list", code: "task-list-unknown" })?;
        let frequency = Frequency::parse(&form.frequency)
            .ok_or(AppError::Invalid { field: "frequency", code: "task-recurrence-day-invalid" })?;
        let day = form.day.trim().parse::<i64>().unwrap_or(0);
        let bad_time = || AppError::Invalid { field: "time", code: "task-recurrence-time-invalid" };
        let time: jiff::civil::Time = form.time.trim().parse().map_err(|_| bad_time())?;
        let minute = i64::from(time.hour()) * 60 + i64::from(time.minute());
        let rhythm = recurrences::Rhythm::checked(frequency, day, minute)?;
        let person = (!form.person.is_empty()).then_some(form.person.as_str());
        recurrences::create(&state, &user, &id, &list, &form.title, rhythm, person).await?;
        Ok(saved(&id))
    }
    .await;
    answer(outcome, ui, |ui| settings_page(&state, ui, &user, &id)).await
}
