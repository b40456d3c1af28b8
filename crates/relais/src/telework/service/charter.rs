//! The telework charter: versions published by human resources, accepted by each person
//! concerned (everyone whose post can be done remotely, fully or partly).

use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::org::{Permission, Person};
use crate::state::AppState;
use crate::telework::model::{Action, Charter, Eligibility, NoticeKind};
use crate::telework::store::{charter as store, posts};

/// The longest charter accepted, in characters (a charter is a few pages).
pub const MAX_CHARS: usize = 60_000;

pub struct MyCharter {
    pub current: Option<Charter>,
    /// When the person accepted the version in force.
    pub accepted_at: Option<i64>,
    /// (version, when) of every version the person accepted.
    pub history: Vec<(i64, i64)>,
}

pub async fn mine(state: &AppState, actor: &CurrentUser) -> AppResult<MyCharter> {
    let reader = state.db.reader();
    let current = store::current(reader, &actor.org_id).await?;
    let accepted_at = match &current {
        Some(charter) => store::accepted_at(reader, &charter.id, &actor.user_id).await?,
        None => None,
    };
    let history = store::accepted_by(reader, &actor.org_id, &actor.user_id).await?;
    Ok(MyCharter { current, accepted_at, history })
}

/// Whether the person may telework as far as the charter goes: they accepted the version in
/// force, or none is published.
pub async fn accepted(state: &AppState, org_id: &str, user_id: &str) -> AppResult<bool> {
    let reader = state.db.reader();
    Ok(match store::current(reader, org_id).await? {
        Some(charter) => store::accepted_at(reader, &charter.id, user_id).await?.is_some(),
        None => true,
    })
}

/// Publishes a new version; everyone concerned is asked to accept it.
pub async fn publish(state: &AppState, actor: &CurrentUser, body: &str) -> AppResult<i64> {
    actor.require(Permission::ManageTelework)?;
    let body = super::text("body", body, MAX_CHARS, true)?;
    let mut tx = state.db.begin().await?;
    let (id, version) = match store::publish(&mut tx, &actor.org_id, &body, &actor.user_id).await {
        Ok(published) => published,
        Err(error) if is_unique_violation(&error) => {
            return Err(AppError::Conflict("telework_charter_published_meanwhile"));
        }
        Err(error) => return Err(error.into()),
    };
    super::record(&mut tx, state, actor, Action::CharterPublished, ("telework_charter", &id), &[])
        .await?;
    let concerned = concerned(state, &actor.org_id).await?;
    let concerned: Vec<&Person> = concerned.iter().collect();
    super::notices::notify(&mut tx, state, &concerned, NoticeKind::CharterPublished, &id).await?;
    crate::audit::trail::finish(tx, state).await?;
    Ok(version)
}

fn is_unique_violation(error: &sqlx::Error) -> bool {
    error.as_database_error().is_some_and(|e| e.is_unique_violation())
}

/// The person accepts `version`, which must be the one in force.
pub async fn accept(state: &AppState, actor: &CurrentUser, version: i64) -> AppResult<()> {
    let current =
        store::current(state.db.reader(), &actor.org_id).await?.ok_or(AppError::NotFound)?;
    if current.version != version {
        return Err(AppError::Invalid { field: "version", code: "telework-charter-outdated" });
    }
    let mut tx = state.db.begin().await?;
    if store::accept(&mut tx, &current.id, &actor.user_id).await? {
        let object = ("telework_charter", current.id.as_str());
        super::record(&mut tx, state, actor, Action::CharterAccepted, object, &[]).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Who is concerned by the charter and has not accepted the version in force (human resources).
pub struct Follow {
    pub current: Option<Charter>,
    pub versions: Vec<Charter>,
    pub concerned: usize,
    pub waiting: Vec<Person>,
}

pub async fn follow(state: &AppState, actor: &CurrentUser) -> AppResult<Follow> {
    actor.require(Permission::ManageTelework)?;
    let reader = state.db.reader();
    let org = &actor.org_id;
    let versions = store::versions(reader, org).await?;
    let current = versions.first().cloned();
    let concerned = concerned(state, org).await?;
    let accepted = match &current {
        Some(charter) => store::acceptances(reader, &charter.id).await?,
        None => Vec::new(),
    };
    let count = concerned.len();
    let waiting = concerned
        .into_iter()
        .filter(|p| current.is_some() && !accepted.iter().any(|(user, _)| *user == p.id))
        .collect();
    Ok(Follow { current, versions, concerned: count, waiting })
}

/// Active people whose post is eligible, fully or partly, by its latest assessment.
pub async fn concerned(state: &AppState, org_id: &str) -> AppResult<Vec<Person>> {
    let reader = state.db.reader();
    let holders = posts::holders(reader, org_id).await?;
    let assessments = posts::assessments(reader, org_id).await?;
    let eligible = |post: &str| {
        assessments
            .iter()
            .find(|a| a.post_id == post)
            .is_some_and(|a| a.result != Eligibility::NotEligible)
    };
    Ok(super::people(state, org_id)
        .await?
        .into_iter()
        .filter(|p| p.active && holders.iter().any(|(u, post)| *u == p.id && eligible(post)))
        .collect())
}
