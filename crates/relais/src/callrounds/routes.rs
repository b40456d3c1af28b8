//! `/call-rounds`: campaigns (list, create, follow, end) and the caller's phone page.

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;

use super::calling::{self, Call, Report};
use super::model::Standing;
use super::service::{self, Campaign, Line, Round};
use super::setup::{Draft, display_phone};
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::org::Team;
use crate::state::AppState;
use crate::web::{CsrfForm, Done, IdPath, Page, Ui, answer};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/call-rounds", get(list))
        .route("/call-rounds/new", get(new_form).post(create))
        .route("/call-rounds/{id}", get(progress))
        .route("/call-rounds/{id}/call", get(call_page).post(report))
        .route("/call-rounds/{id}/archive", post(archive))
        .route("/call-rounds/patients/{id}", get(patient_calls))
}

/// How a campaign's schedule reads ("chaque jeudi", "le 12 décembre").
fn schedule(ui: &Ui, campaign: &Campaign) -> String {
    match campaign.stored.weekday {
        Some(day) => ui.t1("callround-weekly", "day", &ui.t(&format!("task-weekday-{day}"))),
        None => ui.t1("callround-once", "day", &ui.day(&campaign.stored.first_due_on)),
    }
}

#[derive(Template)]
#[template(path = "callrounds.html")]
struct ListPage {
    ui: Ui,
    campaigns: Vec<(Campaign, bool, Round)>,
    may_create: bool,
    me: String,
}

impl ListPage {
    fn schedule(&self, campaign: &Campaign) -> String {
        schedule(&self.ui, campaign)
    }

    fn done(&self, round: &Round) -> usize {
        round.lines.len() - round.count(Standing::Pending)
    }

    fn calls(&self, campaign: &Campaign) -> bool {
        campaign.calls(&self.me)
    }
}

async fn list(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    Query(done): Query<Done>,
) -> AppResult<Page> {
    let ui = ui.with_done(&done, &[("archived", "callround-archived-done")]).with_user(&user);
    let mut campaigns = Vec::new();
    for (campaign, manages) in service::list(&state, &user).await? {
        if campaign.stored.archived == 1 {
            continue;
        }
        let round = service::round(&state, &user, &campaign).await?;
        campaigns.push((campaign, manages, round));
    }
    let may_create = user.can(crate::org::Permission::PlanRounds);
    Page::render(&ListPage { ui, campaigns, may_create, me: user.user_id.clone() })
}

#[derive(Debug, Clone, Deserialize)]
pub struct NewForm {
    #[serde(default)]
    team: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    script: String,
    #[serde(default)]
    weekly: Option<String>,
    #[serde(default)]
    weekday: String,
    #[serde(default)]
    first_due_on: String,
    #[serde(default)]
    max_tries: String,
    #[serde(default)]
    callers: Vec<String>,
    #[serde(default)]
    all_patients: Option<String>,
    #[serde(default)]
    others: String,
}

#[derive(Template)]
#[template(path = "callround_new.html")]
struct NewPage {
    ui: Ui,
    teams: Vec<Team>,
    /// (id, name, team ids) of the people who may call (they see patient data).
    callers: Vec<(String, String, Vec<String>)>,
    form: NewForm,
}

impl NewPage {
    fn chosen(&self, id: &str) -> bool {
        self.form.callers.iter().any(|c| c == id)
    }

    fn weekdays(&self) -> Vec<(String, String)> {
        (1..=7).map(|d| (d.to_string(), self.ui.t(&format!("task-weekday-{d}")))).collect()
    }
}

async fn new_page(state: &AppState, ui: Ui, user: &CurrentUser, form: NewForm) -> AppResult<Page> {
    user.require(crate::org::Permission::PlanRounds)?;
    let me = crate::org::service::show_self(state, user).await?;
    let teams: Vec<Team> = crate::org::service::list_teams(state, user)
        .await?
        .into_iter()
        .filter(|t| me.in_team(&t.id))
        .collect();
    let mut conn = state.db.reader().acquire().await?;
    let people = crate::org::store::list_people(&mut conn, &user.org_id).await?;
    let callers = people
        .into_iter()
        .filter(|p| p.active && teams.iter().any(|t| p.in_team(&t.id)))
        .filter(|p| crate::org::roles::grants(&p.roles, crate::org::Permission::SeePatientData))
        .map(|p| (p.id, p.display_name, p.team_ids))
        .collect();
    let ui = ui.with_user(user);
    Page::form(&NewPage { ui: ui.clone(), teams, callers, form }, &ui)
}

async fn new_form(State(state): State<AppState>, ui: Ui, user: CurrentUser) -> AppResult<Page> {
    let today = crate::org::service::today(&state, &user.org_id).await?;
    let form = NewForm {
        team: String::new(),
        name: String::new(),
        script: ui.t("callround-script-default"),
        weekly: Some("on".into()),
        weekday: "1".into(),
        first_due_on: today.to_string(),
        max_tries: "3".into(),
        callers: Vec::new(),
        all_patients: Some("on".into()),
        others: String::new(),
    };
    new_page(&state, ui, &user, form).await
}

