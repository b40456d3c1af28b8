//! The cybersecurity awareness course's quiz: six questions, three answers each, graded on the
//! server. Five right answers pass; a pass is recorded for the person (and counted, never shown
//! per person, in their teams' coverage).

use std::collections::HashMap;

use super::model::{Course, Coverage, MIN_GROUP};
use super::store;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::org::Permission;
use crate::state::AppState;

/// The right answer of each question (`course-q<n>-a<k>`), in order.
pub const ANSWERS: [usize; 6] = [1, 2, 0, 2, 1, 0];
/// Answers per question.
pub const CHOICES: usize = 3;
/// Right answers needed to pass.
pub const PASS: usize = 5;

/// A graded quiz: which questions were right, and whether it passed.
#[derive(Debug, Clone, Default)]
pub struct Graded {
    pub chosen: Vec<Option<usize>>,
    pub right: Vec<bool>,
    pub passed: bool,
}

impl Graded {
    pub fn score(&self) -> usize {
        self.right.iter().filter(|r| **r).count()
    }
}

/// Grades the form (`q1`…`q6` → answer index); an unanswered question is wrong, an answer that
/// is not one of the choices is refused.
pub fn grade(form: &HashMap<String, String>) -> AppResult<Graded> {
    let mut graded = Graded::default();
    for (index, right) in ANSWERS.iter().enumerate() {
        let field = format!("q{}", index + 1);
        let chosen = match form.get(&field).map(|v| v.trim()) {
            None | Some("") => None,
            Some(text) => Some(
                text.parse::<usize>()
                    .ok()
                    .filter(|choice| *choice < CHOICES)
                    .ok_or(AppError::Invalid { field: "quiz", code: "course-answer-invalid" })?,
            ),
        };
        graded.right.push(chosen == Some(*right));
        graded.chosen.push(chosen);
    }
    graded.passed = graded.score() >= PASS;
    Ok(graded)
}

/// Grades and, when passed, records the completion.
pub async fn submit(
    state: &AppState,
    person: &CurrentUser,
    form: &HashMap<String, String>,
) -> AppResult<Graded> {
    let graded = grade(form)?;
    if graded.passed {
        let score = graded.score() as i64;
        let now = state.clock.now_ms();
        store::complete(
            state.db.writer(),
            &person.org_id,
            &person.user_id,
            Course::Security,
            score,
            ANSWERS.len() as i64,
            now,
        )
        .await?;
    }
    Ok(graded)
}

/// Each team's coverage, for those who look after security (never a list of names).
pub async fn coverage(state: &AppState, actor: &CurrentUser) -> AppResult<Vec<Coverage>> {
    actor.require(Permission::HandleSecurity)?;
    let reader = state.db.reader();
    let mut out = Vec::new();
    for team in crate::org::store::list_teams(reader, &actor.org_id).await? {
        let members = crate::org::store::team_member_ids(reader, &team.id).await?;
        let count = members.len() as i64;
        let completed = if count >= MIN_GROUP {
            Some(store::completed_among(reader, &actor.org_id, Course::Security, &members).await?)
        } else {
            None
        };
        out.push(Coverage { team: team.name, members: count, completed });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(answers: &[(&str, &str)]) -> HashMap<String, String> {
        answers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn five_right_answers_pass_and_odd_answers_are_refused() {
        let all_right: Vec<(String, String)> = ANSWERS
            .iter()
            .enumerate()
            .map(|(i, a)| (format!("q{}", i + 1), a.to_string()))
            .collect();
        let mut answers: HashMap<String, String> = all_right.into_iter().collect();
        assert!(grade(&answers).unwrap().passed);
        answers.insert("q1".into(), "0".into());
        assert_eq!(grade(&answers).unwrap().score(), 5);
        answers.insert("q2".into(), String::new());
        assert!(!grade(&answers).unwrap().passed);
        assert!(grade(&form(&[("q1", "7")])).is_err());
        assert!(grade(&form(&[("q1", "-1")])).is_err());
        assert!(!grade(&form(&[])).unwrap().passed);
    }
}
