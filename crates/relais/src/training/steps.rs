//! A person's first steps, on the home page until done or hidden: set one's hours, a second
//! factor, the team protocol read, a first message, the cybersecurity course — and, for the
//! DPO, the retention periods reviewed. Each step is worked out from what the person did; only
//! "hours confirmed" and "hidden" are stored.

use super::model::Course;
use super::store;
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::org::Permission;
use crate::state::AppState;

/// A step: its i18n key (`my-step-<key>`, `my-step-<key>-text`), where to do it, done or not.
#[derive(Debug, Clone)]
pub struct Step {
    pub key: &'static str,
    pub href: &'static str,
    pub done: bool,
}

#[derive(Debug, Clone)]
pub struct Checklist {
    pub steps: Vec<Step>,
}

impl Checklist {
    pub fn done(&self) -> usize {
        self.steps.iter().filter(|s| s.done).count()
    }
}

/// The person's checklist, or none when they hid it or did everything.
pub async fn of(state: &AppState, person: &CurrentUser) -> AppResult<Option<Checklist>> {
    let reader = state.db.reader();
    let (hours, hidden) = store::first_steps(reader, &person.user_id).await?;
    if hidden {
        return Ok(None);
    }
    let second_factor = crate::auth::store::credentials_by_id(reader, &person.user_id)
        .await?
        .is_some_and(|c| c.has_second_factor());
    // The protocol step only once the organisation has published pages to read.
    let pages = crate::protocols::service::list(state, person).await?.pages;
    let protocol = (!pages.is_empty()).then(|| pages.iter().all(|page| !page.to_acknowledge));
    let hello =
        crate::messaging::export::has_written(state, &person.org_id, &person.user_id).await?;
    let course = store::completion(reader, &person.user_id, Course::Security).await?.is_some();
    let mut steps = vec![
        Step { key: "hours", href: "/account", done: hours },
        Step { key: "second-factor", href: "/account/sign-in-methods", done: second_factor },
        Step { key: "hello", href: "/messages", done: hello },
        Step { key: "course", href: "/help/cybersecurity", done: course },
    ];
    if let Some(done) = protocol {
        steps.insert(2, Step { key: "protocol", href: "/protocols", done });
    }
    if person.can(Permission::SeePatientData) || person.can(Permission::PlanRounds) {
        let tried = super::practice::space_of(reader, &person.user_id).await?.is_some();
        steps.push(Step { key: "practice", href: "/training/practice", done: tried });
    }
    if person.can(Permission::HandlePrivacy) {
        let reviewed = !crate::privacy::store::retention::rules_of_org(reader, &person.org_id)
            .await?
            .is_empty();
        steps.push(Step { key: "retention", href: "/admin/privacy/retention", done: reviewed });
    }
    let list = Checklist { steps };
    Ok((list.done() < list.steps.len()).then_some(list))
}

/// The person saved their profile: their hours are theirs.
pub async fn hours_confirmed(state: &AppState, person: &CurrentUser) -> AppResult<()> {
    store::hours_set(state.db.writer(), &person.user_id, state.clock.now_ms()).await?;
    Ok(())
}

pub async fn hide(state: &AppState, person: &CurrentUser) -> AppResult<()> {
    store::hide(state.db.writer(), &person.user_id, state.clock.now_ms()).await?;
    Ok(())
}
