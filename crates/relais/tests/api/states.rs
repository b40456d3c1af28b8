//! The database holds the states the code relies on: each state column accepts exactly the values
//! of the code's enum (a check constraint on PostgreSQL, triggers on SQLite), and periodic jobs
//! cannot be queued twice, even by instances scheduling them at the same moment.

use std::collections::BTreeSet;

use relais::auth::store::LinkPurpose;
use relais::db::Backend;
use relais::homecare::model::{
    AbsenceKind, ContactKind, Financer, IdentityStatus, PatientStatus, PunchKind, PunchMethod,
    Skill, SyncKind, VisitStatus,
};
use relais::homecare::store::visits::ProposalStatus;
use relais::org::roles::Role;
use relais::teleconsultation::model as tele;
use relais::telework::model as telework;
use sqlx::Row;

use crate::helpers::spawn_app;

fn texts<'a>(values: impl IntoIterator<Item = &'a str>) -> BTreeSet<String> {
    values.into_iter().map(str::to_string).collect()
}

/// Every state column, with the values the code writes there.
use relais::tasks::model as tasks;

fn state_columns() -> Vec<(&'static str, &'static str, BTreeSet<String>)> {
    let skills = texts(Skill::ALL.iter().map(|s| s.as_str()));
    vec![
        ("user_roles", "role", texts(Role::ALL.iter().map(|r| r.as_str()))),
        (
            "one_time_links",
            "purpose",
            texts([LinkPurpose::Activation.as_str(), LinkPurpose::PasswordReset.as_str()]),
        ),
        ("jobs", "status", texts(["queued", "running", "done", "failed"])),
        ("webhooks", "state", texts(relais::api::webhooks::store::WEBHOOK_STATES)),
        ("webhook_deliveries", "state", texts(relais::api::webhooks::store::DELIVERY_STATES)),
        ("patients", "identity_status", texts(IdentityStatus::ALL.iter().map(|s| s.as_str()))),
        ("patients", "financer", texts(Financer::ALL.iter().map(|s| s.as_str()))),
        ("patients", "status", texts(PatientStatus::ALL.iter().map(|s| s.as_str()))),
        ("patient_contacts", "kind", texts(ContactKind::ALL.iter().map(|s| s.as_str()))),
        ("caregiver_absences", "kind", texts(AbsenceKind::ALL.iter().map(|s| s.as_str()))),
        ("care_plan_items", "skill", skills.clone()),
        ("care_plan_items", "sync_kind", texts(SyncKind::ALL.iter().map(|s| s.as_str()))),
        ("visits", "skill", skills),
        ("visits", "status", texts(VisitStatus::ALL.iter().map(|s| s.as_str()))),
        ("planning_proposals", "status", texts(ProposalStatus::ALL.iter().map(|s| s.as_str()))),
        ("visit_punches", "kind", texts(PunchKind::ALL.iter().map(|k| k.as_str()))),
        ("visit_punches", "method", texts(PunchMethod::ALL.iter().map(|m| m.as_str()))),
        ("visit_reports", "outcome", texts(relais::homecare::visit_report::OUTCOMES)),
        ("visit_photos", "consent", texts(relais::homecare::photos::CONSENTS)),
        (
            "conversations",
            "kind",
            texts(
                [
                    relais::messaging::model::Kind::Channel,
                    relais::messaging::model::Kind::Direct,
                    relais::messaging::model::Kind::Group,
                ]
                .map(|k| k.as_str()),
            ),
        ),
        ("teleconsultations", "kind", texts(tele::Kind::ALL.iter().map(|k| k.as_str()))),
        (
            "teleconsultations",
            "status",
            texts(
                [tele::Status::Scheduled, tele::Status::Done, tele::Status::Cancelled]
                    .map(|s| s.as_str()),
            ),
        ),
        (
            "teleconsultation_guests",
            "role",
            texts(
                [tele::GuestRole::Patient, tele::GuestRole::Carer, tele::GuestRole::Interpreter]
                    .map(|r| r.as_str()),
            ),
        ),
        ("telework_days", "part", texts(telework::DayPart::ALL.iter().map(|v| v.as_str()))),
        ("telework_days", "status", texts(telework::DayStatus::ALL.iter().map(|v| v.as_str()))),
        (
            "telework_assessments",
            "patient_presence",
            texts(telework::PatientPresence::ALL.iter().map(|v| v.as_str())),
        ),
        (
            "telework_assessments",
            "paper_records",
            texts(telework::PaperRecords::ALL.iter().map(|v| v.as_str())),
        ),
        (
            "telework_assessments",
            "onsite_equipment",
            texts(telework::OnSiteEquipment::ALL.iter().map(|v| v.as_str())),
        ),
        (
            "telework_assessments",
            "data_access",
            texts(telework::DataAccess::ALL.iter().map(|v| v.as_str())),
        ),
        (
            "telework_assessments",
            "autonomy",
            texts(telework::Autonomy::ALL.iter().map(|v| v.as_str())),
        ),
        (
            "telework_assessments",
            "result",
            texts(telework::Eligibility::ALL.iter().map(|v| v.as_str())),
        ),
        ("task_labels", "colour", texts(tasks::Colour::ALL.iter().map(|v| v.as_str()))),
        ("task_cards", "priority", texts(tasks::Priority::ALL.iter().map(|v| v.as_str()))),
        ("task_card_events", "kind", texts(tasks::EventKind::ALL.iter().map(|v| v.as_str()))),
        ("task_recurrences", "frequency", texts(tasks::Frequency::ALL.iter().map(|v| v.as_str()))),
        ("task_notices", "kind", texts(tasks::NoticeKind::ALL.iter().map(|v| v.as_str()))),
        (
            "call_attempts",
            "outcome",
            texts(relais::callrounds::model::Outcome::ALL.iter().map(|v| v.as_str())),
        ),
        (
            "feedback_items",
            "kind",
            texts(relais::feedback::model::Kind::ALL.iter().map(|v| v.as_str())),
        ),
        (
            "feedback_items",
            "topic",
            texts(relais::feedback::model::Topic::ALL.iter().map(|v| v.as_str())),
        ),
        (
            "feedback_items",
            "status",
            texts(relais::feedback::model::Status::ALL.iter().map(|v| v.as_str())),
        ),
        (
            "feedback_replies",
            "status",
            texts(relais::feedback::model::Status::ALL.iter().map(|v| v.as_str())),
        ),
        (
            "survey_actions",
            "status",
            texts(relais::surveys::actions::Status::ALL.iter().map(|v| v.as_str())),
        ),
        (
            "sso_providers",
            "kind",
            texts(relais::auth::sso::model::ProviderKind::ALL.iter().map(|v| v.as_str())),
        ),
        (
            "webauthn_ceremonies",
            "purpose",
            texts(relais::auth::passkeys::store::Purpose::ALL.iter().map(|v| v.as_str())),
        ),
        (
            "privacy_exports",
            "state",
            texts(relais::privacy::model::ExportState::ALL.iter().map(|v| v.as_str())),
        ),
        (
            "privacy_requests",
            "kind",
            texts(relais::privacy::model::RequestKind::ALL.iter().map(|v| v.as_str())),
        ),
        (
            "privacy_requests",
            "state",
            texts(relais::privacy::model::RequestState::ALL.iter().map(|v| v.as_str())),
        ),
        (
            "privacy_breaches",
            "nature",
            texts(relais::privacy::model::BreachNature::ALL.iter().map(|v| v.as_str())),
        ),
        (
            "training_completions",
            "course",
            texts(relais::training::model::Course::ALL.iter().map(|v| v.as_str())),
        ),
    ]
}

