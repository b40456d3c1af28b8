//! The database: embedded SQLite by default, PostgreSQL when a `postgres://` URL is configured.
//!
//! Both are reached through `sqlx::Any` with portable SQL (`$1` placeholders, ids as text, times as
//! integer milliseconds, flags as integers). See `docs/decisions.md` for why.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::AnyConnection;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::{Migration, Migrator};
use sqlx::{AnyPool, ConnectOptions, Connection, Executor, Row};

use crate::config::Settings;

pub type Transaction = sqlx::Transaction<'static, sqlx::Any>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The connection pools. On SQLite all writes go through one connection (SQLite has one writer at
/// a time anyway) and reads through several. The reader pool cannot write on either database
/// (SQLite `mode=ro`, PostgreSQL `default_transaction_read_only`): a write sent there by mistake
/// fails in the tests instead of racing the writer.
#[derive(Clone, Debug)]
pub struct Db {
    reader: AnyPool,
    writer: AnyPool,
    backend: Backend,
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("data directory {path} cannot be used: {reason}")]
    DataDir { path: String, reason: String },
    #[error("cannot connect to the database: {0}")]
    Connect(String),
    #[error("SQLite setting {pragma} did not take (got {got}); refusing to start")]
    Pragma { pragma: &'static str, got: String },
    #[error("database migration failed: {0}")]
    Migrate(String),
}

/// Migration steps written once for both databases, and the steps each writes its own way; the
/// versions interleave (a step lives in exactly one of `common` or both dialect folders).
static COMMON_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/common");
static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

/// The complete, ordered list of steps for one database.
fn migrator(backend: Backend) -> Migrator {
    let dialect = match backend {
        Backend::Sqlite => &SQLITE_MIGRATIONS,
        Backend::Postgres => &POSTGRES_MIGRATIONS,
    };
    let mut steps: Vec<Migration> =
        COMMON_MIGRATIONS.migrations.iter().chain(dialect.migrations.iter()).cloned().collect();
    steps.sort_by_key(|step| step.version);
    Migrator { migrations: std::borrow::Cow::Owned(steps), ..Migrator::DEFAULT }
}

/// How long a statement may take before it is logged as a warning.
const SLOW_STATEMENT: Duration = Duration::from_millis(250);

/// Connection options that log a slow statement as a warning, inside the span of the request or
/// job that runs it (every statement would drown the debug log).
fn logged(url: &str) -> Result<AnyConnectOptions, DbError> {
    let options = AnyConnectOptions::from_str(url).map_err(|e| DbError::Connect(e.to_string()))?;
    Ok(options
        .log_statements(log::LevelFilter::Off)
        .log_slow_statements(log::LevelFilter::Warn, SLOW_STATEMENT))
}

impl Db {
    /// Opens the configured database and checks it is usable; does not migrate.
    pub async fn connect(settings: &Settings) -> Result<Self, DbError> {
        sqlx::any::install_default_drivers();
        match settings.postgres_url() {
            Some(url) => Self::connect_postgres(url).await,
            None => Self::connect_sqlite(&settings.data_dir).await,
        }
    }

    async fn connect_postgres(url: &str) -> Result<Self, DbError> {
        let options = || {
            without_stuck_transactions(AnyPoolOptions::new())
                .acquire_timeout(Duration::from_secs(10))
        };
        let connect_error = |error: sqlx::Error| DbError::Connect(error.to_string());
        let writer = options()
            .max_connections(16)
            .connect_with(logged(url)?)
            .await
            .map_err(connect_error)?;
        let reader = options()
            .max_connections(8)
            .after_connect(|connection, _| {
                Box::pin(async move {
                    connection.execute("SET default_transaction_read_only = on").await?;
                    Ok(())
                })
            })
            .connect_with(logged(url)?)
            .await
            .map_err(connect_error)?;
        Ok(Self { reader, writer, backend: Backend::Postgres })
    }

    async fn connect_sqlite(data_dir: &Path) -> Result<Self, DbError> {
        prepare_data_dir(data_dir)?;
        let file = data_dir.join("relais.sqlite3");
        let url = format!("sqlite://{}?mode=rwc", file.display());
        let read_only_url = format!("sqlite://{}?mode=ro", file.display());
        let options = || {
            without_stuck_transactions(AnyPoolOptions::new())
                .acquire_timeout(Duration::from_secs(10))
                .after_connect(|connection, _| Box::pin(apply_sqlite_pragmas(connection)))
        };
        let connect_error = |error: sqlx::Error| DbError::Connect(error.to_string());
        let writer = options()
            .max_connections(1)
            .connect_with(logged(&url)?)
            .await
            .map_err(connect_error)?;
        writer.execute("PRAGMA journal_mode = WAL").await.map_err(connect_error)?;
        let reader = options()
            .max_connections(8)
            .connect_with(logged(&read_only_url)?)
            .await
            .map_err(connect_error)?;
        let db = Self { reader, writer, backend: Backend::Sqlite };
        db.check_sqlite_pragmas().await?;
        Ok(db)
    }

