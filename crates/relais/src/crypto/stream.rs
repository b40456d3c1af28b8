//! Streaming encryption for files: 64 KiB chunks, each authenticated with its index and whether
//! it is the last one, so truncation, reordering and tampering are all detected.
//!
//! Layout: `"RLS1" || key version (4) || base nonce (19)`, then chunks of `ciphertext || tag`.
//! Chunk nonce: `base nonce || chunk index (4, big-endian) || last-chunk flag (1)`.

use std::io::{Read, Write};

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;
use rand::rngs::OsRng;

use super::CryptoError;
use super::keyring::{DataKey, Place};

const MAGIC: &[u8; 4] = b"RLS1";
const CHUNK: usize = 64 * 1024;
const TAG: usize = 16;
const BASE_NONCE: usize = 19;

fn nonce(base: &[u8; BASE_NONCE], index: u32, last: bool) -> XNonce {
    let mut nonce = [0u8; 24];
    nonce[..BASE_NONCE].copy_from_slice(base);
    nonce[BASE_NONCE..BASE_NONCE + 4].copy_from_slice(&index.to_be_bytes());
    nonce[23] = u8::from(last);
    *XNonce::from_slice(&nonce)
}

fn associated_data(key: &DataKey, place: Place<'_>) -> Vec<u8> {
    format!("relais-stream:{}:{}:{}:{}", place.table, place.column, place.row_id, key.version())
        .into_bytes()
}

/// Reads as much as fits in `buffer`; fewer bytes only at the end of the input.
fn fill(reader: &mut impl Read, buffer: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match reader.read(&mut buffer[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

/// Encrypts everything `reader` yields into `writer`; returns the plaintext length.
pub fn seal(
    key: &DataKey,
    place: Place<'_>,
    mut reader: impl Read,
    mut writer: impl Write,
) -> Result<u64, CryptoError> {
    let cipher = XChaCha20Poly1305::new(key.raw().into());
    let aad = associated_data(key, place);
    let mut base = [0u8; BASE_NONCE];
    OsRng.fill_bytes(&mut base);
    writer.write_all(MAGIC)?;
    writer.write_all(&key.version().to_be_bytes())?;
    writer.write_all(&base)?;
    let mut current = vec![0u8; CHUNK];
    let mut next = vec![0u8; CHUNK];
    let mut current_len = fill(&mut reader, &mut current)?;
    let mut index: u32 = 0;
    let mut total = 0u64;
    loop {
        let next_len = if current_len == CHUNK { fill(&mut reader, &mut next)? } else { 0 };
        let last = next_len == 0;
        let sealed = cipher
            .encrypt(
                &nonce(&base, index, last),
                Payload { msg: &current[..current_len], aad: &aad },
            )
            .map_err(|_| CryptoError::Malformed)?;
        writer.write_all(&sealed)?;
        total += current_len as u64;
        if last {
            break;
        }
        std::mem::swap(&mut current, &mut next);
        current_len = next_len;
        index = index.checked_add(1).ok_or(CryptoError::Malformed)?;
    }
    writer.flush()?;
    Ok(total)
}

/// The key version a sealed stream was written with, from its header.
pub fn version(header: &[u8]) -> Result<u32, CryptoError> {
    match header {
        [b'R', b'L', b'S', b'1', a, b, c, d, ..] => Ok(u32::from_be_bytes([*a, *b, *c, *d])),
        _ => Err(CryptoError::Malformed),
    }
}

/// Decrypts a stream written by `seal`; fails (having written only authenticated chunks) if it
/// was truncated, reordered or altered.
pub fn open(
    key: &DataKey,
    place: Place<'_>,
    mut reader: impl Read,
    mut writer: impl Write,
) -> Result<u64, CryptoError> {
    let cipher = XChaCha20Poly1305::new(key.raw().into());
    let aad = associated_data(key, place);
    let mut header = [0u8; 4 + 4 + BASE_NONCE];
    if fill(&mut reader, &mut header)? != header.len() || version(&header)? != key.version() {
        return Err(CryptoError::Malformed);
    }
    let mut base = [0u8; BASE_NONCE];
    base.copy_from_slice(&header[8..]);
    let mut current = vec![0u8; CHUNK + TAG];
    let mut next = vec![0u8; CHUNK + TAG];
    let mut current_len = fill(&mut reader, &mut current)?;
    let mut index: u32 = 0;
    let mut total = 0u64;
    loop {
        if current_len < TAG {
            return Err(CryptoError::Authentication);
        }
        let next_len = if current_len == CHUNK + TAG { fill(&mut reader, &mut next)? } else { 0 };
        let last = next_len == 0;
        let plain = cipher
            .decrypt(
                &nonce(&base, index, last),
                Payload { msg: &current[..current_len], aad: &aad },
            )
            .map_err(|_| CryptoError::Authentication)?;
        writer.write_all(&plain)?;
        total += plain.len() as u64;
        if last {
            break;
        }
        std::mem::swap(&mut current, &mut next);
        current_len = next_len;
        index = index.checked_add(1).ok_or(CryptoError::Malformed)?;
    }
    writer.flush()?;
    Ok(total)
}
