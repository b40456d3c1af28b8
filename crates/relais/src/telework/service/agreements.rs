//! Individual telework agreements: human resources propose (which is the employer's signature),
//! the person signs by giving their password again. A qualified electronic signature would be a
//! separate integration.

use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::org::Permission;
use crate::state::AppState;
use crate::telework::model::{Action, Agreement, NoticeKind};
use crate::telework::store::agreements::{self as store, Proposal};
use crate::telework::store::posts;

/// The agreement of `user_id` as human resources see it; reading another person's agreement is
/// audited.
pub async fn of_person(
    state: &AppState,
    actor: &CurrentUser,
    user_id: &str,
) -> AppResult<Vec<Agreement>> {
    if !crate::web::ids::is_id(user_id) {
        return Err(AppError::NotFound);
    }
    if user_id != actor.user_id {
        actor.require(Permission::ManageTelework)?;
        let mut tx = state.db.begin().await?;
        super::record(&mut tx, state, actor, Action::AgreementRead, ("user", user_id), &[]).await?;
        tx.commit().await?;
    }
    Ok(store::history_of(state.db.reader(), &actor.org_id, user_id).await?)
}

pub async fn open_all(state: &AppState, actor: &CurrentUser) -> AppResult<Vec<Agreement>> {
    actor.require(Permission::ManageTelework)?;
    Ok(store::open_all(state.db.reader(), &actor.org_id).await?)
}

/// Proposes an agreement, replacing the person's open one. The days a week cannot exceed what
/// their post's latest assessment allows.
pub async fn propose(
    state: &AppState,
    actor: &CurrentUser,
    proposal: &Proposal<'_>,
) -> AppResult<()> {
    actor.require(Permission::ManageTelework)?;
    let org = &actor.org_id;
    let people = super::people(state, org).await?;
    if !people.iter().any(|p| p.id == proposal.user_id && p.active) {
        return Err(AppError::NotFound);
    }
    let invalid = |field, code| AppError::Invalid { field, code };
    let reader = state.db.reader();
    let post = posts::of_person(reader, org, proposal.user_id)
        .await?
        .ok_or(invalid("user", "telework-person-without-post"))?;
    let allowed = posts::assessments_of(reader, org, &post.id)
        .await?
        .first()
        .map(|a| a.max_days)
        .unwrap_or(0);
    if allowed == 0 {
        return Err(invalid("user", "telework-post-not-eligible"));
    }
    if !(1..=allowed).contains(&proposal.days_per_week) {
        return Err(invalid("days_per_week", "telework-days-beyond-post"));
    }
    if proposal.ends_on.is_some_and(|end| end < proposal.starts_on) {
        return Err(invalid("ends_on", "telework-end-before-start"));
    }
    let fixed = proposal.fixed_days.split(',').filter(|d| !d.is_empty()).count();
    if i64::try_from(fixed).unwrap_or(i64::MAX) > proposal.days_per_week {
        return Err(invalid("fixed_days", "telework-fixed-beyond-days"));
    }
    let mut tx = state.db.begin().await?;
    store::end_open(&mut tx, org, proposal.user_id).await?;
    // Two proposals at once: the partial unique index keeps one open agreement per person.
    let id = match store::insert(&mut tx, org, proposal, &actor.user_id).await {
        Ok(id) => id,
        Err(e) if e.as_database_error().is_some_and(|d| d.is_unique_violation()) => {
            return Err(AppError::Conflict("telework_agreement_proposed_meanwhile"));
        }
        Err(e) => return Err(e.into()),
    };
    let person = crate::events::Audience::user(proposal.user_id);
    let object = ("telework_agreement", id.as_str());
    super::record(&mut tx, state, actor, Action::AgreementProposed, object, &[person]).await?;
    if let Some(holder) = people.iter().find(|p| p.id == proposal.user_id) {
        super::notices::notify(&mut tx, state, &[holder], NoticeKind::AgreementProposed, &id)
            .await?;
    }
    crate::audit::trail::finish(tx, state).await?;
    Ok(())
}

/// The person signs their agreement, proving who they are with their password.
pub async fn sign(
    state: &AppState,
    actor: &CurrentUser,
    id: &str,
    password: &str,
) -> AppResult<()> {
    if !crate::auth::service::confirm_password(state, &actor.client, &actor.user_id, password)
        .await?
    {
        return Err(AppError::Invalid { field: "password", code: "password-current-wrong" });
    }
    let mut tx = state.db.begin().await?;
    if !store::sign(&mut tx, &actor.org_id, id, &actor.user_id).await? {
        return Err(AppError::NotFound);
    }
    super::record(&mut tx, state, actor, Action::AgreementSigned, ("telework_agreement", id), &[])
        .await?;
    tx.commit().await?;
    Ok(())
}
