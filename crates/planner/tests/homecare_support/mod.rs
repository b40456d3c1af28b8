//! Random home-care problems with every feature on, and a checker of the hard constraints written
//! independently of the solver.

use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use relais_planner::homecare::{
    Answer, Break, Caregiver, Problem, Service, Synchronisation, Visit, Weights, Window,
};

const TOLERANCE: f64 = 1e-6;

pub fn random_problem(seed: u64, visits: usize, caregivers: usize) -> Problem {
    let mut rng = SmallRng::seed_from_u64(seed);
    let places: Vec<(f64, f64)> =
        (0..=visits).map(|_| (rng.gen_range(0.0..40.0), rng.gen_range(0.0..40.0))).collect();
    let travel: Vec<Vec<f64>> = places
        .iter()
        .map(|a| places.iter().map(|b| (a.0 - b.0).hypot(a.1 - b.1)).collect())
        .collect();
    let distance = travel.iter().map(|row| row.iter().map(|t| t * 400.0).collect()).collect();
    let caregivers = (0..caregivers)
        .map(|c| {
            let mut skills = vec![c % 3];
            if rng.gen_bool(0.5) {
                skills.push((c + 1) % 3);
            }
            let start = rng.gen_range(0.0..60.0);
            Caregiver {
                shift: Window { start, end: start + rng.gen_range(300.0..480.0) },
                max_overtime: rng.gen_range(0.0..30.0),
                shift_break: rng.gen_bool(0.5).then_some(Break {
                    earliest: 200.0,
                    latest: 260.0,
                    duration: 30.0,
                }),
                max_working_time: rng.gen_range(360.0..600.0),
                travel_factor: if rng.gen_bool(0.3) { 1.5 } else { 1.0 },
                ..Caregiver::at_depot(skills)
            }
        })
        .collect::<Vec<_>>();
    let count = caregivers.len();
    let visits = (1..=visits)
        .map(|location| {
            let start = rng.gen_range(0.0..420.0);
            let service = |rng: &mut SmallRng| Service {
                skill: rng.gen_range(0..3),
                duration: rng.gen_range(10.0..45.0),
            };
            let mut visit = Visit::single(
                location,
                Window { start, end: start + rng.gen_range(0.0..120.0) },
                service(&mut rng),
            );
            if rng.gen_bool(0.3) {
                visit.windows.push(Window { start: start + 200.0, end: start + 260.0 });
            }
            visit.max_lateness = if rng.gen_bool(0.5) { 30.0 } else { f64::INFINITY };
            if rng.gen_bool(0.25) {
                visit.services.push(service(&mut rng));
                visit.synchronisation = if rng.gen_bool(0.5) {
                    Synchronisation::Simultaneous
                } else {
                    Synchronisation::Sequence {
                        min_gap: 20.0,
                        max_gap: 60.0,
                        same_caregiver_allowed: rng.gen_bool(0.5),
                    }
                };
            }
            if rng.gen_bool(0.3) {
                visit.preferred = vec![rng.gen_range(0..count)];
            }
            if rng.gen_bool(0.2) {
                visit.excluded = vec![rng.gen_range(0..count)];
            }
            visit.priority = rng.gen_range(1.0..3.0);
            visit
        })
        .collect();
    Problem { caregivers, visits, distance, travel_time: travel, weights: Weights::default() }
}

fn window_of(visit: &Visit, start: f64) -> Option<&Window> {
    visit
        .windows
        .iter()
        .find(|w| start + TOLERANCE >= w.start && start <= w.end + visit.max_lateness + TOLERANCE)
}

