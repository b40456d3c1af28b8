-- Call rounds ("tour d'appels"): a team calls the people it follows, weekly or once, with a
-- short script. A round is one occurrence (its due day); each try is recorded with its outcome,
-- the answers (sealed) and, when the caller is worried, a concern that alerts the coordinators.
CREATE TABLE call_campaigns (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    team_id TEXT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    -- The questions of the script (a JSON array of texts).
    script TEXT NOT NULL,
    -- Weekly: the ISO day of the week rounds are due (1 = Monday); none for a single round.
    weekday BIGINT CHECK (weekday BETWEEN 1 AND 7),
    first_due_on TEXT NOT NULL,
    -- After this many unanswered tries in a round, a person is listed as not reached.
    max_tries BIGINT NOT NULL CHECK (max_tries BETWEEN 1 AND 10),
    archived BIGINT NOT NULL DEFAULT 0 CONSTRAINT call_campaigns_archived_flag CHECK (archived IN (0, 1)),
    created_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX call_campaigns_of_team ON call_campaigns (org_id, team_id);

CREATE TABLE call_campaign_callers (
    campaign_id TEXT NOT NULL REFERENCES call_campaigns (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (campaign_id, user_id)
);

-- Who is called: a patient of the team (their number is read from their record), or someone of
-- a custom list (name sealed, number in international form).
CREATE TABLE call_targets (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    campaign_id TEXT NOT NULL REFERENCES call_campaigns (id) ON DELETE CASCADE,
    patient_id TEXT REFERENCES patients (id) ON DELETE CASCADE,
    name_enc BYTEA,
    phone TEXT,
    position BIGINT NOT NULL,
    CHECK ((patient_id IS NULL) <> (name_enc IS NULL)),
    CHECK (patient_id IS NOT NULL OR phone IS NOT NULL),
    UNIQUE (campaign_id, patient_id)
);
CREATE INDEX call_targets_of_campaign ON call_targets (campaign_id, position);

CREATE TABLE call_attempts (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    campaign_id TEXT NOT NULL REFERENCES call_campaigns (id) ON DELETE CASCADE,
    target_id TEXT NOT NULL REFERENCES call_targets (id) ON DELETE CASCADE,
    -- The due day of the round this try belongs to.
    round_on TEXT NOT NULL,
    caller_id TEXT REFERENCES users (id) ON DELETE SET NULL,
    outcome TEXT NOT NULL CONSTRAINT call_attempts_outcome_known CHECK (outcome IN ('reached', 'no_answer', 'wrong_number')),
    -- The script's answers (sealed JSON), when reached.
    answers_enc BYTEA,
    concern BIGINT NOT NULL DEFAULT 0 CONSTRAINT call_attempts_concern_flag CHECK (concern IN (0, 1)),
    concern_enc BYTEA,
    called_at BIGINT NOT NULL,
    -- Chosen by the caller's page: the same form sent twice records one try.
    request_key TEXT NOT NULL,
    CHECK (concern = 0 OR concern_enc IS NOT NULL),
    UNIQUE (caller_id, request_key)
);
CREATE INDEX call_attempts_of_round ON call_attempts (campaign_id, round_on);
CREATE INDEX call_attempts_of_target ON call_attempts (target_id);
-- A person is reached (or found to have a wrong number) once per round, even by two callers at once.
CREATE UNIQUE INDEX call_attempts_handled_once ON call_attempts (target_id, round_on) WHERE outcome <> 'no_answer';
