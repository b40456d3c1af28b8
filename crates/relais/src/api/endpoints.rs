//! The endpoints of `/api/v1`, each with what the OpenAPI document says about it.

use axum::extract::{Query, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get, post};
use axum::{Json, Router};
use schemars::{JsonSchema, SchemaGenerator};
use serde::{Deserialize, Serialize};

use super::caller::{ApiCaller, Scope};
use super::json::ApiJson;
use crate::audit::model::Row as AuditRow;
use crate::audit::store::{self as audit_store, Filter};
use crate::error::{AppError, AppResult};
use crate::org::fields::Label;
use crate::org::{Permission, Person, Team, service};
use crate::state::AppState;
use crate::web::IdPath;

/// One endpoint: how to route it and how to document it.
pub struct Endpoint {
    pub method: Method,
    pub path: &'static str,
    pub summary: &'static str,
    pub scope: Scope,
    pub permission: Option<Permission>,
    pub request: Option<fn(&mut SchemaGenerator) -> schemars::Schema>,
    pub response: fn(&mut SchemaGenerator) -> schemars::Schema,
    pub success: StatusCode,
    pub parameters: Vec<Parameter>,
    pub handler: MethodRouter<AppState>,
}

/// A parameter in the path or the query string; `required` is what the handler enforces.
pub struct Parameter {
    pub name: &'static str,
    pub place: &'static str,
    pub required: bool,
    pub description: &'static str,
}

impl Parameter {
    pub const fn path(name: &'static str, description: &'static str) -> Self {
        Self { name, place: "path", required: true, description }
    }

    const fn query(name: &'static str, description: &'static str) -> Self {
        Self { name, place: "query", required: false, description }
    }

    const fn required_query(name: &'static str, description: &'static str) -> Self {
        Self { name, place: "query", required: true, description }
    }
}

fn schema<T: JsonSchema>(generator: &mut SchemaGenerator) -> schemars::Schema {
    generator.subschema_for::<T>()
}

/// Every endpoint of the API. Adding one here routes it and documents it.
pub fn endpoints() -> Vec<Endpoint> {
    let mut all = platform();
    all.extend(crate::tasks::api::endpoints());
    all
}

/// The platform's own endpoints (features list theirs in their own module).
fn platform() -> Vec<Endpoint> {
    vec![
        Endpoint {
            method: Method::GET,
            path: "/api/v1/me",
            summary: "The signed-in person",
            scope: Scope::Read,
            permission: None,
            request: None,
            response: schema::<Me>,
            success: StatusCode::OK,
            parameters: vec![],
            handler: get(me),
        },
        Endpoint {
            method: Method::GET,
            path: "/api/v1/people",
            summary: "People of the organisation",
            scope: Scope::Read,
            permission: Some(Permission::ManagePeople),
            request: None,
            response: schema::<Vec<PersonView>>,
            success: StatusCode::OK,
            parameters: vec![],
            handler: get(people),
        },
        Endpoint {
            method: Method::GET,
            path: "/api/v1/people/{id}",
            summary: "One person",
            scope: Scope::Read,
            permission: Some(Permission::ManagePeople),
            request: None,
            response: schema::<PersonView>,
            success: StatusCode::OK,
            parameters: vec![Parameter::path("id", "The person's id")],
            handler: get(person),
        },
        Endpoint {
            method: Method::GET,
            path: "/api/v1/teams",
            summary: "Teams of the organisation",
            scope: Scope::Read,
            permission: None,
            request: None,
            response: schema::<Vec<TeamView>>,
            success: StatusCode::OK,
            parameters: vec![],
            handler: get(teams),
        },
        Endpoint {
            method: Method::POST,
            path: "/api/v1/teams",
            summary: "Create a team",
            scope: Scope::Write,
            permission: Some(Permission::ManageTeams),
            request: Some(schema::<NewTeam>),
            response: schema::<TeamView>,
            success: StatusCode::CREATED,
            parameters: vec![],
            handler: post(create_team),
        },
        Endpoint {
            method: Method::GET,
            path: "/api/v1/audit",
            summary: "Audit log of the organisation, newest first",
            scope: Scope::Read,
            permission: Some(Permission::SeeAudit),
            request: None,
            response: schema::<Vec<AuditView>>,
            success: StatusCode::OK,
            parameters: vec![
                Parameter::query("action", "Only this action, e.g. auth.sign_in"),
                Parameter::query(
                    "before",
                    "Only rows with a sequence number below this one (paging)",
                ),
                Parameter::query("limit", "At most this many rows (1 to 500, default 100)"),
            ],
            handler: get(audit),
        },
        Endpoint {
            method: Method::GET,
            path: "/api/v1/fhir/export",
            summary: "A team's patients, caregivers, care plans, visits and vigilance signs as a \
                      FHIR R4 collection Bundle (application/fhir+json)",
            scope: Scope::Read,
            permission: Some(Permission::PlanRounds),
            request: None,
            response: schema::<serde_json::Value>,
            success: StatusCode::OK,
            parameters: vec![
                Parameter::required_query("team", "The team's id (one of the caller's teams)"),
                Parameter::required_query("from", "First day, YYYY-MM-DD"),
                Parameter::required_query(
                    "to",
                    "Last day, YYYY-MM-DD (at most 62 days after from)",
                ),
            ],
            handler: get(super::fhir::export),
        },
        Endpoint {
            method: Method::POST,
            path: "/api/v1/fhir/import",
            summary: "Import a FHIR R4 Bundle of Patient and CarePlan resources into a team; \
                      refused entries are reported, the rest imported",
            scope: Scope::Write,
            permission: Some(Permission::PlanRounds),
            request: Some(schema::<serde_json::Value>),
            response: schema::<crate::homecare::fhir::ImportReport>,
            success: StatusCode::OK,
            parameters: vec![
                Parameter::required_query("team", "The team's id (one of the caller's teams)"),
                Parameter::query(
                    "financer",
                    "Funder of patients that name none: ssiad, apa, pch, private",
                ),
            ],
            handler: post(super::fhir::import).layer(axum::extract::DefaultBodyLimit::max(
                crate::homecare::fhir::MAX_IMPORT_BYTES,
            )),
        },
    ]
}