async fn create(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<NewForm>,
) -> AppResult<Response> {
    let draft = Draft {
        team_id: &form.team,
        name: &form.name,
        script: &form.script,
        weekday: form.weekly.is_some().then_some(form.weekday.as_str()),
        first_due_on: &form.first_due_on,
        max_tries: &form.max_tries,
        callers: &form.callers,
        all_patients: form.all_patients.is_some(),
        others: &form.others,
    };
    let outcome =
        super::setup::create(&state, &user, &draft).await.map(|id| format!("/call-rounds/{id}"));
    answer(outcome, ui, |ui| new_page(&state, ui, &user, form.clone())).await
}

#[derive(Template)]
#[template(path = "callround.html")]
struct ProgressPage {
    ui: Ui,
    campaign: Campaign,
    manages: bool,
    round: Round,
    me: String,
}

impl ProgressPage {
    fn schedule(&self) -> String {
        schedule(&self.ui, &self.campaign)
    }

    fn count(&self, standing: &str) -> usize {
        self.round.lines.iter().filter(|l| l.standing.as_str() == standing).count()
    }

    fn phone(&self, line: &Line) -> String {
        display_phone(&line.phone)
    }

    fn standing(&self, line: &Line) -> String {
        self.ui.t(&format!("callround-standing-{}", line.standing.as_str()))
    }

    fn done_percent(&self) -> usize {
        let total = self.round.lines.len().max(1);
        (self.round.lines.len() - self.round.count(Standing::Pending)) * 100 / total
    }

    fn calls(&self) -> bool {
        self.campaign.calls(&self.me) || self.manages
    }
}

async fn progress(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    IdPath(id): IdPath,
) -> AppResult<Page> {
    let (campaign, manages) = service::visible(&state, &user, &id).await?;
    let round = service::round(&state, &user, &campaign).await?;
    let mut tx = state.db.begin().await?;
    service::audit(&mut tx, &state, &user, ("callround.viewed", &campaign.stored.id), None).await?;
    crate::audit::trail::finish(tx, &state).await?;
    let me = user.user_id.clone();
    Page::render(&ProgressPage { ui: ui.with_user(&user), campaign, manages, round, me })
}

#[derive(Template)]
#[template(path = "callround_call.html")]
struct CallPage {
    ui: Ui,
    call: Call,
    request_key: String,
    just_done: bool,
}

impl CallPage {
    fn phone(&self, line: &Line) -> String {
        display_phone(&line.phone)
    }
}

#[derive(Deserialize)]
struct CallQuery {
    target: Option<String>,
    done: Option<String>,
}

async fn call_screen(
    state: &AppState,
    ui: Ui,
    user: &CurrentUser,
    id: &str,
    (target, just_done): (Option<&str>, bool),
) -> AppResult<Page> {
    let call = calling::next(state, user, id, target).await?;
    let ui = ui.with_user(user);
    let request_key = crate::secrets::random_token(16);
    Page::form(&CallPage { ui: ui.clone(), call, request_key, just_done }, &ui)
}

async fn call_page(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    IdPath(id): IdPath,
    Query(query): Query<CallQuery>,
) -> AppResult<Page> {
    let target = query.target.as_deref().filter(|t| !t.is_empty());
    call_screen(&state, ui, &user, &id, (target, query.done.is_some())).await
}

async fn report(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    IdPath(id): IdPath,
    CsrfForm(form): CsrfForm<Vec<(String, String)>>,
) -> AppResult<Response> {
    let value = |name: &str| form.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
    let answers: Vec<String> =
        form.iter().filter(|(k, _)| k == "answer").map(|(_, v)| v.clone()).collect();
    let target = value("target").unwrap_or_default().to_string();
    let concern = value("concern").is_some().then(|| value("concern_reason").unwrap_or_default());
    let sent = Report {
        target_id: &target,
        outcome: value("outcome").unwrap_or_default(),
        answers: &answers,
        concern,
        request_key: value("request_key").unwrap_or_default(),
    };
    let outcome = calling::report(&state, &user, &id, &sent)
        .await
        .map(|()| format!("/call-rounds/{id}/call?done=1"));
    let again = |ui| call_screen(&state, ui, &user, &id, (Some(target.as_str()), false));
    answer(outcome, ui, again).await
}

#[derive(Deserialize)]
struct Empty {}

async fn archive(
    State(state): State<AppState>,
    user: CurrentUser,
    IdPath(id): IdPath,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<Response> {
    use axum::response::IntoResponse;
    service::archive(&state, &user, &id).await?;
    Ok(axum::response::Redirect::to("/call-rounds?done=archived").into_response())
}

#[derive(Template)]
#[template(path = "callround_patient.html")]
struct PatientPage {
    ui: Ui,
    patient: crate::homecare::model::Patient,
    calls: Vec<super::record::Call>,
    zone: String,
}

impl PatientPage {
    fn at(&self, ms: &i64) -> String {
        self.ui.moment(*ms, &self.zone)
    }
}

/// A patient's calls, from their record.
async fn patient_calls(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    id: crate::homecare::model::PatientId,
) -> AppResult<Page> {
    let (patient, calls) = super::record::of_patient(&state, &user, &id).await?;
    let zone = user.time_zone.clone();
    Page::render(&PatientPage { ui: ui.with_user(&user), patient, calls, zone })
}
