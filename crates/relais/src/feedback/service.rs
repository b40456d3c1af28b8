//! The rules of the feedback box.
//!
//! - Anyone sends an item to one of their teams (its managers receive it) or to the organisation
//!   (human resources and administrators). Everyone of that audience reads it and may vote.
//! - An anonymous item stores no author and no time finer than the day, and is not in the audit
//!   log (which names who acts). Its author gets a code, shown once, to follow it; only the code's
//!   digest is kept, and wrong codes are throttled like passwords.
//! - Every item shows from the day after it is sent, all of a day's items at once, sorted by
//!   title: when an item appears tells nothing of who was connected when.
//! - Those who receive it answer (signed), moving it to "under study", "done" or "declined" (with
//!   a reason).

use super::model::{Kind, Status, Topic};
use super::store::{self, StoredItem, StoredReply};
use crate::audit::trail::{Trail, finish, record};
use crate::auth::CurrentUser;
use crate::crypto::Place;
use crate::error::{AppError, AppResult};
use crate::org::{Permission, Person};
use crate::state::AppState;

const MAX_TITLE_CHARS: usize = 150;
const MAX_BODY_CHARS: usize = 4000;
const MAX_REPLY_CHARS: usize = 2000;

/// An item as a reader sees it.
pub struct Item {
    pub stored: StoredItem,
    pub body: String,
    /// The reader receives it (answers it).
    pub receives: bool,
    /// The reader wrote it (named items only).
    pub mine: bool,
}

impl Item {
    pub fn status(&self) -> Status {
        self.stored.status
    }
}

pub fn place(row: &str) -> Place<'_> {
    Place { table: "feedback_items", column: "body_enc", row_id: row }
}

/// Whether the person is of the item's audience (its team, or anyone for the organisation).
fn reads(person: &Person, team: Option<&str>) -> bool {
    team.is_none_or(|team| person.in_team(team))
}

/// Whether the person receives items sent to this team (or to the organisation).
fn receives(actor: &CurrentUser, person: &Person, team: Option<&str>) -> bool {
    match team {
        Some(team) => actor.can(Permission::SeeTeamIndicators) && person.in_team(team),
        None => actor.can(Permission::ManageTelework) || actor.can(Permission::ManagePeople),
    }
}

