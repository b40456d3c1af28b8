//! Reading and writing whole tables, whatever their columns, on either database.

use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row, ValueRef};

use crate::db::Backend;

/// Every table, parents before children (the order rows are restored in). A test checks that
/// it lists the whole schema.
/// Tables whose migrations insert a row (a head or cursor): emptied before a restore writes the
/// backup's rows.
pub const SEEDED: &[&str] = &["audit_head", "outbox_head", "webhook_cursor"];

pub const TABLES: &[&str] = &[
    "organisations",
    "sites",
    "teams",
    "users",
    "user_roles",
    "team_members",
    "recovery_codes",
    "sessions",
    "one_time_links",
    "setup_tokens",
    "meta",
    "data_keys",
    "audit_log",
    "audit_head",
    "audit_checkpoints",
    "outbox",
    "outbox_head",
    "api_tokens",
    "jobs",
    "patients",
    "patient_contacts",
    "patient_access",
    "caregivers",
    "caregiver_absences",
    "care_plan_items",
    "visits",
    "planning_weeks",
    "planning_proposals",
    "visit_punches",
    "visit_reports",
    "device_requests",
    "visit_corrections",
    "feeds",
    "visit_photos",
    "conversations",
    "conversation_members",
    "messages",
    "message_reactions",
    "message_mentions",
    "message_terms",
    "notifications",
    "urgent_overrides",
    "message_attachments",
    "teleconsultations",
    "teleconsultation_guests",
    "teleconsultation_events",
    "telework_posts",
    "telework_post_holders",
    "telework_assessments",
    "telework_reviews",
    "telework_charters",
    "telework_charter_acceptances",
    "telework_agreements",
    "telework_team_rules",
    "telework_blackouts",
    "telework_days",
    "telework_time",
    "telework_devices",
    "telework_checks",
    "telework_check_answers",
    "telework_advice",
    "telework_incidents",
    "telework_settings",
    "telework_notices",
    "telework_desks",
    "telework_desk_bookings",
    "doc_settings",
    "doc_spaces",
    "doc_folders",
    "documents",
    "document_versions",
    "doc_grants",
    "doc_favourites",
    "doc_links",
    "protocol_pages",
    "protocol_versions",
    "protocol_acks",
    "task_boards",
    "task_lists",
    "task_labels",
    "task_recurrences",
    "task_cards",
    "task_card_assignees",
    "task_card_labels",
    "task_checklist_items",
    "task_comments",
    "task_card_events",
    "task_card_documents",
    "surveys",
    "survey_participants",
    "survey_responses",
    "survey_answers",
    "survey_actions",
    "survey_action_comments",
    "feedback_items",
    "feedback_replies",
    "feedback_votes",
    "call_campaigns",
    "call_campaign_callers",
    "call_targets",
    "call_attempts",
    "task_notices",
    "sso_providers",
    "sso_identities",
    "sso_logins",
    "sso_sessions",
    "passkeys",
    "webauthn_ceremonies",
    "privacy_exports",
    "privacy_requests",
    "privacy_holds",
    "retention_rules",
    "privacy_breaches",
    "training_completions",
    "first_steps",
    "practice_spaces",
    "incoming_webhooks",
    "webhooks",
    "webhook_deliveries",
    "webhook_cursor",
    "storage_probe",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Integer,
    Text,
    Bytes,
}

/// The tables of the live schema (migrations' bookkeeping excluded).
pub async fn schema_tables(
    conn: &mut AnyConnection,
    backend: Backend,
) -> sqlx::Result<Vec<String>> {
    let sql = match backend {
        Backend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND name NOT LIKE '\\_sqlx%' ESCAPE '\\' ORDER BY name"
        }
        Backend::Postgres => {
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema() AND table_name NOT LIKE '\\_sqlx%' ORDER BY 1"
        }
    };
    let rows = sqlx::query(sql).fetch_all(conn).await?;
    rows.iter().map(|row| row.try_get(0)).collect()
}

