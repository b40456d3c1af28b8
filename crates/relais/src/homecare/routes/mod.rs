//! Pages of the home-care feature.

mod patients;
mod planning;
mod proposals;

pub fn router() -> axum::Router<crate::state::AppState> {
    axum::Router::new()
        .merge(patients::router())
        .merge(planning::router())
        .merge(proposals::router())
}
