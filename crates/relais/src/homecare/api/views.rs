//! What the home-care API takes and gives. Times are RFC 3339 (UTC); days `YYYY-MM-DD` in the
//! organisation's time zone.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::api::json::rfc3339;
use crate::homecare::model::{CarePlanItem, Caregiver, Patient, Visit};
use crate::homecare::optimise::{Change, LeftOut};
use crate::homecare::realised::{ExceptionKind, Realised};
use crate::homecare::round::Stop;

#[derive(Serialize, JsonSchema)]
pub struct PatientOut {
    pub id: String,
    pub team_id: String,
    pub given_name: String,
    pub family_name: String,
    /// YYYY-MM-DD, as on the identity document.
    pub birth_date: String,
    pub address: String,
    pub postcode: String,
    pub city: String,
    pub phone: String,
    /// ssiad, apa, pch or private.
    pub financer: String,
    pub funded_minutes_per_month: i64,
    pub status: String,
}

impl From<Patient> for PatientOut {
    fn from(p: Patient) -> Self {
        Self {
            id: p.id.to_string(),
            team_id: p.team_id,
            given_name: p.given_name,
            family_name: p.family_name,
            birth_date: p.identity.birth_date,
            address: p.address,
            postcode: p.postcode,
            city: p.city,
            phone: p.phone,
            financer: p.financer.as_str().to_string(),
            funded_minutes_per_month: p.funded_minutes_per_month,
            status: p.status.as_str().to_string(),
        }
    }
}

#[derive(Serialize, JsonSchema)]
pub struct CareOut {
    pub id: String,
    pub label: String,
    pub skill: String,
    /// Days of the week, bit 0 Monday … bit 6 Sunday.
    pub days: i64,
    /// Minutes after midnight.
    pub window_start_minute: i64,
    pub window_end_minute: i64,
    pub duration_minutes: i64,
    /// 1, or 2 for a visit made by two caregivers together.
    pub caregivers: i64,
    pub first_day: String,
    pub last_day: Option<String>,
}

impl From<CarePlanItem> for CareOut {
    fn from(i: CarePlanItem) -> Self {
        Self {
            id: i.id,
            label: i.label,
            skill: i.skill.as_str().to_string(),
            days: i.days,
            window_start_minute: i.window_start_minute,
            window_end_minute: i.window_end_minute,
            duration_minutes: i.duration_minutes,
            caregivers: i.caregivers,
            first_day: i.first_day,
            last_day: i.last_day,
        }
    }
}

#[derive(Serialize, JsonSchema)]
pub struct PatientRecordOut {
    pub patient: PatientOut,
    /// How to get in (door code, key box…).
    pub access_notes: String,
    pub care_plan: Vec<CareOut>,
}

#[derive(Serialize, JsonSchema)]
pub struct CaregiverOut {
    pub user_id: String,
    pub display_name: String,
    pub skills: Vec<String>,
    pub contract_minutes_per_week: i64,
    /// Minutes after midnight.
    pub work_start_minute: i64,
    pub work_end_minute: i64,
}

impl From<Caregiver> for CaregiverOut {
    fn from(c: Caregiver) -> Self {
        Self {
            skills: c.skills.iter().map(|s| s.as_str().to_string()).collect(),
            user_id: c.user_id,
            display_name: c.display_name,
            contract_minutes_per_week: c.contract_minutes_per_week,
            work_start_minute: c.work_start_minute,
            work_end_minute: c.work_end_minute,
        }
    }
}

#[derive(Serialize, JsonSchema)]
pub struct VisitOut {
    pub id: String,
    pub patient_id: String,
    pub day: String,
    pub label: String,
    pub skill: String,
    pub window_start_at: String,
    pub window_end_at: String,
    pub duration_minutes: i64,
    pub caregiver_id: Option<String>,
    pub planned_start_at: Option<String>,
    /// planned or cancelled.
    pub status: String,
    /// Shared by the two places of a two-caregiver visit.
    pub pair_id: Option<String>,
    pub locked: bool,
    pub version: i64,
}

impl From<Visit> for VisitOut {
    fn from(v: Visit) -> Self {
        Self {
            id: v.id.to_string(),
            patient_id: v.patient_id.to_string(),
            day: v.day,
            label: v.label,
            skill: v.skill.as_str().to_string(),
            window_start_at: rfc3339(v.window_start_at),
            window_end_at: rfc3339(v.window_end_at),
            duration_minutes: v.duration_minutes,
            caregiver_id: v.caregiver_id,
            planned_start_at: v.planned_start_at.map(rfc3339),
            status: v.status.as_str().to_string(),
            pair_id: v.pair_id,
            locked: v.locked.0,
            version: v.version,
        }
    }
}

#[derive(Serialize, JsonSchema)]
pub struct WeekOut {
    pub team_id: String,
    pub monday: String,
    /// draft or published.
    pub state: String,
    pub caregivers: Vec<CaregiverOut>,
    pub visits: Vec<VisitOut>,
    /// Conflicts found (overlaps, missing skills, absences…), as message keys.
    pub conflicts: usize,
}

