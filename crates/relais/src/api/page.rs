//! Pagination by cursor: a list answers `{ items, next_cursor }`; the next page is asked with
//! `?cursor=…`. A cursor is opaque to the client and signed with the installation's secret over
//! the query it belongs to: a forged cursor, or one taken from another query (another
//! conversation, another filter), is refused with `cursor-invalid` instead of paging something else.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// The page size when none is asked.
pub const DEFAULT_LIMIT: usize = 50;
/// The largest page one may ask for.
pub const MAX_LIMIT: usize = 500;
/// A cursor longer than this is not one of ours.
const MAX_CURSOR_CHARS: usize = 512;

/// `?cursor=…&limit=…` of a list.
#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    pub cursor: Option<String>,
    pub limit: Option<String>,
}

/// One page of a list.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Pass it as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// Where a list resumes: the sort key of the last item given, checked to belong to `query`.
pub struct Position {
    pub after: Option<String>,
    pub limit: usize,
}

/// Reads `cursor` and `limit` for the list identified by `query` (the path and its filters).
pub async fn position(state: &AppState, query: &str, asked: &PageQuery) -> AppResult<Position> {
    let limit = match asked.limit.as_deref().map(str::trim) {
        None | Some("") => DEFAULT_LIMIT,
        Some(text) => match text.parse::<usize>() {
            Ok(n) if (1..=MAX_LIMIT).contains(&n) => n,
            _ => return Err(AppError::Invalid { field: "limit", code: "limit-out-of-range" }),
        },
    };
    let after = match asked.cursor.as_deref().filter(|c| !c.is_empty()) {
        None => None,
        Some(cursor) => Some(open(&secret(state).await?, query, cursor)?),
    };
    Ok(Position { after, limit })
}

/// Makes the page: `rows` holds up to `limit + 1` items in order; the extra one, if there, means
/// a next page, which resumes after the key of the last item kept.
pub async fn page<T, U>(
    state: &AppState,
    query: &str,
    position: &Position,
    mut rows: Vec<T>,
    key: impl Fn(&T) -> String,
    view: impl FnMut(T) -> U,
) -> AppResult<Page<U>> {
    let more = rows.len() > position.limit;
    rows.truncate(position.limit);
    let next_cursor = match rows.last() {
        Some(last) if more => Some(seal(&secret(state).await?, query, &key(last))),
        _ => None,
    };
    Ok(Page { items: rows.into_iter().map(view).collect(), next_cursor })
}

async fn secret(state: &AppState) -> AppResult<[u8; 32]> {
    state.keys.installation_secret(&state.db, "api.cursor").await.map_err(AppError::internal)
}

fn mac(secret: &[u8; 32], query: &str, key: &str) -> Vec<u8> {
    // HMAC takes a key of any length: this never fails (and an empty tag never opens).
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret) else { return Vec::new() };
    mac.update(query.as_bytes());
    mac.update(&[0x1f]);
    mac.update(key.as_bytes());
    mac.finalize().into_bytes()[..16].to_vec()
}

fn seal(secret: &[u8; 32], query: &str, key: &str) -> String {
    format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(key.as_bytes()),
        URL_SAFE_NO_PAD.encode(mac(secret, query, key))
    )
}

/// The error of a cursor that is not one of ours (also for a list whose key does not parse).
pub fn invalid() -> AppError {
    AppError::Invalid { field: "cursor", code: "cursor-invalid" }
}

fn open(secret: &[u8; 32], query: &str, cursor: &str) -> AppResult<String> {
    let invalid = invalid();
    if cursor.len() > MAX_CURSOR_CHARS {
        return Err(invalid);
    }
    let Some((key, tag)) = cursor.split_once('.') else { return Err(invalid) };
    let (Ok(key), Ok(tag)) = (URL_SAFE_NO_PAD.decode(key), URL_SAFE_NO_PAD.decode(tag)) else {
        return Err(invalid);
    };
    let Ok(key) = String::from_utf8(key) else { return Err(invalid) };
    let expected = mac(secret, query, &key);
    if expected.is_empty()
        || !bool::from(subtle::ConstantTimeEq::ct_eq(expected.as_slice(), tag.as_slice()))
    {
        return Err(invalid);
    }
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_opens_only_for_its_own_query() {
        let secret = [7u8; 32];
        let cursor = seal(&secret, "messages:c1", "42");
        assert_eq!(open(&secret, "messages:c1", &cursor).unwrap(), "42");
        assert!(open(&secret, "messages:c2", &cursor).is_err());
        assert!(open(&[8u8; 32], "messages:c1", &cursor).is_err());
        let forged =
            format!("{}.{}", URL_SAFE_NO_PAD.encode("41"), cursor.split('.').nth(1).unwrap());
        assert!(open(&secret, "messages:c1", &forged).is_err());
        assert!(open(&secret, "messages:c1", "not a cursor").is_err());
        assert!(open(&secret, "messages:c1", &"a".repeat(600)).is_err());
    }
}