/// The router of every endpoint (methods of one path merged).
pub fn router() -> Router<AppState> {
    let mut by_path: Vec<(&'static str, MethodRouter<AppState>)> = Vec::new();
    for endpoint in endpoints() {
        match by_path.iter_mut().find(|(path, _)| *path == endpoint.path) {
            Some((_, existing)) => *existing = std::mem::take(existing).merge(endpoint.handler),
            None => by_path.push((endpoint.path, endpoint.handler)),
        }
    }
    by_path
        .into_iter()
        .fold(Router::new(), |router, (path, handler)| router.route(path, handler))
        .route("/api/v1/openapi.json", get(|| async { Json(super::openapi::document()) }))
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
    let user = caller.require(Scope::Read)?;
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
    let user = caller.require(Scope::Read)?;
    let people = service::list_people(&state, user).await?;
    Ok(Json(people.into_iter().map(PersonView::from).collect()))
}

async fn person(
    State(state): State<AppState>,
    caller: ApiCaller,
    IdPath(id): IdPath,
) -> AppResult<Json<PersonView>> {
    let user = caller.require(Scope::Read)?;
    Ok(Json(service::show_person(&state, user, &id).await?.into()))
}

async fn teams(State(state): State<AppState>, caller: ApiCaller) -> AppResult<Json<Vec<TeamView>>> {
    let user = caller.require(Scope::Read)?;
    let teams = service::list_teams(&state, user).await?;
    Ok(Json(teams.into_iter().map(TeamView::from).collect()))
}

async fn create_team(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiJson(body): ApiJson<NewTeam>,
) -> AppResult<Response> {
    let user = caller.require(Scope::Write)?;
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
    before: Option<i64>,
    limit: Option<i64>,
}

async fn audit(
    State(state): State<AppState>,
    caller: ApiCaller,
    Query(query): Query<AuditQuery>,
) -> AppResult<Json<Vec<AuditView>>> {
    let user = caller.require(Scope::Read)?;
    user.require(Permission::SeeAudit)?;
    let limit = query.limit.unwrap_or(100);
    if !(1..=500).contains(&limit) {
        return Err(AppError::Invalid { field: "limit", code: "limit-out-of-range" });
    }
    let filter = Filter {
        org_id: Some(user.org_id.clone()),
        action: query.action.filter(|a| !a.is_empty()),
        before_seq: query.before,
        ..Filter::default()
    };
    crate::audit::service::record_consultation(&state, user, "audit.read", &filter).await?;
    let rows = audit_store::search(state.db.reader(), &filter, limit, false).await?;
    Ok(Json(rows.into_iter().map(AuditView::from).collect()))
}