/// The columns of a table, in order, with their kind.
pub async fn columns(
    conn: &mut AnyConnection,
    backend: Backend,
    table: &str,
) -> sqlx::Result<Vec<(String, Kind)>> {
    let rows = match backend {
        Backend::Sqlite => {
            sqlx::query("SELECT name, type FROM pragma_table_info($1) ORDER BY cid").bind(table).fetch_all(conn).await?
        }
        Backend::Postgres => {
            sqlx::query(
                "SELECT column_name::text, data_type::text FROM information_schema.columns \
                 WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
            )
            .bind(table)
            .fetch_all(conn)
            .await?
        }
    };
    rows.iter()
        .map(|row| {
            let name: String = row.try_get(0)?;
            let kind = match row.try_get::<String, _>(1)?.to_ascii_lowercase().as_str() {
                "bigint" | "integer" | "int8" => Kind::Integer,
                "blob" | "bytea" => Kind::Bytes,
                _ => Kind::Text,
            };
            Ok((name, kind))
        })
        .collect()
}

fn value(row: &AnyRow, index: usize, kind: Kind) -> sqlx::Result<serde_json::Value> {
    use base64::Engine;
    if row.try_get_raw(index)?.is_null() {
        return Ok(serde_json::Value::Null);
    }
    Ok(match kind {
        Kind::Integer => serde_json::Value::from(row.try_get::<i64, _>(index)?),
        Kind::Text => serde_json::Value::from(row.try_get::<String, _>(index)?),
        Kind::Bytes => serde_json::json!({
            "b64": base64::engine::general_purpose::STANDARD.encode(row.try_get::<Vec<u8>, _>(index)?)
        }),
    })
}

/// Every row of a table as JSON arrays, in a stable order.
pub async fn read_rows(
    conn: &mut AnyConnection,
    table: &str,
    columns: &[(String, Kind)],
) -> sqlx::Result<Vec<Vec<serde_json::Value>>> {
    let names: Vec<&str> = columns.iter().map(|(name, _)| name.as_str()).collect();
    let order: Vec<String> = (1..=names.len()).map(|i| i.to_string()).collect();
    let sql = format!("SELECT {} FROM {table} ORDER BY {}", names.join(", "), order.join(", "));
    let rows = sqlx::query(&sql).fetch_all(conn).await?;
    rows.iter()
        .map(|row| columns.iter().enumerate().map(|(i, (_, kind))| value(row, i, *kind)).collect())
        .collect()
}

/// Inserts one row given as JSON values of the table's columns.
pub async fn write_row(
    conn: &mut AnyConnection,
    table: &str,
    columns: &[(String, Kind)],
    values: &[serde_json::Value],
) -> anyhow::Result<()> {
    use base64::Engine;
    anyhow::ensure!(
        values.len() == columns.len(),
        "table {table}: expected {} values, found {}",
        columns.len(),
        values.len()
    );
    let names: Vec<&str> = columns.iter().map(|(name, _)| name.as_str()).collect();
    let placeholders: Vec<String> = (1..=names.len()).map(|i| format!("${i}")).collect();
    let sql =
        format!("INSERT INTO {table} ({}) VALUES ({})", names.join(", "), placeholders.join(", "));
    let mut query = sqlx::query(&sql);
    for ((name, kind), value) in columns.iter().zip(values) {
        let bad = || anyhow::anyhow!("table {table}, column {name}: unexpected value {value}");
        query = match kind {
            Kind::Integer => query.bind(if value.is_null() {
                None
            } else {
                Some(value.as_i64().ok_or_else(bad)?)
            }),
            Kind::Text => query.bind(if value.is_null() {
                None
            } else {
                Some(value.as_str().ok_or_else(bad)?.to_string())
            }),
            Kind::Bytes => query.bind(match value {
                serde_json::Value::Null => None,
                other => {
                    let text = other.get("b64").and_then(|b| b.as_str()).ok_or_else(bad)?;
                    Some(
                        base64::engine::general_purpose::STANDARD
                            .decode(text)
                            .map_err(|_| bad())?,
                    )
                }
            }),
        };
    }
    query.execute(conn).await?;
    Ok(())
}
