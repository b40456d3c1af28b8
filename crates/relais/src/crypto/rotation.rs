//! Re-encryption after a data key rotation: every encrypted column is listed here, and the job
//! rewrites each value sealed with an older key version under the current one.

use super::CryptoError;
use super::keyring::{KeyRing, Place, sealed_version};
use crate::db::Db;

/// A column holding ciphertexts, with the columns that identify its row and organisation.
pub struct EncryptedColumn {
    pub table: &'static str,
    pub id: &'static str,
    pub org: &'static str,
    pub column: &'static str,
}

/// Every encrypted column of the schema. A feature that adds one adds it here.
pub const ENCRYPTED_COLUMNS: &[EncryptedColumn] = &[
    EncryptedColumn { table: "users", id: "id", org: "org_id", column: "totp_secret_enc" },
    EncryptedColumn { table: "users", id: "id", org: "org_id", column: "totp_pending_enc" },
    EncryptedColumn { table: "patients", id: "id", org: "org_id", column: "access_notes_enc" },
    EncryptedColumn { table: "visit_reports", id: "visit_id", org: "org_id", column: "note_enc" },
    EncryptedColumn { table: "visit_photos", id: "id", org: "org_id", column: "image_enc" },
    EncryptedColumn { table: "messages", id: "id", org: "org_id", column: "body_enc" },
    EncryptedColumn { table: "urgent_overrides", id: "id", org: "org_id", column: "reason_enc" },
    EncryptedColumn {
        table: "message_attachments",
        id: "id",
        org: "org_id",
        column: "content_enc",
    },
    EncryptedColumn { table: "teleconsultations", id: "id", org: "org_id", column: "report_enc" },
    EncryptedColumn { table: "task_cards", id: "id", org: "org_id", column: "title_enc" },
    EncryptedColumn { table: "task_cards", id: "id", org: "org_id", column: "description_enc" },
    EncryptedColumn { table: "task_checklist_items", id: "id", org: "org_id", column: "text_enc" },
    EncryptedColumn { table: "task_comments", id: "id", org: "org_id", column: "body_enc" },
    EncryptedColumn { table: "task_recurrences", id: "id", org: "org_id", column: "title_enc" },
    EncryptedColumn { table: "survey_answers", id: "id", org: "org_id", column: "text_enc" },
    EncryptedColumn { table: "feedback_items", id: "id", org: "org_id", column: "body_enc" },
    EncryptedColumn { table: "call_targets", id: "id", org: "org_id", column: "name_enc" },
    EncryptedColumn { table: "call_attempts", id: "id", org: "org_id", column: "answers_enc" },
    EncryptedColumn { table: "webhooks", id: "id", org: "org_id", column: "secret_enc" },
    EncryptedColumn { table: "call_attempts", id: "id", org: "org_id", column: "concern_enc" },
    EncryptedColumn {
        table: "sso_providers",
        id: "id",
        org: "org_id",
        column: "client_secret_enc",
    },
    EncryptedColumn {
        table: "sso_sessions",
        id: "session_public_id",
        org: "org_id",
        column: "id_token_enc",
    },
    EncryptedColumn { table: "privacy_requests", id: "id", org: "org_id", column: "details_enc" },
    EncryptedColumn {
        table: "privacy_breaches",
        id: "id",
        org: "org_id",
        column: "description_enc",
    },
];

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub examined: u64,
    pub reencrypted: u64,
}

/// Re-encrypts, in batches, every value sealed with an older key than its organisation's current
/// one. Safe to run while the server serves: each row is updated only if it still holds the value
/// that was read.
pub async fn reencrypt_all(
    db: &Db,
    keys: &KeyRing,
    mut report: impl FnMut(&str, Progress),
) -> Result<Progress, CryptoError> {
    let mut total = Progress::default();
    for column in ENCRYPTED_COLUMNS {
        let mut after = String::new();
        loop {
            let sql = format!(
                "SELECT {id}, {org}, {col} FROM {table} WHERE {col} IS NOT NULL AND {id} > $1 ORDER BY {id} LIMIT 500",
                id = column.id,
                org = column.org,
                col = column.column,
                table = column.table
            );
            let rows: Vec<(String, String, Vec<u8>)> =
                sqlx::query_as(&sql).bind(&after).fetch_all(db.reader()).await?;
            let Some((last, _, _)) = rows.last() else { break };
            after = last.clone();
            for (id, org_id, sealed) in rows {
                total.examined += 1;
                let current = keys.current(db, &org_id).await?;
                if sealed_version(&sealed)? >= current.version() {
                    continue;
                }
                let place = Place { table: column.table, column: column.column, row_id: &id };
                let plain = keys.open_sealed(db, &org_id, place, &sealed).await?;
                let resealed = current.seal(place, &plain);
                let update = format!(
                    "UPDATE {table} SET {col} = $1 WHERE {id} = $2 AND {col} = $3",
                    table = column.table,
                    col = column.column,
                    id = column.id
                );
                let result = sqlx::query(&update)
                    .bind(&resealed)
                    .bind(&id)
                    .bind(&sealed)
                    .execute(db.writer())
                    .await?;
                total.reencrypted += result.rows_affected();
            }
            report(column.table, total);
        }
    }
    Ok(total)
}
