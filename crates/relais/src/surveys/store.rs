//! SQL of surveys. Participants and responses are written apart and never joined.

use sqlx::{Any, AnyConnection, Executor};

/// A survey as stored (its questions as JSON).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StoredSurvey {
    pub id: String,
    pub org_id: String,
    pub team_id: Option<String>,
    pub team_name: String,
    pub title: String,
    pub questions: String,
    pub opens_on: String,
    pub closes_on: String,
    pub min_group: i64,
    pub created_at: i64,
    /// The change a digital-and-work questionnaire's waves compare around.
    pub series: Option<String>,
    pub wave: Option<String>,
    /// Repeated every so many days (14 or 28); none for a single survey.
    pub every_days: Option<i64>,
}

const SURVEY: &str = "SELECT s.id, s.org_id, s.team_id, COALESCE(t.name, '') AS team_name, \
    s.title, s.questions, s.opens_on, s.closes_on, CAST(s.min_group AS BIGINT) AS min_group, \
    s.created_at, s.series, s.wave, CAST(s.every_days AS BIGINT) AS every_days FROM surveys s LEFT JOIN teams t ON t.id = s.team_id";

pub async fn of_org(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
) -> sqlx::Result<Vec<StoredSurvey>> {
    let sql = format!("{SURVEY} WHERE s.org_id = $1 ORDER BY s.closes_on DESC, s.created_at DESC");
    sqlx::query_as(&sql).bind(org_id).fetch_all(db).await
}

pub async fn find(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    id: &str,
) -> sqlx::Result<Option<StoredSurvey>> {
    let sql = format!("{SURVEY} WHERE s.org_id = $1 AND s.id = $2");
    sqlx::query_as(&sql).bind(org_id).bind(id).fetch_optional(db).await
}

pub struct NewSurvey<'a> {
    pub id: &'a str,
    pub org_id: &'a str,
    pub team_id: Option<&'a str>,
    pub title: &'a str,
    pub questions: &'a str,
    pub opens_on: &'a str,
    pub closes_on: &'a str,
    pub min_group: i64,
    pub series: Option<&'a str>,
    pub wave: Option<&'a str>,
    pub every_days: Option<i64>,
    /// The occurrence this one repeats.
    pub follows: Option<&'a str>,
    pub by: Option<&'a str>,
    pub at: i64,
}

pub async fn insert(conn: &mut AnyConnection, new: &NewSurvey<'_>) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO surveys (id, org_id, team_id, title, questions, opens_on, closes_on, \
         min_group, created_by, created_at, series, wave, every_days, follows) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) \
         ON CONFLICT (follows) DO NOTHING",
    )
    .bind(new.id)
    .bind(new.org_id)
    .bind(new.team_id)
    .bind(new.title)
    .bind(new.questions)
    .bind(new.opens_on)
    .bind(new.closes_on)
    .bind(new.min_group)
    .bind(new.by)
    .bind(new.at)
    .bind(new.series)
    .bind(new.wave)
    .bind(new.every_days)
    .bind(new.follows)
    .execute(conn)
    .await?;
    Ok(())
}

/// Moves the closing day (closing a survey early).
pub async fn close(conn: &mut AnyConnection, id: &str, on: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE surveys SET closes_on = $1 WHERE id = $2 AND closes_on > $1")
        .bind(on)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Records that the person answered; `false` if they already had.
pub async fn mark_answered(
    conn: &mut AnyConnection,
    survey: &str,
    user_id: &str,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "INSERT INTO survey_participants (survey_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
    )
    .bind(survey)
    .bind(user_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn has_answered(
    db: impl Executor<'_, Database = Any>,
    survey: &str,
    user_id: &str,
) -> sqlx::Result<bool> {
    let count: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM survey_participants WHERE survey_id = $1 AND user_id = $2",
    )
    .bind(survey)
    .bind(user_id)
    .fetch_one(db)
    .await?;
    Ok(count > 0)
}

pub async fn insert_response(
    conn: &mut AnyConnection,
    id: &str,
    survey: &str,
    day: &str,
) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO survey_responses (id, survey_id, answered_on) VALUES ($1, $2, $3)")
        .bind(id)
        .bind(survey)
        .bind(day)
        .execute(conn)
        .await?;
    Ok(())
}

