//! What a teleconsultation is made of: its kind, its guests, what happened during the call.

use serde::Serialize;

/// Who holds the consultation (téléconsultation for a doctor, télésoin for the others).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Doctor,
    Nurse,
    Psychologist,
    SocialWorker,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Doctor, Kind::Nurse, Kind::Psychologist, Kind::SocialWorker];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Doctor => "doctor",
            Kind::Nurse => "nurse",
            Kind::Psychologist => "psychologist",
            Kind::SocialWorker => "social_worker",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == text)
    }
}

/// Who a guest is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GuestRole {
    Patient,
    Carer,
    Interpreter,
}

impl GuestRole {
    pub fn as_str(self) -> &'static str {
        match self {
            GuestRole::Patient => "patient",
            GuestRole::Carer => "carer",
            GuestRole::Interpreter => "interpreter",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [GuestRole::Patient, GuestRole::Carer, GuestRole::Interpreter]
            .into_iter()
            .find(|role| role.as_str() == text)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Scheduled,
    Done,
    Cancelled,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Scheduled => "scheduled",
            Status::Done => "done",
            Status::Cancelled => "cancelled",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Status::Scheduled, Status::Done, Status::Cancelled]
            .into_iter()
            .find(|status| status.as_str() == text)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Consultation {
    pub id: String,
    pub org_id: String,
    pub patient_id: crate::homecare::model::PatientId,
    pub professional_id: String,
    pub professional_name: String,
    /// The professional's time zone: the slot is shown to guests in it.
    pub time_zone: String,
    pub kind: Kind,
    pub starts_at: i64,
    pub duration_minutes: i64,
    pub status: Status,
    pub professional_consent_at: Option<i64>,
    pub reported_at: Option<i64>,
    /// How far the call went (from its log).
    pub call: CallProgress,
}

/// How far a consultation's call went: when the first guest was admitted, and whether the
/// professional's last move was to leave on purpose.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CallProgress {
    pub started_at: Option<i64>,
    pub host_left: bool,
}

impl Consultation {
    /// Where it stands, following the call before the report closes it: `in_progress` from the
    /// first admission, `ended` once the professional has left (the report still to write).
    pub fn phase(&self) -> &'static str {
        match (self.status, self.call.started_at, self.call.host_left) {
            (Status::Scheduled, Some(_), false) => "in_progress",
            (Status::Scheduled, Some(_), true) => "ended",
            (status, _, _) => status.as_str(),
        }
    }

    /// When the slot ends.
    pub fn ends_at(&self) -> i64 {
        self.starts_at + self.duration_minutes * crate::clock::MINUTE_MS
    }

    /// Until when guests' links work.
    pub fn links_expire_at(&self) -> i64 {
        self.ends_at() + super::GRACE_MINUTES * crate::clock::MINUTE_MS
    }

    /// When guests may enter the waiting room.
    pub fn opens_at(&self) -> i64 {
        self.starts_at - super::EARLY_MINUTES * crate::clock::MINUTE_MS
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Guest {
    pub id: String,
    pub consultation_id: String,
    pub role: GuestRole,
    pub name: String,
    pub failed_codes: i64,
    pub locked_at: Option<i64>,
    pub consent_at: Option<i64>,
    pub admitted_at: Option<i64>,
    /// Whether a browser holds this guest's pass (the code was entered).
    pub entered: bool,
}

impl Guest {
    /// How the log names this guest.
    pub fn who(&self) -> String {
        who(self.role.as_str(), &self.name)
    }
}

/// How the log names a participant: their role (`professional`, `patient`, `carer`,
/// `interpreter`), a colon, and the name they gave.
pub fn who(role: &str, name: &str) -> String {
    format!("{role}:{name}")
}

/// Something that happened during the call, logged at once (an incident or an arrival).
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq, sqlx::FromRow)]
pub struct Event {
    pub at: i64,
    pub kind: String,
    pub who: String,
}

impl Event {
    /// The participant's role and name, from [`who`].
    pub fn role_and_name(&self) -> (&str, &str) {
        self.who.split_once(':').unwrap_or(("", self.who.as_str()))
    }
}

/// Kinds of event that count as technical incidents in the report.
pub const INCIDENTS: [&str; 4] = ["dropped", "reconnected", "audio_only", "locked"];

/// Stored kinds, roles and statuses decode into their enums; a value the code does not know is
/// a decode error (see `text_enum`), never a default.
macro_rules! decoded_from_text {
    ($($name:ident),+) => {$(
        impl TryFrom<String> for $name {
            type Error = crate::text_enum::UnknownValue;

            fn try_from(text: String) -> Result<Self, Self::Error> {
                Self::parse(&text)
                    .ok_or(crate::text_enum::UnknownValue { what: stringify!($name), text })
            }
        }
    )+};
}

decoded_from_text!(Kind, GuestRole, Status);
