//! Mankowska et al. (2014) home-care instances in the Udine (UHHC) JSON format, their conversion
//! to the planner's model, and an independent checker of answers.

use std::collections::HashMap;

use relais_planner::homecare::{
    Caregiver, Problem, Round, Service, Synchronisation, Visit, Weights, Window,
};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct Instance {
    pub distances: Vec<Vec<f64>>,
    pub terminal_points: Vec<Terminal>,
    pub caregivers: Vec<Carer>,
    pub patients: Vec<Patient>,
}

#[derive(Debug, Deserialize)]
pub struct Terminal {
    pub id: String,
    pub distance_matrix_index: usize,
}

#[derive(Debug, Deserialize)]
pub struct Carer {
    pub id: String,
    pub abilities: Vec<String>,
    pub departing_point: String,
    pub arrival_point: String,
}

#[derive(Debug, Deserialize)]
pub struct Patient {
    pub id: String,
    pub distance_matrix_index: usize,
    pub required_services: Vec<Required>,
    pub time_windows: Vec<TimeWindow>,
    #[serde(default)]
    pub synchronization: Option<Sync>,
}

#[derive(Debug, Deserialize)]
pub struct Required {
    pub service: String,
    pub duration: f64,
}

#[derive(Debug, Deserialize)]
pub struct TimeWindow {
    pub start: f64,
    pub end: f64,
}

#[derive(Debug, Deserialize)]
pub struct Sync {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub distance: Option<Gap>,
}

#[derive(Debug, Deserialize)]
pub struct Gap {
    pub min: f64,
    pub max: f64,
}

/// Parses an instance; errors give the line and column.
pub fn parse(text: &str) -> Result<Instance, String> {
    let instance: Instance = serde_json::from_str(text)
        .map_err(|e| format!("line {} column {}: {e}", e.line(), e.column()))?;
    let size = instance.distances.len();
    if instance.distances.iter().any(|row| row.len() != size) {
        return Err("the distance matrix is not square".into());
    }
    Ok(instance)
}

fn skill_numbers(instance: &Instance) -> HashMap<&str, usize> {
    let mut names: Vec<&str> = instance
        .caregivers
        .iter()
        .flat_map(|c| c.abilities.iter().map(String::as_str))
        .chain(
            instance
                .patients
                .iter()
                .flat_map(|p| p.required_services.iter().map(|r| r.service.as_str())),
        )
        .collect();
    names.sort_unstable();
    names.dedup();
    names.into_iter().enumerate().map(|(i, n)| (n, i)).collect()
}

fn terminal(instance: &Instance, id: &str) -> Result<usize, String> {
    instance
        .terminal_points
        .iter()
        .find(|t| t.id == id)
        .map(|t| t.distance_matrix_index)
        .ok_or(format!("unknown terminal point {id:?}"))
}

