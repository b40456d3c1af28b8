-- Home care: patients and who may see them, caregivers, care plans, visits, plannings and the
-- optimiser's proposals. Coordinates are integer micro-degrees; local days are 'YYYY-MM-DD'.

ALTER TABLE organisations ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'Europe/Paris';

CREATE TABLE patients (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations (id),
    team_id TEXT NOT NULL REFERENCES teams (id),
    given_name TEXT NOT NULL,
    family_name TEXT NOT NULL,
    birth_family_name TEXT NOT NULL,
    birth_first_names TEXT NOT NULL,
    birth_date TEXT NOT NULL,
    sex TEXT NOT NULL,
    birth_place_code TEXT NOT NULL,
    ins_matricule TEXT NOT NULL,
    ins_oid TEXT NOT NULL,
    identity_status TEXT NOT NULL,
    address TEXT NOT NULL,
    postcode TEXT NOT NULL,
    city TEXT NOT NULL,
    latitude_e6 BIGINT NOT NULL,
    longitude_e6 BIGINT NOT NULL,
    phone TEXT NOT NULL,
    access_notes_enc BLOB,
    financer TEXT NOT NULL,
    funded_minutes_per_month BIGINT NOT NULL,
    status TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX patients_org_team ON patients (org_id, team_id);

CREATE TABLE patient_contacts (
    id TEXT PRIMARY KEY NOT NULL,
    patient_id TEXT NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    phone TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX patient_contacts_patient ON patient_contacts (patient_id);

-- Explicit additions to a care relationship, and break-the-glass openings (with an end).
CREATE TABLE patient_access (
    id TEXT PRIMARY KEY NOT NULL,
    patient_id TEXT NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    reason TEXT NOT NULL,
    granted_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT
);
CREATE INDEX patient_access_user ON patient_access (user_id, patient_id);

CREATE TABLE caregivers (
    user_id TEXT PRIMARY KEY NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    org_id TEXT NOT NULL REFERENCES organisations (id),
    skills TEXT NOT NULL,
    contract_minutes_per_week BIGINT NOT NULL,
    transport TEXT NOT NULL,
    start_latitude_e6 BIGINT NOT NULL,
    start_longitude_e6 BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE caregiver_absences (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations (id),
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    first_day TEXT NOT NULL,
    last_day TEXT NOT NULL,
    kind TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX caregiver_absences_user ON caregiver_absences (user_id, first_day);

CREATE TABLE care_plan_items (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations (id),
    patient_id TEXT NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    skill TEXT NOT NULL,
    days BIGINT NOT NULL,
    window_start_minute BIGINT NOT NULL,
    window_end_minute BIGINT NOT NULL,
    duration_minutes BIGINT NOT NULL,
    caregivers BIGINT NOT NULL,
    sync_kind TEXT NOT NULL,
    min_gap_minutes BIGINT NOT NULL,
    max_gap_minutes BIGINT NOT NULL,
    preferred_caregiver TEXT REFERENCES users (id) ON DELETE SET NULL,
    excluded_caregiver TEXT REFERENCES users (id) ON DELETE SET NULL,
    first_day TEXT NOT NULL,
    last_day TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX care_plan_items_patient ON care_plan_items (patient_id);

-- One row per caregiver place: a two-caregiver visit is two rows sharing pair_id.
CREATE TABLE visits (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations (id),
    team_id TEXT NOT NULL REFERENCES teams (id),
    patient_id TEXT NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
    care_plan_item_id TEXT REFERENCES care_plan_items (id) ON DELETE SET NULL,
    pair_id TEXT,
    pair_role BIGINT NOT NULL,
    day TEXT NOT NULL,
    label TEXT NOT NULL,
    skill TEXT NOT NULL,
    window_start_at BIGINT NOT NULL,
    window_end_at BIGINT NOT NULL,
    duration_minutes BIGINT NOT NULL,
    caregiver_id TEXT REFERENCES users (id) ON DELETE SET NULL,
    planned_start_at BIGINT,
    status TEXT NOT NULL,
    cancel_reason TEXT,
    locked BIGINT NOT NULL,
    version BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (care_plan_item_id, day, pair_role)
);
CREATE INDEX visits_team_day ON visits (org_id, team_id, day);
CREATE INDEX visits_caregiver_day ON visits (caregiver_id, day);

CREATE TABLE planning_weeks (
    org_id TEXT NOT NULL REFERENCES organisations (id),
    team_id TEXT NOT NULL REFERENCES teams (id),
    week_start TEXT NOT NULL,
    generated_at BIGINT NOT NULL,
    published_at BIGINT,
    published_by TEXT,
    PRIMARY KEY (org_id, team_id, week_start)
);

CREATE TABLE planning_proposals (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations (id),
    team_id TEXT NOT NULL REFERENCES teams (id),
    first_day TEXT NOT NULL,
    last_day TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    status TEXT NOT NULL,
    body TEXT,
    finished_at BIGINT
);
