#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Every home-care answer is checked against the hard constraints by a checker written here,
//! independently of the solver, on random instances with every feature switched on.

use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use relais_planner::Settings;
use relais_planner::homecare::{
    Answer, Caregiver, Problem, ProblemError, Reason, Service, Stop, Synchronisation, Visit,
    Weights, Window, solve,
};

mod homecare_support;

use homecare_support::{check, random_problem};

type Spoiler<T> = Box<dyn Fn(&mut T)>;

fn quick(iterations: u64, seed: u64) -> Settings {
    Settings { time_limit: Duration::from_secs(30), max_iterations: iterations, seed, cancel: None }
}

#[test]
fn every_answer_on_random_instances_meets_the_hard_constraints() {
    for seed in 0..30 {
        let problem = random_problem(seed, 12 + (seed as usize % 4) * 8, 3 + seed as usize % 4);
        let answer = solve(&problem, &quick(300, seed), |_| {}).unwrap();
        let (travel, tardiness) = check(&problem, &answer);
        assert!((travel - answer.cost.travel_time).abs() < 1e-6, "seed {seed}: travel");
        assert!((tardiness - answer.cost.total_tardiness).abs() < 1e-6, "seed {seed}: lateness");
        assert!(answer.unassigned.len() < problem.visits.len(), "seed {seed}: nothing planned");
    }
}

#[test]
fn the_search_improves_on_the_first_plan_and_reports_progress() {
    let problem = random_problem(7, 30, 5);
    let mut reports = Vec::new();
    let answer = solve(&problem, &quick(2000, 1), |p| reports.push(p)).unwrap();
    assert!(reports.len() >= 2, "no improvement reported");
    assert!(reports.windows(2).all(|w| w[1].cost < w[0].cost));
    assert!((reports.last().unwrap().cost - answer.cost.total).abs() < 1e-9);
}

#[test]
fn the_same_seed_and_budget_give_the_same_answer() {
    let problem = random_problem(3, 25, 4);
    let first = solve(&problem, &quick(200, 9), |_| {}).unwrap();
    let second = solve(&problem, &quick(200, 9), |_| {}).unwrap();
    assert_eq!(first, second);
}

fn line_problem() -> Problem {
    // Three places on a line, ten minutes apart; two caregivers with skill 0, one with skill 1.
    let travel = vec![vec![0.0, 10.0, 20.0], vec![10.0, 0.0, 10.0], vec![20.0, 10.0, 0.0]];
    Problem {
        caregivers: vec![
            Caregiver::at_depot(vec![0]),
            Caregiver::at_depot(vec![0]),
            Caregiver::at_depot(vec![1]),
        ],
        visits: vec![Visit::single(
            1,
            Window { start: 60.0, end: 90.0 },
            Service { skill: 0, duration: 30.0 },
        )],
        distance: travel.clone(),
        travel_time: travel,
        weights: Weights::default(),
    }
}

#[test]
fn visits_that_cannot_be_planned_are_reported_with_the_reason() {
    let mut problem = line_problem();
    let base = problem.visits[0].clone();
    let mut empty = base.clone();
    empty.windows = vec![Window { start: 100.0, end: 50.0 }];
    empty.max_lateness = 0.0;
    let mut unknown_skill = base.clone();
    unknown_skill.services[0].skill = 5;
    let mut one_qualified = base.clone();
    one_qualified.services = vec![Service { skill: 1, duration: 20.0 }; 2];
    let mut too_late = base.clone();
    too_late.windows = vec![Window { start: 2000.0, end: 2010.0 }];
    for c in &mut problem.caregivers {
        c.shift = Window { start: 0.0, end: 600.0 };
    }
    problem.visits = vec![base, empty, unknown_skill, one_qualified, too_late];
    let answer = solve(&problem, &quick(50, 1), |_| {}).unwrap();
    check(&problem, &answer);
    assert_eq!(
        answer.unassigned,
        vec![
            (1, Reason::EmptyWindow),
            (2, Reason::NoQualifiedCaregiver { service: 0 }),
            (3, Reason::NeedsTwoCaregivers),
            (4, Reason::NoCaregiverInTime { service: 0 }),
        ]
    );
    assert_eq!(answer.cost.unassigned_visits, 4);
}

#[test]
fn a_two_caregiver_visit_starts_together_and_a_sequence_keeps_its_gap() {
    let mut problem = line_problem();
    let mut together = problem.visits[0].clone();
    together.services = vec![Service { skill: 0, duration: 30.0 }; 2];
    let mut sequence = together.clone();
    sequence.location = 2;
    sequence.services[1].skill = 1;
    sequence.synchronisation =
        Synchronisation::Sequence { min_gap: 40.0, max_gap: 50.0, same_caregiver_allowed: false };
    problem.visits = vec![together, sequence];
    let answer = solve(&problem, &quick(200, 1), |_| {}).unwrap();
    check(&problem, &answer);
    assert!(answer.unassigned.is_empty(), "{:?}", answer.unassigned);
}

