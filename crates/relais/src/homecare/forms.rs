//! The patient and care plan forms as sent (or read from an import), and their parsing into the
//! home-care model; a refused value names its field and the message shown next to it.

use serde::Deserialize;

use crate::error::AppError;
use crate::homecare::fields as f;
use crate::homecare::model::*;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct PatientForm {
    pub team: String,
    pub given_name: String,
    pub family_name: String,
    pub birth_family_name: String,
    pub birth_first_names: String,
    pub birth_date: String,
    pub sex: String,
    pub birth_place_code: String,
    pub ins_matricule: String,
    pub ins_oid: String,
    pub identity_status: String,
    pub address: String,
    pub postcode: String,
    pub city: String,
    pub latitude: String,
    pub longitude: String,
    pub phone: String,
    pub access_notes: String,
    pub financer: String,
    pub funded_hours: String,
    pub status: String,
}

impl PatientForm {
    /// `today` is the organisation's: a birth date after it is refused.
    pub fn parse(&self, today: jiff::civil::Date) -> Result<PatientInput, AppError> {
        let birth_date = f::day("birth_date", &self.birth_date)?;
        if birth_date > today {
            return Err(AppError::Invalid { field: "birth_date", code: "date-in-future" });
        }
        let identity = Identity {
            birth_family_name: f::label("birth_family_name", &self.birth_family_name)?,
            birth_first_names: f::label("birth_first_names", &self.birth_first_names)?,
            birth_date: birth_date.to_string(),
            sex: f::choice("sex", Sex::parse(&self.sex))?,
            birth_place_code: f::place_code("birth_place_code", &self.birth_place_code)?,
            ins_matricule: f::ins_matricule("ins_matricule", &self.ins_matricule)?,
            ins_oid: f::ins_oid("ins_oid", &self.ins_oid)?,
            status: f::choice("identity_status", IdentityStatus::parse(&self.identity_status))?,
        };
        let needs_ins =
            matches!(identity.status, IdentityStatus::Retrieved | IdentityStatus::Qualified);
        if needs_ins && (identity.ins_matricule.is_empty() || identity.ins_oid.is_empty()) {
            return Err(AppError::Invalid {
                field: "ins_matricule",
                code: "ins-required-for-status",
            });
        }
        let hours = f::number(
            "funded_hours",
            if self.funded_hours.trim().is_empty() { "0" } else { &self.funded_hours },
            0..=744,
        )?;
        Ok(PatientInput {
            team_id: self.team.clone(),
            given_name: f::label("given_name", &self.given_name)?,
            family_name: f::label("family_name", &self.family_name)?,
            identity,
            address: f::label("address", &self.address)?,
            postcode: f::postcode("postcode", &self.postcode)?,
            city: f::label("city", &self.city)?,
            place: Coordinates {
                latitude_e6: f::degrees("latitude", &self.latitude, 90.0)?,
                longitude_e6: f::degrees("longitude", &self.longitude, 180.0)?,
            },
            phone: f::phone("phone", &self.phone)?,
            access_notes: f::long_text("access_notes", &self.access_notes, 1000)?,
            financer: f::choice("financer", Financer::parse(&self.financer))?,
            funded_minutes_per_month: hours * 60,
            status: if self.status.is_empty() {
                PatientStatus::Active
            } else {
                f::choice("status", PatientStatus::parse(&self.status))?
            },
        })
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct CarePlanForm {
    pub label: String,
    pub skill: String,
    pub days: Vec<String>,
    pub window_start: String,
    pub window_end: String,
    pub duration: String,
    pub caregivers: String,
    pub sync_kind: String,
    pub min_gap: String,
    pub max_gap: String,
    pub preferred: String,
    pub excluded: String,
    pub first_day: String,
    pub last_day: String,
}

impl CarePlanForm {
    pub fn parse(&self, patient_id: &PatientId) -> Result<CarePlanItem, AppError> {
        let invalid = |field, code| AppError::Invalid { field, code };
        let mut days = 0;
        for day in &self.days {
            days |= 1 << f::number("days", day, 0..=6)?;
        }
        if days == 0 {
            return Err(invalid("days", "hours-no-day"));
        }
        let window_start = f::clock("window_start", &self.window_start)?;
        let window_end = f::clock("window_end", &self.window_end)?;
        if window_end <= window_start {
            return Err(invalid("window_end", "hours-end-before-start"));
        }
        let duration = f::number("duration", &self.duration, 5..=600)?;
        if duration > window_end - window_start {
            return Err(invalid("duration", "duration-longer-than-window"));
        }
        let caregivers = f::number(
            "caregivers",
            if self.caregivers.is_empty() { "1" } else { &self.caregivers },
            1..=2,
        )?;
        let sync_kind = if self.sync_kind.is_empty() {
            SyncKind::Simultaneous
        } else {
            f::choice("sync_kind", SyncKind::parse(&self.sync_kind))?
        };
        let gap = |field, text: &str| {
            f::number(field, if text.trim().is_empty() { "0" } else { text }, 0..=240)
        };
        let (min_gap, max_gap) = (gap("min_gap", &self.min_gap)?, gap("max_gap", &self.max_gap)?);
        if max_gap < min_gap {
            return Err(invalid("max_gap", "gap-max-below-min"));
        }
        let person = |field, text: &str| -> Result<Option<String>, AppError> {
            match text.trim() {
                "" => Ok(None),
                id if crate::web::ids::is_id(id) => Ok(Some(id.to_string())),
                _ => Err(invalid(field, "caregiver-unknown")),
            }
        };
        let (preferred, excluded) =
            (person("preferred", &self.preferred)?, person("excluded", &self.excluded)?);
        if preferred.is_some() && preferred == excluded {
            return Err(invalid("excluded", "caregiver-preferred-and-excluded"));
        }
        let first_day = f::day("first_day", &self.first_day)?;
        let last_day = match self.last_day.trim() {
            "" => None,
            text => Some(f::day("last_day", text)?),
        };
        if last_day.is_some_and(|last| last < first_day) {
            return Err(invalid("last_day", "date-end-before-start"));
        }
        Ok(CarePlanItem {
            id: String::new(),
            patient_id: patient_id.clone(),
            label: f::label("label", &self.label)?,
            skill: f::choice("skill", Skill::parse(&self.skill))?,
            days,
            window_start_minute: window_start,
            window_end_minute: window_end,
            duration_minutes: duration,
            caregivers,
            sync_kind,
            min_gap_minutes: min_gap,
            max_gap_minutes: max_gap,
            preferred_caregiver: preferred,
            excluded_caregiver: excluded,
            first_day: first_day.to_string(),
            last_day: last_day.map(|d| d.to_string()),
        })
    }
}
