//! Files attached to messages. The type is read from the bytes, never from the name or the
//! browser's claim; only JPEG, PNG, WebP and GIF images are shown in the page (as thumbnails),
//! everything else — PDF, office documents, text, executables named `.png` — is served as a
//! download (`Content-Disposition: attachment`, `application/octet-stream` unless harmless).
//! The bytes are sealed with the organisation's key; each organisation has a storage quota.

use sqlx::{Any, AnyConnection, Executor};

use super::conversations::readable;
use crate::antivirus::Verdict;
use crate::audit::trail::Trail;
use crate::auth::CurrentUser;
use crate::crypto::Place;
use crate::error::{AppError, AppResult};
use crate::messaging::actions::Action;
use crate::state::AppState;
use crate::web::images;

/// The longest file name kept.
const MAX_NAME_CHARS: usize = 120;

pub fn place(id: &str) -> Place<'_> {
    Place { table: "message_attachments", column: "content_enc", row_id: id }
}

pub use crate::web::file_type::{Sniffed, sniff};

/// A file name safe to show and to send back: the last path part, no control characters, not
/// too long; `fichier` when nothing is left.
pub fn clean_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last
        .chars()
        .filter(|c| !c.is_control() && !is_bidi_control(*c) && !matches!(c, '"' | '<' | '>'))
        .take(MAX_NAME_CHARS)
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_string();
    if cleaned.is_empty() { "fichier".to_string() } else { cleaned }
}

/// Characters that reorder text when shown (U+202E makes `gpj.exe` read `exe.jpg`).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A file ready to be written with its message.
#[derive(Debug, Clone)]
pub struct NewAttachment {
    pub id: String,
    pub file_name: String,
    pub media_type: String,
    pub size_bytes: i64,
    pub sealed: Vec<u8>,
}

/// Checks a file against the organisation's quota and the virus scanner (when configured), and
/// seals it.
pub async fn prepare(
    state: &AppState,
    user: &CurrentUser,
    file_name: &str,
    bytes: &[u8],
) -> AppResult<NewAttachment> {
    if bytes.is_empty() {
        return Err(AppError::Invalid { field: "file", code: "attachment-empty" });
    }
    let size = i64::try_from(bytes.len()).unwrap_or(i64::MAX);
    let (used, quota) = usage(state.db.reader(), &user.org_id).await?;
    if used.saturating_add(size) > quota {
        return Err(AppError::Invalid { field: "file", code: "attachment-quota" });
    }
    refuse_if_infected(state, user, bytes).await?;
    let sniffed = sniff(bytes);
    let keep_position =
        crate::org::store::punch_geolocation(state.db.reader(), &user.org_id).await?;
    let bytes = match sniffed {
        Sniffed::Image(_) if !keep_position => images::without_metadata(bytes),
        _ => bytes.to_vec(),
    };
    // An image too large to decode safely on a phone is offered as a download only.
    let media_type = match sniffed {
        Sniffed::Image(_) if !images::fits_on_screen(&bytes) => "application/octet-stream",
        other => other.media_type(),
    };
    let id = crate::secrets::new_id();
    let key = state.keys.current(&state.db, &user.org_id).await?;
    Ok(NewAttachment {
        sealed: key.seal(place(&id), &bytes),
        file_name: clean_name(file_name),
        media_type: media_type.to_string(),
        size_bytes: i64::try_from(bytes.len()).unwrap_or(i64::MAX),
        id,
    })
}

/// Asks the scanner, if any. An infected file is refused and audited (with the signature's
/// name); a file the scanner could not check is refused too, never stored unscanned.
async fn refuse_if_infected(state: &AppState, user: &CurrentUser, bytes: &[u8]) -> AppResult<()> {
    match crate::antivirus::scan(&state.settings.antivirus, bytes).await {
        Ok(None | Some(Verdict::Clean)) => Ok(()),
        Ok(Some(Verdict::Infected(signature))) => {
            tracing::warn!(user_id = %user.user_id, %signature, "infected attachment refused");
            let mut tx = state.db.begin().await?;
            let trail = Trail {
                action: Action::AttachmentInfected.as_str(),
                object_type: "attachment",
                object_id: "-",
                patient_id: None,
                reason: Some(&signature),
            };
            crate::audit::trail::record(&mut tx, state, user, &trail, &[]).await?;
            crate::audit::trail::finish(tx, state).await?;
            Err(AppError::Invalid { field: "file", code: "attachment-infected" })
        }
        Err(error) => {
            tracing::warn!(%error, "attachment could not be scanned");
            Err(AppError::Invalid { field: "file", code: "attachment-scan-failed" })
        }
    }
}

