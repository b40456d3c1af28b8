//! The demo's pulse surveys on the first care team: two past rounds with their answers (results
//! above the threshold), and one open now that nobody has answered yet.

use jiff::civil::Date;

use super::actions::Status;
use super::bank;
use super::service::place;
use super::store::{self, Answer, NewSurvey};
use crate::crypto::KeyRing;
use crate::db::Db;

/// (title, days ago it opened, days ago it closed, how answers lean: 0 worse to 2 better)
const PAST: [(&str, i64, i64, i64); 2] =
    [("Pulse d'octobre", 58, 45, 0), ("Pulse de novembre", 30, 17, 1)];

const ASKED: [&str; 6] =
    ["workload", "disconnect", "team_support", "recommend", "strain", "suggestion"];

const SUGGESTIONS: [&str; 4] = [
    "Regrouper les visites du même quartier le matin",
    "Un temps d'équipe toutes les deux semaines",
    "Moins de changements de planning la veille",
    "",
];

pub async fn seed(
    db: &Db,
    keys: &KeyRing,
    org_id: &str,
    team: &str,
    members: &[String],
    by: &str,
) -> anyhow::Result<()> {
    let today: Date =
        jiff::Zoned::now().with_time_zone(jiff::tz::TimeZone::get("Europe/Paris")?).date();
    let day = |ago: i64| -> anyhow::Result<String> {
        Ok(today.checked_sub(jiff::Span::new().days(ago))?.to_string())
    };
    let questions: Vec<bank::Question> = bank::questions(&crate::config::SurveySettings::default())
        .map_err(|e| anyhow::anyhow!(e))?
        .into_iter()
        .filter(|q| ASKED.contains(&q.key.as_str()))
        .collect();
    let json = serde_json::to_string(&questions)?;
    let key = keys.current(db, org_id).await?;
    let mut tx = db.begin().await?;
    let mut past = Vec::new();
    for (title, opened, closed, lean) in PAST {
        let (opens, closes) = (day(opened)?, day(closed)?);
        let id = team_survey(&mut tx, org_id, team, by, title, &json, (&opens, &closes)).await?;
        past.push(id.clone());
        for (index, member) in members.iter().enumerate() {
            let index = i64::try_from(index).unwrap_or(0);
            store::mark_answered(&mut tx, &id, member).await?;
            let response = uuid::Uuid::new_v4().to_string();
            store::insert_response(&mut tx, &response, &id, &day(opened - index % 5)?).await?;
            for question in &questions {
                let mut rows: Vec<(i64, Option<i64>, Option<Vec<u8>>)> = Vec::new();
                let row = uuid::Uuid::new_v4().to_string();
                match question.kind {
                    bank::Kind::Likert => rows.push((
                        0,
                        Some(((index * 7 + lean * 2) % 4 + 1 + lean.min(1)).min(5)),
                        None,
                    )),
                    bank::Kind::Scale => rows.push((0, Some((index * 3 + lean * 2) % 6 + 4), None)),
                    bank::Kind::Single => rows.push((0, Some(index % 3), None)),
                    bank::Kind::Multiple => {
                        rows.push((index % 5, Some(1), None));
                        rows.push(((index + 2 + lean) % 5, Some(1), None));
                    }
                    bank::Kind::Text => {
                        let text =
                            SUGGESTIONS[usize::try_from(index).unwrap_or(0) % SUGGESTIONS.len()];
                        if !text.is_empty() {
                            rows.push((0, None, Some(key.seal(place(&row), text.as_bytes()))));
                        }
                    }
                }
                rows.dedup_by_key(|r| r.0);
                for (n, (choice, value, text)) in rows.into_iter().enumerate() {
                    let id = if n == 0 { row.clone() } else { uuid::Uuid::new_v4().to_string() };
                    let answer = Answer {
                        question: &question.key,
                        choice,
                        value,
                        text_enc: text.as_deref(),
                    };
                    store::insert_answer(&mut tx, &id, org_id, &response, &answer).await?;
                }
            }
        }
    }
    plan(&mut tx, org_id, &past, members, by).await?;
    let (opens, closes) = (day(2)?, day(-12)?);
    team_survey(&mut tx, org_id, team, by, "Pulse de décembre", &json, (&opens, &closes)).await?;
    tx.commit().await?;
    Ok(())
}

/// Writes one survey of the team (threshold 5); returns its id.
async fn team_survey(
    conn: &mut sqlx::AnyConnection,
    org_id: &str,
    team: &str,
    by: &str,
    title: &str,
    questions: &str,
    (opens_on, closes_on): (&str, &str),
) -> sqlx::Result<String> {
    let id = crate::secrets::new_id();
    let new = NewSurvey {
        id: &id,
        org_id,
        team_id: Some(team),
        title,
        questions,
        opens_on,
        closes_on,
        min_group: 5,
        series: None,
        wave: None,
        every_days: None,
        follows: None,
        by: Some(by),
        at: crate::clock::now_ms(),
    };
    store::insert(conn, &new).await?;
    Ok(id)
}

/// (survey index, question, action, status, owner index, due in days, a comment by a member)
const ACTIONS: [(usize, &str, &str, Status, usize, i64, &str); 3] = [
    (
        0,
        "workload",
        "Regrouper les visites du même quartier le matin",
        Status::Done,
        1,
        -20,
        "Depuis la mi-novembre, ma tournée du mardi finit 30 minutes plus tôt.",
    ),
    (
        0,
        "team_support",
        "Un temps d'équipe toutes les deux semaines, le jeudi à 14 h",
        Status::Started,
        0,
        10,
        "",
    ),
    (
        1,
        "disconnect",
        "Plus de changement de planning envoyé après 18 h la veille",
        Status::Planned,
        0,
        21,
        "Et le week-end aussi, s'il vous plaît.",
    ),
];

/// The action plan written from the past rounds, with a member's comment.
async fn plan(
    conn: &mut sqlx::AnyConnection,
    org_id: &str,
    surveys: &[String],
    members: &[String],
    by: &str,
) -> anyhow::Result<()> {
    use super::action_store::{self, NewAction};
    let today: Date =
        jiff::Zoned::now().with_time_zone(jiff::tz::TimeZone::get("Europe/Paris")?).date();
    let now = crate::clock::now_ms();
    for (survey, question, title, status, owner, due, comment) in ACTIONS {
        let (Some(survey), Some(owner)) = (surveys.get(survey), members.get(owner)) else {
            continue;
        };
        let id = crate::secrets::new_id();
        let due_on = today.checked_add(jiff::Span::new().days(due))?.to_string();
        let new = NewAction {
            id: &id,
            org_id,
            survey_id: survey,
            question: Some(question),
            title,
            detail: "",
            owner_id: Some(owner),
            due_on: Some(&due_on),
            by,
            at: now,
        };
        action_store::insert(conn, &new).await?;
        action_store::set_status(conn, &id, status, now).await?;
        if let (false, Some(author)) = (comment.is_empty(), members.get(2)) {
            let comment_id = crate::secrets::new_id();
            action_store::insert_comment(conn, &comment_id, org_id, &id, (author, comment), now)
                .await?;
        }
    }
    Ok(())
}
