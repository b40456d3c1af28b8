//! What is wrong with a planning: computed from the visits, never stored, so it is always current.

use std::collections::HashMap;

use planner::travel::TravelModel;
use serde::Serialize;

use super::model::{Absence, Caregiver, Coordinates, PatientId, Visit};
use crate::clock::MINUTE_MS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ConflictKind {
    Unassigned,
    Overlap,
    TravelImpossible,
    MissingSkill,
    WindowMissed,
    ContractExceeded,
    ExcludedCaregiver,
    Absent,
    OutsideWorkingHours,
}

impl ConflictKind {
    pub const ALL: [ConflictKind; 9] = [
        ConflictKind::Unassigned,
        ConflictKind::Overlap,
        ConflictKind::TravelImpossible,
        ConflictKind::MissingSkill,
        ConflictKind::WindowMissed,
        ConflictKind::ContractExceeded,
        ConflictKind::ExcludedCaregiver,
        ConflictKind::Absent,
        ConflictKind::OutsideWorkingHours,
    ];

    /// The i18n key of its explanation.
    pub fn key(self) -> &'static str {
        match self {
            ConflictKind::Unassigned => "conflict-unassigned",
            ConflictKind::Overlap => "conflict-overlap",
            ConflictKind::TravelImpossible => "conflict-travel",
            ConflictKind::MissingSkill => "conflict-skill",
            ConflictKind::WindowMissed => "conflict-window",
            ConflictKind::ContractExceeded => "conflict-contract",
            ConflictKind::ExcludedCaregiver => "conflict-excluded",
            ConflictKind::Absent => "conflict-absent",
            ConflictKind::OutsideWorkingHours => "conflict-hours",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conflict {
    pub kind: ConflictKind,
    /// The visit concerned (none for a caregiver's weekly total).
    pub visit_id: Option<String>,
    pub caregiver_id: Option<String>,
}

/// Everything the checks need besides the visits.
pub struct Context<'a> {
    pub caregivers: &'a [Caregiver],
    pub absences: &'a [Absence],
    pub places: &'a HashMap<PatientId, Coordinates>,
    /// Excluded caregiver per care plan item.
    pub excluded: &'a HashMap<String, String>,
    pub travel: TravelModel,
    /// Local minute of the day and weekday (Monday = 0) of an instant.
    pub local: &'a dyn Fn(i64) -> (i64, usize),
}

impl Context<'_> {
    fn travel_minutes(&self, caregiver: &Caregiver, from: &str, to: &str) -> f64 {
        let (Some(a), Some(b)) = (self.places.get(from), self.places.get(to)) else { return 0.0 };
        let metres = self.travel.distance_m(a.point(), b.point());
        let speed = self.travel.speed_kmh(caregiver.transport.mode());
        metres / (speed * 1000.0 / 60.0)
    }
}

