//! Checkpoints kept outside the database. Someone who can write the database file could delete
//! the end of the log, the checkpoints stored beside it and rewrite the head: the chain would
//! still verify. So each new signed checkpoint also leaves the database at once — written to the
//! server's log (journald, a log collector) and, when `audit.anchor_file` is set, appended to a
//! file that should live on another volume (a write-once mount, a synced share). `relais audit
//! verify` reads the latest anchored checkpoint by default and reports a log that ends before it.

use std::io::Write;
use std::path::Path;

use super::model::Checkpoint;
use crate::config::Settings;

/// The log target of anchored checkpoints, to find them in the server's log.
pub const LOG_TARGET: &str = "relais::audit::anchor";

/// Sends a new checkpoint out of the database: to the log always, to the anchor file if set.
pub fn anchor(settings: &Settings, checkpoint: &Checkpoint) -> std::io::Result<()> {
    let line = serde_json::to_string(checkpoint).map_err(std::io::Error::other)?;
    tracing::info!(target: LOG_TARGET, checkpoint = %line, "audit checkpoint");
    if let Some(path) = &settings.audit.anchor_file {
        let mut file = std::fs::OpenOptions::new().create(true).append(true).open(path)?;
        file.write_all(format!("{line}\n").as_bytes())?;
        file.sync_all()?;
    }
    Ok(())
}

/// Checks at start that the anchor file, when set, can be appended to: a wrong path is said at
/// once, not ten minutes later by a failing job.
pub fn check_writable(settings: &Settings) -> anyhow::Result<()> {
    if let Some(path) = &settings.audit.anchor_file {
        std::fs::OpenOptions::new().create(true).append(true).open(path).map_err(|error| {
            anyhow::anyhow!("audit.anchor_file {} cannot be written: {error}", path.display())
        })?;
    }
    Ok(())
}

/// The latest checkpoint found in a file: the anchor file (one JSON checkpoint per line), a
/// single exported checkpoint, or the server's JSON log (lines whose `checkpoint` field holds
/// one). Lines that are neither are skipped; `None` when the file holds no checkpoint.
pub fn latest_in(path: &Path) -> std::io::Result<Option<Checkpoint>> {
    let text = std::fs::read_to_string(path)?;
    Ok(text.lines().filter_map(parse_line).max_by_key(|checkpoint| checkpoint.seq))
}

fn parse_line(line: &str) -> Option<Checkpoint> {
    let line = line.trim();
    if let Ok(checkpoint) = serde_json::from_str::<Checkpoint>(line) {
        return Some(checkpoint);
    }
    let value: serde_json::Value = serde_json::from_str(line).ok()?;
    let field = value.get("fields").and_then(|f| f.get("checkpoint")).or(value.get("checkpoint"))?;
    serde_json::from_str(field.as_str()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_latest_checkpoint_is_found_in_an_anchor_file_or_a_json_log() {
        let dir = tempfile::tempdir().unwrap();
        let first = Checkpoint { seq: 5, hash: "aa".into(), at: 1, signature: "s1".into() };
        let second = Checkpoint { seq: 9, hash: "bb".into(), at: 2, signature: "s2".into() };
        let file = dir.path().join("anchors.jsonl");
        let lines = [
            serde_json::to_string(&first).unwrap(),
            "not json".to_string(),
            serde_json::to_string(&second).unwrap(),
        ];
        std::fs::write(&file, lines.join("\n")).unwrap();
        assert_eq!(latest_in(&file).unwrap(), Some(second.clone()));

        let log = dir.path().join("relais.log");
        let entry = serde_json::json!({
            "level": "INFO",
            "target": LOG_TARGET,
            "fields": { "message": "audit checkpoint", "checkpoint": serde_json::to_string(&first).unwrap() }
        });
        std::fs::write(&log, format!("{{\"level\":\"INFO\"}}\n{entry}\n")).unwrap();
        assert_eq!(latest_in(&log).unwrap(), Some(first));
        std::fs::write(&log, "nothing here\n").unwrap();
        assert_eq!(latest_in(&log).unwrap(), None);
    }
}
