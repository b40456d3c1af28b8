//! The classes of data and their bounds. A class the organisation sets has a purge, which the
//! feature owning the data provides; the others are fixed (by law or by the installation) and
//! shown so the register of processing activities is complete.

use futures_util::future::BoxFuture;

use crate::clock::DAY_MS;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// Deletes an organisation's data of one class written before the cutoff (ms); returns how many
/// records went.
pub type Purge = fn(AppState, String, i64) -> BoxFuture<'static, AppResult<u64>>;

/// How a class's duration is decided.
#[derive(Clone, Copy)]
pub enum Kept {
    /// By the organisation, between the bounds; applied by the retention job.
    Rule { min_days: i64, max_days: i64, default_days: i64, purge: Purge },
    /// By the law or the installation: shown, not changed here.
    Fixed(fn(&AppState) -> i64),
}

/// A class of data (its name and legal basis are the i18n keys `retention-class-<key>` and
/// `retention-basis-<key>`).
#[derive(Clone, Copy)]
pub struct DataClass {
    pub key: &'static str,
    pub kept: Kept,
}

impl DataClass {
    pub fn bounds(&self) -> Option<(i64, i64)> {
        match self.kept {
            Kept::Rule { min_days, max_days, .. } => Some((min_days, max_days)),
            Kept::Fixed(_) => None,
        }
    }

    /// The days in force: the organisation's rule (kept within the bounds), else the default.
    pub fn days(&self, state: &AppState, rule: Option<i64>) -> i64 {
        match self.kept {
            Kept::Rule { min_days, max_days, default_days, .. } => {
                rule.unwrap_or(default_days).clamp(min_days, max_days)
            }
            Kept::Fixed(days) => days(state),
        }
    }

    /// Checks days typed by the DPO against the bounds.
    pub fn check(&self, days: i64) -> AppResult<i64> {
        match self.bounds() {
            Some((min, _)) if days < min => {
                Err(AppError::Invalid { field: self.key, code: "retention-below-minimum" })
            }
            Some((_, max)) if days > max => {
                Err(AppError::Invalid { field: self.key, code: "retention-above-maximum" })
            }
            Some(_) => Ok(days),
            None => Err(AppError::Invalid { field: self.key, code: "retention-fixed" }),
        }
    }
}

fn internal(error: impl Into<anyhow::Error>) -> AppError {
    AppError::Internal(error.into())
}

/// The classes, in the order the DPO's page and the register show them.
pub fn classes() -> &'static [DataClass] {
    &CLASSES
}

pub fn find(key: &str) -> Option<&'static DataClass> {
    CLASSES.iter().find(|class| class.key == key)
}

static CLASSES: [DataClass; 11] = [
    DataClass {
        key: "messages",
        kept: Kept::Rule {
            min_days: 30,
            max_days: 3650,
            default_days: 1825,
            purge: |state, org, cutoff| {
                Box::pin(async move {
                    crate::messaging::retention::purge_before(&state, &org, cutoff).await
                })
            },
        },
    },
    DataClass {
        key: "attachments",
        kept: Kept::Rule {
            min_days: 30,
            max_days: 3650,
            default_days: 1095,
            purge: |state, org, cutoff| {
                Box::pin(async move {
                    crate::messaging::retention::purge_attachments_before(&state, &org, cutoff)
                        .await
                })
            },
        },
    },
    DataClass {
        key: "document_versions",
        kept: Kept::Rule {
            min_days: 30,
            max_days: 3650,
            default_days: 365,
            purge: |state, org, cutoff| {
                Box::pin(async move {
                    crate::documents::service::retention::purge_versions_before(
                        &state, &org, cutoff,
                    )
                    .await
                    .map_err(AppError::Internal)
                })
            },
        },
    },
    DataClass {
        key: "call_logs",
        kept: Kept::Rule {
            min_days: 90,
            max_days: 3650,
            default_days: 365,
            purge: |state, org, cutoff| {
                Box::pin(async move {
                    crate::teleconsultation::store::purge_log_before(
                        state.db.writer(),
                        &org,
                        cutoff,
                    )
                    .await
                    .map_err(internal)
                })
            },
        },
    },
    DataClass {
        key: "photos",
        kept: Kept::Rule {
            min_days: 90,
            max_days: 7300,
            default_days: 730,
            purge: |state, org, cutoff| {
                Box::pin(async move {
                    crate::homecare::store::photos::purge_before(state.db.writer(), &org, cutoff)
                        .await
                        .map_err(internal)
                })
            },
        },
    },
    DataClass {
        key: "survey_answers",
        kept: Kept::Rule {
            min_days: 180,
            max_days: 1825,
            default_days: 730,
            purge: |state, org, cutoff| {
                Box::pin(async move {
                    let day = jiff::Timestamp::from_millisecond(cutoff)
                        .map_err(internal)?
                        .to_zoned(jiff::tz::TimeZone::UTC)
                        .date()
                        .to_string();
                    crate::surveys::store::purge_responses_before(state.db.writer(), &org, &day)
                        .await
                        .map_err(internal)
                })
            },
        },
    },
    DataClass {
        key: "sessions",
        kept: Kept::Rule {
            min_days: 1,
            max_days: 365,
            default_days: 180,
            purge: |state, org, cutoff| {
                Box::pin(async move {
                    crate::auth::store::purge_ended_before(state.db.writer(), &org, cutoff)
                        .await
                        .map_err(internal)
                })
            },
        },
    },
    DataClass {
        key: "audit",
        kept: Kept::Fixed(|state| i64::from(state.settings.audit.retention_months) * 30),
    },
    DataClass { key: "jobs", kept: Kept::Fixed(|_| crate::jobs::KEPT_DAYS) },
    DataClass { key: "exports", kept: Kept::Fixed(|_| super::super::export::KEPT_DAYS) },
    DataClass { key: "care_record", kept: Kept::Fixed(|_| 20 * 365) },
];

/// The cutoff for `days` at `now`.
pub fn cutoff(now: i64, days: i64) -> i64 {
    now - days * DAY_MS
}
