-- Telework: posts and the assessment of their eligibility, reviews asked by the people holding
-- them, the charter and who accepted which version, individual agreements, team rules and the
-- days requested and decided. States are closed lists held by named checks.
CREATE TABLE telework_posts (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    -- The name folded for comparison (beyond ASCII, in Rust): one post per name.
    name_key TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (org_id, name_key)
);

CREATE TABLE telework_post_holders (
    user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    org_id TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    post_id TEXT NOT NULL REFERENCES telework_posts(id) ON DELETE CASCADE
);

CREATE TABLE telework_assessments (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    post_id TEXT NOT NULL REFERENCES telework_posts(id) ON DELETE CASCADE,
    patient_presence TEXT NOT NULL CONSTRAINT telework_assessments_patient_presence_known CHECK (patient_presence IN ('none', 'partial', 'constant')),
    paper_records TEXT NOT NULL CONSTRAINT telework_assessments_paper_records_known CHECK (paper_records IN ('none', 'digitisable', 'essential')),
    onsite_equipment TEXT NOT NULL CONSTRAINT telework_assessments_onsite_equipment_known CHECK (onsite_equipment IN ('none', 'partial', 'essential')),
    data_access TEXT NOT NULL CONSTRAINT telework_assessments_data_access_known CHECK (data_access IN ('ordinary', 'health_remote', 'health_on_site_only')),
    autonomy TEXT NOT NULL CONSTRAINT telework_assessments_autonomy_known CHECK (autonomy IN ('high', 'medium', 'low')),
    remote_share BIGINT NOT NULL CHECK (remote_share BETWEEN 0 AND 100),
    result TEXT NOT NULL CONSTRAINT telework_assessments_result_known CHECK (result IN ('eligible', 'partial', 'not_eligible')),
    max_days BIGINT NOT NULL CHECK (max_days BETWEEN 0 AND 5),
    comment TEXT NOT NULL,
    assessed_by TEXT NOT NULL REFERENCES users(id),
    assessed_at BIGINT NOT NULL
);
CREATE INDEX telework_assessments_of_post ON telework_assessments (post_id, assessed_at);

CREATE TABLE telework_reviews (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    post_id TEXT NOT NULL REFERENCES telework_posts(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    message TEXT NOT NULL,
    asked_at BIGINT NOT NULL,
    reply TEXT,
    replied_by TEXT REFERENCES users(id),
    replied_at BIGINT,
    CHECK ((reply IS NULL) = (replied_at IS NULL))
);

CREATE TABLE telework_charters (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    version BIGINT NOT NULL CHECK (version >= 1),
    body TEXT NOT NULL,
    published_by TEXT NOT NULL REFERENCES users(id),
    published_at BIGINT NOT NULL,
    UNIQUE (org_id, version)
);

CREATE TABLE telework_charter_acceptances (
    charter_id TEXT NOT NULL REFERENCES telework_charters(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    accepted_at BIGINT NOT NULL,
    PRIMARY KEY (charter_id, user_id)
);

CREATE TABLE telework_agreements (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    days_per_week BIGINT NOT NULL CHECK (days_per_week BETWEEN 1 AND 5),
    -- ISO weekdays of fixed telework days ("2,4"), empty when the days float.
    fixed_days TEXT NOT NULL,
    place TEXT NOT NULL,
    equipment TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    trial_until TEXT,
    review_on TEXT,
    ends_on TEXT,
    proposed_by TEXT NOT NULL REFERENCES users(id),
    proposed_at BIGINT NOT NULL,
    signed_at BIGINT,
    ended_at BIGINT,
    CHECK (ends_on IS NULL OR ends_on >= starts_on)
);
-- One agreement in force or waiting for signature per person.
CREATE UNIQUE INDEX telework_agreements_one_open ON telework_agreements (user_id) WHERE ended_at IS NULL;

CREATE TABLE telework_team_rules (
    team_id TEXT PRIMARY KEY REFERENCES teams(id) ON DELETE CASCADE,
    org_id TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    min_on_site BIGINT NOT NULL CHECK (min_on_site >= 0),
    meeting_weekday BIGINT CHECK (meeting_weekday BETWEEN 1 AND 7),
    -- Taken (incremented) by every request and decision of the team, so that two of them wait for
    -- each other and the "minimum on site" is counted once the other is committed.
    turn BIGINT NOT NULL
);

CREATE TABLE telework_blackouts (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    team_id TEXT REFERENCES teams(id) ON DELETE CASCADE,
    first_day TEXT NOT NULL,
    last_day TEXT NOT NULL,
    reason TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    CHECK (last_day >= first_day)
);

CREATE TABLE telework_days (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    team_id TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    day TEXT NOT NULL,
    part TEXT NOT NULL CONSTRAINT telework_days_part_known CHECK (part IN ('day', 'morning', 'afternoon')),
    status TEXT NOT NULL CONSTRAINT telework_days_status_known CHECK (status IN ('requested', 'approved', 'refused', 'cancelled')),
    series_id TEXT,
    requested_at BIGINT NOT NULL,
    decided_by TEXT REFERENCES users(id),
    decided_at BIGINT,
    decision_comment TEXT NOT NULL,
    CHECK (status <> 'refused' OR decision_comment <> '')
);
-- One live request per person and day: two sent at once cannot both be kept.
CREATE UNIQUE INDEX telework_days_one_per_day ON telework_days (user_id, day) WHERE status IN ('requested', 'approved');
CREATE INDEX telework_days_of_team ON telework_days (team_id, day);
