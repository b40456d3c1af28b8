//! Writing to the audit log (always inside the transaction of the change it describes),
//! checkpoints, retention and export.

use sqlx::AnyConnection;

use super::chain::AuditKey;
use super::model::{Checkpoint, Entry, Row};
use super::store;
use crate::clock::{HOUR_MS, now_ms};
use crate::db::Db;
use crate::state::AppState;

/// Appends one entry to the chain, inside the caller's transaction.
pub async fn record(
    conn: &mut AnyConnection,
    key: &AuditKey,
    entry: &Entry<'_>,
) -> sqlx::Result<()> {
    let (seq, prev_hash) = store::advance_head(&mut *conn).await?;
    let owned = |value: Option<&str>| value.map(str::to_string);
    let mut row = Row {
        seq,
        at: now_ms(),
        org_id: owned(entry.org_id),
        actor_id: entry.actor.user_id.clone(),
        actor_roles: entry.actor.roles.clone(),
        session_id: entry.actor.session_id.clone(),
        action: entry.action.to_string(),
        object_type: entry.object_type.to_string(),
        object_id: owned(entry.object_id),
        patient_id: owned(entry.patient_id),
        ip: entry.actor.ip.clone(),
        user_agent: entry.actor.user_agent.clone(),
        outcome: entry.outcome.to_string(),
        reason: owned(entry.reason),
        detail: owned(entry.detail),
        prev_hash,
        hash: String::new(),
    };
    row.hash = key.row_hash(&row);
    store::append(conn, &row).await
}

/// Appends one entry in a transaction of its own (for events that change nothing else, such as
/// a refused sign-in).
pub async fn record_now(state: &AppState, entry: &Entry<'_>) -> sqlx::Result<()> {
    let mut tx = state.db.begin().await?;
    record(&mut tx, &state.audit_key, entry).await?;
    tx.commit().await
}

/// Signs the current head as a checkpoint, unless it is already checkpointed; a new one is also
/// anchored outside the database (`anchor.rs`).
pub async fn checkpoint(
    db: &Db,
    key: &AuditKey,
    settings: &crate::config::Settings,
) -> anyhow::Result<Checkpoint> {
    let (seq, hash) = store::head(db.reader()).await?;
    let existing = store::checkpoints(db.reader()).await?;
    if let Some(last) = existing.last().filter(|c| c.seq == seq) {
        return Ok(last.clone());
    }
    let at = now_ms();
    let checkpoint =
        Checkpoint { seq, signature: key.checkpoint_signature(seq, &hash, at), hash, at };
    // Anchored first: a checkpoint that could not leave the database is not stored either, so
    // the job tries again (with backoff) instead of believing it done.
    super::anchor::anchor(settings, &checkpoint)
        .map_err(|error| anyhow::anyhow!("audit checkpoint not anchored: {error}"))?;
    store::insert_checkpoint(db.writer(), &checkpoint).await?;
    Ok(checkpoint)
}

/// Deletes whole segments older than the retention period: every row up to the newest checkpoint
/// taken before the cut-off. The checkpoint stays, so the chain remains verifiable.
pub async fn prune(db: &Db, retention_months: u32) -> sqlx::Result<u64> {
    let cutoff = now_ms() - i64::from(retention_months) * 30 * 24 * HOUR_MS;
    let checkpoints = store::checkpoints(db.reader()).await?;
    let Some(boundary) = checkpoints.iter().filter(|c| c.at < cutoff).max_by_key(|c| c.seq) else {
        return Ok(0);
    };
    store::delete_through(db.writer(), boundary.seq).await
}

/// Writes the rows of `filter` as JSON Lines, oldest first, in batches.
pub async fn export(
    db: &Db,
    mut filter: store::Filter,
    mut out: impl std::io::Write,
) -> anyhow::Result<u64> {
    let mut written = 0;
    loop {
        let rows = store::search(db.reader(), &filter, 1000, true).await?;
        let Some(last) = rows.last() else { break };
        filter.after_seq = Some(last.seq);
        for row in &rows {
            serde_json::to_writer(&mut out, row)?;
            out.write_all(b"\n")?;
            written += 1;
        }
    }
    out.flush()?;
    Ok(written)
}

/// Records that `user` read (`audit.read`) or exported (`audit.export`) the audit log, with the
/// filter they used: whoever watches is watched too.
pub async fn record_consultation(
    state: &AppState,
    user: &crate::auth::CurrentUser,
    action: &str,
    filter: &store::Filter,
) -> sqlx::Result<()> {
    let mut parts = Vec::new();
    let fields =
        [("person", &filter.actor_id), ("patient", &filter.patient_id), ("action", &filter.action)];
    for (name, value) in fields {
        if let Some(value) = value {
            parts.push(format!("{name}={value}"));
        }
    }
    for (name, value) in
        [("from", filter.from_ms), ("to", filter.to_ms), ("before", filter.before_seq)]
    {
        if let Some(value) = value {
            parts.push(format!("{name}={value}"));
        }
    }
    let detail = parts.join(" ");
    let who = user.audit_actor();
    let entry = Entry {
        detail: Some(&detail).filter(|d| !d.is_empty()).map(|d| d.as_str()),
        ..Entry::success(Some(&user.org_id), &who, action, "audit_log", None)
    };
    record_now(state, &entry).await
}