/// Checks the hard constraints; returns the recomputed total travel time and tardiness.
pub fn check(problem: &Problem, answer: &Answer) -> (f64, f64) {
    let mut done: Vec<Vec<Option<(usize, f64)>>> =
        problem.visits.iter().map(|v| vec![None; v.services.len()]).collect();
    let (mut travel_total, mut tardiness) = (0.0, 0.0);
    assert_eq!(answer.rounds.len(), problem.caregivers.len());
    for round in &answer.rounds {
        let c = round.caregiver;
        let caregiver = &problem.caregivers[c];
        let leg = |a: usize, b: usize| problem.travel_time[a][b] * caregiver.travel_factor;
        if round.stops.is_empty() {
            continue;
        }
        assert!(round.departure + TOLERANCE >= caregiver.shift.start, "caregiver {c} leaves early");
        let mut at = caregiver.start_location;
        let mut free = round.departure;
        let mut break_taken = false;
        for stop in &round.stops {
            let visit = &problem.visits[stop.visit];
            let service = visit.services[stop.service];
            assert!(caregiver.skills.contains(&service.skill), "caregiver {c} lacks the skill");
            assert!(!visit.excluded.contains(&c), "caregiver {c} is excluded");
            if !visit.locked.is_empty() {
                assert_eq!(visit.locked[stop.service], c, "lock broken");
            }
            if let (Some(b), Some(taken)) = (caregiver.shift_break, round.break_start)
                && !break_taken
                && taken < stop.start
            {
                assert!(taken + TOLERANCE >= free, "break overlaps a visit");
                free = taken + b.duration;
                break_taken = true;
            }
            travel_total += leg(at, visit.location);
            assert!(
                stop.start + TOLERANCE >= free + leg(at, visit.location),
                "caregiver {c} cannot reach visit {} by {}",
                stop.visit,
                stop.start
            );
            let window = window_of(visit, stop.start)
                .unwrap_or_else(|| panic!("visit {} outside its windows", stop.visit));
            tardiness += (stop.start - window.end).max(0.0);
            assert!((stop.end - stop.start - service.duration).abs() < TOLERANCE);
            assert!(done[stop.visit][stop.service].is_none(), "service done twice");
            done[stop.visit][stop.service] = Some((c, stop.start));
            free = stop.end;
            at = visit.location;
        }
        if let (Some(b), Some(taken)) = (caregiver.shift_break, round.break_start)
            && !break_taken
        {
            assert!(taken + TOLERANCE >= free, "break overlaps a visit");
            free = taken + b.duration;
            break_taken = true;
        }
        travel_total += leg(at, caregiver.end_location);
        let back = free + leg(at, caregiver.end_location);
        assert!(round.return_time + TOLERANCE >= back, "return time too early");
        assert!(
            round.return_time <= caregiver.shift.end + caregiver.max_overtime + TOLERANCE,
            "caregiver {c} back after the overtime limit"
        );
        assert!(
            round.return_time - round.departure <= caregiver.max_working_time + TOLERANCE,
            "caregiver {c} works too long"
        );
        if let Some(b) = caregiver.shift_break {
            if round.return_time > b.earliest + TOLERANCE {
                assert!(break_taken, "caregiver {c} works past {} without a break", b.earliest);
            }
            if let Some(taken) = round.break_start {
                assert!(taken + TOLERANCE >= b.earliest && taken <= b.latest + TOLERANCE);
            }
        }
    }
    let unassigned: Vec<usize> = answer.unassigned.iter().map(|(v, _)| *v).collect();
    for (v, visit) in problem.visits.iter().enumerate() {
        let services = &done[v];
        if unassigned.contains(&v) {
            assert!(services.iter().all(Option::is_none), "visit {v} half planned");
            continue;
        }
        assert!(services.iter().all(Option::is_some), "visit {v} neither planned nor reported");
        if let [Some((ca, sa)), Some((cb, sb))] = services[..] {
            match visit.synchronisation {
                Synchronisation::Simultaneous => {
                    assert!((sa - sb).abs() < TOLERANCE, "visit {v} not simultaneous");
                    assert_ne!(ca, cb);
                }
                Synchronisation::Sequence { min_gap, max_gap, same_caregiver_allowed } => {
                    assert!(sb - sa + TOLERANCE >= min_gap && sb - sa <= max_gap + TOLERANCE);
                    assert!(same_caregiver_allowed || ca != cb, "visit {v}: same caregiver");
                }
            }
        }
    }
    (travel_total, tardiness)
}
