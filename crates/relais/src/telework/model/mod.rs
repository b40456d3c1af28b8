//! What the telework module stores: posts and their assessments, the charter, agreements, team
//! rules and days. Rows decode into these types directly; states are closed lists.

use serde::Serialize;

use crate::text_enum::text_enum;

mod security;

pub use security::*;

text_enum! {
    /// How much of the post is spent with patients, in person.
    PatientPresence { None = "none", Partial = "partial", Constant = "constant" }
}

text_enum! {
    /// Whether the post handles paper records that cannot leave the site.
    PaperRecords { None = "none", Digitisable = "digitisable", Essential = "essential" }
}

text_enum! {
    /// Equipment only found on site (scanner, franking machine, archives).
    OnSiteEquipment { None = "none", Partial = "partial", Essential = "essential" }
}

text_enum! {
    /// The data the post works on, and whether remote access to it is allowed.
    DataAccess {
        Ordinary = "ordinary",
        HealthRemote = "health_remote",
        HealthOnSiteOnly = "health_on_site_only",
    }
}

text_enum! {
    /// How autonomously the work is organised.
    Autonomy { High = "high", Medium = "medium", Low = "low" }
}

text_enum! {
    /// The result of an assessment.
    Eligibility { Eligible = "eligible", Partial = "partial", NotEligible = "not_eligible" }
}

text_enum! {
    /// A whole day or half of one.
    DayPart { Day = "day", Morning = "morning", Afternoon = "afternoon" }
}

text_enum! {
    /// Where a telework request stands.
    DayStatus {
        Requested = "requested",
        Approved = "approved",
        Refused = "refused",
        Cancelled = "cancelled",
    }
}

text_enum! {
    /// What the audit log says the module did.
    Action {
        PostCreated = "telework.post_created",
        PostHolderSet = "telework.post_holder_set",
        PostAssessed = "telework.post_assessed",
        ReviewAsked = "telework.review_asked",
        ReviewAnswered = "telework.review_answered",
        CharterPublished = "telework.charter_published",
        CharterAccepted = "telework.charter_accepted",
        AgreementProposed = "telework.agreement_proposed",
        AgreementSigned = "telework.agreement_signed",
        AgreementEnded = "telework.agreement_ended",
        AgreementRead = "telework.agreement_read",
        RulesChanged = "telework.rules_changed",
        DayRequested = "telework.day_requested",
        DayDecided = "telework.day_decided",
        DayCancelled = "telework.day_cancelled",
        TimeDeclared = "telework.time_declared",
        TimeRead = "telework.time_read",
        TimeApproved = "telework.time_approved",
        TimeExported = "telework.time_exported",
        FeedRenewed = "telework.feed_renewed",
        FeedRevoked = "telework.feed_revoked",
        DeviceAdded = "telework.device_added",
        DeviceRetired = "telework.device_retired",
        DeviceChecked = "telework.device_checked",
        AdvicePublished = "telework.advice_published",
        IncidentReported = "telework.incident_reported",
        IncidentClosed = "telework.incident_closed",
        IncidentsRead = "telework.incidents_read",
        DeskAdded = "telework.desk_added",
        DeskBooked = "telework.desk_booked",
        DeskReleased = "telework.desk_released",
    }
}

text_enum! {
    /// What a notice tells.
    NoticeKind {
        DayRequested = "day_requested",
        DayDecided = "day_decided",
        CharterPublished = "charter_published",
        CharterReminder = "charter_reminder",
        AgreementProposed = "agreement_proposed",
        CheckDue = "check_due",
    }
}

text_enum! {
    /// Where a declared day was worked.
    Place { OnSite = "on_site", Remote = "remote" }
}

text_enum! {
    /// Whether a manager approved a declared day.
    TimeStatus { Declared = "declared", Approved = "approved" }
}

impl DayPart {
    /// Half-days it takes (a day is two).
    pub fn halves(self) -> i64 {
        if self == DayPart::Day { 2 } else { 1 }
    }
}

/// The criteria of an assessment, as the form gives them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Criteria {
    pub patient_presence: PatientPresence,
    pub paper_records: PaperRecords,
    pub onsite_equipment: OnSiteEquipment,
    pub data_access: DataAccess,
    pub autonomy: Autonomy,
    /// Share of the tasks that can be done remotely, in percent.
    pub remote_share: i64,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Post {
    pub id: String,
    pub name: String,
}

