//! FHIR resources read into the forms the coordinator fills in, so that an import is checked by
//! exactly the same rules as typing: a Patient into `PatientForm`, a CarePlan activity into
//! `CarePlanForm`. Resources are first read into fhirbolt's R4 model (types checked, unknown
//! elements ignored); what cannot be read at all is a `Refusal` naming the field.

use fhirbolt::model::r4::Resource;
use fhirbolt::model::r4::resources::{
    CarePlan, CarePlanActivity, CarePlanActivityDetailScheduled, Patient,
};
use fhirbolt::model::r4::types::{Extension, ExtensionValue, Reference, TimingRepeatBounds};
use fhirbolt::serde::{DeserializationConfig, DeserializationMode};
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

/// A resource read into the R4 model: the types of its elements are checked; elements R4 does
/// not know (a newer version's, a vendor's) are ignored. Read from the text as any resource (the
/// concrete types do not take JSON numbers for decimals), then as the type wanted.
fn typed(resource: &Value) -> Result<Resource, Refusal> {
    let config = DeserializationConfig { mode: DeserializationMode::Compatibility };
    let text = without_empty_arrays(resource).to_string();
    // fhirbolt 0.4 panics on some inputs it should refuse (an empty array did): a file from
    // outside must not take the request down with it.
    std::panic::catch_unwind(|| fhirbolt::json::from_str(&text, Some(config)))
        .map_err(|_| refuse("resource", "fhir-invalid"))?
        .map_err(|_| refuse("resource", "fhir-invalid"))
}

/// The resource without its empty arrays: FHIR forbids them, and an empty list means none.
fn without_empty_arrays(value: &Value) -> Value {
    match value {
        Value::Object(fields) => Value::Object(
            fields
                .iter()
                .filter(|(_, v)| !matches!(v, Value::Array(items) if items.is_empty()))
                .map(|(k, v)| (k.clone(), without_empty_arrays(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_empty_arrays).collect()),
        other => other.clone(),
    }
}

/// A Patient resource in the R4 model.
pub fn typed_patient(resource: &Value) -> Result<Box<Patient>, Refusal> {
    match typed(resource)? {
        Resource::Patient(patient) => Ok(patient),
        _ => Err(refuse("resourceType", "fhir-type")),
    }
}

/// A CarePlan resource in the R4 model.
pub fn typed_care_plan(resource: &Value) -> Result<Box<CarePlan>, Refusal> {
    match typed(resource)? {
        Resource::CarePlan(plan) => Ok(plan),
        _ => Err(refuse("resourceType", "fhir-type")),
    }
}

/// The text of an optional FHIR primitive (`String`, `Code`, `Uri`…: all carry `value`).
macro_rules! text {
    ($primitive:expr) => {
        $primitive.as_ref().and_then(|p| p.value.clone()).unwrap_or_default()
    };
}

/// The extension `url` among `extensions`.
fn extension<'a>(extensions: &'a [Extension], url: &str) -> Option<&'a Extension> {
    extensions.iter().find(|e| e.url == url)
}

fn code_of(extension: Option<&Extension>) -> Option<String> {
    match extension?.value.as_ref()? {
        ExtensionValue::Code(code) => code.value.clone(),
        _ => None,
    }
}

