//! Data protection's pages: the person's own (`/account/privacy`) and the DPO's
//! (`/admin/privacy/…`).

mod dpo;
mod mine;
mod records;

use axum::Router;

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().merge(mine::router()).merge(dpo::router()).merge(records::router())
}
