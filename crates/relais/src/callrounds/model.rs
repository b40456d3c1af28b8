//! The outcomes of a call, and where a person stands in a round.

use crate::text_enum::text_enum;

text_enum! {
    Outcome { Reached = "reached", NoAnswer = "no_answer", WrongNumber = "wrong_number" }
}

/// Where one person stands in the current round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Not called yet, or not answered with tries left.
    Pending,
    Reached,
    WrongNumber,
    /// Every try of the round went unanswered.
    Unreached,
}

impl Standing {
    pub fn as_str(self) -> &'static str {
        match self {
            Standing::Pending => "pending",
            Standing::Reached => "reached",
            Standing::WrongNumber => "wrong_number",
            Standing::Unreached => "unreached",
        }
    }
}
