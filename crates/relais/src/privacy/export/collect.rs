//! Everything recorded about a person, section by section: what "what my organisation sees about
//! me" lists, plus the messages they wrote and the files they uploaded.

use serde_json::{Value, json};

use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// A section of the export: its key (`privacy-export-section-<key>`) and its data.
pub struct Section {
    pub key: &'static str,
    pub data: Value,
}

/// A file put in the archive, under `path`.
pub struct File {
    pub path: String,
    pub bytes: bytes::Bytes,
}

#[derive(Default)]
pub struct Collected {
    pub sections: Vec<Section>,
    pub files: Vec<File>,
    /// Files too big to fit: (name, size in bytes).
    pub left_out: Vec<(String, i64)>,
}

/// How many steps `collect` reports.
pub const STEPS: i64 = 8;

fn json_of(value: impl serde::Serialize) -> AppResult<Value> {
    serde_json::to_value(value).map_err(|e| AppError::Internal(e.into()))
}

/// A name safe inside a ZIP: no folders, no control characters, not empty.
fn safe_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| if c.is_control() || "/\\:*?\"<>|".contains(c) { '_' } else { c })
        .take(100)
        .collect();
    let cleaned = cleaned.trim_matches(|c: char| c == '.' || c.is_whitespace()).to_string();
    if cleaned.is_empty() { "file".to_string() } else { cleaned }
}

/// Collects step by step, calling `step(done)` after each.
pub async fn collect<F, Fut>(
    state: &AppState,
    person: &CurrentUser,
    mut step: F,
) -> AppResult<Collected>
where
    F: FnMut(i64) -> Fut,
    Fut: std::future::Future<Output = AppResult<()>>,
{
    let (org, me) = (person.org_id.as_str(), person.user_id.as_str());
    let mut out = Collected::default();
    let reader = state.db.reader();

    let mut conn = reader.acquire().await?;
    let found = crate::org::store::find_person(&mut conn, org, me).await?;
    drop(conn);
    let found = found.ok_or(AppError::NotFound)?;
    let teams: Vec<String> = crate::org::store::list_teams(reader, org)
        .await?
        .into_iter()
        .filter(|team| found.team_ids.contains(&team.id))
        .map(|team| team.name)
        .collect();
    out.sections.push(Section {
        key: "profile",
        data: json!({
            "id": found.id, "email": found.email, "display_name": found.display_name,
            "job_title": found.job_title, "phone": found.phone, "locale": found.locale,
            "time_zone": found.time_zone, "roles": found.roles, "teams": teams,
            "working_hours": {
                "days": found.hours.days, "start_minute": found.hours.start_minute,
                "end_minute": found.hours.end_minute,
            },
            "active": found.active, "created_at": found.created_at,
        }),
    });
    step(1).await?;

    let identities = crate::auth::sso::store::identities_of_user(reader, me).await?;
    let passkeys: Vec<Value> = crate::auth::passkeys::store::passkeys_of_user(reader, me)
        .await?
        .into_iter()
        .map(|p| json!({ "name": p.name, "created_at": p.created_at, "last_used_at": p.last_used_at }))
        .collect();
    let sessions: Vec<Value> = crate::auth::store::active_sessions(reader, me)
        .await?
        .into_iter()
        .map(|s| json!({ "created_at": s.created_at, "last_seen_at": s.last_seen_at, "ip": s.ip, "user_agent": s.user_agent }))
        .collect();
    out.sections.push(Section {
        key: "sign_in",
        data: json!({ "identities": json_of(&identities)?, "passkeys": passkeys, "sessions": sessions, "second_factor_totp": person.has_totp }),
    });
    step(2).await?;

    let homecare = crate::homecare::transparency::about_me(state, person).await?;
    out.sections.push(Section { key: "homecare", data: json_of(&homecare)? });
    step(3).await?;

    let telework = crate::telework::transparency::about_me(state, person).await?;
    out.sections.push(Section { key: "telework", data: json_of(&telework)? });
    step(4).await?;

    let tasks = crate::tasks::transparency::about_me(state, person).await?;
    out.sections.push(Section { key: "tasks", data: json_of(&tasks)? });
    step(5).await?;

    let written = crate::messaging::export::written_by(state, org, me).await?;
    out.sections.push(Section { key: "messages", data: json_of(&written)? });
    step(6).await?;

    let budget = super::MAX_FILE_BYTES;
    let (sent, left_out) = crate::messaging::export::attached_by(state, org, me, budget).await?;
    out.left_out.extend(left_out);
    let mut listed = Vec::new();
    let mut used = 0;
    for file in sent {
        let path = format!("files/messages/{}-{}", file.id, safe_name(&file.file_name));
        used += file.bytes.len() as i64;
        listed.push(json!({ "file": path, "name": file.file_name, "media_type": file.media_type, "created_at": file.created_at }));
        out.files.push(File { path, bytes: file.bytes.into() });
    }
    out.sections.push(Section { key: "attachments", data: Value::Array(listed) });
    step(7).await?;

    let (uploaded, left_out) =
        crate::documents::service::read::uploaded_by(state, org, me, budget - used).await?;
    out.left_out.extend(left_out);
    let mut listed = Vec::new();
    for (index, file) in uploaded.into_iter().enumerate() {
        let path = format!(
            "files/documents/{index:04}-v{}-{}",
            file.number,
            safe_name(&file.document_name)
        );
        listed.push(json!({ "file": path, "document": file.document_name, "version": file.number, "media_type": file.media_type, "created_at": file.created_at }));
        out.files.push(File { path, bytes: file.bytes });
    }
    out.sections.push(Section { key: "documents", data: Value::Array(listed) });
    step(STEPS).await?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::safe_name;

    #[test]
    fn names_in_the_archive_cannot_climb_out() {
        assert_eq!(safe_name("../../etc/passwd"), "_.._etc_passwd");
        assert_eq!(safe_name(".."), "file");
        assert_eq!(safe_name("compte rendu.pdf"), "compte rendu.pdf");
        assert_eq!(safe_name("a\u{0}b"), "a_b");
    }
}
