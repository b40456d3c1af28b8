//! Deleting a whole organisation (a practice space being reset): every row that belongs to it,
//! found through the schema itself — a table's `org_id`, or a foreign key up to a table that has
//! one — children first, in one transaction, then its stored files. The audit log keeps its
//! rows: its chain is shared by every organisation and must still verify.

use sqlx::{AnyConnection, Row};

use super::tables::TABLES;
use crate::db::{Backend, Db};

/// Tables never purged: the audit log (shared chain) and what belongs to the installation.
const KEPT: &[&str] = &[
    "audit_log",
    "audit_head",
    "audit_checkpoints",
    "meta",
    "setup_tokens",
    "jobs",
    "storage_probe",
];

/// A table's columns and its foreign keys (column, parent table, parent column).
struct Shape {
    columns: Vec<String>,
    parents: Vec<(String, String, String)>,
}

async fn shape(conn: &mut AnyConnection, backend: Backend, table: &str) -> sqlx::Result<Shape> {
    let (columns_sql, parents_sql) = match backend {
        Backend::Sqlite => (
            "SELECT name FROM pragma_table_info($1)",
            "SELECT \"from\", \"table\", COALESCE(\"to\", 'id') FROM pragma_foreign_key_list($1)",
        ),
        Backend::Postgres => (
            "SELECT CAST(column_name AS TEXT) FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name = $1",
            "SELECT CAST(kcu.column_name AS TEXT), CAST(ccu.table_name AS TEXT), CAST(ccu.column_name AS TEXT) \
             FROM information_schema.table_constraints tc \
             JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema \
             JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema \
             WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = current_schema() AND tc.table_name = $1",
        ),
    };
    let columns = sqlx::query(columns_sql).bind(table).fetch_all(&mut *conn).await?;
    let parents = sqlx::query(parents_sql).bind(table).fetch_all(&mut *conn).await?;
    Ok(Shape {
        columns: columns.iter().map(|row| row.get(0)).collect(),
        parents: parents.iter().map(|row| (row.get(0), row.get(1), row.get(2))).collect(),
    })
}

/// The condition selecting a table's rows of the organisation `$1`, if it has any.
async fn belongs(
    conn: &mut AnyConnection,
    backend: Backend,
    table: &str,
    depth: usize,
) -> sqlx::Result<Option<String>> {
    if table == "organisations" {
        return Ok(Some("id = $1".into()));
    }
    let shape = shape(conn, backend, table).await?;
    if shape.columns.iter().any(|c| c == "org_id") {
        return Ok(Some("org_id = $1".into()));
    }
    if depth == 0 {
        return Ok(None);
    }
    for (column, parent, parent_column) in shape.parents {
        if parent == table {
            continue;
        }
        if let Some(condition) = Box::pin(belongs(conn, backend, &parent, depth - 1)).await? {
            return Ok(Some(format!(
                "{column} IN (SELECT {parent_column} FROM {parent} WHERE {condition})"
            )));
        }
    }
    Ok(None)
}

/// Deletes every row of the organisation; returns how many.
pub async fn delete_organisation(db: &Db, org_id: &str) -> anyhow::Result<u64> {
    let backend = db.backend();
    let mut tx = db.begin().await?;
    let mut removed = 0;
    for table in TABLES.iter().rev().filter(|t| !KEPT.contains(t)) {
        let Some(condition) = belongs(&mut tx, backend, table, 3).await? else { continue };
        let done = sqlx::query(&format!("DELETE FROM {table} WHERE {condition}"))
            .bind(org_id)
            .execute(&mut *tx)
            .await?;
        removed += done.rows_affected();
    }
    tx.commit().await?;
    Ok(removed)
}

/// Deletes the organisation's rows, then its stored files (documents, exports).
pub async fn delete_organisation_and_files(
    state: &crate::state::AppState,
    org_id: &str,
) -> anyhow::Result<u64> {
    let removed = delete_organisation(&state.db, org_id).await?;
    for prefix in [format!("documents/{org_id}/"), format!("exports/{org_id}/")] {
        for key in state.blobs.keys(&prefix).await? {
            state.blobs.delete(&key).await?;
        }
    }
    Ok(removed)
}
