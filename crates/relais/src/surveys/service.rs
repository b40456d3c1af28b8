//! The rules of pulse surveys.
//!
//! - A survey asks a team (or the whole organisation); a manager of the team (or the human
//!   resources / an administrator for the organisation) creates it from the question bank.
//! - Each person answers once. The answer is written as a response with a random id and the day,
//!   and, apart, a participant row (who answered, no time): the two cannot be paired.
//! - Results show only once the survey is closed (a running count would let someone who knows
//!   who just answered read that answer by difference) and only when at least `min_group`
//!   people (5 or more) answered; free text is then shown in alphabetical order, never in the
//!   order of arrival.

use crate::audit::trail::{Trail, finish, record};
use crate::auth::CurrentUser;
use crate::crypto::Place;
use crate::error::{AppError, AppResult};
use crate::org::{Permission, Person};
use crate::state::AppState;
use crate::surveys::bank::{self, Kind, Question};
use crate::surveys::store::{self, StoredSurvey};
use crate::surveys::trend::Wave;

const MAX_TEXT_CHARS: usize = 2000;

/// A survey with its questions read.
pub struct Survey {
    pub stored: StoredSurvey,
    pub questions: Vec<Question>,
}

impl Survey {
    pub fn of(stored: StoredSurvey) -> AppResult<Self> {
        let questions = serde_json::from_str(&stored.questions)
            .map_err(|e| AppError::Internal(anyhow::anyhow!("survey questions: {e}")))?;
        Ok(Self { stored, questions })
    }

    pub fn is_open(&self, today: &str) -> bool {
        self.stored.opens_on.as_str() <= today && today <= self.stored.closes_on.as_str()
    }

    /// Below this many answers nothing shows: the survey's threshold, never below the
    /// organisation's.
    pub fn k(&self, settings: &crate::config::SurveySettings) -> i64 {
        self.stored.min_group.max(settings.min_group)
    }

    pub fn is_closed(&self, today: &str) -> bool {
        today > self.stored.closes_on.as_str()
    }

    fn asks(&self, person: &Person) -> bool {
        self.stored.team_id.as_deref().is_none_or(|team| person.in_team(team))
    }

    /// Whether the person may run it (close it early) and read its results.
    fn managed_by(&self, person: &Person, actor: &CurrentUser) -> bool {
        match self.stored.team_id.as_deref() {
            Some(team) => actor.can(Permission::SeeTeamIndicators) && person.in_team(team),
            None => org_wide(actor),
        }
    }
}

/// An organisation-wide survey is for human resources or an administrator.
pub fn org_wide(actor: &CurrentUser) -> bool {
    actor.can(Permission::ManageTelework) || actor.can(Permission::ManagePeople)
}

async fn today(state: &AppState, org_id: &str) -> AppResult<String> {
    Ok(crate::org::service::today(state, org_id).await?.to_string())
}

/// The surveys a person sees: those that ask them (answered or not), those they run.
pub struct Overview {
    pub open: Vec<(Survey, bool)>,
    pub past: Vec<Survey>,
    pub coming: Vec<Survey>,
    pub today: String,
    pub may_create: bool,
    pub sees_workload: bool,
}

pub async fn overview(state: &AppState, actor: &CurrentUser) -> AppResult<Overview> {
    let me = crate::org::service::show_self(state, actor).await?;
    let today = today(state, &actor.org_id).await?;
    let mut overview = Overview {
        open: Vec::new(),
        past: Vec::new(),
        coming: Vec::new(),
        may_create: actor.can(Permission::SeeTeamIndicators) || org_wide(actor),
        sees_workload: actor.can(Permission::SeeWorkload),
        today: today.clone(),
    };
    for stored in store::of_org(state.db.reader(), &actor.org_id).await? {
        let survey = Survey::of(stored)?;
        if !survey.asks(&me) && !survey.managed_by(&me, actor) {
            continue;
        }
        if survey.is_open(&today) {
            let answered =
                store::has_answered(state.db.reader(), &survey.stored.id, &me.id).await?;
            overview.open.push((survey, answered));
        } else if survey.is_closed(&today) {
            overview.past.push(survey);
        } else {
            overview.coming.push(survey);
        }
    }
    Ok(overview)
}

/// A survey the person is asked or runs, or "not found".
pub async fn visible(state: &AppState, actor: &CurrentUser, id: &str) -> AppResult<(Survey, bool)> {
    let me = crate::org::service::show_self(state, actor).await?;
    let stored =
        store::find(state.db.reader(), &actor.org_id, id).await?.ok_or(AppError::NotFound)?;
    let survey = Survey::of(stored)?;
    let manages = survey.managed_by(&me, actor);
    if !survey.asks(&me) && !manages {
        return Err(AppError::NotFound);
    }
    Ok((survey, manages))
}

