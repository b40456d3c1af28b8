//! The archive: `RELAIS-BACKUP 2`, a manifest line (JSON: tables and files with row counts and
//! SHA-256 checksums, documents' blobs with their sizes, the backup key wrapped by the KEK), the
//! blobs as stored (see `blobs`), then the payload — one JSON line per row, per file and per
//! blob's digest — sealed with the backup key, bound to the manifest. Version 1 archives (no
//! blobs section) still restore.

use std::collections::BTreeMap;
use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use rand::RngCore;
use rand::rngs::OsRng;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sqlx::Executor;

use super::blobs;
use super::tables::{self, Kind, TABLES};
use crate::blobs::Blobs;
use crate::config::Settings;
use crate::crypto::{DataKey, Kek, KeyRing, Place, stream};
use crate::db::{Backend, Db};

const MAGIC: &str = "RELAIS-BACKUP 2";
const MAGIC_V1: &str = "RELAIS-BACKUP 1";
/// A manifest line longer than this is not one.
const MAX_MANIFEST_BYTES: u64 = 64 * 1024 * 1024;
const WRAP_LABEL: &str = "relais-backup";
const FILES_DIR: &str = "files";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Manifest {
    pub created_at: i64,
    pub relais_version: String,
    pub source_backend: String,
    pub wrapped_key: String,
    pub tables: BTreeMap<String, Part>,
    pub files: BTreeMap<String, Part>,
    /// Documents' blobs and their sizes in bytes, in the order the archive holds them.
    #[serde(default)]
    pub blobs: BTreeMap<String, u64>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Part {
    pub rows: u64,
    pub sha256: String,
}

#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum Line {
    Row { t: String, r: Vec<serde_json::Value> },
    File { f: String, d: String },
    Blob { b: String, s: String },
}

fn place(manifest_line: &str) -> (String, &'static str) {
    (hex::encode(Sha256::digest(manifest_line.as_bytes())), "payload")
}

/// Writes a consistent backup of the whole installation to `out`; `progress` hears each table.
pub async fn backup(
    settings: &Settings,
    out: &Path,
    mut progress: impl FnMut(&str, u64),
) -> anyhow::Result<Manifest> {
    let db = Db::connect(settings).await?;
    db.migrate().await?;
    let kek = Kek::load(settings)?;
    KeyRing::open(&db, Kek::load(settings)?).await?;
    let mut conn = db.reader().acquire().await?;
    let begin = match db.backend() {
        Backend::Sqlite => "BEGIN",
        Backend::Postgres => "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
    };
    conn.execute(begin).await?;
    let live = tables::schema_tables(&mut conn, db.backend()).await?;
    if let Some(unknown) = live.iter().find(|table| !TABLES.contains(&table.as_str())) {
        anyhow::bail!(
            "the backup does not know the table {unknown}: refusing to make an incomplete backup"
        );
    }
    let mut payload = Vec::new();
    let mut manifest_tables = BTreeMap::new();
    for table in TABLES {
        let columns = tables::columns(&mut conn, db.backend(), table).await?;
        let rows = tables::read_rows(&mut conn, table, &columns).await?;
        let mut hasher = Sha256::new();
        for row in &rows {
            let line = serde_json::to_vec(&Line::Row { t: table.to_string(), r: row.clone() })?;
            hasher.update(&line);
            payload.extend_from_slice(&line);
            payload.push(b'\n');
        }
        progress(table, rows.len() as u64);
        manifest_tables.insert(
            table.to_string(),
            Part { rows: rows.len() as u64, sha256: hex::encode(hasher.finalize()) },
        );
    }
    conn.execute("COMMIT").await?;
    drop(conn);
    let mut manifest_files = BTreeMap::new();
    for (relative, bytes) in read_files(&settings.data_dir.join(FILES_DIR))? {
        let line =
            serde_json::to_vec(&Line::File { f: relative.clone(), d: STANDARD.encode(&bytes) })?;
        payload.extend_from_slice(&line);
        payload.push(b'\n');
        progress(&relative, 1);
        manifest_files
            .insert(relative, Part { rows: 1, sha256: hex::encode(Sha256::digest(&bytes)) });
    }
    db.close().await;
    let store = Blobs::from_settings(settings)?;
    let listed = blobs::list(&store).await?;

    let mut key = [0u8; 32];
    OsRng.fill_bytes(&mut key);
    let manifest = Manifest {
        created_at: crate::clock::now_ms(),
        relais_version: env!("CARGO_PKG_VERSION").to_string(),
        source_backend: format!("{:?}", db.backend()).to_lowercase(),
        wrapped_key: STANDARD.encode(kek.wrap(&key, WRAP_LABEL)),
        tables: manifest_tables,
        files: manifest_files,
        blobs: listed,
    };
    let manifest_line = serde_json::to_string(&manifest)?;
    let (row_id, column) = place(&manifest_line);
    let partial = out.with_extension("partial");
    {
        let file = std::fs::File::create(&partial)?;
        let mut writer = std::io::BufWriter::new(file);
        std::io::Write::write_all(&mut writer, format!("{MAGIC}\n{manifest_line}\n").as_bytes())?;
        let digests = blobs::write(&store, &manifest.blobs, &mut writer, &mut progress).await?;
        for (key, sha256) in digests {
            payload.extend_from_slice(&serde_json::to_vec(&Line::Blob { b: key, s: sha256 })?);
            payload.push(b'\n');
        }
        let sealing = DataKey::standalone(key, WRAP_LABEL);
        stream::seal(
            &sealing,
            Place { table: "backup", column, row_id: &row_id },
            &payload[..],
            &mut writer,
        )?;
        let file = writer.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?;
        file.sync_all()?;
    }
    std::fs::rename(&partial, out)?;
    Ok(manifest)
}

