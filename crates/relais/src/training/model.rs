//! Training's types.

use crate::text_enum::text_enum;

text_enum! {
    /// An awareness course (`training_completions_course_known`).
    Course { Security = "security" }
}

/// A person's completion of a course.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Completion {
    pub score: i64,
    pub out_of: i64,
    pub completed_at: i64,
}

/// A team's coverage: how many of its members completed the course. Shown only from five
/// members, as every aggregate about people.
#[derive(Debug, Clone)]
pub struct Coverage {
    pub team: String,
    pub members: i64,
    /// None below five members.
    pub completed: Option<i64>,
}

impl Coverage {
    pub fn percent(&self) -> Option<i64> {
        self.completed.map(|done| if self.members == 0 { 0 } else { done * 100 / self.members })
    }
}

/// The smallest group an aggregate about people is shown for.
pub const MIN_GROUP: i64 = 5;
