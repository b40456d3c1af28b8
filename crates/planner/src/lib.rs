//! The round optimiser: a pure library (no I/O, no async), deterministic for a seed and an
//! iteration budget, bounded by a time limit and a cancel flag, reporting the best cost over time.
//!
//! This first version solves the vehicle routing problem with time windows (VRPTW) with
//! slack-inducing string removals and greedy recreation under simulated annealing, plus route
//! elimination for the fleet. The home-care model (skills, shifts, two-caregiver visits,
//! continuity) builds on it; see `docs/planner.md`.

pub mod instance;
pub mod route;
pub mod solver;

pub use instance::{Instance, InstanceError, Node};
pub use solver::{Progress, Settings, Solution, solve};
pub mod homecare;