#[derive(Serialize, JsonSchema)]
pub struct GeneratedOut {
    pub added: usize,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OptimiseIn {
    /// The day to optimise, YYYY-MM-DD.
    pub day: String,
    /// Optimise the whole week holding `day` instead of that day only.
    #[serde(default)]
    pub whole_week: bool,
}

#[derive(Serialize, JsonSchema)]
pub struct StartedOut {
    pub id: String,
}

#[derive(Serialize, JsonSchema)]
pub struct ChangeOut {
    pub visit_id: String,
    pub patient_id: String,
    pub label: String,
    pub from_caregiver: Option<String>,
    pub from_start: Option<String>,
    pub to_caregiver: String,
    pub to_start: String,
}

impl From<Change> for ChangeOut {
    fn from(c: Change) -> Self {
        Self {
            visit_id: c.visit_id.to_string(),
            patient_id: c.patient_id.to_string(),
            label: c.label,
            from_caregiver: c.from_caregiver,
            from_start: c.from_start.map(rfc3339),
            to_caregiver: c.to_caregiver,
            to_start: rfc3339(c.to_start),
        }
    }
}

#[derive(Serialize, JsonSchema)]
pub struct LeftOutOut {
    pub visit_id: String,
    pub patient_id: String,
    pub label: String,
    pub reason: String,
}

impl From<LeftOut> for LeftOutOut {
    fn from(l: LeftOut) -> Self {
        Self {
            visit_id: l.visit_id.to_string(),
            patient_id: l.patient_id.to_string(),
            label: l.label,
            reason: l.reason,
        }
    }
}

#[derive(Serialize, JsonSchema)]
pub struct OptimisationOut {
    pub id: String,
    pub team_id: String,
    pub first_day: String,
    pub last_day: String,
    /// running, ready, accepted, discarded, cancelled or failed.
    pub status: String,
    /// 0 to 100 while running.
    pub percent: u32,
    pub travel_before_minutes: Option<f64>,
    pub travel_after_minutes: Option<f64>,
    pub changes: Vec<ChangeOut>,
    pub unassigned: Vec<LeftOutOut>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AcceptIn {
    /// Only the changes of these visits; all when absent.
    pub visit_ids: Option<Vec<String>>,
}

#[derive(Serialize, JsonSchema)]
pub struct AcceptedOut {
    pub applied: usize,
    /// Visits changed by someone since the proposal was made, left as they are.
    pub skipped: usize,
    pub remaining: usize,
}

#[derive(Serialize, JsonSchema)]
pub struct StopOut {
    pub visit: VisitOut,
    pub patient: PatientOut,
    pub access_notes: String,
    pub checked_in_at: Option<String>,
    pub checked_out_at: Option<String>,
    pub outcome: Option<String>,
}

impl From<Stop> for StopOut {
    fn from(s: Stop) -> Self {
        Self {
            visit: s.visit.into(),
            patient: s.patient.into(),
            access_notes: s.access_notes,
            checked_in_at: s.checked_in_at.map(rfc3339),
            checked_out_at: s.checked_out_at.map(rfc3339),
            outcome: s.outcome,
        }
    }
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PunchIn {
    /// code (the patient's card code), scan (its QR secret), manual (with a reason) or
    /// declared (where the organisation does not require the card).
    pub method: String,
    pub code: Option<String>,
    pub secret: Option<String>,
    pub reason: Option<String>,
    /// When the caregiver tapped, RFC 3339 (the phone's clock); now when absent.
    pub at: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    /// Metres.
    pub accuracy: Option<f64>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportIn {
    /// done, partial, absent, refused, no_answer or hospitalised.
    pub outcome: String,
    /// The care note (transmission), up to 4,000 characters.
    #[serde(default)]
    pub note: String,
    /// Vigilance signs the coordinators see at once: fall, pain, skin, appetite, behaviour.
    #[serde(default)]
    pub flags: Vec<String>,
    /// When written, RFC 3339 (the phone's clock).
    pub at: Option<String>,
}

#[derive(Serialize, JsonSchema)]
pub struct ExceptionOut {
    pub visit: VisitOut,
    /// no_check_in, no_check_out, outside_tolerance, too_short, too_long, not_assignee.
    pub kinds: Vec<String>,
    pub checked_in_at: Option<String>,
    pub checked_out_at: Option<String>,
    /// Whether a coordinator has already decided.
    pub corrected: bool,
}

impl From<(Realised, Vec<ExceptionKind>)> for ExceptionOut {
    fn from((r, kinds): (Realised, Vec<ExceptionKind>)) -> Self {
        Self {
            kinds: kinds.iter().map(|k| k.as_str().to_string()).collect(),
            checked_in_at: r.check_in.as_ref().map(|p| rfc3339(p.device_at)),
            checked_out_at: r.check_out.as_ref().map(|p| rfc3339(p.device_at)),
            corrected: r.correction.is_some(),
            visit: r.visit.into(),
        }
    }
}

#[derive(Serialize, JsonSchema)]
pub struct HoursLineOut {
    pub name: String,
    pub planned_minutes: i64,
    pub realised_minutes: i64,
    pub funded_minutes: i64,
    pub travel_minutes: i64,
}

#[derive(Serialize, JsonSchema)]
pub struct HoursOut {
    pub month: String,
    pub by_patient: Vec<HoursLineOut>,
    pub by_funder: Vec<HoursLineOut>,
    pub by_caregiver: Vec<HoursLineOut>,
}

impl From<crate::homecare::hours::Hours> for HoursOut {
    fn from(h: crate::homecare::hours::Hours) -> Self {
        let lines = |lines: Vec<crate::homecare::hours::Line>| {
            lines
                .into_iter()
                .map(|l| HoursLineOut {
                    name: l.name,
                    planned_minutes: l.planned_minutes,
                    realised_minutes: l.realised_minutes,
                    funded_minutes: l.funded_minutes,
                    travel_minutes: l.travel_minutes,
                })
                .collect()
        };
        Self {
            month: h.first.strftime("%Y-%m").to_string(),
            by_patient: lines(h.by_patient),
            by_funder: lines(h.by_funder),
            by_caregiver: lines(h.by_caregiver),
        }
    }
}
