//! FHIR resources read into the forms the coordinator fills in, so that an import is checked by
//! exactly the same rules as typing: a Patient into `PatientForm`, a CarePlan activity into
//! `CarePlanForm`. What cannot be read at all is a `Refusal` naming the field.

use serde_json::Value;

use super::mapping::*;
use crate::error::AppError;
use crate::homecare::forms::{CarePlanForm, PatientForm};
use crate::homecare::model::Financer;

/// Why an entry (or an activity) is left out: the form field at fault and the i18n key.
pub struct Refusal {
    pub field: &'static str,
    pub code: &'static str,
}

impl From<AppError> for Refusal {
    fn from(error: AppError) -> Self {
        match error {
            AppError::Invalid { field, code } => Refusal { field, code },
            _ => Refusal { field: "resource", code: "fhir-invalid" },
        }
    }
}

pub fn refuse(field: &'static str, code: &'static str) -> Refusal {
    Refusal { field, code }
}

fn text(value: &Value) -> String {
    value.as_str().unwrap_or_default().to_string()
}

/// The value of the extension `url` among `extensions`.
fn extension<'a>(holder: &'a Value, url: &str) -> Option<&'a Value> {
    holder["extension"].as_array()?.iter().find(|e| e["url"] == url)
}

/// A Patient resource as the coordinator's patient form would hold it.
pub fn patient_form(
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

/// A CarePlan activity as the coordinator's care plan form would hold it.
/// `today` is the first day of an activity whose period has no start.
pub fn activity_form(activity: &Value, today: jiff::civil::Date) -> Result<CarePlanForm, Refusal> {
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
            .unwrap_or_else(|| today.to_string()),
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
