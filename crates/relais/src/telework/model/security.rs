//! What the home workstation self-check and problem reports store.

use crate::text_enum::text_enum;

text_enum! {
    /// Who owns a device people telework on.
    DeviceKind { Provided = "provided", Personal = "personal" }
}

text_enum! {
    /// The items of the home workstation self-check, in the order they are asked.
    CheckItem {
        DiskEncryption = "disk_encryption",
        SystemUpdates = "system_updates",
        BrowserUpdates = "browser_updates",
        ScreenLock = "screen_lock",
        SeparateSession = "separate_session",
        Antivirus = "antivirus",
        WifiProtected = "wifi_protected",
        WifiPasswordChanged = "wifi_password_changed",
        NoSavedPasswords = "no_saved_passwords",
        EncryptedBackup = "encrypted_backup",
        LostDevicePlan = "lost_device_plan",
    }
}

text_enum! {
    /// What a person declares for an item.
    Answer { Yes = "yes", No = "no", Unsure = "unsure", NotApplicable = "not_applicable" }
}

text_enum! {
    /// A problem people report to IT.
    IncidentKind {
        LostDevice = "lost_device",
        Phishing = "phishing",
        Intrusion = "intrusion",
        ToolBroken = "tool_broken",
        Other = "other",
    }
}

text_enum! {
    IncidentStatus { Open = "open", Closed = "closed" }
}

#[derive(serde::Serialize, Debug, Clone, sqlx::FromRow)]
pub struct Device {
    pub id: String,
    pub user_id: String,
    pub name: String,
    #[sqlx(try_from = "String")]
    pub kind: DeviceKind,
    pub created_at: i64,
    /// When the device was last checked.
    pub checked_at: Option<i64>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CheckAnswer {
    pub check_id: String,
    pub device_id: String,
    pub user_id: String,
    pub checked_at: i64,
    #[sqlx(try_from = "String")]
    pub item: CheckItem,
    #[sqlx(try_from = "String")]
    pub answer: Answer,
}

#[derive(serde::Serialize, Debug, Clone, sqlx::FromRow)]
pub struct Incident {
    pub id: String,
    pub user_id: String,
    pub reporter_name: String,
    #[sqlx(try_from = "String")]
    pub kind: IncidentKind,
    pub description: String,
    pub personal_data: i64,
    pub reported_at: i64,
    #[sqlx(try_from = "String")]
    pub status: IncidentStatus,
    pub response: String,
    pub closed_at: Option<i64>,
}

impl Incident {
    /// A possible personal data breach: the DPO has 72 hours from awareness to notify the CNIL.
    pub fn possible_breach(&self) -> bool {
        self.personal_data == 1
    }
}