/// Restores `input` into an empty database (and data directory). Everything is decrypted and
/// checked before anything is written; a damaged backup leaves the target untouched.
pub async fn restore(
    settings: &Settings,
    input: &Path,
    mut progress: impl FnMut(&str, u64),
) -> anyhow::Result<Manifest> {
    let file = std::fs::File::open(input)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", input.display()))?;
    let mut reader = std::io::BufReader::new(file);
    let manifest_line = read_header(&mut reader)?;
    let manifest_line = manifest_line.as_str();
    let manifest: Manifest = serde_json::from_str(manifest_line)
        .map_err(|_| anyhow::anyhow!("the backup's manifest is damaged"))?;
    let kek = Kek::load(settings)?;
    let wrapped = STANDARD
        .decode(&manifest.wrapped_key)
        .map_err(|_| anyhow::anyhow!("the backup's manifest is damaged"))?;
    let key: [u8; 32] = kek
        .unwrap_secret(&wrapped, WRAP_LABEL)
        .map_err(|_| anyhow::anyhow!("this key-encryption key does not open this backup"))?
        .try_into()
        .map_err(|_| anyhow::anyhow!("the backup's manifest is damaged"))?;
    ensure_empty_target(settings).await?;
    let store = Blobs::from_settings(settings)?;
    anyhow::ensure!(
        blobs::list(&store).await?.is_empty(),
        "the document storage already holds files: restore into an empty bucket or prefix"
    );
    let staged = blobs::stage(&mut reader, &manifest.blobs, store.staging_dir())?;
    let (row_id, column) = place(manifest_line);
    let mut payload = Vec::new();
    stream::open(
        &DataKey::standalone(key, WRAP_LABEL),
        Place { table: "backup", column, row_id: &row_id },
        reader,
        &mut payload,
    )
    .map_err(|_| anyhow::anyhow!("the backup is damaged or truncated (authentication failed)"))?;
    let (rows, files, digests) = parse_and_check(&payload, &manifest)?;
    blobs::check(&staged, &digests)?;

    let db = Db::connect(settings).await?;
    db.migrate().await?;
    let mut tx = db.begin().await?;
    for seeded in tables::SEEDED {
        tx.execute(format!("DELETE FROM {seeded}").as_str()).await?;
    }
    for table in TABLES {
        let columns = tables::columns(&mut tx, db.backend(), table).await?;
        let table_rows = rows.get(*table).map(Vec::as_slice).unwrap_or_default();
        for row in table_rows {
            tables::write_row(&mut tx, table, &columns, row).await?;
        }
        progress(table, table_rows.len() as u64);
    }
    tx.commit().await?;
    db.close().await;
    for (relative, data) in files {
        let target = settings.data_dir.join(FILES_DIR).join(&relative);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&target, data)?;
        progress(&relative, 1);
    }
    blobs::put(&store, staged, &mut progress).await?;
    Ok(manifest)
}

