//! Home-care types: patients, caregivers, care plans and visits as the services use them.

use serde::Serialize;

use crate::text_enum::text_enum;
use crate::typed_id::{Flag, typed_id};

typed_id! {
    /// A patient followed by a team.
    PatientId
}

typed_id! {
    /// One planned visit to a patient.
    VisitId
}

text_enum! {
    /// INS identity status (référentiel national d'identitovigilance).
    IdentityStatus {
        Provisional = "provisional",
        Retrieved = "retrieved",
        Validated = "validated",
        Qualified = "qualified",
    }
}

text_enum! {
    PatientStatus { Active = "active", Hospitalised = "hospitalised", Paused = "paused", Ended = "ended" }
}

text_enum! {
    /// Who pays for the care.
    Financer { Ssiad = "ssiad", Apa = "apa", Pch = "pch", Private = "private" }
}

text_enum! {
    Sex { Female = "F", Male = "M", Unknown = "I" }
}

text_enum! {
    /// What a visit requires and what a caregiver can do.
    Skill { Nurse = "nurse", CareAide = "care_aide", HomeHelp = "home_help" }
}

text_enum! {
    Transport { Car = "car", Cycling = "cycling", Walking = "walking", PublicTransport = "public_transport" }
}

text_enum! {
    /// How the two caregivers of a two-caregiver visit are tied.
    SyncKind { Simultaneous = "simultaneous", Sequence = "sequence" }
}

text_enum! {
    AbsenceKind { Leave = "leave", Sick = "sick", Training = "training" }
}

text_enum! {
    ContactKind { Family = "family", Doctor = "doctor", Pharmacy = "pharmacy", Other = "other" }
}

impl Transport {
    pub fn mode(self) -> planner::travel::Mode {
        match self {
            Transport::Car => planner::travel::Mode::Car,
            Transport::Cycling => planner::travel::Mode::Cycling,
            Transport::Walking => planner::travel::Mode::Walking,
            Transport::PublicTransport => planner::travel::Mode::PublicTransport,
        }
    }
}

/// A position in micro-degrees, as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Coordinates {
    pub latitude_e6: i64,
    pub longitude_e6: i64,
}

impl Coordinates {
    pub fn point(self) -> planner::travel::Point {
        planner::travel::Point {
            latitude: self.latitude_e6 as f64 / 1e6,
            longitude: self.longitude_e6 as f64 / 1e6,
        }
    }

    pub fn text(self) -> String {
        format!("{:.6}, {:.6}", self.latitude_e6 as f64 / 1e6, self.longitude_e6 as f64 / 1e6)
    }

    /// The great-circle distance to `other`, in metres (the travel model without its detour).
    pub fn metres_to(self, other: Coordinates) -> f64 {
        let straight = planner::travel::TravelModel { detour: 1.0, ..Default::default() };
        straight.distance_m(self.point(), other.point())
    }
}

/// The INS identity: the matricule and OID with the five strict traits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Identity {
    pub birth_family_name: String,
    pub birth_first_names: String,
    pub birth_date: String,
    #[sqlx(try_from = "String")]
    pub sex: Sex,
    pub birth_place_code: String,
    pub ins_matricule: String,
    pub ins_oid: String,
    #[sqlx(rename = "identity_status", try_from = "String")]
    pub status: IdentityStatus,
}

impl Identity {
    /// Identity vigilance: the matricule may leave Relais only with a qualified identity.
    pub fn exportable_matricule(&self) -> Option<&str> {
        (self.status == IdentityStatus::Qualified && !self.ins_matricule.is_empty())
            .then_some(self.ins_matricule.as_str())
    }
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Patient {
    pub id: PatientId,
    pub team_id: String,
    pub given_name: String,
    pub family_name: String,
    #[sqlx(flatten)]
    pub identity: Identity,
    pub address: String,
    pub postcode: String,
    pub city: String,
    #[sqlx(flatten)]
    pub place: Coordinates,
    pub phone: String,
    #[sqlx(try_from = "String")]
    pub financer: Financer,
    pub funded_minutes_per_month: i64,
    #[sqlx(try_from = "String")]
    pub status: PatientStatus,
}

impl Patient {
    /// "Jeanne M." — what a round shows.
    pub fn short_name(&self) -> String {
        let initial: String = self.family_name.chars().take(1).collect();
        format!("{} {initial}.", self.given_name)
    }

