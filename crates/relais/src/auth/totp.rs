//! Time-based one-time passwords (RFC 6238) and recovery codes.

use rand::RngCore;
use rand::rngs::OsRng;
use totp_rs::{Algorithm, TOTP};

pub const STEP_SECONDS: u64 = 30;
pub const RECOVERY_CODE_COUNT: usize = 10;
const ISSUER: &str = "Relais";

/// A new random secret (160 bits), base32 as authenticator apps expect.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 20];
    OsRng.fill_bytes(&mut bytes);
    data_encoding_base32(&bytes)
}

fn data_encoding_base32(bytes: &[u8]) -> String {
    totp_rs::Secret::Raw(bytes.to_vec()).to_encoded().to_string()
}

fn totp(secret: &str, account: &str) -> anyhow::Result<TOTP> {
    let bytes = totp_rs::Secret::Encoded(secret.to_string())
        .to_bytes()
        .map_err(|e| anyhow::anyhow!("invalid TOTP secret: {e:?}"))?;
    TOTP::new(
        Algorithm::SHA1,
        6,
        1,
        STEP_SECONDS,
        bytes,
        Some(ISSUER.to_string()),
        account.to_string(),
    )
    .map_err(|e| anyhow::anyhow!("invalid TOTP parameters: {e}"))
}

/// The `otpauth://` URL an authenticator app reads from the QR code.
pub fn otpauth_url(secret: &str, account: &str) -> anyhow::Result<String> {
    Ok(totp(secret, account)?.get_url())
}

/// The time step a code is valid for, within one step of drift and after `last_used_step`
/// (a step already used is refused, so a code cannot be replayed).
pub fn matching_step(
    secret: &str,
    code: &str,
    now_secs: u64,
    last_used_step: Option<i64>,
) -> Option<i64> {
    let code = code.trim().replace(' ', "");
    if code.len() != 6 || !code.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let generator = totp(secret, "check").ok()?;
    let current = now_secs / STEP_SECONDS;
    let mut found = None;
    for step in [current.saturating_sub(1), current, current + 1] {
        let expected = generator.generate(step * STEP_SECONDS);
        if crate::secrets::constant_time_eq(&expected, &code) {
            found = i64::try_from(step).ok();
        }
    }
    let step = found?;
    match last_used_step {
        Some(last) if step <= last => None,
        _ => Some(step),
    }
}

/// The code an authenticator shows at `at_secs` (for tests and the demo).
pub fn code_at(secret: &str, at_secs: u64) -> anyhow::Result<String> {
    Ok(totp(secret, "check")?.generate(at_secs))
}

/// Ten new recovery codes like `k7m2-q9xd-4hpt`.
pub fn new_recovery_codes() -> Vec<String> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    (0..RECOVERY_CODE_COUNT)
        .map(|_| {
            let mut bytes = [0u8; 12];
            OsRng.fill_bytes(&mut bytes);
            let chars: Vec<char> = bytes
                .iter()
                .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
                .collect();
            chars.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-")
        })
        .collect()
}

/// Recovery codes are compared in a canonical form: lower case, no separators.
pub fn normalise_recovery_code(code: &str) -> String {
    code.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_lowercase()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_accepted_within_one_step_of_drift() {
        let secret = new_secret();
        let now = 1_800_000_000;
        for offset in [-30i64, 0, 30] {
            let code = code_at(&secret, (now + offset) as u64).unwrap();
            assert!(matching_step(&secret, &code, now as u64, None).is_some(), "offset {offset}");
        }
        let far = code_at(&secret, now as u64 - 90).unwrap();
        assert_eq!(matching_step(&secret, &far, now as u64, None), None);
        assert_eq!(matching_step(&secret, "12345", now as u64, None), None);
        assert_eq!(matching_step(&secret, "abcdef", now as u64, None), None);
    }

    #[test]
    fn a_used_step_cannot_be_replayed() {
        let secret = new_secret();
        let now = 1_800_000_000u64;
        let code = code_at(&secret, now).unwrap();
        let step = matching_step(&secret, &code, now, None).unwrap();
        assert_eq!(matching_step(&secret, &code, now, Some(step)), None);
        let next = code_at(&secret, now + 30).unwrap();
        assert!(matching_step(&secret, &next, now + 30, Some(step)).is_some());
    }

    #[test]
    fn recovery_codes_are_distinct_and_normalise() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), 10);
        let unique: std::collections::HashSet<_> = codes.iter().collect();
        assert_eq!(unique.len(), 10);
        assert_eq!(normalise_recovery_code(" K7M2-Q9XD-4HPT "), "k7m2q9xd4hpt");
    }

    #[test]
    fn the_enrolment_url_and_qr_code_render() {
        let secret = new_secret();
        let url = otpauth_url(&secret, "anne@ssiad.fr").unwrap();
        assert!(url.starts_with("otpauth://totp/Relais:anne"));
        assert!(crate::web::qr::qr_svg(&url).unwrap().starts_with("<?xml"));
    }
}