async fn open(state: &AppState, actor: &CurrentUser, stored: StoredItem) -> AppResult<String> {
    let bytes = state
        .keys
        .open_sealed(&state.db, &actor.org_id, place(&stored.id), &stored.body_enc)
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

async fn item_of(
    state: &AppState,
    actor: &CurrentUser,
    me: &Person,
    stored: StoredItem,
) -> AppResult<Item> {
    let receives = receives(actor, me, stored.team_id.as_deref());
    let mine = stored.author_id.as_deref() == Some(me.id.as_str());
    let body = open(state, actor, stored.clone()).await?;
    Ok(Item { stored, body, receives, mine })
}

/// The items the person reads today (visible ones, and their own named ones at once).
pub async fn list(state: &AppState, actor: &CurrentUser) -> AppResult<Vec<Item>> {
    let me = crate::org::service::show_self(state, actor).await?;
    let today = crate::org::service::today(state, &actor.org_id).await?.to_string();
    let mut out = Vec::new();
    for stored in store::of_org(state.db.reader(), &actor.org_id, &me.id).await? {
        let mine = stored.author_id.as_deref() == Some(me.id.as_str());
        if mine || (reads(&me, stored.team_id.as_deref()) && stored.visible_on <= today) {
            out.push(item_of(state, actor, &me, stored).await?);
        }
    }
    Ok(out)
}

/// One item the person reads, with its answers, or "not found".
pub async fn show(
    state: &AppState,
    actor: &CurrentUser,
    id: &str,
) -> AppResult<(Item, Vec<StoredReply>)> {
    let me = crate::org::service::show_self(state, actor).await?;
    let today = crate::org::service::today(state, &actor.org_id).await?.to_string();
    let stored = store::find(state.db.reader(), &actor.org_id, &me.id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mine = stored.author_id.as_deref() == Some(me.id.as_str());
    let shown = reads(&me, stored.team_id.as_deref()) && stored.visible_on <= today;
    if !(mine || shown) {
        return Err(AppError::NotFound);
    }
    let replies = store::replies_of(state.db.reader(), id).await?;
    Ok((item_of(state, actor, &me, stored).await?, replies))
}

/// What a person writes.
pub struct Draft<'a> {
    pub team_id: &'a str,
    pub kind: &'a str,
    pub topic: &'a str,
    pub title: &'a str,
    pub body: &'a str,
    pub anonymous: bool,
}

fn text(value: &str, max: usize, lines: bool) -> Option<String> {
    let value = value.trim();
    let bad = |c: char| c.is_control() && !(lines && (c == '\n' || c == '\r' || c == '\t'));
    (!value.is_empty() && value.chars().count() <= max && !value.chars().any(bad))
        .then(|| value.to_string())
}

/// Sends an item; returns its id and, when anonymous, the follow-up code (shown once).
pub async fn send(
    state: &AppState,
    actor: &CurrentUser,
    draft: &Draft<'_>,
) -> AppResult<(String, Option<String>)> {
    let me = crate::org::service::show_self(state, actor).await?;
    let team = match draft.team_id.trim() {
        "" => None,
        team if me.in_team(team) => Some(team),
        _ => return Err(AppError::Invalid { field: "team", code: "feedback-team" }),
    };
    let kind = Kind::parse(draft.kind)
        .ok_or(AppError::Invalid { field: "kind", code: "feedback-kind-invalid" })?;
    let topic = Topic::parse(draft.topic)
        .ok_or(AppError::Invalid { field: "topic", code: "feedback-topic-invalid" })?;
    let title = text(draft.title, MAX_TITLE_CHARS, false)
        .ok_or(AppError::Invalid { field: "title", code: "feedback-title-invalid" })?;
    let body = text(draft.body, MAX_BODY_CHARS, true)
        .ok_or(AppError::Invalid { field: "body", code: "feedback-body-invalid" })?;
    let today = crate::org::service::today(state, &actor.org_id).await?;
    let tomorrow = today.tomorrow().map_err(AppError::internal)?.to_string();
    // A random id: a time-ordered one would tell when it was sent.
    let id = uuid::Uuid::new_v4().to_string();
    let code = draft.anonymous.then(follow_code);
    let digest = code.as_deref().map(crate::secrets::digest);
    let key = state.keys.current(&state.db, &actor.org_id).await?;
    let sealed = key.seal(place(&id), body.as_bytes());
    let new = store::NewItem {
        id: &id,
        org_id: &actor.org_id,
        team_id: team,
        kind,
        topic,
        title: &title,
        body_enc: &sealed,
        author_id: (!draft.anonymous).then_some(me.id.as_str()),
        follow_digest: digest.as_deref(),
        sent_on: &today.to_string(),
        visible_on: &tomorrow,
    };
    let mut tx = state.db.begin().await?;
    store::insert(&mut tx, &new).await?;
    if draft.anonymous {
        tx.commit().await?;
    } else {
        audit(&mut tx, state, actor, "feedback.sent", &id).await?;
        finish(tx, state).await?;
    }
    Ok((id, code))
}

/// Sixteen letters and digits without look-alikes (80 bits), in groups of four.
fn follow_code() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rngs::OsRng;
    let letters: Vec<char> =
        (0..16).map(|_| char::from(ALPHABET[rng.gen_range(0..ALPHABET.len())])).collect();
    letters.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-")
}

/// A code as typed: capitals, without spaces or dashes, back in groups of four.
pub fn normalise_code(code: &str) -> String {
    let letters: Vec<char> = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    letters.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-")
}