    pub fn full_name(&self) -> String {
        format!("{} {}", self.given_name, self.family_name)
    }
}

/// What a coordinator types to create or change a patient (already parsed).
#[derive(Debug, Clone)]
pub struct PatientInput {
    pub team_id: String,
    pub given_name: String,
    pub family_name: String,
    pub identity: Identity,
    pub address: String,
    pub postcode: String,
    pub city: String,
    pub place: Coordinates,
    pub phone: String,
    pub access_notes: String,
    pub financer: Financer,
    pub funded_minutes_per_month: i64,
    pub status: PatientStatus,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Contact {
    pub id: String,
    #[sqlx(try_from = "String")]
    pub kind: ContactKind,
    pub name: String,
    pub phone: String,
}

/// A caregiver's skills, stored as a comma-separated list of known skills.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Skills(pub Vec<Skill>);

impl std::ops::Deref for Skills {
    type Target = [Skill];

    fn deref(&self) -> &[Skill] {
        &self.0
    }
}

impl TryFrom<String> for Skills {
    type Error = crate::text_enum::UnknownValue;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.split(',')
            .filter(|name| !name.is_empty())
            .map(|name| Skill::try_from(name.to_owned()))
            .collect::<Result<_, _>>()
            .map(Skills)
    }
}

/// A caregiver's planning profile; the working hours come from their personal profile.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Caregiver {
    pub user_id: String,
    pub display_name: String,
    #[sqlx(try_from = "String")]
    pub skills: Skills,
    pub contract_minutes_per_week: i64,
    #[sqlx(try_from = "String")]
    pub transport: Transport,
    /// Read from `start_latitude_e6` and `start_longitude_e6` renamed by the query.
    #[sqlx(flatten)]
    pub start: Coordinates,
    /// Bit 0 = Monday … bit 6 = Sunday.
    pub work_days: i64,
    pub work_start_minute: i64,
    pub work_end_minute: i64,
}

impl Caregiver {
    pub fn works_on(&self, weekday_index: usize) -> bool {
        self.work_days & (1 << weekday_index) != 0
    }
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Absence {
    pub id: String,
    pub user_id: String,
    pub first_day: String,
    pub last_day: String,
    #[sqlx(try_from = "String")]
    pub kind: AbsenceKind,
}

/// A recurring intervention of a care plan. Times are local minutes after midnight.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct CarePlanItem {
    pub id: String,
    pub patient_id: PatientId,
    pub label: String,
    #[sqlx(try_from = "String")]
    pub skill: Skill,
    /// Bit 0 = Monday … bit 6 = Sunday.
    pub days: i64,
    pub window_start_minute: i64,
    pub window_end_minute: i64,
    pub duration_minutes: i64,
    pub caregivers: i64,
    #[sqlx(try_from = "String")]
    pub sync_kind: SyncKind,
    pub min_gap_minutes: i64,
    pub max_gap_minutes: i64,
    pub preferred_caregiver: Option<String>,
    pub excluded_caregiver: Option<String>,
    pub first_day: String,
    pub last_day: Option<String>,
}

text_enum! {
    /// Arrival or departure.
    PunchKind { CheckIn = "check_in", CheckOut = "check_out" }
}

text_enum! {
    /// How a presence was proven: the card's QR code scanned, its code typed, without the card
    /// (with a reason), or declared in one tap.
    PunchMethod { Scan = "scan", Code = "code", Manual = "manual", Declared = "declared" }
}

