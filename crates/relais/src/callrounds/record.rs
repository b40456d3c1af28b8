//! A patient's calls, for their record: every try in every campaign, with its outcome, the
//! script's answers and any concern — opened within the care relationship, and audited.

use std::collections::HashMap;

use super::calling::{answers_place, concern_place};
use super::service::audit;
use super::store::{self, StoredAttempt};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::homecare::model::{Patient, PatientId};
use crate::state::AppState;

/// One try, opened.
pub struct Call {
    pub campaign: String,
    pub attempt: StoredAttempt,
    pub answers: Vec<(String, String)>,
    pub concern: Option<String>,
}

pub async fn of_patient(
    state: &AppState,
    actor: &CurrentUser,
    id: &PatientId,
) -> AppResult<(Patient, Vec<Call>)> {
    let patient = crate::homecare::patients::visible(state, actor, id).await?;
    let reader = state.db.reader();
    let campaigns: HashMap<String, String> = store::campaigns_of_org(reader, &actor.org_id)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let mut calls = Vec::new();
    for attempt in store::attempts_of_patient(reader, &actor.org_id, id.as_str()).await? {
        let open = |place, sealed: &Option<Vec<u8>>| {
            let sealed = sealed.clone();
            async move {
                match sealed {
                    Some(sealed) => state
                        .keys
                        .open_sealed(&state.db, &actor.org_id, place, &sealed)
                        .await
                        .map(Some)
                        .map_err(|e| AppError::Internal(e.into())),
                    None => Ok(None),
                }
            }
        };
        let answers = match open(answers_place(&attempt.id), &attempt.answers_enc).await? {
            Some(json) => serde_json::from_slice(&json).map_err(AppError::internal)?,
            None => Vec::new(),
        };
        let concern = open(concern_place(&attempt.id), &attempt.concern_enc)
            .await?
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned());
        let campaign = campaigns.get(&attempt.campaign_id).cloned().unwrap_or_default();
        calls.push(Call { campaign, attempt, answers, concern });
    }
    let mut tx = state.db.begin().await?;
    audit(&mut tx, state, actor, ("callround.patient_read", id.as_str()), Some(id.as_str()))
        .await?;
    crate::audit::trail::finish(tx, state).await?;
    Ok((patient, calls))
}
