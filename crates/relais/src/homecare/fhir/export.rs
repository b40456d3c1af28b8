//! A team's data as a FHIR R4 `collection` Bundle: Patient, Practitioner (the caregivers),
//! CarePlan (one per patient), Encounter (one per visit of a published week, with its status)
//! and Observation (one per vigilance sign reported). The INS leaves only with a qualified
//! identity; care notes never leave (they stay in Relais, encrypted).

use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::MAX_EXPORT_DAYS;
use super::mapping::*;
use crate::audit::trail::{Trail, finish, record};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::homecare::actions::Action;
use crate::homecare::model::{CarePlanItem, Caregiver, Patient, PatientStatus};
use crate::homecare::realised::{self, Realised};
use crate::homecare::store::{care, patients as patient_store};
use crate::org::Permission;
use crate::state::AppState;

/// The team's patients, caregivers and care plans, with the visits from `first` to `last`.
pub async fn team_bundle(
    state: &AppState,
    actor: &CurrentUser,
    team_id: &str,
    first: Date,
    last: Date,
) -> AppResult<Value> {
    actor.require(Permission::PlanRounds)?;
    crate::homecare::scope::require_team(state, actor, team_id).await?;
    let days = first.until(last).map_err(|e| AppError::Internal(e.into()))?.get_days();
    if days < 0 {
        return Err(AppError::Invalid { field: "to", code: "hours-end-before-start" });
    }
    if i64::from(days) >= MAX_EXPORT_DAYS {
        return Err(AppError::Invalid { field: "to", code: "period-too-long" });
    }
    let reader = state.db.reader();
    let zone = crate::org::service::zone(state, &actor.org_id).await?;
    let patients = patient_store::list_of_team(reader, &actor.org_id, team_id).await?;
    let caregivers = care::caregivers_of_team(reader, &actor.org_id, team_id).await?;
    let mut entries: Vec<Value> = Vec::new();
    for patient in &patients {
        entries.push(patient_resource(patient));
    }
    for caregiver in &caregivers {
        entries.push(practitioner_resource(caregiver));
    }
    for patient in &patients {
        let items = care::items_of_patient(reader, &actor.org_id, &patient.id).await?;
        if !items.is_empty() {
            entries.push(care_plan_resource(patient, &items));
        }
    }
    let mut visits = 0;
    for realised in realised::load(state, &actor.org_id, team_id, first, last).await? {
        let day: Date = realised.visit.day.parse().unwrap_or(first);
        if !crate::homecare::scope::week_published(state, &actor.org_id, team_id, day).await? {
            continue;
        }
        visits += 1;
        entries.push(encounter_resource(&realised, &zone));
        entries.extend(observation_resources(&realised, &zone));
    }
    let mut tx = state.db.begin().await?;
    let object = format!("{team_id}/{first}/{last}");
    let detail = format!("{} patients, {visits} visits", patients.len());
    let trail = Trail {
        action: Action::PlanningExportFhir.as_str(),
        object_type: "planning_period",
        object_id: &object,
        patient_id: None,
        reason: Some(&detail),
    };
    record(&mut tx, state, actor, &trail, &[]).await?;
    finish(tx, state).await?;
    Ok(json!({
        "resourceType": "Bundle",
        "id": derived_id(&format!("bundle:{object}:{}", crate::clock::now_ms())),
        "type": "collection",
        "timestamp": date_time(crate::clock::now_ms(), &zone),
        "entry": entries
            .into_iter()
            .map(|resource| json!({ "fullUrl": full_url(&resource), "resource": resource }))
            .collect::<Vec<_>>(),
    }))
}

