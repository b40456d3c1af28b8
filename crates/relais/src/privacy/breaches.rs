//! The data-breach register (GDPR art. 33 §5): every breach is recorded, notified to the CNIL
//! within 72 hours of its discovery or the reason why not written down. Kept by the DPO; the
//! description is sealed.

use serde::Deserialize;

use super::actions::{Action, audit};
use super::model::{Breach, BreachId, BreachNature};
use super::store::breaches::{self as store, BreachFields};
use crate::auth::CurrentUser;
use crate::crypto::Place;
use crate::error::{AppError, AppResult};
use crate::org::Permission;
use crate::state::AppState;

/// The form as sent; times are `datetime-local` values in the organisation's zone.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct BreachForm {
    pub title: String,
    pub nature: String,
    pub description: String,
    pub occurred_at: String,
    pub discovered_at: String,
    pub people_affected: String,
    pub data_categories: String,
    pub notified_at: String,
    pub not_notified_reason: String,
    pub people_informed_at: String,
}

fn place(id: &BreachId) -> Place<'_> {
    Place { table: "privacy_breaches", column: "description_enc", row_id: id.as_str() }
}

fn invalid(field: &'static str, code: &'static str) -> AppError {
    AppError::Invalid { field, code }
}

/// A `datetime-local` value (`2026-12-03T14:30`) in `zone`, as ms; empty is none.
pub fn local_time(
    text: &str,
    zone: &jiff::tz::TimeZone,
    field: &'static str,
) -> AppResult<Option<i64>> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let civil: jiff::civil::DateTime =
        text.parse().map_err(|_| invalid(field, "privacy-time-invalid"))?;
    let zoned = civil.to_zoned(zone.clone()).map_err(|_| invalid(field, "privacy-time-invalid"))?;
    Ok(Some(zoned.timestamp().as_millisecond()))
}

/// The value a `datetime-local` field shows for `at`.
pub fn local_value(at: Option<i64>, zone: &jiff::tz::TimeZone) -> String {
    at.and_then(|at| jiff::Timestamp::from_millisecond(at).ok())
        .map(|at| at.to_zoned(zone.clone()).datetime().strftime("%Y-%m-%dT%H:%M").to_string())
        .unwrap_or_default()
}

fn bounded(text: &str, field: &'static str, min: usize, max: usize) -> AppResult<String> {
    let text = text.trim();
    let length = text.chars().count();
    if length < min || length > max {
        return Err(invalid(field, "privacy-text-invalid"));
    }
    Ok(text.to_string())
}

struct Checked {
    title: String,
    nature: BreachNature,
    description: String,
    occurred_at: Option<i64>,
    discovered_at: i64,
    people_affected: Option<i64>,
    data_categories: String,
    notified_at: Option<i64>,
    not_notified_reason: Option<String>,
    people_informed_at: Option<i64>,
}

fn check(form: &BreachForm, zone: &jiff::tz::TimeZone, now: i64) -> AppResult<Checked> {
    let title = bounded(&form.title, "title", 1, 200)?;
    let nature =
        BreachNature::parse(&form.nature).ok_or(invalid("nature", "privacy-nature-unknown"))?;
    let description = bounded(&form.description, "description", 1, 10_000)?;
    let discovered_at = local_time(&form.discovered_at, zone, "discovered_at")?
        .ok_or(invalid("discovered_at", "privacy-time-invalid"))?;
    if discovered_at > now {
        return Err(invalid("discovered_at", "privacy-time-future"));
    }
    let occurred_at = local_time(&form.occurred_at, zone, "occurred_at")?;
    if occurred_at.is_some_and(|at| at > discovered_at) {
        return Err(invalid("occurred_at", "privacy-occurred-after-discovery"));
    }
    let people = form.people_affected.trim();
    let people_affected = if people.is_empty() {
        None
    } else {
        Some(
            people
                .parse::<i64>()
                .ok()
                .filter(|n| (0..=100_000_000).contains(n))
                .ok_or(invalid("people_affected", "privacy-count-invalid"))?,
        )
    };
    let data_categories = bounded(&form.data_categories, "data_categories", 0, 500)?;
    let notified_at = local_time(&form.notified_at, zone, "notified_at")?;
    if notified_at.is_some_and(|at| at < discovered_at || at > now) {
        return Err(invalid("notified_at", "privacy-notified-time-invalid"));
    }
    let reason = bounded(&form.not_notified_reason, "not_notified_reason", 0, 2000)?;
    let not_notified_reason = (!reason.is_empty()).then_some(reason);
    if notified_at.is_some() && not_notified_reason.is_some() {
        return Err(invalid("not_notified_reason", "privacy-notified-and-reason"));
    }
    let people_informed_at = local_time(&form.people_informed_at, zone, "people_informed_at")?;
    Ok(Checked {
        title,
        nature,
        description,
        occurred_at,
        discovered_at,
        people_affected,
        data_categories,
        notified_at,
        not_notified_reason,
        people_informed_at,
    })
}

