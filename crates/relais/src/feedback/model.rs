//! The kinds, topics and statuses of feedback items, as stored.

use crate::text_enum::text_enum;

text_enum! { Kind { Suggestion = "suggestion", Problem = "problem" } }
text_enum! { Topic { Work = "work", Tools = "tools", Organisation = "organisation" } }
text_enum! {
    Status { Received = "received", Studying = "studying", Done = "done", Declined = "declined" }
}

impl Status {
    /// Still waiting for a decision.
    pub fn is_open(self) -> bool {
        matches!(self, Status::Received | Status::Studying)
    }
}