text_enum! {
    VisitStatus { Planned = "planned", Cancelled = "cancelled" }
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Visit {
    pub id: VisitId,
    pub team_id: String,
    pub patient_id: PatientId,
    pub care_plan_item_id: Option<String>,
    pub pair_id: Option<String>,
    pub pair_role: i64,
    pub day: String,
    pub label: String,
    #[sqlx(try_from = "String")]
    pub skill: Skill,
    pub window_start_at: i64,
    pub window_end_at: i64,
    pub duration_minutes: i64,
    pub caregiver_id: Option<String>,
    pub planned_start_at: Option<i64>,
    #[sqlx(try_from = "String")]
    pub status: VisitStatus,
    pub cancel_reason: Option<String>,
    #[sqlx(try_from = "i64")]
    pub locked: Flag,
    pub version: i64,
}

impl Visit {
    pub fn cancelled(&self) -> bool {
        self.status == VisitStatus::Cancelled
    }

    pub fn planned_end_at(&self) -> Option<i64> {
        self.planned_start_at.map(|start| start + self.duration_minutes * crate::clock::MINUTE_MS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_qualified_identity_lets_its_matricule_out() {
        let mut identity = Identity {
            birth_family_name: "MARTIN".into(),
            birth_first_names: "Jeanne".into(),
            birth_date: "1938-04-02".into(),
            sex: Sex::Female,
            birth_place_code: "35238".into(),
            ins_matricule: "284057511602336".into(),
            ins_oid: "1.2.250.1.213.1.4.8".into(),
            status: IdentityStatus::Retrieved,
        };
        for status in
            [IdentityStatus::Provisional, IdentityStatus::Retrieved, IdentityStatus::Validated]
        {
            identity.status = status;
            assert_eq!(identity.exportable_matricule(), None, "{status:?}");
        }
        identity.status = IdentityStatus::Qualified;
        assert_eq!(identity.exportable_matricule(), Some("284057511602336"));
    }

    #[test]
    fn every_stored_value_has_a_name_in_both_languages() {
        let names: Vec<String> = IdentityStatus::ALL
            .iter()
            .map(|v| format!("identity-{}", v.as_str()))
            .chain(PatientStatus::ALL.iter().map(|v| format!("patient-status-{}", v.as_str())))
            .chain(Financer::ALL.iter().map(|v| format!("financer-{}", v.as_str())))
            .chain(Sex::ALL.iter().map(|v| format!("sex-{}", v.as_str())))
            .chain(Skill::ALL.iter().map(|v| format!("skill-{}", v.as_str())))
            .chain(Transport::ALL.iter().map(|v| format!("transport-{}", v.as_str())))
            .chain(SyncKind::ALL.iter().map(|v| format!("sync-{}", v.as_str())))
            .chain(AbsenceKind::ALL.iter().map(|v| format!("absence-{}", v.as_str())))
            .chain(ContactKind::ALL.iter().map(|v| format!("contact-{}", v.as_str())))
            .chain((0..7).map(|d| format!("weekday-short-{d}")))
            .collect();
        for lang in crate::i18n::Lang::ALL {
            for name in &names {
                assert!(lang.has(name), "{lang:?} has no {name}");
            }
        }
    }

    #[test]
    fn distances_between_coordinates_are_great_circle_metres() {
        let rennes = Coordinates { latitude_e6: 48_111_700, longitude_e6: -1_680_000 };
        let nearby = Coordinates { latitude_e6: 48_112_600, longitude_e6: -1_680_000 };
        assert!((rennes.metres_to(nearby) - 100.0).abs() < 1.0, "{}", rennes.metres_to(nearby));
        let paris = Coordinates { latitude_e6: 48_856_600, longitude_e6: 2_352_200 };
        assert!((rennes.metres_to(paris) / 1000.0 - 308.0).abs() < 5.0);
        assert_eq!(rennes.metres_to(rennes), 0.0);
    }

    #[test]
    fn stored_names_round_trip() {
        for skill in Skill::ALL {
            assert_eq!(Skill::parse(skill.as_str()), Some(*skill));
        }
        assert_eq!(Financer::parse("apa"), Some(Financer::Apa));
        assert_eq!(Transport::parse("jetpack"), None);
    }
}
