//! The demo's call round: the first care team calls its patients every Monday; this week's round
//! has begun (a few reached, one without answer, one concern).

use super::model::Outcome;
use super::service::name_place;
use super::store::{self, NewAttempt, NewCampaign, NewTarget};
use crate::crypto::KeyRing;
use crate::db::Db;

const SCRIPT: [&str; 3] = [
    "Comment allez-vous depuis la dernière visite ?",
    "Avez-vous ce qu'il faut (médicaments, repas, chauffage) ?",
    "Souhaitez-vous qu'un soignant vous rappelle ?",
];

pub async fn seed(
    db: &Db,
    keys: &KeyRing,
    org_id: &str,
    team: &str,
    (coordinator, caller): (&str, &str),
) -> anyhow::Result<()> {
    let patients: Vec<String> =
        sqlx::query_scalar("SELECT id FROM patients WHERE team_id = $1 ORDER BY family_name, id")
            .bind(team)
            .fetch_all(db.reader())
            .await?;
    let zone = jiff::tz::TimeZone::get("Europe/Paris")?;
    let today = jiff::Zoned::now().with_time_zone(zone).date();
    let monday = crate::homecare::recurrence::week_start(today);
    let first = monday.checked_sub(jiff::Span::new().weeks(2))?.to_string();
    let id = crate::secrets::new_id();
    let now = crate::clock::now_ms();
    let script = serde_json::to_string(&SCRIPT)?;
    let campaign = NewCampaign {
        id: &id,
        org_id,
        team_id: team,
        name: "Appels du lundi",
        script: &script,
        weekday: Some(1),
        first_due_on: &first,
        max_tries: 3,
        by: coordinator,
        at: now,
    };
    let key = keys.current(db, org_id).await?;
    let mut tx = db.begin().await?;
    store::insert_campaign(&mut tx, &campaign).await?;
    store::insert_caller(&mut tx, &id, caller).await?;
    let mut targets = Vec::new();
    for (position, patient) in (1..).zip(patients.iter().take(12)) {
        let target = crate::secrets::new_id();
        let new = NewTarget {
            id: &target,
            org_id,
            campaign_id: &id,
            patient_id: Some(patient),
            name_enc: None,
            phone: None,
            position,
        };
        store::insert_target(&mut tx, &new).await?;
        targets.push(target);
    }
    let neighbour = crate::secrets::new_id();
    let sealed = key.seal(name_place(&neighbour), "M. Lebon (aidant de Mme Martin)".as_bytes());
    let new = NewTarget {
        id: &neighbour,
        org_id,
        campaign_id: &id,
        patient_id: None,
        name_enc: Some(&sealed),
        phone: Some("+33639989999"),
        position: 100,
    };
    store::insert_target(&mut tx, &new).await?;
    let round = monday.to_string();
    let outcomes = [
        (Outcome::Reached, None),
        (Outcome::Reached, None),
        (Outcome::NoAnswer, None),
        (Outcome::Reached, Some("Voix fatiguée, dit ne plus manger depuis deux jours.")),
    ];
    for (n, (target, (outcome, concern))) in targets.iter().zip(outcomes).enumerate() {
        let attempt = crate::secrets::new_id();
        let answers = (outcome == Outcome::Reached).then(|| {
            let pairs: Vec<(&str, &str)> =
                SCRIPT.iter().copied().zip(["Ça va", "Oui", "Non"]).collect();
            serde_json::to_vec(&pairs)
                .map(|json| key.seal(super::calling::answers_place(&attempt), &json))
        });
        let answers = answers.transpose()?;
        let concern =
            concern.map(|c| key.seal(super::calling::concern_place(&attempt), c.as_bytes()));
        let at = now - 3_600_000 * (4 - i64::try_from(n).unwrap_or(0));
        let new = NewAttempt {
            id: &attempt,
            org_id,
            campaign_id: &id,
            target_id: target,
            round_on: &round,
            caller_id: caller,
            outcome,
            answers_enc: answers.as_deref(),
            concern_enc: concern.as_deref(),
            called_at: at,
            request_key: &attempt,
        };
        store::insert_attempt(&mut tx, &new).await?;
    }
    tx.commit().await?;
    Ok(())
}