/// On SQLite, a table created with its checks names them inline (`CONSTRAINT x CHECK (…)`);
/// columns added later are held by a pair of triggers.
async fn sqlite_definitions(db: &relais::db::Db, table: &str, name: &str) -> Vec<String> {
    let triggers: Vec<String> =
        sqlx::query("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name IN ($1, $2)")
            .bind(format!("{name}_insert"))
            .bind(format!("{name}_update"))
            .fetch_all(db.reader())
            .await
            .unwrap()
            .iter()
            .map(|row| row.get(0))
            .collect();
    if !triggers.is_empty() {
        return triggers;
    }
    let sql: String =
        sqlx::query("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = $1")
            .bind(table)
            .fetch_one(db.reader())
            .await
            .unwrap()
            .get(0);
    let marker = format!("CONSTRAINT {name} CHECK");
    sql.split_once(&marker)
        .and_then(|(_, rest)| rest.split_once(')'))
        .map(|(check, _)| vec![check.to_string()])
        .unwrap_or_default()
}

/// The quoted values of a constraint (`IN (…)` or, as PostgreSQL shows it, `= ANY (ARRAY[…])`)
/// or of a trigger's `WHEN` clause (its error message, after `BEGIN`, left out).
fn quoted(sql: &str) -> BTreeSet<String> {
    let condition = sql.split("BEGIN").next().unwrap_or_default();
    condition.split('\'').skip(1).step_by(2).map(str::to_string).collect()
}

