-- The home workstation self-check: devices people telework on, what they declared about each (no
-- data is collected from the device), the IT team's advice, and the problems people report.
CREATE TABLE telework_devices (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CONSTRAINT telework_devices_kind_known CHECK (kind IN ('provided', 'personal')),
    created_at BIGINT NOT NULL,
    retired_at BIGINT
);

CREATE TABLE telework_checks (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    device_id TEXT NOT NULL REFERENCES telework_devices(id) ON DELETE CASCADE,
    checked_at BIGINT NOT NULL
);
CREATE INDEX telework_checks_of_device ON telework_checks (device_id, checked_at);

CREATE TABLE telework_check_answers (
    check_id TEXT NOT NULL REFERENCES telework_checks(id) ON DELETE CASCADE,
    item TEXT NOT NULL CONSTRAINT telework_check_answers_item_known CHECK (item IN ('disk_encryption', 'system_updates', 'browser_updates', 'screen_lock', 'separate_session', 'antivirus', 'wifi_protected', 'wifi_password_changed', 'no_saved_passwords', 'encrypted_backup', 'lost_device_plan')),
    answer TEXT NOT NULL CONSTRAINT telework_check_answers_answer_known CHECK (answer IN ('yes', 'no', 'unsure', 'not_applicable')),
    PRIMARY KEY (check_id, item)
);

CREATE TABLE telework_advice (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    published_by TEXT NOT NULL REFERENCES users(id),
    published_at BIGINT NOT NULL
);

CREATE TABLE telework_incidents (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CONSTRAINT telework_incidents_kind_known CHECK (kind IN ('lost_device', 'phishing', 'intrusion', 'tool_broken', 'other')),
    description TEXT NOT NULL,
    -- Personal or health data may be concerned: a possible breach, for the DPO (72 hours to notify).
    personal_data BIGINT NOT NULL CHECK (personal_data IN (0, 1)),
    reported_at BIGINT NOT NULL,
    status TEXT NOT NULL CONSTRAINT telework_incidents_status_known CHECK (status IN ('open', 'closed')),
    response TEXT NOT NULL,
    closed_by TEXT REFERENCES users(id),
    closed_at BIGINT,
    CHECK ((status = 'closed') = (closed_at IS NOT NULL))
);
CREATE INDEX telework_incidents_of_org ON telework_incidents (org_id, status, reported_at);

-- How often the self-check is renewed, per organisation (six months when not set).
CREATE TABLE telework_settings (
    org_id TEXT PRIMARY KEY REFERENCES organisations(id) ON DELETE CASCADE,
    check_months BIGINT NOT NULL CHECK (check_months BETWEEN 1 AND 24)
);
