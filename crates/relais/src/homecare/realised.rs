//! What happened to the visits of a team over some days: the punches, the report's outcome, the
//! coordinator's correction, the times retained, and the exceptions a coordinator must resolve.

use super::model::PunchKind;
use crate::homecare::model::PatientId;
use jiff::civil::Date;
use serde::Serialize;

use super::model::Visit;
use super::store::corrections::{self, Correction};
use super::store::rounds::{self, PunchRow, Whose};
use super::store::visits as visit_store;
use crate::clock::{MINUTE_MS, now_ms};
use crate::config::PunchTolerance;
use crate::error::AppResult;
use crate::state::AppState;

/// A visit with what was recorded about it.
pub struct Realised {
    pub visit: Visit,
    pub check_in: Option<PunchRow>,
    pub check_out: Option<PunchRow>,
    pub outcome: Option<String>,
    pub flags: Vec<String>,
    pub correction: Option<Correction>,
}

impl Realised {
    /// The start and end kept for payment and statistics: the correction's, else the punches'.
    pub fn retained(&self) -> (Option<i64>, Option<i64>) {
        match &self.correction {
            Some(c) => (c.retained_start_at, c.retained_end_at),
            None => (
                self.check_in.as_ref().map(|p| p.device_at),
                self.check_out.as_ref().map(|p| p.device_at),
            ),
        }
    }
}

/// The team's visits (cancelled ones included) from `first` to `last`, with what was recorded.
pub async fn load(
    state: &AppState,
    org_id: &str,
    team_id: &str,
    first: Date,
    last: Date,
) -> AppResult<Vec<Realised>> {
    let reader = state.db.reader();
    let (first_text, last_text) = (first.to_string(), last.to_string());
    let visits = visit_store::of_team(reader, org_id, team_id, &first_text, &last_text).await?;
    let mut punches = Vec::new();
    let mut reports = Vec::new();
    for day in first.series(jiff::Span::new().days(1)).take_while(|d| *d <= last) {
        let day = day.to_string();
        punches.extend(rounds::punches_of_day(reader, org_id, Whose::Team(team_id), &day).await?);
        reports.extend(rounds::reports_of_day(reader, org_id, Whose::Team(team_id), &day).await?);
    }
    let corrections =
        corrections::corrections_between(reader, org_id, team_id, &first_text, &last_text).await?;
    Ok(visits
        .into_iter()
        .map(|visit| {
            let punch = |kind: PunchKind| {
                punches.iter().find(|p| p.visit_id == visit.id && p.kind == kind).cloned()
            };
            let report = reports.iter().find(|r| r.visit_id == visit.id);
            Realised {
                check_in: punch(PunchKind::CheckIn),
                check_out: punch(PunchKind::CheckOut),
                outcome: report.map(|r| r.outcome.clone()),
                flags: report
                    .map(|r| {
                        r.flags.split(',').filter(|f| !f.is_empty()).map(String::from).collect()
                    })
                    .unwrap_or_default(),
                correction: corrections.iter().find(|c| c.visit_id == visit.id).cloned(),
                visit,
            }
        })
        .collect())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ExceptionKind {
    NoCheckIn,
    NoCheckOut,
    OutsideTolerance,
    TooShort,
    TooLong,
    NotAssignee,
}

impl ExceptionKind {
    pub const ALL: [ExceptionKind; 6] = [
        ExceptionKind::NoCheckIn,
        ExceptionKind::NoCheckOut,
        ExceptionKind::OutsideTolerance,
        ExceptionKind::TooShort,
        ExceptionKind::TooLong,
        ExceptionKind::NotAssignee,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ExceptionKind::NoCheckIn => "no_check_in",
            ExceptionKind::NoCheckOut => "no_check_out",
            ExceptionKind::OutsideTolerance => "outside_tolerance",
            ExceptionKind::TooShort => "too_short",
            ExceptionKind::TooLong => "too_long",
            ExceptionKind::NotAssignee => "not_assignee",
        }
    }

    /// The ESPPADOM adjustment code a correction of this exception usually takes.
    pub fn usual_code(self) -> &'static str {
        match self {
            ExceptionKind::NoCheckIn => "CO2",
            ExceptionKind::NoCheckOut => "COD",
            _ => "MDT",
        }
    }
}

/// What is wrong with a realised visit at `now`; empty once corrected, cancelled or still ahead.
pub fn exceptions(realised: &Realised, tolerance: PunchTolerance, now: i64) -> Vec<ExceptionKind> {
    let visit = &realised.visit;
    if visit.cancelled() || realised.correction.is_some() || visit.caregiver_id.is_none() {
        return Vec::new();
    }
    let planned_start = visit.planned_start_at.unwrap_or(visit.window_start_at);
    let planned_end = planned_start + visit.duration_minutes * MINUTE_MS;
    let mut found = Vec::new();
    match (&realised.check_in, &realised.check_out) {
        (None, None) if now > visit.window_end_at + 60 * MINUTE_MS => {
            found.push(ExceptionKind::NoCheckIn);
        }
        (Some(_), None) if now > planned_end + 120 * MINUTE_MS => {
            found.push(ExceptionKind::NoCheckOut)
        }
        _ => {}
    }
    if let Some(arrival) = &realised.check_in {
        let early = planned_start - arrival.device_at > tolerance.early_minutes * MINUTE_MS;
        let late = arrival.device_at - planned_start > tolerance.late_minutes * MINUTE_MS;
        if early || late {
            found.push(ExceptionKind::OutsideTolerance);
        }
        if Some(&arrival.caregiver_id) != visit.caregiver_id.as_ref() {
            found.push(ExceptionKind::NotAssignee);
        }
        if let Some(departure) = &realised.check_out {
            let minutes = (departure.device_at - arrival.device_at) / MINUTE_MS;
            if minutes * 2 < visit.duration_minutes {
                found.push(ExceptionKind::TooShort);
            } else if minutes * 2 > visit.duration_minutes * 3 + 30 {
                found.push(ExceptionKind::TooLong);
            }
        }
    }
    found
}

