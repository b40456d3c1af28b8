//! Posts, their eligibility assessments, the review a person asks about their own post, and the
//! share of eligible posts and people per team (aggregates only).

use std::collections::HashMap;

use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::org::Permission;
use crate::org::fields::Label;
use crate::state::AppState;
use crate::telework::eligibility::{self, Verdict};
use crate::telework::model::{Action, Assessment, Criteria, Eligibility, Post, Review};
use crate::telework::store::posts as store;

/// Below this many people, a team's share is not shown (working-conditions rule).
pub const SMALLEST_GROUP: usize = 5;

/// A post with its latest assessment.
pub struct PostLine {
    pub post: Post,
    pub latest: Option<Assessment>,
    pub holders: usize,
}

/// What human resources see: every post and its latest assessment, the reviews asked.
pub struct Overview {
    pub posts: Vec<PostLine>,
    pub reviews: Vec<Review>,
    pub teams: Vec<TeamShare>,
}

/// The share of a team's people whose post is eligible (fully or partly).
pub struct TeamShare {
    pub team: String,
    pub people: usize,
    /// `None` below `SMALLEST_GROUP` people.
    pub eligible: Option<usize>,
}

pub async fn overview(state: &AppState, actor: &CurrentUser) -> AppResult<Overview> {
    actor.require(Permission::ManageTelework)?;
    let org = &actor.org_id;
    let reader = state.db.reader();
    let assessments = store::assessments(reader, org).await?;
    let holders = store::holders(reader, org).await?;
    let mut latest: HashMap<String, Assessment> = HashMap::new();
    for assessment in assessments {
        latest.entry(assessment.post_id.clone()).or_insert(assessment);
    }
    let posts = store::list(reader, org)
        .await?
        .into_iter()
        .map(|post| PostLine {
            holders: holders.iter().filter(|(_, p)| *p == post.id).count(),
            latest: latest.get(&post.id).cloned(),
            post,
        })
        .collect();
    let post_of: HashMap<&str, &str> =
        holders.iter().map(|(user, post)| (user.as_str(), post.as_str())).collect();
    let eligible = |user: &str| {
        post_of
            .get(user)
            .and_then(|post| latest.get(*post))
            .is_some_and(|a| a.result != Eligibility::NotEligible)
    };
    let people = super::people(state, org).await?;
    let teams = super::teams(state, org)
        .await?
        .into_iter()
        .map(|team| {
            let members: Vec<_> =
                people.iter().filter(|p| p.active && p.in_team(&team.id)).collect();
            let count = members.iter().filter(|p| eligible(&p.id)).count();
            TeamShare {
                team: team.name,
                people: members.len(),
                eligible: (members.len() >= SMALLEST_GROUP).then_some(count),
            }
        })
        .collect();
    Ok(Overview { posts, reviews: store::reviews(reader, org, None).await?, teams })
}

/// Creates a post; its name is unique in the organisation, whatever the case.
pub async fn create(state: &AppState, actor: &CurrentUser, name: &str) -> AppResult<String> {
    actor.require(Permission::ManageTelework)?;
    let name = Label::parse(name).map_err(|e| AppError::Invalid { field: "name", code: e.0 })?;
    let id = crate::secrets::new_id();
    let key = name.as_str().to_lowercase();
    let mut tx = state.db.begin().await?;
    if !store::insert(&mut tx, &actor.org_id, &id, name.as_str(), &key).await? {
        return Err(AppError::Invalid { field: "name", code: "telework-post-taken" });
    }
    super::record(&mut tx, state, actor, Action::PostCreated, ("telework_post", &id), &[]).await?;
    tx.commit().await?;
    Ok(id)
}