/// The conflicts of a set of visits (cancelled ones are ignored).
pub fn detect(visits: &[Visit], context: &Context<'_>) -> Vec<Conflict> {
    let mut conflicts = Vec::new();
    let mut by_caregiver: HashMap<&str, Vec<&Visit>> = HashMap::new();
    for visit in visits.iter().filter(|v| !v.cancelled()) {
        let on = |kind| Conflict {
            kind,
            visit_id: Some(visit.id.to_string()),
            caregiver_id: visit.caregiver_id.clone(),
        };
        let (Some(caregiver_id), Some(start)) = (&visit.caregiver_id, visit.planned_start_at)
        else {
            conflicts.push(on(ConflictKind::Unassigned));
            continue;
        };
        by_caregiver.entry(caregiver_id).or_default().push(visit);
        let latest_start = visit.window_end_at - visit.duration_minutes * MINUTE_MS;
        if start < visit.window_start_at || start > latest_start {
            conflicts.push(on(ConflictKind::WindowMissed));
        }
        let excluded = visit.care_plan_item_id.as_ref().and_then(|i| context.excluded.get(i));
        if excluded == Some(caregiver_id) {
            conflicts.push(on(ConflictKind::ExcludedCaregiver));
        }
        if context.absences.iter().any(|a| {
            &a.user_id == caregiver_id && a.first_day <= visit.day && visit.day <= a.last_day
        }) {
            conflicts.push(on(ConflictKind::Absent));
        }
        let Some(caregiver) = context.caregivers.iter().find(|c| &c.user_id == caregiver_id) else {
            conflicts.push(on(ConflictKind::MissingSkill));
            continue;
        };
        if !caregiver.skills.contains(&visit.skill) {
            conflicts.push(on(ConflictKind::MissingSkill));
        }
        let (minute, weekday) = (context.local)(start);
        let end_minute = minute + visit.duration_minutes;
        if !caregiver.works_on(weekday)
            || minute < caregiver.work_start_minute
            || end_minute > caregiver.work_end_minute
        {
            conflicts.push(on(ConflictKind::OutsideWorkingHours));
        }
    }
    for (caregiver_id, mut visits) in by_caregiver {
        visits.sort_by_key(|v| (v.planned_start_at, v.id.clone()));
        let caregiver = context.caregivers.iter().find(|c| c.user_id == caregiver_id);
        let mut worked_minutes = 0.0;
        for pair in visits.windows(2) {
            let (before, after) = (pair[0], pair[1]);
            let (Some(end), Some(next)) = (before.planned_end_at(), after.planned_start_at) else {
                continue;
            };
            let on = |kind| Conflict {
                kind,
                visit_id: Some(after.id.to_string()),
                caregiver_id: Some(caregiver_id.to_string()),
            };
            if next < end {
                conflicts.push(on(ConflictKind::Overlap));
            } else if before.day == after.day
                && let Some(caregiver) = caregiver
            {
                let travel =
                    context.travel_minutes(caregiver, &before.patient_id, &after.patient_id);
                worked_minutes += travel;
                let gap_minutes = (next - end) as f64 / MINUTE_MS as f64;
                if gap_minutes + 0.5 < travel {
                    conflicts.push(on(ConflictKind::TravelImpossible));
                }
            }
        }
        worked_minutes += visits.iter().map(|v| v.duration_minutes as f64).sum::<f64>();
        if let Some(caregiver) = caregiver
            && worked_minutes > caregiver.contract_minutes_per_week as f64
        {
            conflicts.push(Conflict {
                kind: ConflictKind::ContractExceeded,
                visit_id: None,
                caregiver_id: Some(caregiver_id.to_string()),
            });
        }
    }
    conflicts.sort_by(|a, b| (&a.visit_id, a.kind as u8).cmp(&(&b.visit_id, b.kind as u8)));
    conflicts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::homecare::model::{Skill, Transport};

    const H: i64 = 60 * MINUTE_MS;

    fn visit(id: &str, patient: &str, caregiver: Option<&str>, start_hour: f64) -> Visit {
        Visit {
            id: id.into(),
            team_id: "t".into(),
            patient_id: patient.into(),
            care_plan_item_id: Some(format!("item-{id}")),
            pair_id: None,
            pair_role: 0,
            day: "2026-12-01".into(),
            label: "Toilette".into(),
            skill: Skill::CareAide,
            window_start_at: 7 * H,
            window_end_at: 12 * H,
            duration_minutes: 45,
            caregiver_id: caregiver.map(String::from),
            planned_start_at: caregiver.map(|_| (start_hour * H as f64) as i64),
            status: crate::homecare::model::VisitStatus::Planned,
            cancel_reason: None,
            locked: crate::typed_id::Flag(false),
            version: 1,
        }
    }

    fn aide(id: &str) -> Caregiver {
        Caregiver {
            user_id: id.into(),
            display_name: id.into(),
            skills: crate::homecare::model::Skills(vec![Skill::CareAide]),
            contract_minutes_per_week: 35 * 60,
            transport: Transport::Car,
            start: Coordinates { latitude_e6: 48_110_000, longitude_e6: -1_680_000 },
            work_days: 0b111_1111,
            work_start_minute: 7 * 60,
            work_end_minute: 14 * 60,
        }
    }

    fn kinds(
        visits: &[Visit],
        caregivers: &[Caregiver],
        excluded: &[(&str, &str)],
    ) -> Vec<ConflictKind> {
        let places: HashMap<PatientId, Coordinates> = [
            ("near".into(), Coordinates { latitude_e6: 48_110_000, longitude_e6: -1_680_000 }),
            ("far".into(), Coordinates { latitude_e6: 48_300_000, longitude_e6: -1_680_000 }),
        ]
        .into();
        let excluded: HashMap<String, String> =
            excluded.iter().map(|(i, c)| (i.to_string(), c.to_string())).collect();
        let absences = [Absence {
            id: "a".into(),
            user_id: "sick".into(),
            first_day: "2026-11-30".into(),
            last_day: "2026-12-02".into(),
            kind: crate::homecare::model::AbsenceKind::Sick,
        }];
        let local = |at: i64| ((at / MINUTE_MS) % (24 * 60), 1);
        let context = Context {
            caregivers,
            absences: &absences,
            places: &places,
            excluded: &excluded,
            travel: TravelModel::default(),
            local: &local,
        };
        detect(visits, &context).into_iter().map(|c| c.kind).collect()
    }

    #[test]
    fn a_good_round_has_no_conflict() {
        let visits = [visit("a", "near", Some("ana"), 8.0), visit("b", "near", Some("ana"), 9.0)];
        assert_eq!(kinds(&visits, &[aide("ana")], &[]), []);
    }

    #[test]
    fn each_kind_of_problem_is_named() {
        use ConflictKind::*;
        let mut nurse_only = visit("skill", "near", Some("ana"), 8.0);
        nurse_only.skill = Skill::Nurse;
        assert_eq!(kinds(&[nurse_only], &[aide("ana")], &[]), [MissingSkill]);
        assert_eq!(kinds(&[visit("u", "near", None, 0.0)], &[aide("ana")], &[]), [Unassigned]);
        let overlap = [visit("a", "near", Some("ana"), 8.0), visit("b", "near", Some("ana"), 8.5)];
        assert_eq!(kinds(&overlap, &[aide("ana")], &[]), [Overlap]);
        // 21 km × 1.3 at 30 km/h is about 55 minutes; 15 minutes between the visits is not enough.
        let far = [visit("a", "near", Some("ana"), 8.0), visit("b", "far", Some("ana"), 9.0)];
        assert_eq!(kinds(&far, &[aide("ana")], &[]), [TravelImpossible]);
        assert_eq!(
            kinds(&[visit("w", "near", Some("ana"), 11.5)], &[aide("ana")], &[]),
            [WindowMissed]
        );
        assert_eq!(
            kinds(&[visit("x", "near", Some("ana"), 8.0)], &[aide("ana")], &[("item-x", "ana")]),
            [ExcludedCaregiver]
        );
        assert_eq!(kinds(&[visit("s", "near", Some("sick"), 8.0)], &[aide("sick")], &[]), [Absent]);
        let mut short_day = aide("ana");
        short_day.work_start_minute = 9 * 60;
        assert_eq!(
            kinds(&[visit("h", "near", Some("ana"), 8.0)], &[short_day], &[]),
            [OutsideWorkingHours]
        );
        let mut small_contract = aide("ana");
        small_contract.contract_minutes_per_week = 60;
        let two = [visit("a", "near", Some("ana"), 8.0), visit("b", "near", Some("ana"), 9.0)];
        assert_eq!(kinds(&two, &[small_contract], &[]), [ContractExceeded]);
    }

    #[test]
    fn every_conflict_is_explained_in_both_languages() {
        for lang in crate::i18n::Lang::ALL {
            for kind in ConflictKind::ALL {
                assert!(lang.has(kind.key()), "{lang:?} {kind:?}");
            }
        }
    }

    #[test]
    fn cancelled_visits_do_not_count() {
        let mut cancelled = visit("b", "near", Some("ana"), 8.5);
        cancelled.status = crate::homecare::model::VisitStatus::Cancelled;
        let visits = [visit("a", "near", Some("ana"), 8.0), cancelled];
        assert_eq!(kinds(&visits, &[aide("ana")], &[]), []);
    }
}
