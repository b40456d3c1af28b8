//! Storage health. A write that fails because the disk (or the database's quota) is full answers
//! 503 `storage_full`; from then on `/readyz` says "not ready" until a write succeeds again, so a
//! load balancer or an operator sees it. The database pools drop a connection whose transaction
//! could not end (`db.rs`), so the next write after space is freed succeeds.

use std::sync::atomic::{AtomicBool, Ordering};

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;

use crate::error::ErrorCode;
use crate::state::AppState;

#[derive(Debug, Default)]
pub struct StorageHealth {
    full: AtomicBool,
}

impl StorageHealth {
    pub fn mark_full(&self) {
        if !self.full.swap(true, Ordering::AcqRel) {
            tracing::error!("storage full: writes are failing; free space in the data directory");
        }
    }

    pub fn mark_ok(&self) {
        if self.full.swap(false, Ordering::AcqRel) {
            tracing::warn!("storage writable again");
        }
    }

    pub fn is_full(&self) -> bool {
        self.full.load(Ordering::Acquire)
    }
}

/// Notes every answer that says "storage full", and every state-changing request that succeeded.
pub async fn watch(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let writes = !request.method().is_safe();
    let response = next.run(request).await;
    let code = response.extensions().get::<ErrorCode>().map(|code| code.0);
    if code == Some("storage_full") {
        state.storage.mark_full();
    } else if writes && (response.status().is_success() || response.status().is_redirection()) {
        state.storage.mark_ok();
    }
    response
}

/// Whether an error, or one of its causes, says that storage is full: SQLite's `SQLITE_FULL`,
/// PostgreSQL's `disk_full`, or the system's "no space left on device".
pub fn is_storage_full(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause = Some(error);
    while let Some(error) = cause {
        if let Some(sqlx::Error::Database(database)) = error.downcast_ref::<sqlx::Error>() {
            let code = database.code();
            if matches!(code.as_deref(), Some("13" | "53100"))
                || database.message().contains("database or disk is full")
            {
                return true;
            }
        }
        if let Some(io) = error.downcast_ref::<std::io::Error>()
            && (io.kind() == std::io::ErrorKind::StorageFull || io.raw_os_error() == Some(28))
        {
            return true;
        }
        cause = error.source();
    }
    false
}

/// Enough bytes to need new pages of the database and of its journal.
const PROBE_BYTES: usize = 64 * 1024;

/// A small real write, to learn whether storage has room again (used by `/readyz` while full).
pub async fn probe(state: &AppState) -> bool {
    let attempt = async {
        let mut tx = state.db.begin().await?;
        sqlx::query("INSERT INTO storage_probe (id, written_at, padding) VALUES (1, $1, $2)")
            .bind(crate::clock::now_ms())
            .bind(vec![0u8; PROBE_BYTES])
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM storage_probe WHERE id = 1").execute(&mut *tx).await?;
        tx.commit().await
    };
    match attempt.await {
        Ok(()) => {
            state.storage.mark_ok();
            true
        }
        Err(error) => {
            tracing::warn!(%error, "readiness check: storage still refuses writes");
            false
        }
    }
}
