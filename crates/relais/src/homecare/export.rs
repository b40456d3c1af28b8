//! CSV exports for the service's management: the visits realised over a month with the times
//! retained and their correction codes. Cells that a spreadsheet would take for a formula are
//! neutralised; the INS matricule leaves only with a qualified identity.

use crate::homecare::model::PatientId;
use std::collections::HashMap;

use jiff::civil::Date;

use super::model::Patient;
use super::realised;
use super::store::{care, patients as patient_store};
use crate::audit::trail::{Trail, finish, record};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::org::Permission;
use crate::state::AppState;

use crate::homecare::actions::Action;
use crate::web::spreadsheet::{guarded, writer};

fn internal(error: impl Into<anyhow::Error>) -> AppError {
    AppError::Internal(error.into())
}

const HEADER: [&str; 14] = [
    "date",
    "patient",
    "ins",
    "financeur",
    "intervention",
    "intervenant",
    "debut_prevu",
    "fin_prevue",
    "arrivee",
    "depart",
    "debut_retenu",
    "fin_retenue",
    "code_correction",
    "deroulement",
];

/// The month holding `any_day`, for a team: every published, not cancelled visit.
pub async fn realised_month(
    state: &AppState,
    actor: &CurrentUser,
    team_id: &str,
    any_day: Date,
) -> AppResult<String> {
    actor.require(Permission::PlanRounds)?;
    crate::homecare::scope::require_team(state, actor, team_id).await?;
    let first = any_day.first_of_month();
    let last = any_day.last_of_month();
    let reader = state.db.reader();
    let patients: HashMap<PatientId, Patient> =
        patient_store::list_of_team(reader, &actor.org_id, team_id)
            .await?
            .into_iter()
            .map(|p| (p.id.clone(), p))
            .collect();
    let caregivers: HashMap<String, String> =
        care::caregivers_of_team(reader, &actor.org_id, team_id)
            .await?
            .into_iter()
            .map(|c| (c.user_id, c.display_name))
            .collect();
    let zone = crate::org::service::zone(state, &actor.org_id).await?;
    let zone_name = zone.iana_name().unwrap_or("UTC").to_string();
    let time = |at: Option<i64>| {
        at.map(|at| crate::clock::format_local(at, &zone_name)).unwrap_or_default()
    };
    let mut out = writer();
    out.write_record(HEADER).map_err(internal)?;
    let mut rows = 0;
    for r in realised::load(state, &actor.org_id, team_id, first, last).await? {
        let day = crate::homecare::scope::stored_day(&r.visit.day)?;
        if r.visit.cancelled()
            || !crate::homecare::scope::week_published(state, &actor.org_id, team_id, day).await?
        {
            continue;
        }
        let patient = patients.get(&r.visit.patient_id);
        let planned_start = r.visit.planned_start_at;
        let (retained_start, retained_end) = r.retained();
        let fields = [
            r.visit.day.clone(),
            patient.map(|p| p.full_name()).unwrap_or_default(),
            patient.and_then(|p| p.identity.exportable_matricule()).unwrap_or_default().to_string(),
            patient.map(|p| p.financer.as_str().to_string()).unwrap_or_default(),
            r.visit.label.clone(),
            r.visit
                .caregiver_id
                .as_ref()
                .and_then(|c| caregivers.get(c))
                .cloned()
                .unwrap_or_default(),
            time(planned_start),
            time(r.visit.planned_end_at()),
            time(r.check_in.as_ref().map(|p| p.device_at)),
            time(r.check_out.as_ref().map(|p| p.device_at)),
            time(retained_start),
            time(retained_end),
            r.correction.as_ref().map(|c| c.reason_code.clone()).unwrap_or_default(),
            r.outcome.as_ref().map(|o| actor.lang.t(&format!("outcome-{o}"))).unwrap_or_default(),
        ];
        out.write_record(fields.iter().map(|f| guarded(f))).map_err(internal)?;
        rows += 1;
    }
    let mut tx = state.db.begin().await?;
    let object = format!("{team_id}/{}", first.strftime("%Y-%m"));
    let detail = format!("{rows} visits");
    let trail = Trail {
        action: Action::PlanningExportRealised.as_str(),
        object_type: "planning_month",
        object_id: &object,
        patient_id: None,
        reason: Some(&detail),
    };
    record(&mut tx, state, actor, &trail, &[]).await?;
    finish(tx, state).await?;
    let bytes = out.into_inner().map_err(|e| internal(anyhow::anyhow!("{e}")))?;
    String::from_utf8(bytes).map_err(internal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_quotes_doubled() {
        let line = |cells: &[&str]| {
            let mut out = writer();
            out.write_record(cells.iter().map(|c| guarded(c))).unwrap();
            String::from_utf8(out.into_inner().unwrap()).unwrap()
        };
        assert_eq!(line(&["=HYPERLINK(\"http://x\")"]), "\"'=HYPERLINK(\"\"http://x\"\")\"\r\n");
        for risky in ["+33 6", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert!(line(&[risky]).starts_with("\"'"), "{risky}");
        }
        assert_eq!(
            line(&["Jeanne; \"Mamie\"", "Toilette"]),
            "\"Jeanne; \"\"Mamie\"\"\";\"Toilette\"\r\n"
        );
    }
}