/// One answer of a sheet.
pub struct Answer<'a> {
    pub question: &'a str,
    pub choice: i64,
    pub value: Option<i64>,
    pub text_enc: Option<&'a [u8]>,
}

pub async fn insert_answer(
    conn: &mut AnyConnection,
    id: &str,
    org_id: &str,
    response: &str,
    answer: &Answer<'_>,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO survey_answers (id, org_id, response_id, question, choice, value, text_enc) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id)
    .bind(org_id)
    .bind(response)
    .bind(answer.question)
    .bind(answer.choice)
    .bind(answer.value)
    .bind(answer.text_enc)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn response_count(
    db: impl Executor<'_, Database = Any>,
    survey: &str,
) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM survey_responses WHERE survey_id = $1")
        .bind(survey)
        .fetch_one(db)
        .await
}

/// (question, choice, value, count) of the numeric answers of a survey.
pub async fn tallies(
    db: impl Executor<'_, Database = Any>,
    survey: &str,
) -> sqlx::Result<Vec<(String, i64, i64, i64)>> {
    sqlx::query_as(
        "SELECT a.question, CAST(a.choice AS BIGINT), CAST(a.value AS BIGINT), COUNT(*) \
         FROM survey_answers a JOIN survey_responses r ON r.id = a.response_id \
         WHERE r.survey_id = $1 AND a.value IS NOT NULL GROUP BY a.question, a.choice, a.value",
    )
    .bind(survey)
    .fetch_all(db)
    .await
}

/// (question, answer id, sealed text) of a survey's free answers.
pub async fn texts(
    db: impl Executor<'_, Database = Any>,
    survey: &str,
) -> sqlx::Result<Vec<(String, String, Vec<u8>)>> {
    sqlx::query_as(
        "SELECT a.question, a.id, a.text_enc FROM survey_answers a \
         JOIN survey_responses r ON r.id = a.response_id \
         WHERE r.survey_id = $1 AND a.text_enc IS NOT NULL",
    )
    .bind(survey)
    .fetch_all(db)
    .await
}

/// Recurring surveys whose next occurrence is not created yet.
pub async fn recurring_without_next(
    db: impl Executor<'_, Database = Any>,
) -> sqlx::Result<Vec<(String, StoredSurvey)>> {
    let sql = format!(
        "{SURVEY} WHERE s.every_days IS NOT NULL \
         AND NOT EXISTS (SELECT 1 FROM surveys n WHERE n.follows = s.id)"
    );
    let surveys: Vec<StoredSurvey> = sqlx::query_as(&sql).fetch_all(db).await?;
    Ok(surveys.into_iter().map(|s| (s.org_id.clone(), s)).collect())
}

/// Stops a survey repeating.
pub async fn stop_repeating(conn: &mut AnyConnection, id: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE surveys SET every_days = NULL WHERE id = $1")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// How many open surveys asking `user` (in `teams`, or the whole organisation) they have not
/// answered yet.
pub async fn waiting_count(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    user: &str,
    today: &str,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM surveys s WHERE s.org_id = $1 AND s.opens_on <= $3 \
         AND s.closes_on >= $3 \
         AND (s.team_id IS NULL OR s.team_id IN (SELECT team_id FROM team_members WHERE user_id = $2)) \
         AND NOT EXISTS (SELECT 1 FROM survey_participants p WHERE p.survey_id = s.id AND p.user_id = $2)",
    )
    .bind(org_id)
    .bind(user)
    .bind(today)
    .fetch_one(db)
    .await
}

/// Deletes the answer sheets of the organisation's surveys answered before `day` (with their
/// answers); returns how many sheets.
pub async fn purge_responses_before(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    day: &str,
) -> sqlx::Result<u64> {
    let done = sqlx::query(
        "DELETE FROM survey_responses WHERE answered_on < $1 \
         AND survey_id IN (SELECT id FROM surveys WHERE org_id = $2)",
    )
    .bind(day)
    .bind(org_id)
    .execute(db)
    .await?;
    Ok(done.rows_affected())
}