#[tokio::test]
async fn every_state_column_accepts_exactly_the_values_of_the_codes_enum() {
    let app = spawn_app().await;
    let db = &app.state().db;
    for (table, column, expected) in state_columns() {
        let name = format!("{table}_{column}_known");
        let definitions: Vec<String> = match db.backend() {
            Backend::Postgres => sqlx::query(
                "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = $1",
            )
            .bind(&name)
            .fetch_all(db.reader())
            .await
            .unwrap()
            .iter()
            .map(|row| row.get(0))
            .collect(),
            Backend::Sqlite => sqlite_definitions(db, table, &name).await,
        };
        assert!(!definitions.is_empty(), "{name} is in the schema");
        for definition in definitions {
            assert_eq!(quoted(&definition), expected, "{name}: {definition}");
        }
    }
}

#[tokio::test]
async fn a_state_the_code_does_not_know_is_refused_by_the_database() {
    let app = spawn_app().await;
    app.admin().await;
    let writer = app.state().db.writer();
    let refused = sqlx::query("UPDATE user_roles SET role = 'root'").execute(writer).await;
    assert!(refused.is_err(), "an unknown role");
    let refused = sqlx::query(
        "INSERT INTO jobs (id, kind, payload, status, attempts, max_attempts, run_at, created_at, \
         updated_at) VALUES ('j1', 'x', '{}', 'paused', 0, 1, 0, 0, 0)",
    )
    .execute(writer)
    .await;
    assert!(refused.is_err(), "an unknown job status");
    assert_eq!(app.count("SELECT COUNT(*) FROM user_roles WHERE role = 'admin'").await, 1);
}

#[tokio::test]
async fn periodic_jobs_scheduled_at_the_same_moment_are_queued_once() {
    let app = spawn_app().await;
    app.execute("DELETE FROM jobs").await;
    let state = app.state();
    let schedulers = (0..6).map(|_| relais::jobs::worker::schedule_periodic(state));
    for outcome in futures_util::future::join_all(schedulers).await {
        outcome.unwrap();
    }
    let most = app
        .count(
            "SELECT COALESCE(MAX(n), 0) FROM (SELECT COUNT(*) AS n FROM jobs \
             WHERE status IN ('queued', 'running') GROUP BY kind) AS pending",
        )
        .await;
    assert_eq!(most, 1, "one waiting job per kind");
    let kinds = app.count("SELECT COUNT(DISTINCT kind) FROM jobs").await;
    assert_eq!(kinds, i64::try_from(state.jobs.periodic().len()).unwrap());
}
