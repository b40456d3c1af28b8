//! The telework pages: mine (`/telework`), the team calendar, the charter, and human resources'
//! page of posts and agreements.

mod agreement;
mod calendar;
mod charter;
mod desks;
mod hr;
mod mine;
mod security;
mod team;
mod time;

use axum::Router;
use jiff::civil::Date;

use crate::error::AppError;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(agreement::router())
        .merge(mine::router())
        .merge(team::router())
        .merge(charter::router())
        .merge(hr::router())
        .merge(time::router())
        .merge(calendar::router())
        .merge(security::router())
        .merge(desks::router())
}

/// A calendar day from a form field.
fn date(field: &'static str, text: &str) -> Result<Date, AppError> {
    text.trim().parse().map_err(|_| AppError::Invalid { field, code: "date-invalid" })
}

/// An optional calendar day from a form field (empty: none).
fn optional_date(field: &'static str, text: &str) -> Result<Option<Date>, AppError> {
    if text.trim().is_empty() { Ok(None) } else { date(field, text).map(Some) }
}

/// The submenu shared by the telework pages.
pub struct Tabs {
    pub manages: bool,
    pub approves: bool,
    /// IT, or the DPO: the workstation security overview.
    pub oversees_security: bool,
}

impl Tabs {
    fn of(user: &crate::auth::CurrentUser) -> Self {
        use crate::org::Permission;
        Self {
            manages: user.can(Permission::ManageTelework),
            approves: user.can(Permission::ApproveTelework),
            oversees_security: user.can(Permission::HandleSecurity)
                || user.can(Permission::SeeAudit),
        }
    }
}
