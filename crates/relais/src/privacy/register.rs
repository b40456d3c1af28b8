//! The register of processing activities (registre des traitements, GDPR art. 30), generated
//! from what Relais does and the organisation's retention: each activity's purpose, legal basis,
//! people, data, recipients and how long its data is kept. Shown to the DPO and exported as CSV.

use super::retention::service::{Line, lines};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::org::Permission;
use crate::state::AppState;

/// A processing activity: its texts are `register-<key>-{purpose,basis,people,data,recipients}`;
/// its data is kept as the listed retention classes say.
pub struct Activity {
    pub key: &'static str,
    pub classes: &'static [&'static str],
}

pub const ACTIVITIES: &[Activity] = &[
    Activity { key: "accounts", classes: &["sessions", "audit"] },
    Activity { key: "messaging", classes: &["messages", "attachments"] },
    Activity { key: "homecare", classes: &["care_record", "photos"] },
    Activity { key: "teleconsultation", classes: &["care_record", "call_logs"] },
    Activity { key: "documents", classes: &["document_versions"] },
    Activity { key: "tasks", classes: &[] },
    Activity { key: "telework", classes: &[] },
    Activity { key: "surveys", classes: &["survey_answers"] },
    Activity { key: "privacy", classes: &["exports"] },
];

/// An activity written out in the reader's language.
pub struct Entry {
    pub key: &'static str,
    pub name: String,
    pub purpose: String,
    pub basis: String,
    pub people: String,
    pub data: String,
    pub recipients: String,
    pub retention: String,
}

fn retention_text(lang: Lang, activity: &Activity, lines: &[Line]) -> String {
    if activity.classes.is_empty() {
        return lang.t(&format!("register-{}-retention", activity.key));
    }
    activity
        .classes
        .iter()
        .filter_map(|key| lines.iter().find(|line| line.class.key == *key))
        .map(|line| {
            let days = lang.t_count("retention-days-count", line.days, &[]);
            format!("{} : {days}", lang.t(&format!("retention-class-{}", line.class.key)))
        })
        .collect::<Vec<_>>()
        .join(" ; ")
}

/// The register for the DPO's organisation.
pub async fn entries(state: &AppState, dpo: &CurrentUser, lang: Lang) -> AppResult<Vec<Entry>> {
    dpo.require(Permission::HandlePrivacy)?;
    let lines = lines(state, &dpo.org_id).await?;
    Ok(ACTIVITIES
        .iter()
        .map(|activity| {
            let text = |part: &str| lang.t(&format!("register-{}-{part}", activity.key));
            Entry {
                key: activity.key,
                name: text("name"),
                purpose: text("purpose"),
                basis: text("basis"),
                people: text("people"),
                data: text("data"),
                recipients: text("recipients"),
                retention: retention_text(lang, activity, &lines),
            }
        })
        .collect())
}

/// The register as CSV, as French spreadsheets read it (cells that look like formulas guarded).
pub fn csv(entries: &[Entry], lang: Lang, organisation: &str) -> AppResult<Vec<u8>> {
    let mut writer = crate::web::spreadsheet::writer();
    let header: Vec<String> = [
        "organisation",
        "name",
        "purpose",
        "basis",
        "people",
        "data",
        "recipients",
        "retention",
        "transfers",
        "security",
    ]
    .iter()
    .map(|column| lang.t(&format!("register-column-{column}")))
    .collect();
    let internal = |e: csv::Error| AppError::Internal(e.into());
    writer.write_record(&header).map_err(internal)?;
    let organisation = crate::web::spreadsheet::guarded(organisation);
    let transfers = lang.t("register-transfers");
    let security = lang.t("register-security");
    for entry in entries {
        writer
            .write_record([
                organisation.as_str(),
                &entry.name,
                &entry.purpose,
                &entry.basis,
                &entry.people,
                &entry.data,
                &entry.recipients,
                &entry.retention,
                &transfers,
                &security,
            ])
            .map_err(internal)?;
    }
    writer.into_inner().map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))
}
