//! The codes and systems shared by export and import, so that one reads what the other wrote.

use crate::homecare::model::{Sex, Skill};

/// Identifier type codes of the French FR Core profiles.
pub const IDENTIFIER_TYPE_SYSTEM: &str =
    "https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0203";
pub const PATIENT_PROFILE: &str = "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-patient";
pub const PRACTITIONER_PROFILE: &str =
    "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-practitioner";
pub const ENCOUNTER_PROFILE: &str =
    "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-encounter";
/// The standard extension carrying a latitude and longitude on an address.
pub const GEOLOCATION: &str = "http://hl7.org/fhir/StructureDefinition/geolocation";
/// HL7 v3 act code of a home visit.
pub const ACT_CODE_SYSTEM: &str = "http://terminology.hl7.org/CodeSystem/v3-ActCode";

pub const RELAIS_ID: &str = "urn:relais:fhir:id";
pub const IDENTITY_STATUS: &str = "urn:relais:fhir:identity-status";
pub const FINANCER: &str = "urn:relais:fhir:financer";
pub const SKILL: &str = "urn:relais:fhir:skill";
pub const WINDOW_END: &str = "urn:relais:fhir:window-end";
pub const CAREGIVERS: &str = "urn:relais:fhir:caregivers";
pub const VIGILANCE: &str = "urn:relais:fhir:vigilance";
pub const OUTCOME: &str = "urn:relais:fhir:visit-outcome";
pub const CANCEL_REASON: &str = "urn:relais:fhir:cancel-reason";
pub const FUNDED_MINUTES: &str = "urn:relais:fhir:funded-minutes-per-month";
pub const BIRTH_PLACE: &str = "urn:relais:fhir:birth-place-code";
pub const SYNC: &str = "urn:relais:fhir:two-caregivers-sync";
pub const MIN_GAP: &str = "urn:relais:fhir:min-gap-minutes";
pub const MAX_GAP: &str = "urn:relais:fhir:max-gap-minutes";
pub const EXCLUDED_CAREGIVER: &str = "urn:relais:fhir:excluded-caregiver";

pub const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

pub fn gender(sex: Sex) -> &'static str {
    match sex {
        Sex::Female => "female",
        Sex::Male => "male",
        Sex::Unknown => "unknown",
    }
}

pub fn sex(gender: &str) -> Option<Sex> {
    match gender {
        "female" => Some(Sex::Female),
        "male" => Some(Sex::Male),
        "unknown" | "other" => Some(Sex::Unknown),
        _ => None,
    }
}

pub fn skill_display(skill: Skill) -> &'static str {
    match skill {
        Skill::Nurse => "Infirmier(e)",
        Skill::CareAide => "Aide-soignant(e)",
        Skill::HomeHelp => "Aide à domicile",
    }
}

/// "07:30:00" from minutes after midnight.
pub fn time_of_day(minute: i64) -> String {
    format!("{:02}:{:02}:00", minute / 60, minute % 60)
}

/// Minutes after midnight from a FHIR `time` ("07:30:00" or "07:30:00.000").
pub fn minute_of(time: &str) -> Option<i64> {
    let mut parts = time.splitn(3, ':');
    let hour: i64 = parts.next()?.parse().ok()?;
    let minute: i64 = parts.next()?.parse().ok()?;
    let seconds = parts.next()?;
    let whole_seconds = seconds.split('.').next()?;
    let valid = (0..24).contains(&hour)
        && (0..60).contains(&minute)
        && whole_seconds.len() == 2
        && whole_seconds.parse::<u8>().is_ok_and(|s| s < 60);
    valid.then_some(hour * 60 + minute)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_of_day_round_trip_and_garbage_is_refused() {
        assert_eq!(time_of_day(450), "07:30:00");
        assert_eq!(minute_of("07:30:00"), Some(450));
        assert_eq!(minute_of("23:59:59.999"), Some(1439));
        for bad in ["", "7", "24:00:00", "07:60:00", "07:30", "aa:bb:cc", "07:30:61"] {
            assert_eq!(minute_of(bad), None, "{bad}");
        }
    }

    #[test]
    fn genders_map_both_ways() {
        for value in Sex::ALL {
            assert_eq!(sex(gender(*value)), Some(*value));
        }
        assert_eq!(sex("dragon"), None);
    }
}
