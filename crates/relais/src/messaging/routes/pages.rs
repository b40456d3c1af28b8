//! The pages (GET only: reading never changes anything).

use askama::Template;
use axum::extract::{Query, State};
use serde::Deserialize;

use super::Clock;
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::messaging::model::{MessageView, REACTIONS, Summary};
use crate::messaging::reading::{self, ConversationView};
use crate::messaging::{conversations, posting};
use crate::org::Person;
use crate::org::availability::Availability;
use crate::state::AppState;
use crate::web::{IdPath, Page, Ui};

#[derive(Template)]
#[template(path = "messages.html")]
struct IndexPage {
    ui: Ui,
    conversations: Vec<Summary>,
    people: Vec<Person>,
    sees_indicators: bool,
}

/// Colleagues one may write to (active, not oneself), by name.
pub(super) async fn colleagues(state: &AppState, user: &CurrentUser) -> AppResult<Vec<Person>> {
    let mut conn = state.db.reader().acquire().await?;
    let people = crate::org::store::list_people(&mut conn, &user.org_id).await?;
    Ok(people.into_iter().filter(|p| p.active && p.id != user.user_id).collect())
}

pub async fn index_page(state: &AppState, ui: Ui, user: &CurrentUser) -> AppResult<Page> {
    let conversations = conversations::list(state, user).await?;
    let people = colleagues(state, user).await?;
    let ui = ui.with_user(user);
    let sees_indicators = user.can(crate::org::Permission::SeeWorkload);
    let page = IndexPage { ui: ui.clone(), conversations, people, sees_indicators };
    Page::form(&page, &ui)
}

pub async fn index(State(state): State<AppState>, ui: Ui, user: CurrentUser) -> AppResult<Page> {
    index_page(&state, ui, &user).await
}

#[derive(Template)]
#[template(path = "conversation.html")]
struct ConversationPage {
    ui: Ui,
    view: ConversationView,
    title: String,
    /// Others who are off duty now, and when they are back (in the reader's time zone).
    off_duty: Vec<(String, String)>,
    may_urgent: bool,
    may_write: bool,
    people: Vec<Person>,
    clock: Clock,
    reactions: [&'static str; 8],
    /// Whether the composer's `@channel` needs a confirmation box.
    confirm_everyone: bool,
    draft: String,
    me: String,
    /// The daily announcement's time, `HH:MM`, or empty.
    announcement: String,
    /// The sidebar: every conversation of the reader.
    conversations: Vec<Summary>,
}

impl ConversationPage {
    /// Whether the "new messages" line goes before the message at `index`: the first message
    /// after the read mark that someone else wrote.
    fn new_line_before(&self, index: &usize) -> bool {
        let messages = &self.view.messages;
        let Some(message) = messages.get(*index) else { return false };
        let unread = |m: &MessageView| m.seq > self.view.last_read_seq && !m.mine;
        self.view.member && unread(message) && !messages[..*index].iter().any(unread)
    }

    /// A member's handle for mentions ("@anne.martin").
    fn handle(&self, email: &str) -> String {
        crate::messaging::text::handle_of(email)
    }

