#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Every solution is checked by an independent checker written here, on many random instances.

use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use relais_planner::{Instance, InstanceError, Node, Settings, Solution, solve};

fn random_instance(seed: u64, customers: usize) -> Instance {
    let mut rng = SmallRng::seed_from_u64(seed);
    let horizon = 1000.0;
    let mut points = vec![(50.0, 50.0)];
    let mut nodes = vec![Node { demand: 0.0, ready: 0.0, due: horizon, service: 0.0 }];
    for _ in 0..customers {
        points.push((rng.gen_range(0.0..100.0), rng.gen_range(0.0..100.0)));
        let ready = rng.gen_range(0.0..800.0);
        let width = rng.gen_range(10.0..200.0);
        nodes.push(Node {
            demand: rng.gen_range(1.0..30.0),
            ready,
            due: ready + width,
            service: rng.gen_range(5.0..20.0),
        });
    }
    Instance::euclidean(&points, nodes, 100.0, customers).unwrap()
}

/// Independent of the solver: each customer at most once, windows, capacity, return to depot.
fn check(instance: &Instance, solution: &Solution) {
    let mut seen = vec![false; instance.len()];
    for (route_index, route) in solution.routes.iter().enumerate() {
        assert!(!route.is_empty(), "route {route_index} is empty");
        let (mut time, mut load, mut at) = (instance.nodes[0].ready, 0.0, 0);
        for &customer in route.iter().chain(std::iter::once(&0)) {
            if customer != 0 {
                assert!(!seen[customer], "customer {customer} visited twice");
                seen[customer] = true;
                load += instance.nodes[customer].demand;
            }
            time = (time + instance.nodes[at].service + instance.distance(at, customer))
                .max(instance.nodes[customer].ready);
            assert!(
                time <= instance.nodes[customer].due + 1e-6,
                "customer {customer} late in route {route_index}"
            );
            at = customer;
        }
        assert!(load <= instance.capacity + 1e-6, "route {route_index} over capacity");
    }
    for (customer, _) in &solution.unassigned {
        assert!(!seen[*customer], "customer {customer} both planned and unassigned");
        seen[*customer] = true;
    }
    assert!(seen[1..].iter().all(|s| *s), "every customer is planned or reported");
    assert!(solution.routes.len() <= instance.vehicles);
}

fn budget(seed: u64, iterations: u64) -> Settings {
    Settings { time_limit: Duration::from_secs(60), max_iterations: iterations, seed, cancel: None }
}

#[test]
fn every_solution_on_random_instances_is_feasible() {
    for seed in 0..40 {
        let instance = random_instance(seed, 5 + (seed as usize % 40));
        let solution = solve(&instance, &budget(seed, 300), |_| {});
        check(&instance, &solution);
    }
}

#[test]
fn the_same_seed_and_budget_give_the_same_solution() {
    let instance = random_instance(7, 40);
    let first = solve(&instance, &budget(3, 500), |_| {});
    let second = solve(&instance, &budget(3, 500), |_| {});
    assert_eq!(first, second);
}

#[test]
fn the_search_improves_and_reports_progress() {
    let instance = random_instance(11, 50);
    let mut reports = Vec::new();
    let solution = solve(&instance, &budget(1, 3000), |p| reports.push(*p));
    check(&instance, &solution);
    assert!(reports.len() >= 2, "progress reported when the best improves");
    let (first, last) = (reports[0], reports[reports.len() - 1]);
    assert!((last.vehicles, last.distance) < (first.vehicles, first.distance));
}

#[test]
fn a_cancel_flag_stops_the_search_at_once() {
    let instance = random_instance(5, 60);
    let cancel = Arc::new(AtomicBool::new(true));
    let settings = Settings {
        time_limit: Duration::from_secs(3600),
        cancel: Some(cancel),
        ..Settings::default()
    };
    let started = std::time::Instant::now();
    let solution = solve(&instance, &settings, |_| {});
    assert!(started.elapsed() < Duration::from_secs(5));
    check(&instance, &solution);
}

#[test]
fn impossible_customers_are_reported_with_a_reason_not_searched_for_ever() {
    let points = [(0.0, 0.0), (10.0, 0.0), (500.0, 0.0), (1.0, 1.0)];
    let nodes = vec![
        Node { demand: 0.0, ready: 0.0, due: 100.0, service: 0.0 },
        Node { demand: 5.0, ready: 0.0, due: 50.0, service: 5.0 },
        Node { demand: 5.0, ready: 0.0, due: 1000.0, service: 5.0 },
        Node { demand: 500.0, ready: 0.0, due: 50.0, service: 5.0 },
    ];
    let instance = Instance::euclidean(&points, nodes, 100.0, 3).unwrap();
    let solution = solve(&instance, &budget(1, 100), |_| {});
    check(&instance, &solution);
    let reasons: Vec<_> = solution.unassigned.iter().map(|(c, _)| *c).collect();
    assert_eq!(reasons, vec![2, 3]);
    assert_eq!(solution.routes, vec![vec![1]]);
}

#[test]
fn malformed_instances_are_refused_at_the_boundary() {
    let node = Node { demand: 1.0, ready: 0.0, due: 10.0, service: 1.0 };
    assert_eq!(
        Instance::new(vec![node.clone()], 10.0, 1, vec![0.0]).unwrap_err(),
        InstanceError::Empty
    );
    let two = vec![node.clone(), node.clone()];
    assert!(matches!(
        Instance::new(two.clone(), 10.0, 1, vec![0.0; 3]),
        Err(InstanceError::MatrixSize { .. })
    ));
    assert!(matches!(
        Instance::new(two.clone(), 10.0, 1, vec![0.0, f64::NAN, 1.0, 0.0]),
        Err(InstanceError::BadDistance { .. })
    ));
    assert!(matches!(
        Instance::new(two.clone(), 10.0, 1, vec![0.0, -1.0, 1.0, 0.0]),
        Err(InstanceError::BadDistance { .. })
    ));
    let reversed = vec![node.clone(), Node { ready: 10.0, due: 5.0, ..node.clone() }];
    assert!(matches!(
        Instance::new(reversed, 10.0, 1, vec![0.0; 4]),
        Err(InstanceError::BadNode { .. })
    ));
    assert!(Instance::new(two, 0.0, 1, vec![0.0; 4]).is_err());
}

/// Twelve loads of 95 split at random into three customers each, with open windows: the capacity
/// bound (12 vehicles of 100) is reachable only by packing closely, and fleet minimisation, which
/// keeps repairing a plan one route short instead of stopping at its first try, reaches it.
#[test]
fn fleet_minimisation_reaches_the_capacity_bound_when_it_is_reachable() {
    for seed in 0..3 {
        let mut rng = SmallRng::seed_from_u64(seed);
        let mut points = vec![(50.0, 50.0)];
        let mut nodes = vec![Node { demand: 0.0, ready: 0.0, due: 100_000.0, service: 0.0 }];
        for _ in 0..12 {
            let first = rng.gen_range(10..60);
            let second = rng.gen_range(10..(85 - first));
            for demand in [first, second, 95 - first - second] {
                points.push((rng.gen_range(0.0..100.0), rng.gen_range(0.0..100.0)));
                nodes.push(Node {
                    demand: demand as f64,
                    ready: 0.0,
                    due: 100_000.0,
                    service: 1.0,
                });
            }
        }
        let instance = Instance::euclidean(&points, nodes, 100.0, 36).unwrap();
        let solution = solve(&instance, &budget(seed, 20_000), |_| {});
        check(&instance, &solution);
        assert_eq!(solution.routes.len(), 12, "seed {seed}");
    }
}
