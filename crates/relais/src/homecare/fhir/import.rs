//! Import of a FHIR R4 Bundle of Patient and CarePlan resources into a team. Each entry is read
//! into the same form the coordinator fills in and checked by the same rules; what fails is
//! reported (entry, activity, field, reason) and the rest is imported. A patient already in the
//! team (same INS, or same birth name, first names and birth date) is not created twice; an
//! identity read from a file is never "qualified" here, since qualification needs the INSi
//! teleservice called by this service.

use std::collections::HashMap;

use serde::Serialize;
use serde_json::Value;

use super::mapping::*;
use super::{MAX_IMPORT_BYTES, MAX_IMPORT_ENTRIES};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::homecare::forms::{CarePlanForm, PatientForm};
use crate::homecare::model::{CarePlanItem, Financer, Identity};
use crate::homecare::patients::{self, require_member};
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

struct Refusal {
    field: &'static str,
    code: &'static str,
}

impl From<AppError> for Refusal {
    fn from(error: AppError) -> Self {
        match error {
            AppError::Invalid { field, code } => Refusal { field, code },
            _ => Refusal { field: "resource", code: "fhir-invalid" },
        }
    }
}

fn refuse(field: &'static str, code: &'static str) -> Refusal {
    Refusal { field, code }
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
    require_member(state, actor, team_id, "team").await?;
    let entries = entries_of(body)?;
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
    let mut imported: HashMap<String, String> = HashMap::new();
    for (index, (full_url, resource)) in entries.iter().enumerate() {
        let Some(resource) = resource else { continue };
        if resource_type(resource) != "Patient" {
            continue;
        }
        let form = match patient_form(resource, team_id, default_financer) {
            Ok(form) => form,
            Err(refusal) => {
                rejected.push(report_rejection(index, None, resource, refusal));
                continue;
            }
        };
        let input = match form.parse() {
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
                let patient = match care_plan_patient(state, actor, resource, &imported).await {
                    Ok(patient) => patient,
                    Err(refusal) => {
                        rejected.push(report_rejection(index, None, resource, refusal));
                        continue;
                    }
                };
                let reader = state.db.reader();
                let mut known = care::items_of_patient(reader, &actor.org_id, &patient).await?;
                let activities = resource["activity"].as_array().cloned().unwrap_or_default();
                if activities.is_empty() {
                    rejected.push(report_rejection(
                        index,
                        None,
                        resource,
                        refuse("activity", "fhir-empty"),
                    ));
                }
                for (number, activity) in activities.iter().enumerate() {
                    let item = activity_form(activity)
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

fn text(value: &Value) -> String {
    value.as_str().unwrap_or_default().to_string()
}

/// The value of the extension `url` among `extensions`.
fn extension<'a>(holder: &'a Value, url: &str) -> Option<&'a Value> {
    holder["extension"].as_array()?.iter().find(|e| e["url"] == url)
}

fn patient_form(
    resource: &Value,
    team_id: &str,
    default_financer: Financer,
) -> Result<PatientForm, Refusal> {
    let names = resource["name"].as_array().cloned().unwrap_or_default();
    let name_of = |wanted: &str| names.iter().find(|n| n["use"] == wanted);
    let official = name_of("official").or(names.first()).ok_or(refuse("name", "fhir-missing"))?;
    let usual = name_of("usual").unwrap_or(official);
    let given = |name: &Value| -> Vec<String> {
        name["given"].as_array().map(|g| g.iter().map(text).collect()).unwrap_or_default()
    };
    let usual_given = given(usual);
    let ins = resource["identifier"].as_array().and_then(|identifiers| {
        identifiers.iter().find(|i| {
            i["system"]
                .as_str()
                .and_then(|s| s.strip_prefix("urn:oid:"))
                .is_some_and(|oid| crate::homecare::fields::INS_OIDS.contains(&oid))
        })
    });
    let (ins_matricule, ins_oid) = match ins {
        Some(identifier) => (
            text(&identifier["value"]),
            text(&identifier["system"]).trim_start_matches("urn:oid:").to_string(),
        ),
        None => (String::new(), String::new()),
    };
    let status = extension(resource, IDENTITY_STATUS)
        .map(|e| text(&e["valueCode"]))
        .unwrap_or_else(|| "provisional".into());
    let status = if status == "qualified" { "validated".to_string() } else { status };
    let status = if status == "retrieved" && ins_matricule.is_empty() {
        "provisional".to_string()
    } else {
        status
    };
    let address = resource["address"]
        .as_array()
        .and_then(|a| a.iter().find(|a| a["use"] == "home").or(a.first()))
        .ok_or(refuse("address", "fhir-missing"))?;
    let geolocation = extension(address, GEOLOCATION).ok_or(refuse("latitude", "fhir-missing"))?;
    let coordinate = |name: &str| -> String {
        extension(geolocation, name)
            .and_then(|e| e["valueDecimal"].as_f64())
            .map(|v| v.to_string())
            .unwrap_or_default()
    };
    let lines: Vec<String> =
        address["line"].as_array().map(|l| l.iter().map(text).collect()).unwrap_or_default();
    let phone = resource["telecom"]
        .as_array()
        .and_then(|t| t.iter().find(|t| t["system"] == "phone"))
        .map(|t| text(&t["value"]))
        .unwrap_or_default();
    let funded_minutes =
        extension(resource, FUNDED_MINUTES).and_then(|e| e["valueInteger"].as_i64()).unwrap_or(0);
    Ok(PatientForm {
        team: team_id.to_string(),
        given_name: usual_given.first().cloned().unwrap_or_default(),
        family_name: text(&usual["family"]),
        birth_family_name: text(&official["family"]),
        birth_first_names: given(official).join(" "),
        birth_date: text(&resource["birthDate"]),
        sex: sex(resource["gender"].as_str().unwrap_or("unknown"))
            .map(|s| s.as_str().to_string())
            .unwrap_or_default(),
        birth_place_code: extension(resource, BIRTH_PLACE)
            .map(|e| text(&e["valueCode"]))
            .unwrap_or_default(),
        ins_matricule,
        ins_oid,
        identity_status: status,
        address: lines.join(", "),
        postcode: text(&address["postalCode"]),
        city: text(&address["city"]),
        latitude: coordinate("latitude"),
        longitude: coordinate("longitude"),
        phone,
        access_notes: String::new(),
        financer: extension(resource, FINANCER)
            .map(|e| text(&e["valueCode"]))
            .unwrap_or_else(|| default_financer.as_str().to_string()),
        funded_hours: (funded_minutes / 60).to_string(),
        status: if resource["active"] == false { "ended".into() } else { "active".into() },
    })
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
    resource: &Value,
    imported: &HashMap<String, String>,
) -> Result<String, Refusal> {
    if !matches!(resource["status"].as_str(), Some("active" | "draft" | "on-hold")) {
        return Err(refuse("status", "fhir-care-plan-status"));
    }
    let reference =
        resource["subject"]["reference"].as_str().ok_or(refuse("subject", "fhir-missing"))?;
    if let Some(id) = imported.get(reference) {
        return Ok(id.clone());
    }
    let id =
        reference.strip_prefix("Patient/").ok_or(refuse("subject", "fhir-reference-missing"))?;
    if !crate::web::ids::is_id(id) {
        return Err(refuse("subject", "fhir-reference-missing"));
    }
    match patients::visible(state, actor, id).await {
        Ok(patient) => Ok(patient.id),
        Err(_) => Err(refuse("subject", "fhir-reference-missing")),
    }
}

fn activity_form(activity: &Value) -> Result<CarePlanForm, Refusal> {
    let detail = &activity["detail"];
    if !detail.is_object() {
        return Err(refuse("activity", "fhir-missing"));
    }
    let repeat = &detail["scheduledTiming"]["repeat"];
    let start = repeat["timeOfDay"][0]
        .as_str()
        .and_then(minute_of)
        .ok_or(refuse("window_start", "time-invalid"))?;
    let duration = match (repeat["duration"].as_f64(), repeat["durationUnit"].as_str()) {
        (Some(value), Some("min")) => value,
        (Some(value), Some("h")) => value * 60.0,
        _ => return Err(refuse("duration", "number-invalid")),
    };
    if !(duration.is_finite() && duration.fract() == 0.0 && (0.0..=1440.0).contains(&duration)) {
        return Err(refuse("duration", "number-invalid"));
    }
    let duration = duration as i64;
    let end = match extension(detail, WINDOW_END) {
        Some(e) => e["valueTime"]
            .as_str()
            .and_then(minute_of)
            .ok_or(refuse("window_end", "time-invalid"))?,
        None => start + duration,
    };
    let days = repeat["dayOfWeek"]
        .as_array()
        .map(|days| days.iter().filter_map(|d| WEEKDAYS.iter().position(|w| d == *w)).collect())
        .unwrap_or_else(|| (0..7).collect::<Vec<_>>());
    let practitioner = |value: &Value| -> String {
        value["reference"]
            .as_str()
            .and_then(|r| r.strip_prefix("Practitioner/"))
            .unwrap_or("?")
            .to_string()
    };
    let code =
        |url: &str| extension(detail, url).map(|e| text(&e["valueCode"])).unwrap_or_default();
    let number = |url: &str, key: &str| {
        extension(detail, url)
            .and_then(|e| e[key].as_i64())
            .map(|n| n.to_string())
            .unwrap_or_default()
    };
    let label = match detail["code"]["text"].as_str() {
        Some(label) => label.to_string(),
        None => text(&detail["code"]["coding"][0]["display"]),
    };
    Ok(CarePlanForm {
        label,
        skill: code(SKILL),
        days: days.iter().map(|d: &usize| d.to_string()).collect(),
        window_start: clock_text(start),
        window_end: clock_text(end),
        duration: duration.to_string(),
        caregivers: number(CAREGIVERS, "valuePositiveInt"),
        sync_kind: code(SYNC),
        min_gap: number(MIN_GAP, "valueUnsignedInt"),
        max_gap: number(MAX_GAP, "valueUnsignedInt"),
        preferred: detail["performer"].get(0).map(practitioner).unwrap_or_default(),
        excluded: extension(detail, EXCLUDED_CAREGIVER)
            .map(|e| practitioner(&e["valueReference"]))
            .unwrap_or_default(),
        first_day: repeat["boundsPeriod"]["start"]
            .as_str()
            .map(|s| s.chars().take(10).collect())
            .unwrap_or_else(|| jiff::Zoned::now().date().to_string()),
        last_day: repeat["boundsPeriod"]["end"]
            .as_str()
            .map(|s| s.chars().take(10).collect())
            .unwrap_or_default(),
    })
}

fn clock_text(minute: i64) -> String {
    if minute >= 24 * 60 {
        "24:00".into()
    } else {
        format!("{:02}:{:02}", minute / 60, minute % 60)
    }
}