    fn is_member(&self, person_id: &str) -> bool {
        self.view.members.iter().any(|m| m.user_id == person_id)
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct ConversationQuery {
    before: Option<i64>,
}

/// The conversation page; `draft` is the text to put back in the composer after a refusal.
pub async fn conversation_page(
    state: &AppState,
    ui: Ui,
    user: &CurrentUser,
    id: &str,
    before: Option<i64>,
    draft: String,
) -> AppResult<Page> {
    let view = reading::open(state, user, id, before).await?;
    let title = match view.conversation.kind {
        crate::messaging::model::Kind::Channel => view.conversation.name.clone(),
        _ => conversations::others_names(&view.members, &user.user_id),
    };
    let clock = Clock::of(state, user);
    let now = crate::clock::now_ms();
    let off_duty = view
        .members
        .iter()
        .filter(|m| m.user_id != user.user_id)
        .filter_map(|m| {
            let availability = Availability::new(m.hours, &m.time_zone);
            (!availability.on_duty(now))
                .then(|| (m.display_name.clone(), clock.show(&availability.next_reachable(now))))
        })
        .take(if view.conversation.is_channel() { 0 } else { 10 })
        .collect();
    let may_write = view.member && !view.conversation.archived();
    let people = if view.member { colleagues(state, user).await? } else { Vec::new() };
    let ui = ui.with_user(user);
    let page = ConversationPage {
        confirm_everyone: ui.errors.get("text") == Some(&"message-confirm-everyone"),
        ui: ui.clone(),
        view,
        title,
        off_duty,
        may_urgent: posting::may_send_urgent(state, user).await?,
        may_write,
        people,
        clock,
        reactions: REACTIONS,
        draft,
        me: user.user_id.clone(),
        announcement: crate::messaging::announcement::time_of(state.db.reader(), id)
            .await?
            .map(crate::org::fields::clock_text)
            .unwrap_or_default(),
        conversations: conversations::list(state, user).await?,
    };
    Page::form(&page, &ui)
}

pub async fn conversation(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    IdPath(id): IdPath,
    Query(query): Query<ConversationQuery>,
) -> AppResult<Page> {
    conversation_page(&state, ui, &user, &id, query.before, String::new()).await
}

/// Messages as a fragment of HTML, for a live page.
#[derive(Template)]
#[template(path = "message_list.html")]
struct Fragment {
    ui: Ui,
    messages: Vec<MessageView>,
    clock: Clock,
    reactions: [&'static str; 8],
    may_write: bool,
}

async fn fragment(
    state: &AppState,
    ui: Ui,
    user: &CurrentUser,
    conversation_id: &str,
    messages: Vec<MessageView>,
) -> AppResult<Page> {
    let (conversation, membership) = conversations::readable(state, user, conversation_id).await?;
    let page = Fragment {
        ui: ui.with_user(user),
        messages,
        clock: Clock::of(state, user),
        reactions: REACTIONS,
        may_write: membership.is_some() && !conversation.archived(),
    };
    Page::render(&page)
}

#[derive(Debug, Default, Deserialize)]
pub struct SinceQuery {
    after: Option<i64>,
}

pub async fn since(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    IdPath(id): IdPath,
    Query(query): Query<SinceQuery>,
) -> AppResult<Page> {
    let after = query.after.unwrap_or(0).max(0);
    let messages = reading::since(&state, &user, &id, after).await?;
    fragment(&state, ui, &user, &id, messages).await
}

pub async fn one(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    IdPath(id): IdPath,
) -> AppResult<Page> {
    let message = reading::one(&state, &user, &id).await?;
    let conversation_id = message.conversation_id.clone();
    fragment(&state, ui, &user, &conversation_id, vec![message]).await
}

#[derive(Template)]
#[template(path = "message_thread.html")]
struct ThreadPage {
    ui: Ui,
    conversation_id: String,
    root: MessageView,
    messages: Vec<MessageView>,
    clock: Clock,
    reactions: [&'static str; 8],
    may_write: bool,
}

#[derive(Debug, Default, Deserialize)]
pub struct ThreadQuery {
    /// `1`: shown in the panel beside the conversation.
    panel: Option<String>,
}

pub async fn thread(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    IdPath(id): IdPath,
    Query(query): Query<ThreadQuery>,
) -> AppResult<Page> {
    let ui = if query.panel.as_deref() == Some("1") { ui.embedded() } else { ui };
    thread_page(&state, ui, &user, &id).await
}

pub async fn thread_page(
    state: &AppState,
    ui: Ui,
    user: &CurrentUser,
    root_id: &str,
) -> AppResult<Page> {
    let (conversation, root, messages) = reading::thread(state, user, root_id).await?;
    let membership = conversations::readable(state, user, &conversation.id).await?.1;
    let ui = ui.with_user(user);
    let page = ThreadPage {
        ui: ui.clone(),
        may_write: membership.is_some() && !conversation.archived() && !root.deleted,
        conversation_id: conversation.id,
        root,
        messages,
        clock: Clock::of(state, user),
        reactions: REACTIONS,
    };
    Page::form(&page, &ui)
}

#[derive(Template)]
#[template(path = "message_pinned.html")]
struct PinnedPage {
    ui: Ui,
    conversation_id: String,
    messages: Vec<MessageView>,
    clock: Clock,
    reactions: [&'static str; 8],
    may_write: bool,
}

pub async fn pinned(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    IdPath(id): IdPath,
) -> AppResult<Page> {
    let messages = reading::pinned(&state, &user, &id).await?;
    let ui = ui.with_user(&user);
    let page = PinnedPage {
        ui,
        conversation_id: id,
        messages,
        clock: Clock::of(&state, &user),
        reactions: REACTIONS,
        may_write: false,
    };
    Page::render(&page)
}
