//! Search over the messages one can see.

use askama::Template;
use axum::extract::{Query, State};
use serde::Deserialize;

use super::Clock;
use super::pages::colleagues;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::messaging::conversations;
use crate::messaging::model::Summary;
use crate::messaging::reading::{self, Hit};
use crate::messaging::store::messages::SearchFilter;
use crate::org::Person;
use crate::state::AppState;
use crate::web::{Page, Ui};

#[derive(Debug, Default, Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    conversation: String,
    #[serde(default)]
    author: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

#[derive(Template)]
#[template(path = "messages_search.html")]
struct SearchPage {
    ui: Ui,
    query: SearchQuery,
    hits: Vec<Hit>,
    searched: bool,
    conversations: Vec<Summary>,
    people: Vec<Person>,
    clock: Clock,
}

/// A `YYYY-MM-DD` day of the reader's time zone as milliseconds at its start (or the next day's).
fn day_bound(text: &str, time_zone: &str, next: bool) -> AppResult<Option<i64>> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    let day: jiff::civil::Date = text.trim().parse().map_err(|_| AppError::Invalid {
        field: if next { "to" } else { "from" },
        code: "date-invalid",
    })?;
    let day = if next { day.tomorrow().map_err(|e| AppError::Internal(e.into()))? } else { day };
    let zone = jiff::tz::TimeZone::get(time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
    let start = day.to_zoned(zone).map_err(|e| AppError::Internal(e.into()))?;
    Ok(Some(start.timestamp().as_millisecond()))
}

pub async fn search(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    Query(query): Query<SearchQuery>,
) -> AppResult<Page> {
    let optional_id = |text: &str| {
        let text = text.trim();
        if text.is_empty() {
            Ok(None)
        } else if crate::web::ids::is_id(text) {
            Ok(Some(text.to_string()))
        } else {
            Err(AppError::BadRequest("unknown id".into()))
        }
    };
    let outcome = async {
        if query.q.chars().count() > 200 {
            return Err(AppError::Invalid { field: "q", code: "field-too-long" });
        }
        let filter = SearchFilter {
            conversation_id: optional_id(&query.conversation)?,
            author_id: optional_id(&query.author)?,
            from_ms: day_bound(&query.from, &user.time_zone, false)?,
            to_ms: day_bound(&query.to, &user.time_zone, true)?,
        };
        reading::find(&state, &user, &query.q, &filter).await
    }
    .await;
    let (ui, hits) = match outcome {
        Ok(hits) => (ui, hits),
        Err(AppError::Invalid { field, code }) => (ui.with_error(field, code), Vec::new()),
        Err(error) => return Err(error),
    };
    let ui = ui.with_user(&user);
    let page = SearchPage {
        ui: ui.clone(),
        searched: !query.q.trim().is_empty(),
        query,
        hits,
        conversations: conversations::list(&state, &user).await?,
        people: colleagues(&state, &user).await?,
        clock: Clock::of(&state, &user),
    };
    Page::form(&page, &ui)
}
