//! `Range: bytes=…` on downloads (resumed downloads, media players, PDF viewers): one range is
//! served as 206 from the opened stream (the bytes before it are opened and skipped: the sealed
//! chunks are authenticated in order); a range past the end is 416; several ranges at once get
//! the whole file, as RFC 9110 allows.

use std::ops::Bound;

use axum::body::Body;
use axum::http::HeaderMap;
use bytes::{Buf, Bytes};
use futures_util::StreamExt;
use headers::HeaderMapExt;

/// What the client asked for, against a file of a known size.
#[derive(Debug, PartialEq, Eq)]
pub enum Wanted {
    Whole,
    /// From `start`, `len` bytes.
    Part {
        start: u64,
        len: u64,
    },
    Unsatisfiable,
}

pub fn wanted(headers: &HeaderMap, size: u64) -> Wanted {
    let Some(range) = headers.typed_get::<headers::Range>() else { return Wanted::Whole };
    // A header that does not parse is ignored (RFC 9110 §14.2): against an endless file every
    // well-formed range is satisfiable, so none means none was well formed.
    if range.satisfiable_ranges(u64::MAX).next().is_none() {
        return Wanted::Whole;
    }
    let ranges: Vec<_> = range.satisfiable_ranges(size).collect();
    match ranges.as_slice() {
        [] => Wanted::Unsatisfiable,
        [(from, to)] => {
            let start = match from {
                Bound::Included(n) => *n,
                Bound::Excluded(n) => n.saturating_add(1),
                Bound::Unbounded => 0,
            };
            let end = match to {
                Bound::Included(n) => n.saturating_add(1).min(size),
                Bound::Excluded(n) => (*n).min(size),
                Bound::Unbounded => size,
            };
            if start >= end {
                Wanted::Unsatisfiable
            } else {
                Wanted::Part { start, len: end - start }
            }
        }
        _ => Wanted::Whole,
    }
}

/// The `len` bytes of `body` from `start`.
pub fn slice(body: Body, start: u64, len: u64) -> Body {
    let chunks = body.into_data_stream();
    let sliced = futures_util::stream::unfold(
        (chunks, start, len),
        |(mut chunks, mut skip, mut left)| async move {
            while left > 0 {
                let mut chunk: Bytes = match chunks.next().await? {
                    Ok(chunk) => chunk,
                    Err(error) => return Some((Err(error), (chunks, 0, 0))),
                };
                let skipped = usize::try_from(skip).unwrap_or(usize::MAX).min(chunk.len());
                chunk.advance(skipped);
                skip -= skipped as u64;
                if chunk.is_empty() {
                    continue;
                }
                let taken = usize::try_from(left).unwrap_or(usize::MAX).min(chunk.len());
                left -= taken as u64;
                return Some((Ok(chunk.split_to(taken)), (chunks, skip, left)));
            }
            None
        },
    );
    Body::from_stream(sliced)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asked(value: &str, size: u64) -> Wanted {
        let mut headers = HeaderMap::new();
        headers.insert(axum::http::header::RANGE, value.parse().unwrap());
        wanted(&headers, size)
    }

    #[test]
    fn one_range_is_a_part_past_the_end_is_unsatisfiable_several_are_the_whole() {
        assert_eq!(wanted(&HeaderMap::new(), 10), Wanted::Whole);
        assert_eq!(asked("bytes=2-4", 10), Wanted::Part { start: 2, len: 3 });
        assert_eq!(asked("bytes=7-", 10), Wanted::Part { start: 7, len: 3 });
        assert_eq!(asked("bytes=-4", 10), Wanted::Part { start: 6, len: 4 });
        assert_eq!(asked("bytes=5-1000", 10), Wanted::Part { start: 5, len: 5 });
        assert_eq!(asked("bytes=10-", 10), Wanted::Unsatisfiable);
        assert_eq!(asked("bytes=0-1,4-5", 10), Wanted::Whole);
        assert_eq!(asked("pages=1-2", 10), Wanted::Whole);
        assert_eq!(asked("bytes=zz", 10), Wanted::Whole);
    }

    #[tokio::test]
    async fn a_slice_crosses_chunks() {
        let chunks: Vec<Result<Bytes, std::io::Error>> = vec![
            Ok(Bytes::from_static(b"abcd")),
            Ok(Bytes::from_static(b"efgh")),
            Ok(Bytes::from_static(b"ij")),
        ];
        let body = Body::from_stream(futures_util::stream::iter(chunks));
        let sliced = axum::body::to_bytes(slice(body, 3, 6), 100).await.unwrap();
        assert_eq!(&sliced[..], b"defghi");
    }
}