#[test]
fn locked_visits_stay_with_their_caregiver_when_the_rest_is_planned_again() {
    let mut problem = random_problem(11, 20, 4);
    let first = solve(&problem, &quick(300, 1), |_| {}).unwrap();
    // Caregiver 0 falls sick: lock everyone else's first two visits, re-plan without caregiver 0.
    for round in first.rounds.iter().filter(|r| r.caregiver != 0) {
        for stop in round.stops.iter().take(2) {
            let visit = &mut problem.visits[stop.visit];
            if visit.services.len() == 1 {
                visit.locked = vec![round.caregiver];
            }
        }
    }
    problem.caregivers[0].shift = Window { start: 0.0, end: 0.0 };
    let again = solve(&problem, &quick(300, 2), |_| {}).unwrap();
    check(&problem, &again);
    assert!(again.rounds[0].stops.is_empty(), "the sick caregiver still has visits");
    for (v, visit) in problem.visits.iter().enumerate() {
        if let [locked] = visit.locked[..] {
            assert!(again.rounds[locked].stops.iter().any(|s| s.visit == v), "visit {v} moved");
        }
    }
}

#[test]
fn continuity_weighs_on_the_choice_of_caregiver() {
    let mut problem = line_problem();
    problem.visits[0].preferred = vec![1];
    let answer = solve(&problem, &quick(50, 1), |_| {}).unwrap();
    assert_eq!(answer.rounds[1].stops.len(), 1);
    assert_eq!(answer.cost.lost_continuity, 0);
    problem.visits[0].excluded = vec![1];
    problem.visits[0].preferred = vec![];
    let answer = solve(&problem, &quick(50, 1), |_| {}).unwrap();
    assert!(answer.rounds[1].stops.is_empty());
}

#[test]
fn the_cancel_flag_and_empty_inputs_end_at_once() {
    let problem = random_problem(5, 40, 5);
    let cancel = Arc::new(AtomicBool::new(true));
    let settings = Settings { cancel: Some(cancel), ..quick(u64::MAX, 1) };
    let answer = solve(&problem, &settings, |_| {}).unwrap();
    assert_eq!(answer.iterations, 0);
    check(&problem, &answer);
    let empty = Problem { visits: vec![], ..line_problem() };
    let answer = solve(&empty, &quick(100, 1), |_| {}).unwrap();
    assert_eq!(answer.cost.total, 0.0);
    assert!(answer.rounds.iter().all(|r| r.stops.is_empty()));
}

#[test]
fn malformed_problems_are_refused_before_any_search() {
    let cases: Vec<(Spoiler<Problem>, &str)> = vec![
        (Box::new(|p| p.travel_time[0][1] = f64::NAN), "invalid entry"),
        (Box::new(|p| p.distance[1][2] = -1.0), "invalid entry"),
        (Box::new(|p| p.distance.pop().map(|_| ()).unwrap_or(())), "not square"),
        (Box::new(|p| p.visits[0].services.clear()), "one or two services"),
        (Box::new(|p| p.visits[0].windows.clear()), "no time window"),
        (Box::new(|p| p.visits[0].location = 9), "location outside"),
        (Box::new(|p| p.visits[0].locked = vec![0, 1]), "one caregiver per service"),
        (Box::new(|p| p.visits[0].preferred = vec![7]), "unknown caregiver"),
        (Box::new(|p| p.visits[0].priority = 0.5), "priority"),
        (Box::new(|p| p.caregivers[0].skills = vec![64]), "skill number"),
        (Box::new(|p| p.caregivers[1].shift = Window { start: 10.0, end: 5.0 }), "shift"),
        (Box::new(|p| p.weights.tardiness = -1.0), "weight tardiness"),
    ];
    for (spoil, expected) in cases {
        let mut problem = line_problem();
        spoil(&mut problem);
        let error: ProblemError = solve(&problem, &quick(10, 1), |_| {}).unwrap_err();
        assert!(error.to_string().contains(expected), "{error} (expected {expected})");
    }
}

#[test]
fn the_checker_catches_broken_answers() {
    let problem = random_problem(2, 20, 4);
    let answer = solve(&problem, &quick(100, 1), |_| {}).unwrap();
    let round = answer.rounds.iter().position(|r| !r.stops.is_empty()).unwrap();
    let spoilers: Vec<Spoiler<Answer>> = vec![
        Box::new(move |a| a.rounds[round].stops[0].start -= 500.0),
        Box::new(move |a| a.rounds[round].return_time += 10_000.0),
        Box::new(move |a| {
            let stop = a.rounds[round].stops.remove(0);
            a.rounds[round].stops.push(Stop { start: stop.start, ..stop });
        }),
        Box::new(move |a| {
            let stop = a.rounds[round].stops[0];
            a.rounds[round].stops.push(Stop {
                start: 1e9,
                end: 1e9 + stop.end - stop.start,
                ..stop
            });
        }),
        Box::new(move |a| a.unassigned.clear()),
    ];
    for (index, spoil) in spoilers.iter().enumerate() {
        let mut broken = answer.clone();
        spoil(&mut broken);
        if broken == answer {
            continue;
        }
        let caught = std::panic::catch_unwind(|| check(&problem, &broken)).is_err();
        assert!(caught || (index == 4 && answer.unassigned.is_empty()), "spoiler {index} missed");
    }
}