/// (bytes stored, quota) of an organisation.
async fn usage(
    db: impl Executor<'_, Database = Any> + Copy,
    org_id: &str,
) -> sqlx::Result<(i64, i64)> {
    // SUM of a BIGINT is NUMERIC on PostgreSQL: cast it back for both databases.
    let used: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(size_bytes), 0) AS BIGINT) FROM message_attachments WHERE org_id = $1",
    )
    .bind(org_id)
    .fetch_one(db)
    .await?;
    let quota: i64 =
        sqlx::query_scalar("SELECT attachment_quota_bytes FROM organisations WHERE id = $1")
            .bind(org_id)
            .fetch_one(db)
            .await?;
    Ok((used, quota))
}

pub async fn insert(
    conn: &mut AnyConnection,
    org_id: &str,
    message_id: &str,
    conversation_id: &str,
    uploader_id: &str,
    file: &NewAttachment,
    at: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO message_attachments (id, org_id, message_id, conversation_id, uploader_id, \
         file_name, media_type, size_bytes, content_enc, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(&file.id)
    .bind(org_id)
    .bind(message_id)
    .bind(conversation_id)
    .bind(uploader_id)
    .bind(&file.file_name)
    .bind(&file.media_type)
    .bind(file.size_bytes)
    .bind(&file.sealed)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}

/// An attachment as a message shows it.
#[derive(Debug, Clone, serde::Serialize, sqlx::FromRow)]
pub struct AttachmentView {
    pub id: String,
    pub message_id: String,
    pub file_name: String,
    pub media_type: String,
    pub size_bytes: i64,
}

impl AttachmentView {
    pub fn is_image(&self) -> bool {
        self.media_type.starts_with("image/")
    }

    /// The size in kB or MB, for people.
    pub fn size_text(&self) -> String {
        if self.size_bytes >= 1_048_576 {
            format!("{:.1} Mo", self.size_bytes as f64 / 1_048_576.0)
        } else {
            format!("{} ko", (self.size_bytes + 1023) / 1024)
        }
    }
}

/// The attachments of a conversation's messages numbered `from_seq..=to_seq`.
pub async fn of_messages(
    db: impl Executor<'_, Database = Any>,
    conversation_id: &str,
    from_seq: i64,
    to_seq: i64,
) -> sqlx::Result<Vec<AttachmentView>> {
    sqlx::query_as(
        "SELECT a.id, a.message_id, a.file_name, a.media_type, a.size_bytes FROM message_attachments a \
         JOIN messages m ON m.id = a.message_id \
         WHERE a.conversation_id = $1 AND m.seq >= $2 AND m.seq <= $3 ORDER BY a.created_at",
    )
    .bind(conversation_id)
    .bind(from_seq)
    .bind(to_seq)
    .fetch_all(db)
    .await
}

/// A file's name, type and bytes, for someone who may read its conversation.
pub async fn open(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
) -> AppResult<(String, String, Vec<u8>)> {
    let (conversation_id, file_name, media_type, sealed): (String, String, String, Vec<u8>) =
        sqlx::query_as(
            "SELECT conversation_id, file_name, media_type, content_enc FROM message_attachments \
         WHERE id = $1 AND org_id = $2",
        )
        .bind(id)
        .bind(&user.org_id)
        .fetch_optional(state.db.reader())
        .await?
        .ok_or(AppError::NotFound)?;
    readable(state, user, &conversation_id).await?;
    let bytes = state.keys.open_sealed(&state.db, &user.org_id, place(id), &sealed).await?;
    Ok((file_name, media_type, bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_paths_controls_and_quotes() {
        assert_eq!(clean_name("C:\\Users\\x\\compte rendu.pdf"), "compte rendu.pdf");
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name("a\"b<c>\r\n.txt"), "abc.txt");
        assert_eq!(clean_name(".."), "fichier");
        assert_eq!(clean_name("facture\u{202E}gpj.exe"), "facturegpj.exe");
        assert_eq!(clean_name("\u{2067}rapport\u{2069}.pdf"), "rapport.pdf");
        assert_eq!(clean_name(&"é".repeat(300)).chars().count(), MAX_NAME_CHARS);
    }
}