/// A Patient resource as the coordinator's patient form would hold it.
pub fn patient_form(
    patient: &Patient,
    team_id: &str,
    default_financer: Financer,
) -> Result<PatientForm, Refusal> {
    let name_of = |wanted: &str| {
        patient
            .name
            .iter()
            .find(|n| n.r#use.as_ref().and_then(|u| u.value.as_deref()) == Some(wanted))
    };
    let official =
        name_of("official").or(patient.name.first()).ok_or(refuse("name", "fhir-missing"))?;
    let usual = name_of("usual").unwrap_or(official);
    let given = |name: &fhirbolt::model::r4::types::HumanName| -> Vec<String> {
        name.given.iter().filter_map(|g| g.value.clone()).collect()
    };
    let usual_given = given(usual);
    let ins = patient.identifier.iter().find(|i| {
        i.system
            .as_ref()
            .and_then(|s| s.value.as_deref())
            .and_then(|s| s.strip_prefix("urn:oid:"))
            .is_some_and(|oid| crate::homecare::fields::INS_OIDS.contains(&oid))
    });
    let (ins_matricule, ins_oid) = match ins {
        Some(identifier) => (
            text!(identifier.value),
            text!(identifier.system).trim_start_matches("urn:oid:").to_string(),
        ),
        None => (String::new(), String::new()),
    };
    let status = code_of(extension(&patient.extension, IDENTITY_STATUS))
        .unwrap_or_else(|| "provisional".into());
    let status = if status == "qualified" { "validated".to_string() } else { status };
    let status = if status == "retrieved" && ins_matricule.is_empty() {
        "provisional".to_string()
    } else {
        status
    };
    let address = patient
        .address
        .iter()
        .find(|a| a.r#use.as_ref().and_then(|u| u.value.as_deref()) == Some("home"))
        .or(patient.address.first())
        .ok_or(refuse("address", "fhir-missing"))?;
    let geolocation =
        extension(&address.extension, GEOLOCATION).ok_or(refuse("latitude", "fhir-missing"))?;
    let coordinate = |name: &str| -> String {
        match extension(&geolocation.extension, name).and_then(|e| e.value.as_ref()) {
            Some(ExtensionValue::Decimal(decimal)) => decimal.value.clone().unwrap_or_default(),
            _ => String::new(),
        }
    };
    let lines: Vec<String> = address.line.iter().filter_map(|l| l.value.clone()).collect();
    let phone = patient
        .telecom
        .iter()
        .find(|t| t.system.as_ref().and_then(|s| s.value.as_deref()) == Some("phone"))
        .map(|t| text!(t.value))
        .unwrap_or_default();
    let funded_minutes =
        match extension(&patient.extension, FUNDED_MINUTES).and_then(|e| e.value.as_ref()) {
            Some(ExtensionValue::Integer(minutes)) => minutes.value.unwrap_or(0),
            _ => 0,
        };
    let gender = patient.gender.as_ref().and_then(|g| g.value.as_deref()).unwrap_or("unknown");
    let active = patient.active.as_ref().and_then(|a| a.value).unwrap_or(true);
    Ok(PatientForm {
        team: team_id.to_string(),
        given_name: usual_given.first().cloned().unwrap_or_default(),
        family_name: text!(usual.family),
        birth_family_name: text!(official.family),
        birth_first_names: given(official).join(" "),
        birth_date: text!(patient.birth_date),
        sex: sex(gender).map(|s| s.as_str().to_string()).unwrap_or_default(),
        birth_place_code: code_of(extension(&patient.extension, BIRTH_PLACE)).unwrap_or_default(),
        ins_matricule,
        ins_oid,
        identity_status: status,
        address: lines.join(", "),
        postcode: text!(address.postal_code),
        city: text!(address.city),
        latitude: coordinate("latitude"),
        longitude: coordinate("longitude"),
        phone,
        access_notes: String::new(),
        financer: code_of(extension(&patient.extension, FINANCER))
            .unwrap_or_else(|| default_financer.as_str().to_string()),
        funded_hours: (funded_minutes / 60).to_string(),
        status: if active { "active".into() } else { "ended".into() },
    })
}

/// The status and subject reference of a CarePlan.
pub fn care_plan_subject(plan: &CarePlan) -> (Option<&str>, Option<&str>) {
    (plan.status.value.as_deref(), plan.subject.reference.as_ref().and_then(|r| r.value.as_deref()))
}

/// A CarePlan activity as the coordinator's care plan form would hold it.
/// `today` is the first day of an activity whose period has no start.
pub fn activity_form(
    activity: &CarePlanActivity,
    today: jiff::civil::Date,
) -> Result<CarePlanForm, Refusal> {
    let detail = activity.detail.as_ref().ok_or(refuse("activity", "fhir-missing"))?;
    let repeat = match &detail.scheduled {
        Some(CarePlanActivityDetailScheduled::Timing(timing)) => timing.repeat.as_ref(),
        _ => None,
    };
    let start = repeat
        .and_then(|r| r.time_of_day.first())
        .and_then(|t| t.value.as_deref())
        .and_then(minute_of)
        .ok_or(refuse("window_start", "time-invalid"))?;
    let duration_value = repeat
        .and_then(|r| r.duration.as_ref())
        .and_then(|d| d.value.as_deref())
        .and_then(|d| d.parse::<f64>().ok());
    let unit = repeat.and_then(|r| r.duration_unit.as_ref()).and_then(|u| u.value.as_deref());
    let duration = match (duration_value, unit) {
        (Some(value), Some("min")) => value,
        (Some(value), Some("h")) => value * 60.0,
        _ => return Err(refuse("duration", "number-invalid")),
    };
    if !(duration.is_finite() && duration.fract() == 0.0 && (0.0..=1440.0).contains(&duration)) {
        return Err(refuse("duration", "number-invalid"));
    }
    let duration = duration as i64;
    let end = match extension(&detail.extension, WINDOW_END) {
        Some(e) => match e.value.as_ref() {
            Some(ExtensionValue::Time(time)) => time.value.as_deref().and_then(minute_of),
            _ => None,
        }
        .ok_or(refuse("window_end", "time-invalid"))?,
        None => start + duration,
    };
    let days: Vec<usize> = match repeat.map(|r| &r.day_of_week) {
        Some(days) if !days.is_empty() => days
            .iter()
            .filter_map(|d| WEEKDAYS.iter().position(|w| d.value.as_deref() == Some(*w)))
            .collect(),
        _ => (0..7).collect(),
    };
    let practitioner = |reference: &Reference| -> String {
        reference
            .reference
            .as_ref()
            .and_then(|r| r.value.as_deref())
            .and_then(|r| r.strip_prefix("Practitioner/"))
            .unwrap_or("?")
            .to_string()
    };
    let code = |url: &str| code_of(extension(&detail.extension, url)).unwrap_or_default();
    let number = |url: &str| match extension(&detail.extension, url).and_then(|e| e.value.as_ref())
    {
        Some(ExtensionValue::PositiveInt(n)) => n.value.map(|n| n.to_string()).unwrap_or_default(),
        Some(ExtensionValue::UnsignedInt(n)) => n.value.map(|n| n.to_string()).unwrap_or_default(),
        _ => String::new(),
    };
    let label = match detail.code.as_ref() {
        Some(code) => match code.text.as_ref().and_then(|t| t.value.clone()) {
            Some(label) => label,
            None => code.coding.first().map(|c| text!(c.display)).unwrap_or_default(),
        },
        None => String::new(),
    };
    let excluded =
        match extension(&detail.extension, EXCLUDED_CAREGIVER).and_then(|e| e.value.as_ref()) {
            Some(ExtensionValue::Reference(reference)) => practitioner(reference),
            _ => String::new(),
        };
    let bounds = match repeat.and_then(|r| r.bounds.as_ref()) {
        Some(TimingRepeatBounds::Period(period)) => Some(period),
        _ => None,
    };
    let day_of = |value: Option<&str>| value.map(|s| s.chars().take(10).collect::<String>());
    Ok(CarePlanForm {
        label,
        skill: code(SKILL),
        days: days.iter().map(|d| d.to_string()).collect(),
        window_start: clock_text(start),
        window_end: clock_text(end),
        duration: duration.to_string(),
        caregivers: number(CAREGIVERS),
        sync_kind: code(SYNC),
        min_gap: number(MIN_GAP),
        max_gap: number(MAX_GAP),
        preferred: detail.performer.first().map(practitioner).unwrap_or_default(),
        excluded,
        first_day: day_of(bounds.and_then(|p| p.start.as_ref()).and_then(|s| s.value.as_deref()))
            .unwrap_or_else(|| today.to_string()),
        last_day: day_of(bounds.and_then(|p| p.end.as_ref()).and_then(|s| s.value.as_deref()))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_patient_with_decimals_and_extensions_reads() {
        let resource = serde_json::json!({
            "resourceType": "Patient", "id": "p1",
            "extension": [{"url": FUNDED_MINUTES, "valueInteger": 600}],
            "name": [{"use": "official", "family": "Martin", "given": ["Jeanne"]}],
            "birthDate": "1940-02-03", "gender": "female",
            "address": [{"use": "home", "line": ["1 rue A"], "city": "Rennes", "postalCode": "35000",
              "extension": [{"url": GEOLOCATION, "extension": [
                {"url": "latitude", "valueDecimal": 48.11}, {"url": "longitude", "valueDecimal": -1.68}]}]}]
        });
        let Ok(patient) = typed_patient(&resource) else { panic!("the patient does not read") };
        let Ok(form) = patient_form(&patient, "t", Financer::Ssiad) else { panic!("no form") };
        assert_eq!((form.latitude.as_str(), form.longitude.as_str()), ("48.11", "-1.68"));
        assert_eq!(form.funded_hours, "10");
    }
}

#[cfg(test)]
mod care_plan_tests {
    //! A CarePlan as the export writes it reads back into the same form.
    use super::*;

    #[test]
    fn an_exported_activity_reads_back() {
        let resource = serde_json::json!({
            "resourceType": "CarePlan", "id": "c1", "status": "active", "intent": "plan",
            "subject": {"reference": "Patient/p1"},
            "activity": [{"detail": {
                "extension": [{"url": SKILL, "valueCode": "nurse"}, {"url": WINDOW_END, "valueTime": "09:00:00"},
                  {"url": CAREGIVERS, "valuePositiveInt": 1}],
                "kind": "Task", "code": {"text": "Toilette"}, "status": "scheduled",
                "scheduledTiming": {"repeat": {"boundsPeriod": {"start": "2026-01-05"}, "duration": 30,
                  "durationUnit": "min", "dayOfWeek": ["mon"], "timeOfDay": ["08:00:00"]}}}}]
        });
        let Ok(plan) = typed_care_plan(&resource) else { panic!("the care plan does not read") };
        let today = jiff::civil::date(2026, 1, 1);
        let Ok(form) = activity_form(&plan.activity[0], today) else { panic!("no form") };
        assert_eq!((form.duration.as_str(), form.window_end.as_str()), ("30", "09:00"));
        assert_eq!(
            (form.first_day.as_str(), form.days.as_slice()),
            ("2026-01-05", ["0".to_string()].as_slice())
        );
    }
}
