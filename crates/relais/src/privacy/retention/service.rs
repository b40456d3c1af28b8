//! The DPO's page of retention: each class with its bounds and the days in force; changing them
//! asks the password again (shortening deletes data at the next run) and is audited.

use std::collections::HashMap;

use super::classes::{DataClass, classes};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::org::Permission;
use crate::privacy::actions::{Action, audit};
use crate::privacy::store::retention as store;
use crate::state::AppState;
use crate::web::Client;

/// A class as the page shows it.
pub struct Line {
    pub class: &'static DataClass,
    pub days: i64,
    /// Set by the organisation (else the default or a fixed duration).
    pub chosen: bool,
}

/// Every class with the days in force for the organisation.
pub async fn lines(state: &AppState, org_id: &str) -> AppResult<Vec<Line>> {
    let rules = store::rules_of_org(state.db.reader(), org_id).await?;
    Ok(classes()
        .iter()
        .map(|class| {
            let rule = rules.iter().find(|(key, _)| key == class.key).map(|(_, days)| *days);
            let chosen = rule.is_some() && class.bounds().is_some();
            Line { class, days: class.days(state, rule), chosen }
        })
        .collect())
}

pub async fn page_lines(state: &AppState, dpo: &CurrentUser) -> AppResult<Vec<Line>> {
    dpo.require(Permission::HandlePrivacy)?;
    lines(state, &dpo.org_id).await
}

/// Saves the days typed for each class the organisation sets (`fields`: class key → days).
pub async fn save(
    state: &AppState,
    dpo: &CurrentUser,
    client: &Client,
    fields: &HashMap<String, String>,
    password: &str,
) -> AppResult<()> {
    dpo.require(Permission::HandlePrivacy)?;
    let mut chosen = Vec::new();
    for class in classes().iter().filter(|class| class.bounds().is_some()) {
        let Some(typed) = fields.get(class.key) else { continue };
        let days = typed
            .trim()
            .parse::<i64>()
            .map_err(|_| AppError::Invalid { field: class.key, code: "retention-days-invalid" })?;
        chosen.push((class.key, class.check(days)?));
    }
    if password.len() > 1024
        || !crate::auth::service::confirm_password(state, client, &dpo.user_id, password).await?
    {
        return Err(AppError::Invalid { field: "password", code: "password-current-wrong" });
    }
    let now = state.clock.now_ms();
    let before = store::rules_of_org(state.db.reader(), &dpo.org_id).await?;
    let mut tx = state.db.begin().await?;
    for (key, days) in chosen {
        if before.iter().any(|(k, d)| k == key && *d == days) {
            continue;
        }
        store::set_rule(&mut tx, &dpo.org_id, key, days, &dpo.user_id, now).await?;
        let reason = format!("{key}={days}");
        audit(
            &mut tx,
            state,
            dpo,
            Action::RetentionChanged,
            ("retention_rule", key),
            Some(&reason),
        )
        .await?;
    }
    crate::audit::trail::finish(tx, state).await?;
    Ok(())
}
