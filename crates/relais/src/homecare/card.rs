//! The patient's home card: a QR code carrying a secret and a short code to type, both proving the
//! caregiver is at the patient's home. Only digests are stored; printing a new card (rotation)
//! makes the old one useless.

use crate::homecare::model::PatientId;
use rand::Rng;
use rand::rngs::OsRng;

use super::patients::visible;
use super::store::rounds as store;
use crate::audit::trail::{Trail, finish, record};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::homecare::actions::Action;
use crate::org::Permission;
use crate::secrets::{constant_time_eq, digest, random_token};
use crate::state::AppState;

/// Letters and digits that cannot be mistaken for one another (no 0/O, 1/I/L).
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const CODE_LENGTH: usize = 8;

/// A freshly printed card: shown once, never stored in clear.
pub struct Card {
    pub secret: String,
    pub code: String,
}

/// The code as people type it: case, spaces and dashes do not matter.
pub fn normalise_code(text: &str) -> String {
    text.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_uppercase()).collect()
}

fn code_digest(patient_id: &str, code: &str) -> String {
    digest(&format!("{patient_id}:{}", normalise_code(code)))
}

/// The code grouped for reading aloud or printing: `ABCD-EFGH`.
pub fn display_code(code: &str) -> String {
    let (head, tail) = code.split_at(code.len() / 2);
    format!("{head}-{tail}")
}

/// Issues a new card for the patient; the previous card stops working at once.
pub async fn issue(
    state: &AppState,
    actor: &CurrentUser,
    patient_id: &PatientId,
) -> AppResult<Card> {
    actor.require(Permission::PlanRounds)?;
    visible(state, actor, patient_id).await?;
    let code: String = (0..CODE_LENGTH)
        .map(|_| char::from(CODE_ALPHABET[OsRng.gen_range(0..CODE_ALPHABET.len())]))
        .collect();
    let card = Card { secret: random_token(24), code };
    let mut tx = state.db.begin().await?;
    let secret_digest = digest(&card.secret);
    let code_digest = code_digest(patient_id, &card.code);
    if !store::set_card(&mut *tx, &actor.org_id, patient_id, &secret_digest, &code_digest).await? {
        return Err(AppError::NotFound);
    }
    let trail = Trail {
        action: Action::PatientCardIssue.as_str(),
        object_type: "patient",
        object_id: patient_id,
        patient_id: Some(patient_id.as_str()),
        reason: None,
    };
    record(&mut tx, state, actor, &trail, &[]).await?;
    finish(tx, state).await?;
    Ok(card)
}

/// How a caregiver proves they are at the patient's home.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Proof<'a> {
    /// The secret read from the QR code.
    Scan(&'a str),
    /// The short code typed from the card.
    Code(&'a str),
}

/// Checks a proof against the patient's current card. Only wrong proofs count against the
/// caregiver's attempt budget: a phone replaying a day of queued check-ins is never slowed down,
/// while guessing a code is (ten wrong tries, then one every 30 seconds).
pub async fn verify(
    state: &AppState,
    actor: &CurrentUser,
    patient_id: &PatientId,
    proof: Proof<'_>,
) -> AppResult<()> {
    use crate::auth::throttle::Attempt;
    let wrong = AppError::Invalid { field: "code", code: "card-code-wrong" };
    let Some((secret_digest, stored_code_digest)) =
        store::card_digests(state.db.reader(), &actor.org_id, patient_id).await?
    else {
        return Err(AppError::Invalid { field: "code", code: "card-not-issued" });
    };
    let matches = match proof {
        Proof::Scan(secret) => constant_time_eq(&digest(secret.trim()), &secret_digest),
        Proof::Code(code) => constant_time_eq(&code_digest(patient_id, code), &stored_code_digest),
    };
    if matches {
        return Ok(());
    }
    state.throttles.check(Attempt::CardCode, &actor.user_id, actor.client.ip)?;
    Err(wrong)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_ignore_case_spaces_and_dashes() {
        assert_eq!(normalise_code(" abcd-efgh "), "ABCDEFGH");
        assert_eq!(code_digest("p", "abcd efgh"), code_digest("p", "ABCD-EFGH"));
        assert_ne!(
            code_digest("p", "ABCDEFGH"),
            code_digest("q", "ABCDEFGH"),
            "bound to the patient"
        );
        assert_eq!(display_code("ABCDEFGH"), "ABCD-EFGH");
    }
}