/// What a manager fills in.
pub struct Draft<'a> {
    pub title: &'a str,
    pub team_id: Option<&'a str>,
    pub keys: &'a [String],
    pub opens_on: &'a str,
    pub closes_on: &'a str,
    pub min_group: i64,
    /// The digital-and-work questionnaire instead of questions from the bank.
    pub digital: Option<Digital<'a>>,
    /// A pulse survey repeated every 14 or 28 days.
    pub every_days: Option<i64>,
}

/// A wave of the digital-and-work questionnaire around a change.
pub struct Digital<'a> {
    /// The change the waves compare around ("Passage à la télégestion").
    pub series: &'a str,
    pub wave: &'a str,
    /// With the "before" wave: the 3- and 6-month waves are scheduled at once.
    pub follow_ups: bool,
}

/// Creates the survey (and, for a "before" wave with follow-ups, the later waves); returns the
/// first one's id.
pub async fn create(state: &AppState, actor: &CurrentUser, draft: &Draft<'_>) -> AppResult<String> {
    let me = crate::org::service::show_self(state, actor).await?;
    match draft.team_id {
        Some(team) if actor.can(Permission::SeeTeamIndicators) && me.in_team(team) => {}
        Some(_) => return Err(AppError::Invalid { field: "team", code: "survey-team-unknown" }),
        None if org_wide(actor) => {}
        None => return Err(AppError::Forbidden),
    }
    let title = draft.title.trim();
    if title.is_empty() || title.chars().count() > 120 || title.chars().any(char::is_control) {
        return Err(AppError::Invalid { field: "title", code: "survey-title-invalid" });
    }
    let settings = &state.settings.surveys;
    let day = |text: &str| text.trim().parse::<jiff::civil::Date>().ok();
    let (Some(opens), Some(closes)) = (day(draft.opens_on), day(draft.closes_on)) else {
        return Err(AppError::Invalid { field: "closes_on", code: "survey-days-invalid" });
    };
    let today = crate::org::service::today(state, &actor.org_id).await?;
    let longest = opens.checked_add(jiff::Span::new().days(62)).unwrap_or(opens);
    if closes < opens || closes < today || closes > longest {
        return Err(AppError::Invalid { field: "closes_on", code: "survey-days-invalid" });
    }
    if !(settings.min_group..=1000).contains(&draft.min_group) {
        return Err(AppError::Invalid { field: "min_group", code: "survey-min-group-invalid" });
    }
    let internal = |e: String| AppError::Internal(anyhow::anyhow!(e));
    let (questions, waves, series) = match &draft.digital {
        None => {
            let bank = bank::questions(settings).map_err(internal)?;
            let questions: Vec<Question> =
                bank.into_iter().filter(|q| draft.keys.contains(&q.key)).collect();
            if questions.is_empty() || questions.len() != draft.keys.len() {
                let code = "survey-questions-invalid";
                return Err(AppError::Invalid { field: "questions", code });
            }
            if let Some(every) = draft.every_days {
                let span = opens.until(closes).map(|s| s.get_days()).unwrap_or(i32::MAX);
                if ![14, 28].contains(&every) || i64::from(span) >= every {
                    return Err(AppError::Invalid {
                        field: "every_days",
                        code: "survey-every-invalid",
                    });
                }
            }
            (questions, vec![(opens, closes, None)], None)
        }
        Some(digital) => {
            let series = digital.series.trim();
            if series.is_empty()
                || series.chars().count() > 80
                || series.chars().any(char::is_control)
            {
                return Err(AppError::Invalid { field: "series", code: "survey-series-invalid" });
            }
            let wave = Wave::parse(digital.wave)
                .ok_or(AppError::Invalid { field: "wave", code: "survey-wave-invalid" })?;
            let mut waves = vec![(opens, closes, Some(wave))];
            if digital.follow_ups && wave == Wave::Before {
                for (months, later) in [(3, Wave::After3Months), (6, Wave::After6Months)] {
                    let shift =
                        |d: jiff::civil::Date| d.checked_add(jiff::Span::new().months(months));
                    let (Ok(o), Ok(c)) = (shift(opens), shift(closes)) else { continue };
                    waves.push((o, c, Some(later)));
                }
            }
            (bank::digital(settings).map_err(internal)?, waves, Some(series))
        }
    };
    let questions = serde_json::to_string(&questions).map_err(|e| AppError::Internal(e.into()))?;
    let mut tx = state.db.begin().await?;
    let mut first = None;
    for (opens, closes, wave) in waves {
        let id = crate::secrets::new_id();
        let (opens, closes) = (opens.to_string(), closes.to_string());
        let new = store::NewSurvey {
            id: &id,
            org_id: &actor.org_id,
            team_id: draft.team_id,
            title,
            questions: &questions,
            opens_on: &opens,
            closes_on: &closes,
            min_group: draft.min_group,
            series,
            wave: wave.map(Wave::as_str),
            every_days: if series.is_none() { draft.every_days } else { None },
            follows: None,
            by: Some(&actor.user_id),
            at: state.clock.now_ms(),
        };
        store::insert(&mut tx, &new).await?;
        audit(&mut tx, state, actor, "survey.created", &id).await?;
        first.get_or_insert(id);
    }
    finish(tx, state).await?;
    first.ok_or(AppError::NotFound)
}

