use serde::Serialize;

/// Who acted, as the audit log records them.
#[derive(Debug, Clone, Default)]
pub struct Actor {
    pub user_id: Option<String>,
    /// Roles at the time, comma-separated.
    pub roles: String,
    /// The public id of the session used.
    pub session_id: Option<String>,
    pub ip: String,
    pub user_agent: String,
}

/// One audited event.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    pub org_id: Option<&'a str>,
    pub actor: &'a Actor,
    /// `domain.verb`, e.g. `auth.sign_in`, `person.deactivate`, `patient.read`.
    pub action: &'a str,
    pub object_type: &'a str,
    pub object_id: Option<&'a str>,
    pub patient_id: Option<&'a str>,
    pub outcome: &'a str,
    /// Why: required for break-the-glass and urgent overrides.
    pub reason: Option<&'a str>,
    /// Extra non-sensitive context (e.g. the e-mail typed for an unknown account).
    pub detail: Option<&'a str>,
}

impl<'a> Entry<'a> {
    /// A successful action on an object, with no patient, reason or detail.
    pub fn success(
        org_id: Option<&'a str>,
        actor: &'a Actor,
        action: &'a str,
        object_type: &'a str,
        object_id: Option<&'a str>,
    ) -> Self {
        Self {
            org_id,
            actor,
            action,
            object_type,
            object_id,
            patient_id: None,
            outcome: "success",
            reason: None,
            detail: None,
        }
    }
}

/// A stored audit row, as exported and shown.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, sqlx::FromRow)]
pub struct Row {
    pub seq: i64,
    pub at: i64,
    pub org_id: Option<String>,
    pub actor_id: Option<String>,
    pub actor_roles: String,
    pub session_id: Option<String>,
    pub action: String,
    pub object_type: String,
    pub object_id: Option<String>,
    pub patient_id: Option<String>,
    pub ip: String,
    pub user_agent: String,
    pub outcome: String,
    pub reason: Option<String>,
    pub detail: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

/// The chain's state at a point, signed with the server's audit key.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq, Eq, sqlx::FromRow)]
pub struct Checkpoint {
    pub seq: i64,
    pub hash: String,
    pub at: i64,
    pub signature: String,
}