/// The exceptions of a team's published visits from `first` to `last`.
pub async fn queue(
    state: &AppState,
    org_id: &str,
    team_id: &str,
    first: Date,
    last: Date,
) -> AppResult<Vec<(Realised, Vec<ExceptionKind>)>> {
    let now = now_ms();
    let funders: std::collections::HashMap<PatientId, &'static str> =
        super::store::patients::list_of_team(state.db.reader(), org_id, team_id)
            .await?
            .into_iter()
            .map(|p| (p.id, p.financer.as_str()))
            .collect();
    let mut out = Vec::new();
    for realised in load(state, org_id, team_id, first, last).await? {
        let day: Date = realised.visit.day.parse().unwrap_or(first);
        let funder = funders.get(&realised.visit.patient_id).copied().unwrap_or("ssiad");
        let tolerance = state.settings.planning.tolerance_for(funder);
        let found = exceptions(&realised, tolerance, now);
        if !found.is_empty() && super::scope::week_published(state, org_id, team_id, day).await? {
            out.push((realised, found));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::homecare::model::Skill;

    const START: i64 = 10_000 * MINUTE_MS;
    const T: PunchTolerance = PunchTolerance { early_minutes: 30, late_minutes: 30 };

    fn realised(check_in: Option<i64>, check_out: Option<i64>, by: &str) -> Realised {
        let punch = |kind: PunchKind, at: i64| PunchRow {
            visit_id: "v".into(),
            caregiver_id: by.into(),
            kind,
            method: crate::homecare::model::PunchMethod::Code,
            device_at: at,
            latitude_e6: None,
            longitude_e6: None,
            accuracy_m: None,
        };
        Realised {
            visit: Visit {
                id: "v".into(),
                team_id: "t".into(),
                patient_id: "p".into(),
                care_plan_item_id: None,
                pair_id: None,
                pair_role: 0,
                day: "2026-12-01".into(),
                label: "Toilette".into(),
                skill: Skill::CareAide,
                window_start_at: START,
                window_end_at: START + 120 * MINUTE_MS,
                duration_minutes: 40,
                caregiver_id: Some("ana".into()),
                planned_start_at: Some(START),
                status: crate::homecare::model::VisitStatus::Planned,
                cancel_reason: None,
                locked: crate::typed_id::Flag(false),
                version: 1,
            },
            check_in: check_in.map(|at| punch(PunchKind::CheckIn, at)),
            check_out: check_out.map(|at| punch(PunchKind::CheckOut, at)),
            outcome: None,
            flags: Vec::new(),
            correction: None,
        }
    }

    #[test]
    fn each_exception_is_found_and_a_correction_clears_them() {
        use ExceptionKind::*;
        let m = MINUTE_MS;
        let late = START + 10 * 60 * m;
        assert_eq!(exceptions(&realised(Some(START), Some(START + 40 * m), "ana"), T, late), []);
        assert_eq!(exceptions(&realised(None, None, "ana"), T, START + 60 * m), [], "not yet");
        assert_eq!(exceptions(&realised(None, None, "ana"), T, late), [NoCheckIn]);
        assert_eq!(exceptions(&realised(Some(START), None, "ana"), T, late), [NoCheckOut]);
        assert_eq!(
            exceptions(&realised(Some(START + 45 * m), Some(START + 85 * m), "ana"), T, late),
            [OutsideTolerance]
        );
        assert_eq!(
            exceptions(&realised(Some(START), Some(START + 10 * m), "ana"), T, late),
            [TooShort]
        );
        assert_eq!(
            exceptions(&realised(Some(START), Some(START + 120 * m), "ana"), T, late),
            [TooLong]
        );
        assert_eq!(
            exceptions(&realised(Some(START), Some(START + 40 * m), "bob"), T, late),
            [NotAssignee]
        );
        // Per-funder tolerance: 10 minutes early is too early for a strict funder.
        let strict = PunchTolerance { early_minutes: 5, late_minutes: 15 };
        let early = realised(Some(START - 10 * m), Some(START + 30 * m), "ana");
        assert_eq!(exceptions(&early, T, late), []);
        assert_eq!(exceptions(&early, strict, late), [OutsideTolerance]);
        let mut corrected = realised(None, None, "ana");
        corrected.correction = Some(Correction {
            visit_id: "v".into(),
            reason_code: "CO2".into(),
            retained_start_at: Some(START),
            retained_end_at: Some(START + 40 * m),
            comment: "Oubli de pointage, visite confirmée par la famille".into(),
        });
        assert_eq!(exceptions(&corrected, T, late), []);
        assert_eq!(corrected.retained(), (Some(START), Some(START + 40 * m)));
    }
}
