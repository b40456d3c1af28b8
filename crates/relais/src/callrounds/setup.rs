//! Setting up a campaign: the coordinator's form read and checked (script, rhythm, tries,
//! callers who may read records, the team's patients and a custom list of numbers), then written
//! with its callers and the people to call.

use super::service::{audit, name_place};
use super::store;
use crate::audit::trail::finish;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::homecare::fields;
use crate::homecare::model::PatientStatus;
use crate::org::Permission;
use crate::state::AppState;

const MAX_QUESTIONS: usize = 10;
const MAX_TARGETS: usize = 500;

/// What a coordinator fills in.
pub struct Draft<'a> {
    pub team_id: &'a str,
    pub name: &'a str,
    pub script: &'a str,
    pub weekday: Option<&'a str>,
    pub first_due_on: &'a str,
    pub max_tries: &'a str,
    pub callers: &'a [String],
    pub all_patients: bool,
    pub others: &'a str,
}

/// A custom list: one person a line, "name ; number" (a comma or a tab also separate).
pub fn read_others(text: &str) -> AppResult<Vec<(String, String)>> {
    let invalid = || AppError::Invalid { field: "others", code: "callround-others-invalid" };
    let mut out = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let Some((name, phone)) = line.rsplit_once([';', ',', '\t']) else {
            return Err(invalid());
        };
        let name = fields::label("others", name).map_err(|_| invalid())?;
        let phone = fields::phone("others", phone).map_err(|_| invalid())?;
        if phone.is_empty() {
            return Err(invalid());
        }
        out.push((name, phone));
    }
    Ok(out)
}

pub async fn create(state: &AppState, actor: &CurrentUser, draft: &Draft<'_>) -> AppResult<String> {
    let me = crate::org::service::show_self(state, actor).await?;
    if !actor.can(Permission::PlanRounds) {
        return Err(AppError::Forbidden);
    }
    if !me.in_team(draft.team_id) {
        return Err(AppError::Invalid { field: "team", code: "team-not-yours" });
    }
    let name = fields::label("name", draft.name)?;
    let script: Vec<String> = draft
        .script
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| fields::label("script", l))
        .collect::<AppResult<_>>()?;
    if script.is_empty() || script.len() > MAX_QUESTIONS {
        return Err(AppError::Invalid { field: "script", code: "callround-script-invalid" });
    }
    let weekday = match draft.weekday {
        None => None,
        Some(text) => match text.trim().parse::<i64>() {
            Ok(day) if (1..=7).contains(&day) => Some(day),
            _ => return Err(AppError::Invalid { field: "weekday", code: "choice-invalid" }),
        },
    };
    let first = fields::day("first_due_on", draft.first_due_on)?;
    let today = crate::org::service::today(state, &actor.org_id).await?;
    let latest = today.checked_add(jiff::Span::new().years(1)).unwrap_or(today);
    if first < today || first > latest {
        return Err(AppError::Invalid { field: "first_due_on", code: "callround-day-invalid" });
    }
    let max_tries = match draft.max_tries.trim().parse::<i64>() {
        Ok(n) if (1..=10).contains(&n) => n,
        _ => return Err(AppError::Invalid { field: "max_tries", code: "callround-tries-invalid" }),
    };
    let mut conn = state.db.reader().acquire().await?;
    let people = crate::org::store::list_people(&mut conn, &actor.org_id).await?;
    drop(conn);
    let mut callers: Vec<&str> = Vec::new();
    for id in draft.callers {
        let fits = people.iter().any(|p| {
            p.id == *id
                && p.active
                && p.in_team(draft.team_id)
                && crate::org::roles::grants(&p.roles, Permission::SeePatientData)
        });
        if !fits {
            return Err(AppError::Invalid { field: "callers", code: "callround-caller-invalid" });
        }
        if !callers.contains(&id.as_str()) {
            callers.push(id);
        }
    }
    if callers.is_empty() {
        return Err(AppError::Invalid { field: "callers", code: "callround-caller-invalid" });
    }
    let patients: Vec<String> = if draft.all_patients {
        crate::homecare::store::patients::list_visible(state.db.reader(), &actor.org_id, &me.id)
            .await?
            .into_iter()
            .filter(|p| p.team_id == draft.team_id && p.status != PatientStatus::Ended)
            .map(|p| p.id.to_string())
            .collect()
    } else {
        Vec::new()
    };
    let others = read_others(draft.others)?;
    if patients.is_empty() && others.is_empty() {
        return Err(AppError::Invalid { field: "others", code: "callround-nobody" });
    }
    if patients.len() + others.len() > MAX_TARGETS {
        return Err(AppError::Invalid { field: "others", code: "callround-too-many" });
    }
    let id = crate::secrets::new_id();
    let script = serde_json::to_string(&script).map_err(AppError::internal)?;
    let first = first.to_string();
    let new = store::NewCampaign {
        id: &id,
        org_id: &actor.org_id,
        team_id: draft.team_id,
        name: &name,
        script: &script,
        weekday,
        first_due_on: &first,
        max_tries,
        by: &actor.user_id,
        at: state.clock.now_ms(),
    };
    let key = state.keys.current(&state.db, &actor.org_id).await?;
    let mut tx = state.db.begin().await?;
    store::insert_campaign(&mut tx, &new).await?;
    for caller in callers {
        store::insert_caller(&mut tx, &id, caller).await?;
    }
    let mut position = 0;
    for patient in &patients {
        position += 1;
        let target_id = crate::secrets::new_id();
        let target = store::NewTarget {
            id: &target_id,
            org_id: &actor.org_id,
            campaign_id: &id,
            patient_id: Some(patient),
            name_enc: None,
            phone: None,
            position,
        };
        store::insert_target(&mut tx, &target).await?;
    }
    for (name, phone) in &others {
        position += 1;
        let target_id = crate::secrets::new_id();
        let sealed = key.seal(name_place(&target_id), name.as_bytes());
        let target = store::NewTarget {
            id: &target_id,
            org_id: &actor.org_id,
            campaign_id: &id,
            patient_id: None,
            name_enc: Some(&sealed),
            phone: Some(phone),
            position,
        };
        store::insert_target(&mut tx, &target).await?;
    }
    audit(&mut tx, state, actor, ("callround.created", &id), None).await?;
    finish(tx, state).await?;
    Ok(id)
}

/// "+33612345678" as a French reader writes it ("06 12 34 56 78"); other numbers as they are.
pub fn display_phone(phone: &str) -> String {
    match phone.strip_prefix("+33") {
        Some(rest) if rest.len() == 9 => {
            let digits: Vec<char> = format!("0{rest}").chars().collect();
            digits.chunks(2).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join(" ")
        }
        _ => phone.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_custom_list_reads_names_and_french_numbers_and_refuses_nonsense() {
        let Ok(list) = read_others("Mme Durand ; 06 12 34 56 78\n\nM. Petit, +33 2 99 00 00 00\n")
        else {
            panic!("a good list");
        };
        assert_eq!(list[0], ("Mme Durand".to_string(), "+33612345678".to_string()));
        assert_eq!(list[1].1, "+33299000000");
        for bad in ["Mme Durand", "Mme Durand ; 12", "; 0612345678", "X ; 06 12 34 56 78 90 12"] {
            assert!(read_others(bad).is_err(), "{bad}");
        }
        assert_eq!(display_phone("+33612345678"), "06 12 34 56 78");
        assert_eq!(display_phone("+3225551234"), "+3225551234");
    }
}