    async fn check_sqlite_pragmas(&self) -> Result<(), DbError> {
        let expected: [(&'static str, &str); 4] = [
            ("journal_mode", "wal"),
            ("synchronous", "2"),
            ("foreign_keys", "1"),
            ("busy_timeout", "5000"),
        ];
        for pool in [&self.writer, &self.reader] {
            for (pragma, want) in expected {
                let row = sqlx::query(&format!("PRAGMA {pragma}"))
                    .fetch_one(pool)
                    .await
                    .map_err(|error| DbError::Connect(error.to_string()))?;
                let got = match row.try_get::<String, _>(0) {
                    Ok(text) => text,
                    Err(_) => row.try_get::<i64, _>(0).map(|n| n.to_string()).unwrap_or_default(),
                };
                if !got.eq_ignore_ascii_case(want) {
                    return Err(DbError::Pragma { pragma, got });
                }
            }
        }
        Ok(())
    }

    /// Applies the embedded migrations that have not run yet.
    pub async fn migrate(&self) -> Result<(), DbError> {
        migrator(self.backend)
            .run(&self.writer)
            .await
            .map_err(|error| DbError::Migrate(error.to_string()))
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The pool for queries that only read.
    pub fn reader(&self) -> &AnyPool {
        &self.reader
    }

    /// The pool for single statements that write.
    pub fn writer(&self) -> &AnyPool {
        &self.writer
    }

    /// A transaction that will write: on SQLite it takes the write lock at once, so two writers
    /// never deadlock on a lock upgrade.
    pub async fn begin(&self) -> Result<Transaction, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => self.writer.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.writer.begin().await,
        }
    }

    pub async fn close(&self) {
        self.reader.close().await;
        self.writer.close().await;
    }
}

/// A connection whose transaction could not end (a `COMMIT` that failed on a full disk leaves
/// SQLite's driver believing it is still inside one, and every later `BEGIN` would fail) is closed
/// instead of going back to the pool; the pool opens a fresh one for the next request.
fn without_stuck_transactions(options: AnyPoolOptions) -> AnyPoolOptions {
    options
        .after_release(|connection, _| {
            Box::pin(async move {
                // Lets a rollback queued by a dropped transaction run before looking.
                connection.ping().await?;
                let stuck = connection.is_in_transaction();
                if stuck {
                    tracing::warn!(
                        "closing a database connection left inside a failed transaction"
                    );
                }
                Ok(!stuck)
            })
        })
        .before_acquire(|connection, _| {
            Box::pin(async move { Ok(!connection.is_in_transaction()) })
        })
}

async fn apply_sqlite_pragmas(connection: &mut AnyConnection) -> Result<(), sqlx::Error> {
    for pragma in
        ["PRAGMA foreign_keys = ON", "PRAGMA synchronous = FULL", "PRAGMA busy_timeout = 5000"]
    {
        connection.execute(pragma).await?;
    }
    Ok(())
}

/// Creates the data directory if needed and proves it is writable before SQLite tries.
fn prepare_data_dir(data_dir: &Path) -> Result<(), DbError> {
    let fail = |reason: String| DbError::DataDir { path: data_dir.display().to_string(), reason };
    std::fs::create_dir_all(data_dir).map_err(|error| fail(error.to_string()))?;
    let probe = data_dir.join(".write-test");
    std::fs::write(&probe, b"relais").map_err(|error| fail(format!("not writable ({error})")))?;
    std::fs::remove_file(&probe).map_err(|error| fail(error.to_string()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_databases_have_every_step_once_and_in_order() {
        let versions = |backend| -> Vec<i64> {
            migrator(backend).migrations.iter().map(|step| step.version).collect()
        };
        let sqlite = versions(Backend::Sqlite);
        assert_eq!(sqlite, versions(Backend::Postgres), "the same steps on both databases");
        let expected: Vec<i64> = (1..=i64::try_from(sqlite.len()).unwrap()).collect();
        assert_eq!(sqlite, expected, "steps numbered from 1 without gaps or repeats");
    }
}
