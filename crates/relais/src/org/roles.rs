//! Roles and the permissions they carry. Checked in services, never only in templates.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    Manager,
    Coordinator,
    Nurse,
    Aide,
    Staff,
    Dpo,
    /// Human resources: telework posts, charter and agreements.
    Hr,
    /// Staff representatives (CSE): read the teams' workload indicators, nothing else.
    Cse,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// People, roles, invitations, password resets, deactivation.
    ManagePeople,
    /// Sites and teams.
    ManageTeams,
    /// Any patient record (still limited to the care relationship).
    SeePatientData,
    /// Build and publish rounds.
    PlanRounds,
    /// Team-level indicators (never per person).
    SeeTeamIndicators,
    /// Audit log and data-protection requests.
    SeeAudit,
    /// Schedule and hold teleconsultations (télésoin is for nurses, not for care aides).
    HoldTeleconsultations,
    /// Telework posts and their eligibility, the charter, agreements, rules (human resources).
    ManageTelework,
    /// Decide the telework days of one's teams.
    ApproveTelework,
    /// Workstation security: coverage of the self-checks (aggregates), advice, reported problems.
    HandleSecurity,
    /// Share a patient-linked document outside by a link (with a reason, audited).
    SharePatientDocuments,
    /// The teams' workload indicators (aggregates, hidden below five people).
    SeeWorkload,
    /// Data protection: requests (erasure, rectification), legal holds, retention, the register
    /// of processing activities and the data-breach register (the DPO).
    HandlePrivacy,
}

impl Role {
    pub const ALL: [Role; 9] = [
        Role::Admin,
        Role::Manager,
        Role::Coordinator,
        Role::Nurse,
        Role::Aide,
        Role::Staff,
        Role::Dpo,
        Role::Hr,
        Role::Cse,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Manager => "manager",
            Role::Coordinator => "coordinator",
            Role::Nurse => "nurse",
            Role::Aide => "aide",
            Role::Staff => "staff",
            Role::Dpo => "dpo",
            Role::Hr => "hr",
            Role::Cse => "cse",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|role| role.as_str() == text)
    }

    pub fn permissions(self) -> &'static [Permission] {
        use Permission::*;
        match self {
            Role::Admin => &[ManagePeople, ManageTeams, SeeAudit, HandleSecurity],
            Role::Manager => &[ManageTeams, SeeTeamIndicators, ApproveTelework, SeeWorkload],
            Role::Coordinator => &[
                SeePatientData,
                PlanRounds,
                SeeTeamIndicators,
                HoldTeleconsultations,
                SharePatientDocuments,
                SeeWorkload,
            ],
            Role::Nurse => &[SeePatientData, HoldTeleconsultations, SharePatientDocuments],
            Role::Aide => &[SeePatientData],
            Role::Staff => &[],
            Role::Dpo => &[SeeAudit, HandlePrivacy],
            Role::Hr => &[ManageTelework, ApproveTelework, SeeTeamIndicators, SeeWorkload],
            Role::Cse => &[SeeWorkload],
        }
    }

    /// Every role that sees patient data, personal data of colleagues or the audit log must use a
    /// second factor; only `staff` may choose.
    pub fn requires_mfa(self) -> bool {
        self != Role::Staff
    }
}

/// Whether any of `roles` grants `permission`.
pub fn grants(roles: &[Role], permission: Permission) -> bool {
    roles.iter().any(|role| role.permissions().contains(&permission))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_through_text() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("root"), None);
    }

    #[test]
    fn staff_is_the_only_role_without_mandatory_mfa() {
        let optional: Vec<_> = Role::ALL.into_iter().filter(|r| !r.requires_mfa()).collect();
        assert_eq!(optional, vec![Role::Staff]);
    }

    #[test]
    fn only_care_roles_see_patient_data() {
        assert!(grants(&[Role::Nurse], Permission::SeePatientData));
        assert!(!grants(&[Role::Admin, Role::Staff, Role::Manager], Permission::SeePatientData));
        assert!(grants(&[Role::Nurse], Permission::HoldTeleconsultations));
        assert!(!grants(&[Role::Aide], Permission::HoldTeleconsultations), "not télésoin");
        assert!(!grants(&[Role::Aide], Permission::SharePatientDocuments));
    }
}