/// The anonymous item a follow-up code opens; wrong codes are throttled.
pub async fn follow(
    state: &AppState,
    actor: &CurrentUser,
    code: &str,
) -> AppResult<(Item, Vec<StoredReply>)> {
    use crate::auth::throttle::Attempt;
    let digest = crate::secrets::digest(&normalise_code(code));
    let found = store::find_by_follow_code(state.db.reader(), &actor.org_id, &digest).await?;
    let Some(stored) = found else {
        state.throttles.check(Attempt::FollowCode, &actor.user_id, actor.client.ip)?;
        return Err(AppError::Invalid { field: "code", code: "feedback-code-wrong" });
    };
    let replies = store::replies_of(state.db.reader(), &stored.id).await?;
    let body = open(state, actor, stored.clone()).await?;
    Ok((Item { stored, body, receives: false, mine: true }, replies))
}

/// Adds or withdraws the person's vote on an item they read.
pub async fn vote(state: &AppState, actor: &CurrentUser, id: &str) -> AppResult<()> {
    let (item, _) = show(state, actor, id).await?;
    let mut conn = state.db.writer().acquire().await?;
    store::toggle_vote(&mut conn, &item.stored.id, &actor.user_id).await?;
    Ok(())
}

/// Those who receive the item answer it and set its status (a refusal needs its reason).
pub async fn answer(
    state: &AppState,
    actor: &CurrentUser,
    id: &str,
    status: &str,
    body: &str,
) -> AppResult<()> {
    let (item, _) = show(state, actor, id).await?;
    if !item.receives {
        return Err(AppError::Forbidden);
    }
    let status = Status::parse(status)
        .ok_or(AppError::Invalid { field: "status", code: "feedback-status-invalid" })?;
    let body = match body.trim() {
        "" if status == Status::Declined => {
            return Err(AppError::Invalid { field: "answer", code: "feedback-reason" });
        }
        "" => String::new(),
        some => text(some, MAX_REPLY_CHARS, true)
            .ok_or(AppError::Invalid { field: "answer", code: "feedback-answer-invalid" })?,
    };
    let mut tx = state.db.begin().await?;
    let by = (actor.user_id.as_str(), status, body.as_str());
    store::reply(&mut tx, (&actor.org_id, id), by, state.clock.now_ms()).await?;
    audit(&mut tx, state, actor, "feedback.answered", id).await?;
    finish(tx, state).await?;
    Ok(())
}

/// Per month (newest first): how many items were sent, and how many of them are done, declined
/// or still open — over the items the person reads.
pub fn monthly(items: &[Item]) -> Vec<(String, [usize; 4])> {
    let mut months: Vec<(String, [usize; 4])> = Vec::new();
    for item in items {
        let month = item.stored.sent_on.get(..7).unwrap_or_default().to_string();
        let index = match item.status() {
            Status::Done => 1,
            Status::Declined => 2,
            _ => 3,
        };
        match months.iter_mut().find(|(m, _)| *m == month) {
            Some((_, counts)) => {
                counts[0] += 1;
                counts[index] += 1;
            }
            None => {
                let mut counts = [1, 0, 0, 0];
                counts[index] += 1;
                months.push((month, counts));
            }
        }
    }
    months.sort_by(|a, b| b.0.cmp(&a.0));
    months
}

async fn audit(
    conn: &mut sqlx::AnyConnection,
    state: &AppState,
    actor: &CurrentUser,
    action: &str,
    id: &str,
) -> sqlx::Result<()> {
    let trail =
        Trail { action, object_type: "feedback", object_id: id, patient_id: None, reason: None };
    record(conn, state, actor, &trail, &[]).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follow_codes_are_sixteen_unambiguous_letters_and_read_back_however_typed() {
        let code = follow_code();
        assert_eq!(code.len(), 19);
        assert!(!code.contains(['0', '1', 'O', 'I']));
        assert_eq!(normalise_code(&code.to_lowercase().replace('-', " ")), code);
        assert_ne!(follow_code(), code);
    }
}
