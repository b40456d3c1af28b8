//! The chain itself: how a row's hash is computed, and the verification of the whole log.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::model::{Checkpoint, Row};
use super::store;
use crate::crypto::KeyRing;
use crate::db::Db;

pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The key rows and checkpoints are authenticated with (derived from the KEK, never stored).
pub struct AuditKey([u8; 32]);

impl AuditKey {
    /// The installation's audit key: random, kept wrapped by the KEK (it survives KEK rotation).
    pub async fn load(db: &Db, keys: &KeyRing) -> Result<Self, crate::crypto::CryptoError> {
        Ok(Self(keys.installation_secret(db, "audit-chain").await?))
    }

    fn mac(&self, parts: &[&str]) -> String {
        // HMAC accepts keys of any length.
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&self.0) else { return String::new() };
        for part in parts {
            mac.update(&(part.len() as u64).to_be_bytes());
            mac.update(part.as_bytes());
        }
        hex::encode(mac.finalize().into_bytes())
    }

    /// The hash of a row: its canonical content (every field, length-prefixed) and the previous hash.
    pub fn row_hash(&self, row: &Row) -> String {
        let seq = row.seq.to_string();
        let at = row.at.to_string();
        let text = |value: &Option<String>| value.clone().unwrap_or_else(|| "\u{0}".to_string());
        let (org, actor, session, object, patient, reason, detail) = (
            text(&row.org_id),
            text(&row.actor_id),
            text(&row.session_id),
            text(&row.object_id),
            text(&row.patient_id),
            text(&row.reason),
            text(&row.detail),
        );
        self.mac(&[
            "row",
            &row.prev_hash,
            &seq,
            &at,
            &org,
            &actor,
            &row.actor_roles,
            &session,
            &row.action,
            &row.object_type,
            &object,
            &patient,
            &row.ip,
            &row.user_agent,
            &row.outcome,
            &reason,
            &detail,
        ])
    }

    pub fn checkpoint_signature(&self, seq: i64, hash: &str, at: i64) -> String {
        self.mac(&["checkpoint", &seq.to_string(), hash, &at.to_string()])
    }
}

/// What `relais audit verify` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub rows_checked: u64,
    pub checkpoints_checked: u64,
    /// The first problem: the sequence number where it shows, and what it is.
    pub first_broken: Option<(i64, String)>,
}

impl Report {
    pub fn is_intact(&self) -> bool {
        self.first_broken.is_none()
    }
}

/// Checks the whole chain, the head, every checkpoint, and optionally an exported checkpoint.
pub async fn verify(
    db: &Db,
    key: &AuditKey,
    exported: Option<&Checkpoint>,
) -> sqlx::Result<Report> {
    let mut report = Report { rows_checked: 0, checkpoints_checked: 0, first_broken: None };
    let checkpoints = store::checkpoints(db.reader()).await?;
    for checkpoint in &checkpoints {
        report.checkpoints_checked += 1;
        if key.checkpoint_signature(checkpoint.seq, &checkpoint.hash, checkpoint.at)
            != checkpoint.signature
        {
            return Ok(broken(report, checkpoint.seq, "checkpoint signature is invalid"));
        }
    }
    if let Some(exported) = exported
        && key.checkpoint_signature(exported.seq, &exported.hash, exported.at) != exported.signature
    {
        return Ok(broken(
            report,
            exported.seq,
            "the checkpoint kept outside is not signed by this server",
        ));
    }
    let (head_seq, head_hash) = store::head(db.reader()).await?;
    let mut previous: Option<(i64, String)> = None;
    let mut after = -1i64;
    loop {
        let rows = store::rows_after(db.reader(), after, 5000).await?;
        let Some(last) = rows.last() else { break };
        after = last.seq;
        for row in rows {
            let (expected_seq, expected_prev) = match &previous {
                Some((seq, hash)) => (seq + 1, hash.clone()),
                None => match anchor(&checkpoints, row.seq) {
                    Some(hash) => (row.seq, hash),
                    None => {
                        return Ok(broken(
                            report,
                            row.seq,
                            "the log does not start at a checkpoint",
                        ));
                    }
                },
            };
            if row.seq != expected_seq {
                return Ok(broken(report, expected_seq, "row missing"));
            }
            if row.prev_hash != expected_prev {
                return Ok(broken(
                    report,
                    row.seq,
                    "previous hash does not match (row deleted, inserted or moved)",
                ));
            }
            if key.row_hash(&row) != row.hash {
                return Ok(broken(
                    report,
                    row.seq,
                    "row content does not match its hash (row edited)",
                ));
            }
            report.rows_checked += 1;
            previous = Some((row.seq, row.hash));
        }
    }
    let (last_seq, last_hash) = match previous {
        Some(last) => last,
        // No rows left: the head must be the start of the chain or a pruning checkpoint.
        None if head_seq == 0
            || checkpoints.iter().any(|c| c.seq == head_seq && c.hash == head_hash) =>
        {
            (head_seq, head_hash.clone())
        }
        None => return Ok(broken(report, head_seq, "row missing")),
    };
    if last_seq != head_seq || last_hash != head_hash {
        return Ok(broken(
            report,
            last_seq,
            "the chain head does not match the last row (rows removed at the end)",
        ));
    }
    for checkpoint in checkpoints.iter().chain(exported) {
        if checkpoint.seq > last_seq {
            return Ok(broken(
                report,
                checkpoint.seq,
                "a checkpoint is ahead of the log (rows removed at the end)",
            ));
        }
        if let Some(row) = store::row(db.reader(), checkpoint.seq).await?
            && row.hash != checkpoint.hash
        {
            return Ok(broken(report, checkpoint.seq, "row differs from its checkpoint"));
        }
    }
    Ok(report)
}

/// The hash a first remaining row must follow: genesis, or the checkpoint where pruning stopped.
fn anchor(checkpoints: &[Checkpoint], first_seq: i64) -> Option<String> {
    if first_seq == 1 {
        return Some(GENESIS.to_string());
    }
    checkpoints.iter().find(|c| c.seq == first_seq - 1).map(|c| c.hash.clone())
}

fn broken(mut report: Report, seq: i64, reason: &str) -> Report {
    report.first_broken = Some((seq, reason.to_string()));
    report
}
