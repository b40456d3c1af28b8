//! Import of a FHIR R4 Bundle of Patient and CarePlan resources into a team. Each entry is read
//! into the same form the coordinator fills in and checked by the same rules; what fails is
//! reported (entry, activity, field, reason) and the rest is imported. A patient already in the
//! team (same INS, or same birth name, first names and birth date) is not created twice; an
//! identity read from a file is never "qualified" here, since qualification needs the INSi
//! teleservice called by this service.

use crate::homecare::model::PatientId;
use std::collections::HashMap;

use serde::Serialize;
use serde_json::Value;

use fhirbolt::model::r4::resources::CarePlan;

use super::read::{
    Refusal, activity_form, care_plan_subject, patient_form, refuse, typed_care_plan, typed_patient,
};
use super::{MAX_IMPORT_BYTES, MAX_IMPORT_ENTRIES};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::homecare::model::{CarePlanItem, Financer, Identity};
use crate::homecare::patients;
use crate::homecare::store::{care, patients as patient_store};
use crate::org::Permission;
use crate::state::AppState;

/// What an import did.
#[derive(Debug, Default, Serialize, schemars::JsonSchema)]
pub struct ImportReport {
    pub patients_created: usize,
    pub care_plan_items_created: usize,
    pub rejected: Vec<Rejected>,
}

/// An entry (or one activity of a CarePlan) left out, and why.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Rejected {
    /// Position of the entry in the bundle, from 0.
    pub entry: usize,
    /// Position of the activity in a CarePlan, from 0.
    pub activity: Option<usize>,
    pub resource_type: String,
    pub id: Option<String>,
    /// The field at fault, as named in Relais's forms.
    pub field: String,
    /// The reason, also the i18n key of its message.
    pub code: String,
}

/// Imports `body` into `team_id`; patients without a financer get `default_financer`.
pub async fn import_bundle(
    state: &AppState,
    actor: &CurrentUser,
    team_id: &str,
    default_financer: Financer,
    body: &[u8],
) -> AppResult<ImportReport> {
    actor.require(Permission::PlanRounds)?;
    crate::homecare::scope::require_team_field(state, actor, team_id, "team").await?;
    let entries = entries_of(body)?;
    let today = crate::org::service::today(state, &actor.org_id).await?;
    // The identities of the team, and of the patients this import creates (a file may repeat one).
    let mut known: Vec<Identity> =
        patient_store::list_of_team(state.db.reader(), &actor.org_id, team_id)
            .await?
            .into_iter()
            .map(|p| p.identity)
            .collect();
    let mut report = ImportReport::default();
    let mut rejected = Vec::new();
    // Patients first, so that care plans may point at them.
    let mut imported: HashMap<String, PatientId> = HashMap::new();
    for (index, (full_url, resource)) in entries.iter().enumerate() {
        let Some(resource) = resource else { continue };
        if resource_type(resource) != "Patient" {
            continue;
        }
        let form = match typed_patient(resource)
            .and_then(|patient| patient_form(&patient, team_id, default_financer))
        {
            Ok(form) => form,
            Err(refusal) => {
                rejected.push(report_rejection(index, None, resource, refusal));
                continue;
            }
        };
        let input = match form.parse(today) {
            Ok(input) => input,
            Err(error) => {
                rejected.push(report_rejection(index, None, resource, error.into()));
                continue;
            }
        };
        if known.iter().any(|k| same_person(k, &input.identity)) {
            rejected.push(report_rejection(
                index,
                None,
                resource,
                refuse("identity", "patient-exists"),
            ));
            continue;
        }
        known.push(input.identity.clone());
        let id = patients::create(state, actor, input).await?;
        report.patients_created += 1;
        for key in keys_of(resource, full_url.as_deref()) {
            imported.insert(key, id.clone());
        }
    }
    for (index, (_, resource)) in entries.iter().enumerate() {
        let Some(resource) = resource else {
            rejected.push(Rejected {
                entry: index,
                activity: None,
                resource_type: String::new(),
                id: None,
                field: "resource".into(),
                code: "fhir-no-resource".into(),
            });
            continue;
        };
        match resource_type(resource) {
            "Patient" => {}
            "CarePlan" => {
                let plan = match typed_care_plan(resource) {
                    Ok(plan) => plan,
                    Err(refusal) => {
                        rejected.push(report_rejection(index, None, resource, refusal));
                        continue;
                    }
                };
                let patient = match care_plan_patient(state, actor, &plan, &imported).await {
                    Ok(patient) => patient,
                    Err(refusal) => {
                        rejected.push(report_rejection(index, None, resource, refusal));
                        continue;
                    }
                };
                let reader = state.db.reader();
                let mut known = care::items_of_patient(reader, &actor.org_id, &patient).await?;
                if plan.activity.is_empty() {
                    rejected.push(report_rejection(
                        index,
                        None,
                        resource,
                        refuse("activity", "fhir-empty"),
                    ));
                }
                for (number, activity) in plan.activity.iter().enumerate() {
                    let item = activity_form(activity, today)
                        .and_then(|form| form.parse(&patient).map_err(Refusal::from))
                        .and_then(|item| match known.iter().any(|k| same_item(k, &item)) {
                            true => Err(refuse("activity", "care-plan-item-exists")),
                            false => Ok(item),
                        });
                    let outcome = match item {
                        Ok(item) => {
                            known.push(item.clone());
                            patients::add_care_plan_item(state, actor, item).await.map_err(
                                |error| match error {
                                    AppError::Invalid { .. } => Ok(Refusal::from(error)),
                                    other => Err(other),
                                },
                            )
                        }
                        Err(refusal) => Err(Ok(refusal)),
                    };
                    match outcome {
                        Ok(_) => report.care_plan_items_created += 1,
                        Err(Ok(refusal)) => {
                            rejected.push(report_rejection(index, Some(number), resource, refusal))
                        }
                        Err(Err(error)) => return Err(error),
                    }
                }
            }
            _ => rejected.push(report_rejection(
                index,
                None,
                resource,
                refuse("resourceType", "fhir-type"),
            )),
        }
    }
    rejected.sort_by_key(|r| (r.entry, r.activity));
    report.rejected = rejected;
    Ok(report)
}