/// A stable UUID for resources that have no row of their own (a patient's care plan, a sign).
fn derived_id(seed: &str) -> String {
    let digest = Sha256::digest(seed.as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_custom_bytes(bytes).into_uuid().to_string()
}

fn full_url(resource: &Value) -> String {
    format!("urn:uuid:{}", resource["id"].as_str().unwrap_or_default())
}

/// A FHIR `dateTime` with the organisation's offset.
fn date_time(at_ms: i64, zone: &TimeZone) -> String {
    jiff::Timestamp::from_millisecond(at_ms)
        .map(|t| t.to_zoned(zone.clone()).strftime("%Y-%m-%dT%H:%M:%S%:z").to_string())
        .unwrap_or_default()
}

fn reference(kind: &str, id: &str) -> Value {
    json!({ "reference": format!("{kind}/{id}") })
}

fn patient_resource(patient: &Patient) -> Value {
    let identity = &patient.identity;
    let mut identifiers = vec![json!({ "system": RELAIS_ID, "value": patient.id })];
    if let Some(matricule) = identity.exportable_matricule() {
        identifiers.push(json!({
            "use": "official",
            "type": { "coding": [{ "system": IDENTIFIER_TYPE_SYSTEM, "code": "INS-NIR" }] },
            "system": format!("urn:oid:{}", identity.ins_oid),
            "value": matricule,
        }));
    }
    let mut resource = json!({
        "resourceType": "Patient",
        "id": patient.id,
        "meta": { "profile": [PATIENT_PROFILE] },
        "extension": [
            { "url": IDENTITY_STATUS, "valueCode": identity.status.as_str() },
            { "url": FINANCER, "valueCode": patient.financer.as_str() },
            { "url": FUNDED_MINUTES, "valueInteger": patient.funded_minutes_per_month },
            { "url": BIRTH_PLACE, "valueCode": identity.birth_place_code },
        ],
        "identifier": identifiers,
        "active": patient.status != PatientStatus::Ended,
        "name": [
            {
                "use": "official",
                "family": identity.birth_family_name,
                "given": identity.birth_first_names.split_whitespace().collect::<Vec<_>>(),
            },
            { "use": "usual", "family": patient.family_name, "given": [patient.given_name] },
        ],
        "gender": gender(identity.sex),
        "birthDate": identity.birth_date,
        "address": [{
            "extension": [{
                "url": GEOLOCATION,
                "extension": [
                    { "url": "latitude", "valueDecimal": patient.place.latitude_e6 as f64 / 1e6 },
                    { "url": "longitude", "valueDecimal": patient.place.longitude_e6 as f64 / 1e6 },
                ],
            }],
            "use": "home",
            "line": [patient.address],
            "city": patient.city,
            "postalCode": patient.postcode,
            "country": "FR",
        }],
    });
    if !patient.phone.is_empty() {
        resource["telecom"] = json!([{ "system": "phone", "value": patient.phone }]);
    }
    resource
}

fn practitioner_resource(caregiver: &Caregiver) -> Value {
    json!({
        "resourceType": "Practitioner",
        "id": caregiver.user_id,
        "meta": { "profile": [PRACTITIONER_PROFILE] },
        "identifier": [{ "system": RELAIS_ID, "value": caregiver.user_id }],
        "active": true,
        "name": [{ "text": caregiver.display_name }],
        "qualification": caregiver.skills.iter().map(|skill| json!({
            "code": { "coding": [{
                "system": SKILL,
                "code": skill.as_str(),
                "display": skill_display(*skill),
            }] },
        })).collect::<Vec<_>>(),
    })
}

fn care_plan_resource(patient: &Patient, items: &[CarePlanItem]) -> Value {
    let status = match patient.status {
        PatientStatus::Active => "active",
        PatientStatus::Hospitalised | PatientStatus::Paused => "on-hold",
        PatientStatus::Ended => "completed",
    };
    json!({
        "resourceType": "CarePlan",
        "id": derived_id(&format!("care-plan:{}", patient.id)),
        "status": status,
        "intent": "plan",
        "title": "Plan de soins",
        "subject": reference("Patient", &patient.id),
        "activity": items.iter().map(activity).collect::<Vec<_>>(),
    })
}

fn activity(item: &CarePlanItem) -> Value {
    let mut extensions = vec![
        json!({ "url": SKILL, "valueCode": item.skill.as_str() }),
        json!({ "url": WINDOW_END, "valueTime": time_of_day(item.window_end_minute) }),
        json!({ "url": CAREGIVERS, "valuePositiveInt": item.caregivers }),
    ];
    if item.caregivers == 2 {
        extensions.push(json!({ "url": SYNC, "valueCode": item.sync_kind.as_str() }));
        extensions.push(json!({ "url": MIN_GAP, "valueUnsignedInt": item.min_gap_minutes }));
        extensions.push(json!({ "url": MAX_GAP, "valueUnsignedInt": item.max_gap_minutes }));
    }
    if let Some(excluded) = &item.excluded_caregiver {
        extensions.push(json!({
            "url": EXCLUDED_CAREGIVER,
            "valueReference": reference("Practitioner", excluded),
        }));
    }
    let mut bounds = json!({ "start": item.first_day });
    if let Some(last) = &item.last_day {
        bounds["end"] = json!(last);
    }
    let mut detail = json!({
        "extension": extensions,
        "kind": "Task",
        "code": { "text": item.label },
        "status": "scheduled",
        "scheduledTiming": { "repeat": {
            "boundsPeriod": bounds,
            "duration": item.duration_minutes,
            "durationUnit": "min",
            "dayOfWeek": WEEKDAYS
                .iter()
                .enumerate()
                .filter(|(index, _)| item.days & (1 << index) != 0)
                .map(|(_, day)| *day)
                .collect::<Vec<_>>(),
            "timeOfDay": [time_of_day(item.window_start_minute)],
        } },
    });
    if let Some(preferred) = &item.preferred_caregiver {
        detail["performer"] = json!([reference("Practitioner", preferred)]);
    }
    json!({ "detail": detail })
}

/// The visit's status as FHIR knows it.
fn encounter_status(realised: &Realised) -> &'static str {
    if realised.visit.cancelled() {
        "cancelled"
    } else if realised.check_out.is_some() || realised.outcome.is_some() {
        "finished"
    } else if realised.check_in.is_some() {
        "in-progress"
    } else {
        "planned"
    }
}