/// Reads the magic line and returns the manifest line, leaving `reader` at what follows.
fn read_header(reader: &mut impl std::io::BufRead) -> anyhow::Result<String> {
    let not_backup = || anyhow::anyhow!("not a Relais backup (or its header is damaged)");
    let mut magic = Vec::new();
    reader.by_ref().take(MAGIC.len() as u64 + 1).read_until(b'\n', &mut magic)?;
    if magic != format!("{MAGIC}\n").as_bytes() && magic != format!("{MAGIC_V1}\n").as_bytes() {
        return Err(not_backup());
    }
    let mut manifest = Vec::new();
    reader.by_ref().take(MAX_MANIFEST_BYTES).read_until(b'\n', &mut manifest)?;
    if manifest.pop() != Some(b'\n') {
        return Err(not_backup());
    }
    String::from_utf8(manifest).map_err(|_| not_backup())
}

type Rows = BTreeMap<String, Vec<Vec<serde_json::Value>>>;
type Files = Vec<(String, Vec<u8>)>;
type Digests = BTreeMap<String, String>;

/// Parses the payload and compares every table and file with the manifest.
fn parse_and_check(payload: &[u8], manifest: &Manifest) -> anyhow::Result<(Rows, Files, Digests)> {
    let mut rows: Rows = BTreeMap::new();
    let mut digests = Digests::new();
    let mut hashers: BTreeMap<String, Sha256> = BTreeMap::new();
    let mut files = Vec::new();
    for line in payload.split(|b| *b == b'\n').filter(|line| !line.is_empty()) {
        match serde_json::from_slice::<Line>(line)? {
            Line::Row { t, r } => {
                anyhow::ensure!(
                    TABLES.contains(&t.as_str()),
                    "the backup holds an unknown table {t}"
                );
                hashers.entry(t.clone()).or_default().update(line);
                rows.entry(t).or_default().push(r);
            }
            Line::File { f, d } => {
                anyhow::ensure!(
                    !f.split('/').any(|part| part == ".." || part.is_empty())
                        && !f.starts_with('/'),
                    "the backup holds an unsafe file path {f}"
                );
                files.push((f, STANDARD.decode(d)?));
            }
            Line::Blob { b, s } => {
                digests.insert(b, s);
            }
        }
    }
    for (table, part) in &manifest.tables {
        let count = rows.get(table).map_or(0, Vec::len) as u64;
        let sha = hex::encode(hashers.remove(table).unwrap_or_default().finalize());
        anyhow::ensure!(
            count == part.rows && sha == part.sha256,
            "table {table} does not match the manifest"
        );
    }
    anyhow::ensure!(files.len() == manifest.files.len(), "the files do not match the manifest");
    for (path, data) in &files {
        let expected = manifest.files.get(path).map(|part| part.sha256.as_str());
        anyhow::ensure!(
            expected == Some(hex::encode(Sha256::digest(data)).as_str()),
            "file {path} does not match the manifest"
        );
    }
    Ok((rows, files, digests))
}

/// A restore goes into an empty database only.
async fn ensure_empty_target(settings: &Settings) -> anyhow::Result<()> {
    match settings.postgres_url() {
        None => {
            let file = settings.data_dir.join("relais.sqlite3");
            anyhow::ensure!(
                !file.exists(),
                "{} already exists: restore into an empty data directory",
                file.display()
            );
        }
        Some(_) => {
            let db = Db::connect(settings).await?;
            let mut conn = db.reader().acquire().await?;
            let existing = tables::schema_tables(&mut conn, db.backend()).await?;
            drop(conn);
            db.close().await;
            anyhow::ensure!(
                existing.is_empty(),
                "the target database is not empty: restore into a new database"
            );
        }
    }
    Ok(())
}

fn read_files(root: &Path) -> anyhow::Result<Files> {
    let mut found = Vec::new();
    let mut pending: Vec<PathBuf> = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries {
            let path = entry?.path();
            if path.is_dir() {
                // Documents' blobs go through the store (`backup::blobs`), streamed.
                if path != root.join("blobs") {
                    pending.push(path);
                }
            } else if let Ok(relative) = path.strip_prefix(root) {
                found.push((relative.to_string_lossy().replace('\\', "/"), std::fs::read(&path)?));
            }
        }
    }
    found.sort();
    Ok(found)
}

/// For tests and tools: every row of every table, as the backup sees them.
pub async fn dump(db: &Db) -> anyhow::Result<Rows> {
    let mut conn = db.reader().acquire().await?;
    let mut all = BTreeMap::new();
    for table in TABLES {
        let columns: Vec<(String, Kind)> = tables::columns(&mut conn, db.backend(), table).await?;
        all.insert(table.to_string(), tables::read_rows(&mut conn, table, &columns).await?);
    }
    Ok(all)
}
