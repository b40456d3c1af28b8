//! The platform's own endpoints: the person, people, teams, the audit log, FHIR exchange.

use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::caller::{ApiCaller, Scope};
use super::endpoints::{Endpoint, Parameter};
use super::json::ApiJson;
use super::page::{self, Page, PageQuery};
use crate::audit::model::Row as AuditRow;
use crate::audit::store::{self as audit_store, Filter};
use crate::error::{AppError, AppResult};
use crate::org::fields::Label;
use crate::org::{Permission, Person, Team, service};
use crate::state::AppState;
use crate::web::IdPath;

pub fn endpoints() -> Vec<Endpoint> {
    vec![
        Endpoint::get("/api/v1/me", Scope::OrgRead, "The signed-in person (or the bot)", get(me))
            .gives::<Me>(),
        Endpoint::get("/api/v1/people", Scope::OrgRead, "People of the organisation", get(people))
            .gives::<Vec<PersonView>>()
            .needs(Permission::ManagePeople),
        Endpoint::get("/api/v1/people/{id}", Scope::OrgRead, "One person", get(person))
            .gives::<PersonView>()
            .needs(Permission::ManagePeople)
            .with([Parameter::path("id", "The person's id")]),
        Endpoint::get("/api/v1/teams", Scope::OrgRead, "Teams of the organisation", get(teams))
            .gives::<Vec<TeamView>>(),
        Endpoint::post("/api/v1/teams", Scope::OrgWrite, "Create a team", post(create_team))
            .takes::<NewTeam>()
            .gives::<TeamView>()
            .status(StatusCode::CREATED)
            .needs(Permission::ManageTeams),
        Endpoint::get(
            "/api/v1/audit",
            Scope::AuditRead,
            "Audit log of the organisation, newest first",
            get(audit),
        )
        .gives::<Page<AuditView>>()
        .needs(Permission::SeeAudit)
        .with([Parameter::query("action", "Only this action, e.g. auth.sign_in")])
        .paged(),
        Endpoint::get(
            "/api/v1/fhir/export",
            Scope::HomecareRead,
            "A team's patients, caregivers, care plans, visits and vigilance signs as a \
             FHIR R4 collection Bundle (application/fhir+json)",
            get(super::fhir::export),
        )
        .gives::<serde_json::Value>()
        .needs(Permission::PlanRounds)
        .with([
            Parameter::required_query("team", "The team's id (one of the caller's teams)"),
            Parameter::required_query("from", "First day, YYYY-MM-DD"),
            Parameter::required_query("to", "Last day, YYYY-MM-DD (at most 62 days after from)"),
        ]),
        Endpoint::post(
            "/api/v1/fhir/import",
            Scope::HomecareWrite,
            "Import a FHIR R4 Bundle of Patient and CarePlan resources into a team; \
             refused entries are reported, the rest imported",
            post(super::fhir::import).layer(axum::extract::DefaultBodyLimit::max(
                crate::homecare::fhir::MAX_IMPORT_BYTES,
            )),
        )
        .takes::<serde_json::Value>()
        .gives::<crate::homecare::fhir::ImportReport>()
        .needs(Permission::PlanRounds)
        .with([
            Parameter::required_query("team", "The team's id (one of the caller's teams)"),
            Parameter::query(
                "financer",
                "Funder of patients that name none: ssiad, apa, pch, private",
            ),
        ]),
    ]
}

#[derive(Serialize, JsonSchema)]
pub struct Me {
    pub id: String,
    pub org_id: String,
    pub email: String,
    pub display_name: String,
    pub roles: Vec<String>,
    pub locale: String,
    pub time_zone: String,
}

#[derive(Serialize, JsonSchema)]
pub struct PersonView {
    pub id: String,
    pub email: String,
    pub display_name: String,
    pub job_title: String,
    pub phone: String,
    pub roles: Vec<String>,
    pub team_ids: Vec<String>,
    pub active: bool,
}

impl From<Person> for PersonView {
    fn from(person: Person) -> Self {
        Self {
            roles: person.roles.iter().map(|r| r.as_str().to_string()).collect(),
            id: person.id,
            email: person.email,
            display_name: person.display_name,
            job_title: person.job_title,
            phone: person.phone,
            team_ids: person.team_ids,
            active: person.active,
        }
    }
}

#[derive(Serialize, JsonSchema)]
pub struct TeamView {
    pub id: String,
    pub name: String,
    pub site_id: Option<String>,
    pub member_count: i64,
}