fn encounter_resource(realised: &Realised, zone: &TimeZone) -> Value {
    let visit = &realised.visit;
    let (retained_start, retained_end) = realised.retained();
    let start = retained_start.or(visit.planned_start_at).unwrap_or(visit.window_start_at);
    let end = retained_end.or(visit.planned_end_at());
    let mut period = json!({ "start": date_time(start, zone) });
    if let Some(end) = end.filter(|end| *end >= start) {
        period["end"] = json!(date_time(end, zone));
    }
    let mut resource = json!({
        "resourceType": "Encounter",
        "id": visit.id,
        "meta": { "profile": [ENCOUNTER_PROFILE] },
        "status": encounter_status(realised),
        "class": { "system": ACT_CODE_SYSTEM, "code": "HH", "display": "home health" },
        "type": [{ "text": visit.label }],
        "subject": reference("Patient", &visit.patient_id),
        "period": period,
    });
    if let Some(caregiver) = &visit.caregiver_id {
        resource["participant"] = json!([{ "individual": reference("Practitioner", caregiver) }]);
    }
    if let Some(outcome) = &realised.outcome {
        resource["extension"] = json!([{ "url": OUTCOME, "valueCode": outcome }]);
    }
    if let Some(reason) = visit.cancel_reason.as_ref().filter(|_| visit.cancelled()) {
        resource["extension"] = json!([{ "url": CANCEL_REASON, "valueString": reason }]);
    }
    resource
}

fn observation_resources(realised: &Realised, zone: &TimeZone) -> Vec<Value> {
    let visit = &realised.visit;
    let at = realised
        .retained()
        .1
        .or(realised.check_in.as_ref().map(|p| p.device_at))
        .or(visit.planned_start_at)
        .unwrap_or(visit.window_start_at);
    realised
        .flags
        .iter()
        .map(|flag| {
            let mut resource = json!({
                "resourceType": "Observation",
                "id": derived_id(&format!("vigilance:{}:{flag}", visit.id)),
                "status": "final",
                "code": { "coding": [{ "system": VIGILANCE, "code": flag }] },
                "subject": reference("Patient", &visit.patient_id),
                "encounter": reference("Encounter", &visit.id),
                "effectiveDateTime": date_time(at, zone),
                "valueBoolean": true,
            });
            if let Some(caregiver) = &visit.caregiver_id {
                resource["performer"] = json!([reference("Practitioner", caregiver)]);
            }
            resource
        })
        .collect()
}
