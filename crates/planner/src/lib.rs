//! The round optimiser: a pure library (no I/O, no async), deterministic for a seed and an
//! iteration budget, bounded by a time limit and a cancel flag, reporting the best cost over time.
//!
//! Two solvers share the settings: `solve` for the vehicle routing problem with time windows
//! (VRPTW; fleet minimisation, then slack-inducing string removals and greedy recreation under
//! simulated annealing), and `homecare::solve` for caregivers' days (skills, shifts, breaks,
//! two-caregiver visits, continuity, locks). `travel` builds matrices from coordinates. See
//! `docs/planner.md`.

pub mod homecare;
pub mod instance;
mod local_search;
pub mod route;
mod ruin_recreate;
pub mod solver;
mod state;
pub mod travel;

pub use instance::{Instance, InstanceError, Node};
pub use solver::{Progress, Settings, Solution, solve};
