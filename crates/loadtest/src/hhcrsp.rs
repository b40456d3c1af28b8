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
    /// Sequential two-service patients served twice by the same caregiver (allowed by the
    /// benchmark's rules; reported so the figure can be read with it in mind).
    pub same_caregiver_pairs: usize,
}

const TOLERANCE: f64 = 1e-6;

/// An answer in the format of the published solutions: per caregiver, the services it does in
/// order with their start (`arrival_time`, as there) and end.
pub fn write_solution(instance: &Instance, rounds: &[Round]) -> String {
    let routes: Vec<serde_json::Value> = rounds
        .iter()
        .filter_map(|round| {
            let carer = instance.caregivers.get(round.caregiver)?;
            let locations: Vec<serde_json::Value> = round
                .stops
                .iter()
                .filter_map(|stop| {
                    let patient = instance.patients.get(stop.visit)?;
                    let required = patient.required_services.get(stop.service)?;
                    Some(serde_json::json!({
                        "patient": patient.id,
                        "service": required.service,
                        "arrival_time": stop.start,
                        "departure_time": stop.start + required.duration,
                    }))
                })
                .collect();
            Some(serde_json::json!({ "caregiver_id": carer.id, "locations": locations }))
        })
        .collect();
    serde_json::json!({ "routes": routes }).to_string()
}

/// Checks an answer against the instance file itself (not the converted problem): every required
/// service once by a caregiver with the ability, window starts, travel between stops, the
/// synchronisation; then scores it.
pub fn check(instance: &Instance, rounds: &[Round]) -> Result<Score, String> {
    let d = &instance.distances;
    let mut starts: HashMap<(usize, usize), f64> = HashMap::new();
    let mut by: HashMap<(usize, usize), usize> = HashMap::new();
    let mut score = Score {
        objective: 0.0,
        distance: 0.0,
        total_tardiness: 0.0,
        max_tardiness: 0.0,
        same_caregiver_pairs: 0,
    };
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
            by.insert((stop.visit, stop.service), round.caregiver);
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
            if by.get(&(v, 0)) == by.get(&(v, 1)) {
                score.same_caregiver_pairs += 1;
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

#[cfg(test)]
mod tests {
    use super::*;
    use relais_planner::homecare::Stop;

    const SMALL: &str = r#"{
  "distances": [[0, 3, 4], [3, 0, 5], [4, 5, 0]],
  "terminal_points": [{"id": "d", "distance_matrix_index": 0}],
  "caregivers": [
    {"id": "c1", "abilities": ["s1"], "departing_point": "d", "arrival_point": "d"},
    {"id": "c2", "abilities": ["s1", "s2"], "departing_point": "d", "arrival_point": "d"}
  ],
  "patients": [
    {"id": "p1", "distance_matrix_index": 1,
     "required_services": [{"service": "s1", "duration": 10}],
     "time_windows": [{"start": 5, "end": 20}]},
    {"id": "p2", "distance_matrix_index": 2,
     "required_services": [{"service": "s1", "duration": 10}, {"service": "s2", "duration": 10}],
     "time_windows": [{"start": 0, "end": 10}],
     "synchronization": {"type": "simultaneous"}}
  ]
}"#;

    fn round(caregiver: usize, stops: &[(usize, usize, f64)]) -> Round {
        Round {
            caregiver,
            stops: stops
                .iter()
                .map(|&(visit, service, start)| Stop { visit, service, start, end: start + 10.0 })
                .collect(),
            departure: 0.0,
            return_time: 0.0,
            break_start: None,
        }
    }

    #[test]
    fn a_small_instance_converts_and_a_good_answer_scores() {
        let instance = parse(SMALL).expect("valid");
        let problem = to_problem(&instance).expect("converts");
        assert_eq!(problem.visits[1].services.len(), 2);
        let answer = [round(0, &[(1, 0, 4.0), (0, 0, 19.0)]), round(1, &[(1, 1, 4.0)])];
        let score = check(&instance, &answer).expect("feasible");
        // c1: 0→2 (4) →1 (5) →0 (3); c2: 0→2→0 (8). No lateness.
        assert!((score.distance - 20.0).abs() < 1e-9);
        assert!((score.objective - 20.0 / 3.0).abs() < 1e-9);
        let written: serde_json::Value =
            serde_json::from_str(&write_solution(&instance, &answer)).expect("JSON");
        assert_eq!(written["routes"][0]["caregiver_id"], "c1");
        assert_eq!(written["routes"][0]["locations"][1]["patient"], "p1");
        assert_eq!(written["routes"][1]["locations"][0]["service"], "s2");
        assert_eq!(written["routes"][1]["locations"][0]["departure_time"], 14.0);
    }

    #[test]
    fn broken_answers_are_caught() {
        let instance = parse(SMALL).expect("valid");
        let not_together = [round(0, &[(1, 0, 4.0), (0, 0, 19.0)]), round(1, &[(1, 1, 6.0)])];
        assert!(check(&instance, &not_together).unwrap_err().contains("gap"));
        let unskilled = [round(0, &[(1, 1, 4.0), (0, 0, 19.0)]), round(1, &[(1, 0, 4.0)])];
        assert!(check(&instance, &unskilled).unwrap_err().contains("cannot do"));
        let too_fast = [round(0, &[(1, 0, 4.0), (0, 0, 15.0)]), round(1, &[(1, 1, 4.0)])];
        assert!(check(&instance, &too_fast).unwrap_err().contains("reaches"));
        let missing = [round(0, &[(0, 0, 5.0)])];
        assert!(check(&instance, &missing).unwrap_err().contains("not done"));
    }

    #[test]
    fn malformed_files_name_the_line() {
        let broken = SMALL.replace(
            r#""duration": 10}],
     "time_windows": [{"start": 5"#,
            r#""duration": "ten"}],
     "time_windows": [{"start": 5"#,
        );
        let error = parse(&broken).unwrap_err();
        assert!(error.starts_with("line 10 column"), "{error}");
        assert!(parse("").unwrap_err().starts_with("line 1"));
        let ragged = SMALL.replace("[4, 5, 0]", "[4, 5]");
        assert!(parse(&ragged).unwrap_err().contains("not square"));
        let unknown_terminal = SMALL.replace(
            r#""arrival_point": "d"}
  ]"#,
            r#""arrival_point": "x"}
  ]"#,
        );
        let instance = parse(&unknown_terminal).expect("parses");
        assert!(to_problem(&instance).unwrap_err().contains("unknown terminal"));
    }
}
