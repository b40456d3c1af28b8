//! Erasure of an account (GDPR art. 17) once the DPO grants it. The person's row stays, so the
//! records the law makes the organisation keep still say "someone did this": the care record
//! (visits, punches, reports, photos, teleconsultations — kept for its legal period), the
//! messages they wrote in shared conversations, documents, telework agreements and the audit log
//! (never rewritten: its chain still verifies). The row itself is pseudonymised — name, e-mail,
//! phone and every credential gone, the account closed — and everything that served only the
//! person is deleted.
//!
//! Erasure is the one place that crosses every feature's tables, by design: the fate of each
//! column that points at a person is listed here, and a test fails when a new one is not.

use sqlx::AnyConnection;

/// What happens to the rows of a column naming the erased person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fate {
    /// Served only the person: deleted.
    Delete,
    /// A pointer to the person in something that goes on (a preference, a pending link): cleared.
    Clear,
    /// A record the organisation must or may keep: kept, pointing at the pseudonymised row.
    Keep,
}

use Fate::*;

/// Every (table, column) that references `users`, and its fate.
pub const COLUMNS: &[(&str, &str, Fate)] = &[
    ("user_roles", "user_id", Delete),
    ("team_members", "user_id", Delete),
    ("recovery_codes", "user_id", Delete),
    ("sessions", "user_id", Delete),
    ("one_time_links", "user_id", Delete),
    ("api_tokens", "user_id", Delete),
    ("incoming_webhooks", "bot_id", Delete),
    ("webhooks", "created_by", Clear),
    ("feeds", "user_id", Delete),
    ("passkeys", "user_id", Delete),
    ("webauthn_ceremonies", "user_id", Delete),
    ("sso_identities", "user_id", Delete),
    ("sso_logins", "link_user_id", Delete),
    ("notifications", "user_id", Delete),
    ("message_reactions", "user_id", Delete),
    ("message_mentions", "user_id", Delete),
    ("conversation_members", "user_id", Delete),
    ("doc_favourites", "user_id", Delete),
    ("device_requests", "user_id", Delete),
    ("patient_access", "user_id", Delete),
    ("caregiver_absences", "user_id", Delete),
    ("caregivers", "user_id", Delete),
    ("telework_post_holders", "user_id", Delete),
    ("telework_notices", "user_id", Delete),
    ("telework_desk_bookings", "user_id", Delete),
    ("telework_devices", "user_id", Delete),
    ("telework_checks", "user_id", Delete),
    ("task_card_assignees", "user_id", Delete),
    ("task_notices", "user_id", Delete),
    ("survey_participants", "user_id", Delete),
    ("feedback_votes", "user_id", Delete),
    ("call_campaign_callers", "user_id", Delete),
    ("protocol_acks", "user_id", Delete),
    ("privacy_exports", "user_id", Delete),
    ("training_completions", "user_id", Delete),
    ("first_steps", "user_id", Delete),
    ("practice_spaces", "user_id", Delete),
    ("care_plan_items", "preferred_caregiver", Clear),
    ("care_plan_items", "excluded_caregiver", Clear),
    ("task_recurrences", "assignee_id", Clear),
    ("survey_actions", "owner_id", Clear),
    ("documents", "locked_by", Clear),
    // The care record and what the organisation must keep.
    ("visits", "caregiver_id", Keep),
    ("visit_punches", "caregiver_id", Keep),
    ("visit_reports", "caregiver_id", Keep),
    ("visit_photos", "caregiver_id", Keep),
    ("teleconsultations", "professional_id", Keep),
    ("call_attempts", "caller_id", Keep),
    ("call_campaigns", "created_by", Keep),
    // Shared conversations, documents, boards: what others wrote with the person stays whole.
    ("conversations", "created_by", Keep),
    ("messages", "author_id", Keep),
    ("urgent_overrides", "author_id", Keep),
    ("message_attachments", "uploader_id", Keep),
    ("doc_spaces", "owner_id", Keep),
    ("doc_folders", "created_by", Keep),
    ("doc_folders", "deleted_by", Keep),
    ("documents", "created_by", Keep),
    ("documents", "updated_by", Keep),
    ("documents", "deleted_by", Keep),
    ("document_versions", "created_by", Keep),
    ("doc_grants", "created_by", Keep),
    ("doc_links", "created_by", Keep),
    ("doc_links", "revoked_by", Keep),
    ("protocol_pages", "created_by", Keep),
    ("protocol_versions", "published_by", Keep),
    ("task_boards", "owner_id", Keep),
    ("task_boards", "created_by", Keep),
    ("task_recurrences", "created_by", Keep),
    ("task_cards", "created_by", Keep),
    ("task_comments", "author_id", Keep),
    ("task_card_events", "actor_id", Keep),
    ("task_card_documents", "added_by", Keep),
    ("surveys", "created_by", Keep),
    ("survey_actions", "created_by", Keep),
    ("survey_action_comments", "author_id", Keep),
    ("feedback_items", "author_id", Keep),
    ("feedback_replies", "author_id", Keep),
    // Employment records (telework agreements are part of the contract).
    ("telework_assessments", "assessed_by", Keep),
    ("telework_reviews", "user_id", Keep),
    ("telework_reviews", "replied_by", Keep),
    ("telework_charters", "published_by", Keep),
    ("telework_charter_acceptances", "user_id", Keep),
    ("telework_agreements", "user_id", Keep),
    ("telework_agreements", "proposed_by", Keep),
    ("telework_blackouts", "created_by", Keep),
    ("telework_days", "user_id", Keep),
    ("telework_days", "decided_by", Keep),
    ("telework_time", "user_id", Keep),
    ("telework_time", "approved_by", Keep),
    ("telework_advice", "published_by", Keep),
    ("telework_incidents", "user_id", Keep),
    ("telework_incidents", "closed_by", Keep),
    // Data protection's own records: the proof that the request was handled.
    ("privacy_requests", "user_id", Keep),
    ("privacy_requests", "decided_by", Keep),
    ("privacy_holds", "user_id", Keep),
    ("privacy_holds", "set_by", Keep),
    ("retention_rules", "updated_by", Keep),
    ("privacy_breaches", "recorded_by", Keep),
];

/// The name an erased account shows from now on: no trace of the person, but distinct from
/// other erased accounts.
pub fn pseudonym(user_id: &str) -> String {
    let digest = crate::secrets::digest(user_id);
    format!("Personne effacée {}", digest.chars().take(6).collect::<String>().to_uppercase())
}

/// Erases `user_id` inside the decision's transaction.
pub async fn erase(conn: &mut AnyConnection, org_id: &str, user_id: &str) -> sqlx::Result<()> {
    for (table, column, fate) in COLUMNS {
        let sql = match fate {
            Delete => format!("DELETE FROM {table} WHERE {column} = $1"),
            Clear => format!("UPDATE {table} SET {column} = NULL WHERE {column} = $1"),
            Keep => continue,
        };
        sqlx::query(&sql).bind(user_id).execute(&mut *conn).await?;
    }
    sqlx::query(
        "UPDATE users SET display_name = $1, email = $2, job_title = '', phone = '', \
         password_hash = NULL, totp_secret_enc = NULL, totp_pending_enc = NULL, \
         totp_last_step = NULL, active = 0, email_digest = 0 WHERE id = $3 AND org_id = $4",
    )
    .bind(pseudonym(user_id))
    .bind(format!("erased-{user_id}@invalid"))
    .bind(user_id)
    .bind(org_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