/// Records an assessment of a post: the verdict is computed from the criteria, never typed in.
pub async fn assess(
    state: &AppState,
    actor: &CurrentUser,
    post_id: &str,
    criteria: &Criteria,
    comment: &str,
) -> AppResult<Verdict> {
    actor.require(Permission::ManageTelework)?;
    let comment = super::text("comment", comment, 2_000, false)?;
    if !(0..=100).contains(&criteria.remote_share) {
        return Err(AppError::Invalid { field: "remote_share", code: "telework-share-range" });
    }
    store::find(state.db.reader(), &actor.org_id, post_id).await?.ok_or(AppError::NotFound)?;
    let verdict = eligibility::assess(criteria);
    let mut tx = state.db.begin().await?;
    let org = &actor.org_id;
    let id = store::insert_assessment(
        &mut tx,
        org,
        post_id,
        criteria,
        &verdict,
        &comment,
        &actor.user_id,
    )
    .await?;
    super::record(&mut tx, state, actor, Action::PostAssessed, ("telework_assessment", &id), &[])
        .await?;
    tx.commit().await?;
    Ok(verdict)
}

/// Links a person to a post (`None`: to no post).
pub async fn set_holder(
    state: &AppState,
    actor: &CurrentUser,
    user_id: &str,
    post_id: Option<&str>,
) -> AppResult<()> {
    actor.require(Permission::ManageTelework)?;
    let org = &actor.org_id;
    let people = super::people(state, org).await?;
    if !people.iter().any(|p| p.id == user_id) {
        return Err(AppError::NotFound);
    }
    if let Some(post_id) = post_id {
        if !crate::web::ids::is_id(post_id) {
            return Err(AppError::NotFound);
        }
        store::find(state.db.reader(), org, post_id).await?.ok_or(AppError::NotFound)?;
    }
    let mut tx = state.db.begin().await?;
    store::set_holder(&mut tx, org, user_id, post_id).await?;
    super::record(&mut tx, state, actor, Action::PostHolderSet, ("user", user_id), &[]).await?;
    tx.commit().await?;
    Ok(())
}

/// A person's own post: its assessments (newest first) and the reviews they asked.
#[derive(serde::Serialize)]
pub struct MyPost {
    pub post: Option<Post>,
    pub assessments: Vec<Assessment>,
    pub reviews: Vec<Review>,
}

pub async fn mine(state: &AppState, actor: &CurrentUser) -> AppResult<MyPost> {
    of(state, &actor.org_id, &actor.user_id).await
}

/// A person's post, its assessments and their reviews (callers check who may read them).
pub(crate) async fn of(state: &AppState, org: &str, user_id: &str) -> AppResult<MyPost> {
    let reader = state.db.reader();
    let post = store::of_person(reader, org, user_id).await?;
    let assessments = match &post {
        Some(post) => store::assessments_of(reader, org, &post.id).await?,
        None => Vec::new(),
    };
    let reviews = store::reviews(reader, org, Some(user_id)).await?;
    Ok(MyPost { post, assessments, reviews })
}

/// The person asks for their post's assessment to be reviewed.
pub async fn ask_review(state: &AppState, actor: &CurrentUser, message: &str) -> AppResult<()> {
    let message = super::text("message", message, 2_000, true)?;
    let post = store::of_person(state.db.reader(), &actor.org_id, &actor.user_id)
        .await?
        .ok_or(AppError::Invalid { field: "message", code: "telework-no-post-yet" })?;
    let mut tx = state.db.begin().await?;
    let id =
        store::insert_review(&mut tx, &actor.org_id, &post.id, &actor.user_id, &message).await?;
    super::record(&mut tx, state, actor, Action::ReviewAsked, ("telework_review", &id), &[])
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Human resources answer a review, once.
pub async fn answer_review(
    state: &AppState,
    actor: &CurrentUser,
    id: &str,
    reply: &str,
) -> AppResult<()> {
    actor.require(Permission::ManageTelework)?;
    let reply = super::text("reply", reply, 2_000, true)?;
    let mut tx = state.db.begin().await?;
    if !store::answer_review(&mut tx, &actor.org_id, id, &reply, &actor.user_id).await? {
        return Err(AppError::Conflict("telework_review_answered"));
    }
    super::record(&mut tx, state, actor, Action::ReviewAnswered, ("telework_review", id), &[])
        .await?;
    tx.commit().await?;
    Ok(())
}