impl From<Team> for TeamView {
    fn from(team: Team) -> Self {
        Self {
            id: team.id,
            name: team.name,
            site_id: team.site_id,
            member_count: team.member_count,
        }
    }
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTeam {
    /// 1 to 100 characters, no control characters, unique in the organisation (ignoring case).
    pub name: String,
    pub site_id: Option<String>,
}

#[derive(Serialize, JsonSchema)]
pub struct AuditView {
    pub seq: i64,
    pub at: i64,
    pub actor_id: Option<String>,
    pub action: String,
    pub object_type: String,
    pub object_id: Option<String>,
    pub patient_id: Option<String>,
    pub outcome: String,
    pub reason: Option<String>,
    pub ip: String,
}

impl From<AuditRow> for AuditView {
    fn from(row: AuditRow) -> Self {
        Self {
            seq: row.seq,
            at: row.at,
            actor_id: row.actor_id,
            action: row.action,
            object_type: row.object_type,
            object_id: row.object_id,
            patient_id: row.patient_id,
            outcome: row.outcome,
            reason: row.reason,
            ip: row.ip,
        }
    }
}

async fn me(caller: ApiCaller) -> AppResult<Json<Me>> {
    let user = caller.require(Scope::OrgRead)?;
    Ok(Json(Me {
        id: user.user_id.clone(),
        org_id: user.org_id.clone(),
        email: user.email.clone(),
        display_name: user.display_name.clone(),
        roles: user.roles.iter().map(|r| r.as_str().to_string()).collect(),
        locale: user.lang.code().to_string(),
        time_zone: user.time_zone.clone(),
    }))
}

async fn people(
    State(state): State<AppState>,
    caller: ApiCaller,
) -> AppResult<Json<Vec<PersonView>>> {
    let user = caller.require(Scope::OrgRead)?;
    let people = service::list_people(&state, user).await?;
    Ok(Json(people.into_iter().map(PersonView::from).collect()))
}

async fn person(
    State(state): State<AppState>,
    caller: ApiCaller,
    IdPath(id): IdPath,
) -> AppResult<Json<PersonView>> {
    let user = caller.require(Scope::OrgRead)?;
    Ok(Json(service::show_person(&state, user, &id).await?.into()))
}

async fn teams(State(state): State<AppState>, caller: ApiCaller) -> AppResult<Json<Vec<TeamView>>> {
    let user = caller.require(Scope::OrgRead)?;
    let teams = service::list_teams(&state, user).await?;
    Ok(Json(teams.into_iter().map(TeamView::from).collect()))
}

async fn create_team(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiJson(body): ApiJson<NewTeam>,
) -> AppResult<Response> {
    let user = caller.require(Scope::OrgWrite)?;
    let name =
        Label::parse(&body.name).map_err(|e| AppError::Invalid { field: "name", code: e.0 })?;
    if body.site_id.as_deref().is_some_and(|site| !crate::web::ids::is_id(site)) {
        return Err(AppError::Invalid { field: "site_id", code: "site-unknown" });
    }
    let id = service::create_team(&state, user, name, body.site_id).await?;
    let team = service::list_teams(&state, user)
        .await?
        .into_iter()
        .find(|team| team.id == id)
        .ok_or(AppError::NotFound)?;
    Ok((StatusCode::CREATED, Json(TeamView::from(team))).into_response())
}

#[derive(Deserialize)]
struct AuditQuery {
    action: Option<String>,
    #[serde(flatten)]
    page: PageQuery,
}

async fn audit(
    State(state): State<AppState>,
    caller: ApiCaller,
    Query(query): Query<AuditQuery>,
) -> AppResult<Json<Page<AuditView>>> {
    let user = caller.require(Scope::AuditRead)?;
    user.require(Permission::SeeAudit)?;
    let action = query.action.filter(|a| !a.is_empty());
    let list = format!("audit\u{1f}{}\u{1f}{}", user.org_id, action.as_deref().unwrap_or(""));
    let position = page::position(&state, &list, &query.page).await?;
    let before_seq = match &position.after {
        Some(key) => Some(
            key.parse::<i64>()
                .map_err(|_| AppError::Invalid { field: "cursor", code: "cursor-invalid" })?,
        ),
        None => None,
    };
    let filter =
        Filter { org_id: Some(user.org_id.clone()), action, before_seq, ..Filter::default() };
    crate::audit::service::record_consultation(&state, user, "audit.read", &filter).await?;
    let limit = i64::try_from(position.limit + 1).unwrap_or(i64::MAX);
    let rows = audit_store::search(state.db.reader(), &filter, limit, false).await?;
    let page =
        page::page(&state, &list, &position, rows, |row| row.seq.to_string(), AuditView::from)
            .await?;
    Ok(Json(page))
}