/// Records a new breach (`id` none) or changes one; returns its id.
pub async fn save(
    state: &AppState,
    dpo: &CurrentUser,
    id: Option<&BreachId>,
    form: &BreachForm,
) -> AppResult<BreachId> {
    dpo.require(Permission::HandlePrivacy)?;
    let zone = crate::org::service::zone(state, &dpo.org_id).await?;
    let now = state.clock.now_ms();
    let checked = check(form, &zone, now)?;
    let id = id.cloned().unwrap_or_else(BreachId::generate);
    let key = state
        .keys
        .current(&state.db, &dpo.org_id)
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    let sealed = key.seal(place(&id), checked.description.as_bytes());
    let fields = BreachFields {
        title: &checked.title,
        nature: checked.nature,
        description_enc: &sealed,
        occurred_at: checked.occurred_at,
        discovered_at: checked.discovered_at,
        people_affected: checked.people_affected,
        data_categories: &checked.data_categories,
        notified_at: checked.notified_at,
        not_notified_reason: checked.not_notified_reason.as_deref(),
        people_informed_at: checked.people_informed_at,
    };
    let mut tx = state.db.begin().await?;
    let exists = store::find(&mut *tx, &dpo.org_id, &id).await?.is_some();
    let action = if exists {
        store::update(&mut tx, &id, &dpo.org_id, &fields).await?;
        Action::BreachChanged
    } else {
        store::insert(&mut tx, &id, &dpo.org_id, &fields, &dpo.user_id, now).await?;
        Action::BreachRecorded
    };
    audit(&mut tx, state, dpo, action, ("privacy_breach", id.as_str()), None).await?;
    crate::audit::trail::finish(tx, state).await?;
    Ok(id)
}

pub async fn list(state: &AppState, dpo: &CurrentUser) -> AppResult<Vec<Breach>> {
    dpo.require(Permission::HandlePrivacy)?;
    Ok(store::of_org(state.db.reader(), &dpo.org_id).await?)
}

/// A breach and its form's values (description opened).
pub async fn form_of(state: &AppState, dpo: &CurrentUser, id: &BreachId) -> AppResult<BreachForm> {
    dpo.require(Permission::HandlePrivacy)?;
    let breach =
        store::find(state.db.reader(), &dpo.org_id, id).await?.ok_or(AppError::NotFound)?;
    let zone = crate::org::service::zone(state, &dpo.org_id).await?;
    let description = state
        .keys
        .open_sealed(&state.db, &dpo.org_id, place(id), &breach.description_enc)
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    Ok(BreachForm {
        title: breach.title,
        nature: breach.nature.as_str().to_string(),
        description: String::from_utf8_lossy(&description).into_owned(),
        occurred_at: local_value(breach.occurred_at, &zone),
        discovered_at: local_value(Some(breach.discovered_at), &zone),
        people_affected: breach.people_affected.map(|n| n.to_string()).unwrap_or_default(),
        data_categories: breach.data_categories,
        notified_at: local_value(breach.notified_at, &zone),
        not_notified_reason: breach.not_notified_reason.unwrap_or_default(),
        people_informed_at: local_value(breach.people_informed_at, &zone),
    })
}