#[derive(serde::Serialize, Debug, Clone, sqlx::FromRow)]
pub struct Assessment {
    pub id: String,
    pub post_id: String,
    #[sqlx(try_from = "String")]
    pub patient_presence: PatientPresence,
    #[sqlx(try_from = "String")]
    pub paper_records: PaperRecords,
    #[sqlx(try_from = "String")]
    pub onsite_equipment: OnSiteEquipment,
    #[sqlx(try_from = "String")]
    pub data_access: DataAccess,
    #[sqlx(try_from = "String")]
    pub autonomy: Autonomy,
    pub remote_share: i64,
    #[sqlx(try_from = "String")]
    pub result: Eligibility,
    pub max_days: i64,
    pub comment: String,
    pub assessed_by_name: String,
    pub assessed_at: i64,
}

impl Assessment {
    pub fn criteria(&self) -> Criteria {
        Criteria {
            patient_presence: self.patient_presence,
            paper_records: self.paper_records,
            onsite_equipment: self.onsite_equipment,
            data_access: self.data_access,
            autonomy: self.autonomy,
            remote_share: self.remote_share,
        }
    }
}

#[derive(serde::Serialize, Debug, Clone, sqlx::FromRow)]
pub struct Review {
    pub id: String,
    pub post_id: String,
    pub user_id: String,
    pub asker_name: String,
    pub message: String,
    pub asked_at: i64,
    pub reply: Option<String>,
    pub replied_at: Option<i64>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Charter {
    pub id: String,
    pub version: i64,
    pub body: String,
    pub published_at: i64,
}

#[derive(serde::Serialize, Debug, Clone, sqlx::FromRow)]
pub struct Agreement {
    pub id: String,
    pub user_id: String,
    pub days_per_week: i64,
    pub fixed_days: String,
    pub place: String,
    pub equipment: String,
    pub starts_on: String,
    pub trial_until: Option<String>,
    pub review_on: Option<String>,
    pub ends_on: Option<String>,
    pub proposed_at: i64,
    pub signed_at: Option<i64>,
}

impl Agreement {
    /// Whether the agreement is signed and covers `day` (ISO dates compare as text).
    pub fn covers(&self, day: &str) -> bool {
        self.signed_at.is_some()
            && self.starts_on.as_str() <= day
            && self.ends_on.as_deref().is_none_or(|end| day <= end)
    }

    /// The fixed weekdays (ISO: 1 = Monday), empty when the days float.
    pub fn fixed_weekdays(&self) -> Vec<i8> {
        self.fixed_days.split(',').filter_map(|d| d.trim().parse().ok()).collect()
    }
}

#[derive(Debug, Clone, Default, sqlx::FromRow)]
pub struct TeamRules {
    pub min_on_site: i64,
    /// ISO weekday when everyone is on site (the team meeting).
    pub meeting_weekday: Option<i64>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Blackout {
    pub id: String,
    pub team_id: Option<String>,
    pub first_day: String,
    pub last_day: String,
    pub reason: String,
}

#[derive(serde::Serialize, Debug, Clone, sqlx::FromRow)]
pub struct Day {
    pub id: String,
    pub user_id: String,
    pub person_name: String,
    pub team_id: String,
    pub day: String,
    #[sqlx(try_from = "String")]
    pub part: DayPart,
    #[sqlx(try_from = "String")]
    pub status: DayStatus,
    pub requested_at: i64,
    pub decided_at: Option<i64>,
    pub decision_comment: String,
}

#[derive(serde::Serialize, Debug, Clone, sqlx::FromRow)]
pub struct Declaration {
    pub id: String,
    pub user_id: String,
    pub person_name: String,
    pub day: String,
    pub start_minute: i64,
    pub end_minute: i64,
    pub break_minutes: i64,
    pub worked_minutes: i64,
    #[sqlx(try_from = "String")]
    pub place: Place,
    #[sqlx(try_from = "String")]
    pub status: TimeStatus,
    pub declared_at: i64,
    pub approved_at: Option<i64>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Notice {
    pub id: String,
    pub org_id: String,
    pub user_id: String,
    #[sqlx(try_from = "String")]
    pub kind: NoticeKind,
    pub subject: String,
    pub deliver_at: i64,
    pub read_at: Option<i64>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Desk {
    pub id: String,
    pub site_id: String,
    pub room: String,
    pub name: String,
}

#[derive(serde::Serialize, Debug, Clone, sqlx::FromRow)]
pub struct Booking {
    pub id: String,
    pub desk_id: String,
    pub desk_name: String,
    pub user_id: String,
    pub person_name: String,
    pub day: String,
}
