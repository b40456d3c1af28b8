//! Pages of the home-care feature.

mod board;
mod caregivers;
mod exceptions;
mod hours;
mod interop;
mod mine;
mod patients;
mod planning;
mod planning_view;
mod proposals;
mod round;
mod visit;

pub use patients::my_teams;

pub fn router(state: &crate::state::AppState) -> axum::Router<crate::state::AppState> {
    axum::Router::new()
        .merge(board::router())
        .merge(caregivers::router())
        .merge(exceptions::router())
        .merge(hours::router())
        .merge(interop::router(state))
        .merge(mine::router())
        .merge(patients::router())
        .merge(planning::router())
        .merge(visit::router())
        .merge(proposals::router())
        .merge(round::router(state))
}