/// The benchmark's model: travel time = distance, hard window starts, soft ends, no shift end,
/// objective (distance + total tardiness + max tardiness) / 3.
pub fn to_problem(instance: &Instance) -> Result<Problem, String> {
    let skills = skill_numbers(instance);
    let caregivers = instance
        .caregivers
        .iter()
        .map(|c| {
            let mut caregiver =
                Caregiver::at_depot(c.abilities.iter().map(|a| skills[a.as_str()]).collect());
            caregiver.start_location = terminal(instance, &c.departing_point)?;
            caregiver.end_location = terminal(instance, &c.arrival_point)?;
            Ok(caregiver)
        })
        .collect::<Result<Vec<_>, String>>()?;
    let visits = instance
        .patients
        .iter()
        .map(|p| {
            let services = p
                .required_services
                .iter()
                .map(|r| Service { skill: skills[r.service.as_str()], duration: r.duration })
                .collect();
            let synchronisation = match &p.synchronization {
                None => Synchronisation::Simultaneous,
                Some(s) if s.kind == "simultaneous" => Synchronisation::Simultaneous,
                Some(Sync { kind, distance: Some(gap) }) if kind == "sequential" => {
                    Synchronisation::Sequence {
                        min_gap: gap.min,
                        max_gap: gap.max,
                        same_caregiver_allowed: true,
                    }
                }
                Some(other) => return Err(format!("patient {}: synchronisation {other:?}", p.id)),
            };
            let windows =
                p.time_windows.iter().map(|w| Window { start: w.start, end: w.end }).collect();
            Ok(Visit {
                windows,
                services,
                synchronisation,
                ..Visit::single(
                    p.distance_matrix_index,
                    Window::ALWAYS,
                    Service { skill: 0, duration: 0.0 },
                )
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    let third = 1.0 / 3.0;
    Ok(Problem {
        caregivers,
        visits,
        distance: instance.distances.clone(),
        travel_time: instance.distances.clone(),
        weights: Weights {
            unassigned: 1e6,
            caregiver_used: 0.0,
            distance: third,
            travel_time: 0.0,
            tardiness: third,
            max_tardiness: third,
            overtime: 0.0,
            continuity: 0.0,
            workload_balance: 0.0,
        },
    })
}

/// (objective, distance, total tardiness, max tardiness) of an answer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Score {
    pub objective: f64,
    pub distance: f64,
    pub total_tardiness: f64,
    pub max_tardiness: f64,
}

const TOLERANCE: f64 = 1e-6;

/// Checks an answer against the instance file itself (not the converted problem): every required
/// service once by a caregiver with the ability, window starts, travel between stops, the
/// synchronisation; then scores it.
pub fn check(instance: &Instance, rounds: &[Round]) -> Result<Score, String> {
    let d = &instance.distances;
    let mut starts: HashMap<(usize, usize), f64> = HashMap::new();
    let mut score =
        Score { objective: 0.0, distance: 0.0, total_tardiness: 0.0, max_tardiness: 0.0 };
    for round in rounds {
        let carer = instance.caregivers.get(round.caregiver).ok_or("unknown caregiver")?;
        let home = terminal(instance, &carer.departing_point)?;
        let (mut at, mut free) = (home, 0.0);
        for stop in &round.stops {
            let patient = instance.patients.get(stop.visit).ok_or("unknown patient")?;
            let required = patient.required_services.get(stop.service).ok_or("unknown service")?;
            if !carer.abilities.contains(&required.service) {
                return Err(format!(
                    "{} cannot do {} for {}",
                    carer.id, required.service, patient.id
                ));
            }
            let here = patient.distance_matrix_index;
            if stop.start + TOLERANCE < free + d[at][here] {
                return Err(format!("{} reaches {} after {:.3}", carer.id, patient.id, stop.start));
            }
            let window = patient.time_windows.first().ok_or("no window")?;
            if stop.start + TOLERANCE < window.start {
                return Err(format!("{} starts before its window", patient.id));
            }
            if starts.insert((stop.visit, stop.service), stop.start).is_some() {
                return Err(format!("{} service {} done twice", patient.id, stop.service));
            }
            let late = (stop.start - window.end).max(0.0);
            score.total_tardiness += late;
            score.max_tardiness = score.max_tardiness.max(late);
            score.distance += d[at][here];
            at = here;
            free = stop.start + required.duration;
        }
        if !round.stops.is_empty() {
            score.distance += d[at][terminal(instance, &carer.arrival_point)?];
        }
    }
    for (v, patient) in instance.patients.iter().enumerate() {
        for k in 0..patient.required_services.len() {
            if !starts.contains_key(&(v, k)) {
                return Err(format!("{} service {k} not done", patient.id));
            }
        }
        if let (Some(sync), Some(a), Some(b)) =
            (&patient.synchronization, starts.get(&(v, 0)), starts.get(&(v, 1)))
        {
            let gap = b - a;
            let (min, max) = match &sync.distance {
                Some(g) if sync.kind == "sequential" => (g.min, g.max),
                _ => (0.0, 0.0),
            };
            if gap + TOLERANCE < min || gap > max + TOLERANCE {
                return Err(format!("{}: gap {gap:.3} outside [{min}, {max}]", patient.id));
            }
        }
    }
    score.objective = (score.distance + score.total_tardiness + score.max_tardiness) / 3.0;
    Ok(score)
}

/// `instance → objective` from `bks.csv`.
pub fn best_known(text: &str) -> HashMap<String, f64> {
    text.lines()
        .skip(1)
        .filter_map(|line| {
            let mut fields = line.split(',');
            let name = fields.next()?.trim().to_string();
            Some((name, fields.next()?.trim().parse().ok()?))
        })
        .collect()
}