/// Closes a survey today's eve, so its results can show.
pub async fn close(state: &AppState, actor: &CurrentUser, id: &str) -> AppResult<()> {
    let (survey, manages) = visible(state, actor, id).await?;
    if !manages {
        return Err(AppError::NotFound);
    }
    let today = crate::org::service::today(state, &actor.org_id).await?;
    let eve = today.yesterday().map_err(|e| AppError::Internal(e.into()))?.to_string();
    let eve = eve.max(survey.stored.opens_on.clone());
    let mut tx = state.db.begin().await?;
    store::close(&mut tx, id, &eve).await?;
    audit(&mut tx, state, actor, "survey.closed", id).await?;
    finish(tx, state).await?;
    Ok(())
}

async fn audit(
    conn: &mut sqlx::AnyConnection,
    state: &AppState,
    actor: &CurrentUser,
    action: &str,
    id: &str,
) -> sqlx::Result<()> {
    let trail =
        Trail { action, object_type: "survey", object_id: id, patient_id: None, reason: None };
    record(conn, state, actor, &trail, &[]).await
}

/// Where a free answer is sealed (the associated data of its sealing).
pub fn place<'a>(row: &'a str) -> Place<'a> {
    Place { table: "survey_answers", column: "text_enc", row_id: row }
}

/// Stores the person's answers: (question key, the values sent for it). Nothing about the person
/// is written with them; answering twice, or outside the survey's days, is refused.
pub async fn answer(
    state: &AppState,
    actor: &CurrentUser,
    id: &str,
    sent: &[(String, Vec<String>)],
) -> AppResult<()> {
    let me = crate::org::service::show_self(state, actor).await?;
    let (survey, _) = visible(state, actor, id).await?;
    let today = today(state, &actor.org_id).await?;
    if !survey.asks(&me) || !survey.is_open(&today) {
        return Err(AppError::Invalid { field: "survey", code: "survey-not-open" });
    }
    let mut rows: Vec<(String, i64, Option<i64>, Option<String>)> = Vec::new();
    for question in &survey.questions {
        let values: Vec<&str> = sent
            .iter()
            .filter(|(key, _)| *key == question.key)
            .flat_map(|(_, v)| v.iter().map(|s| s.trim()))
            .filter(|v| !v.is_empty())
            .collect();
        rows.extend(read(question, &values)?);
    }
    let response = uuid::Uuid::new_v4().to_string();
    let key = state.keys.current(&state.db, &actor.org_id).await?;
    let mut tx = state.db.begin().await?;
    if !store::mark_answered(&mut tx, id, &me.id).await? {
        return Err(AppError::Invalid { field: "survey", code: "survey-already-answered" });
    }
    store::insert_response(&mut tx, &response, id, &today).await?;
    for (question, choice, value, text) in rows {
        let row = uuid::Uuid::new_v4().to_string();
        let sealed = text.map(|t| key.seal(place(&row), t.as_bytes()));
        let answer =
            store::Answer { question: &question, choice, value, text_enc: sealed.as_deref() };
        store::insert_answer(&mut tx, &row, &actor.org_id, &response, &answer).await?;
    }
    tx.commit().await?;
    Ok(())
}

type Row = (String, i64, Option<i64>, Option<String>);

/// The rows one question's values give, or the reason they are refused.
fn read(question: &Question, values: &[&str]) -> AppResult<Vec<Row>> {
    let invalid = || AppError::Invalid { field: "answers", code: "survey-answer-invalid" };
    let key = question.key.clone();
    let number = |text: &str| -> AppResult<i64> {
        let n: i64 = text.parse().map_err(|_| invalid())?;
        if question.range().contains(&n) { Ok(n) } else { Err(invalid()) }
    };
    match question.kind {
        Kind::Likert | Kind::Scale | Kind::Single => match values {
            [one] => Ok(vec![(key, 0, Some(number(one)?), None)]),
            [] => Err(AppError::Invalid { field: "answers", code: "survey-answer-missing" }),
            _ => Err(invalid()),
        },
        Kind::Multiple => {
            let mut chosen = Vec::new();
            for value in values {
                let n = number(value)?;
                if !chosen.contains(&n) {
                    chosen.push(n);
                }
            }
            Ok(chosen.into_iter().map(|n| (key.clone(), n, Some(1), None)).collect())
        }
        Kind::Text => match values {
            [] => Ok(Vec::new()),
            [one] if one.chars().count() <= MAX_TEXT_CHARS => {
                Ok(vec![(key, 0, None, Some(one.to_string()))])
            }
            _ => Err(AppError::Invalid { field: "answers", code: "survey-text-too-long" }),
        },
    }
}

/// How many open surveys asking the person they have not answered yet.
pub async fn waiting_count(state: &AppState, actor: &CurrentUser) -> AppResult<i64> {
    let today = today(state, &actor.org_id).await?;
    Ok(store::waiting_count(state.db.reader(), &actor.org_id, &actor.user_id, &today).await?)
}
