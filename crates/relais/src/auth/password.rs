//! Passwords: Argon2id with OWASP parameters, hashed off the async threads.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::org::fields::FieldError;

pub const MIN_CHARS: usize = 12;
pub const MAX_CHARS: usize = 256;

fn argon2() -> anyhow::Result<Argon2<'static>> {
    // OWASP: m = 19 MiB, t = 2, p = 1.
    let params = Params::new(19 * 1024, 2, 1, None).map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Checks a new password: long enough, not absurdly long, and not common or guessable from the
/// person's own name or e-mail. No composition rules.
pub fn check_new(password: &str, personal_words: &[&str]) -> Result<(), FieldError> {
    let length = password.chars().count();
    if length < MIN_CHARS {
        return Err(FieldError("password-too-short"));
    }
    if length > MAX_CHARS {
        return Err(FieldError("password-too-long"));
    }
    let lowered: Vec<String> = personal_words.iter().map(|word| word.to_lowercase()).collect();
    let mut words: Vec<&str> = lowered
        .iter()
        .flat_map(|word| word.split(|c: char| !c.is_alphanumeric()))
        .filter(|word| word.len() >= 3)
        .collect();
    words.extend(lowered.iter().map(String::as_str));
    let estimate = zxcvbn::zxcvbn(password, &words);
    if u8::from(estimate.score()) < 3 {
        return Err(FieldError("password-too-common"));
    }
    Ok(())
}

/// Hashes a password on a blocking thread.
pub async fn hash(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        argon2()?
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|e| anyhow::anyhow!("hashing failed: {e}"))
    })
    .await?
}

/// Verifies a password on a blocking thread. With no stored hash it verifies against `dummy`
/// so that an unknown account takes as long as a known one, and always fails.
pub async fn verify(password: String, stored: Option<String>, dummy: &str) -> bool {
    let known = stored.is_some();
    let stored = stored.unwrap_or_else(|| dummy.to_string());
    let outcome = tokio::task::spawn_blocking(move || {
        let Ok(parsed) = PasswordHash::new(&stored) else { return false };
        argon2().is_ok_and(|a| a.verify_password(password.as_bytes(), &parsed).is_ok())
    })
    .await;
    known && outcome.unwrap_or(false)
}

/// A hash of a random password, used by `verify` for unknown accounts.
pub async fn dummy_hash() -> anyhow::Result<String> {
    hash(crate::secrets::random_token(24)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_common_and_personal_passwords_are_refused() {
        assert_eq!(check_new("court", &[]), Err(FieldError("password-too-short")));
        assert_eq!(check_new("password1234", &[]), Err(FieldError("password-too-common")));
        assert_eq!(check_new("azertyuiop123", &[]), Err(FieldError("password-too-common")));
        assert_eq!(
            check_new("martinmartin1", &["anne.martin@ssiad.fr", "Anne Martin"]),
            Err(FieldError("password-too-common"))
        );
        assert_eq!(check_new(&"x".repeat(300), &[]), Err(FieldError("password-too-long")));
        assert_eq!(
            check_new("claire dubois", &["claire.dubois@ssiad.fr", "Claire Dubois"]),
            Err(FieldError("password-too-common"))
        );
        assert!(check_new("tournesol vélo lundi matin", &[]).is_ok());
    }

    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let dummy = dummy_hash().await.unwrap();
        let stored = hash("tournesol vélo lundi".into()).await.unwrap();
        assert!(stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify("tournesol vélo lundi".into(), Some(stored.clone()), &dummy).await);
        assert!(!verify("tournesol velo lundi".into(), Some(stored), &dummy).await);
        assert!(!verify("anything".into(), None, &dummy).await);
    }
}