/// The `fullUrl` and resource of each entry (`None` for an entry without one), or why the whole
/// bundle is refused.
fn entries_of(body: &[u8]) -> AppResult<Vec<(Option<String>, Option<Value>)>> {
    if body.len() > MAX_IMPORT_BYTES {
        return Err(AppError::PayloadTooLarge);
    }
    let bundle: Value = serde_json::from_slice(body)
        .map_err(|e| AppError::BadRequest(format!("the file is not JSON: {e}")))?;
    if bundle["resourceType"] != "Bundle" {
        return Err(AppError::Invalid { field: "file", code: "fhir-not-bundle" });
    }
    if !matches!(bundle["type"].as_str(), Some("collection" | "transaction" | "batch")) {
        return Err(AppError::Invalid { field: "file", code: "fhir-bundle-type" });
    }
    let entries = match &bundle["entry"] {
        Value::Null => Vec::new(),
        Value::Array(entries) => entries.clone(),
        _ => return Err(AppError::Invalid { field: "file", code: "fhir-not-bundle" }),
    };
    if entries.len() > MAX_IMPORT_ENTRIES {
        return Err(AppError::Invalid { field: "file", code: "fhir-too-many-entries" });
    }
    Ok(entries
        .into_iter()
        .map(|entry| {
            let full_url = entry["fullUrl"].as_str().map(String::from);
            (full_url, entry.get("resource").filter(|r| r.is_object()).cloned())
        })
        .collect())
}

fn resource_type(resource: &Value) -> &str {
    resource["resourceType"].as_str().unwrap_or_default()
}

fn report_rejection(
    entry: usize,
    activity: Option<usize>,
    resource: &Value,
    refusal: Refusal,
) -> Rejected {
    Rejected {
        entry,
        activity,
        resource_type: resource_type(resource).chars().take(64).collect(),
        id: resource["id"].as_str().map(|id| id.chars().take(64).collect()),
        field: refusal.field.to_string(),
        code: refusal.code.to_string(),
    }
}

/// How other entries may point at this one: `Patient/<id>` and its `fullUrl`.
fn keys_of(resource: &Value, full_url: Option<&str>) -> Vec<String> {
    let mut keys = Vec::new();
    if let Some(id) = resource["id"].as_str() {
        keys.push(format!("Patient/{id}"));
    }
    if let Some(url) = full_url {
        keys.push(url.to_string());
    }
    keys
}

/// Whether two identities describe the same person.
fn same_person(known: &Identity, identity: &Identity) -> bool {
    if !identity.ins_matricule.is_empty() && known.ins_matricule == identity.ins_matricule {
        return true;
    }
    known.birth_date == identity.birth_date
        && known.birth_family_name.to_lowercase() == identity.birth_family_name.to_lowercase()
        && known.birth_first_names.to_lowercase() == identity.birth_first_names.to_lowercase()
}

/// Whether two interventions of a patient are the same (an import run twice adds nothing).
fn same_item(a: &CarePlanItem, b: &CarePlanItem) -> bool {
    (a.label.as_str(), a.skill, a.days, a.window_start_minute, a.window_end_minute)
        == (b.label.as_str(), b.skill, b.days, b.window_start_minute, b.window_end_minute)
        && (a.duration_minutes, a.caregivers, a.first_day.as_str())
            == (b.duration_minutes, b.caregivers, b.first_day.as_str())
}

/// The patient a CarePlan is for: one imported now, or one of Relais the person may see.
async fn care_plan_patient(
    state: &AppState,
    actor: &CurrentUser,
    plan: &CarePlan,
    imported: &HashMap<String, PatientId>,
) -> Result<PatientId, Refusal> {
    let (status, reference) = care_plan_subject(plan);
    if !matches!(status, Some("active" | "draft" | "on-hold")) {
        return Err(refuse("status", "fhir-care-plan-status"));
    }
    let reference = reference.ok_or(refuse("subject", "fhir-missing"))?;
    if let Some(id) = imported.get(reference) {
        return Ok(id.clone());
    }
    let id = reference
        .strip_prefix("Patient/")
        .and_then(PatientId::parse)
        .ok_or(refuse("subject", "fhir-reference-missing"))?;
    match patients::visible(state, actor, &id).await {
        Ok(patient) => Ok(patient.id),
        Err(_) => Err(refuse("subject", "fhir-reference-missing")),
    }
}
