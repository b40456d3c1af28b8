-- Pulse surveys, anonymous by construction. Who answered and what was answered live in tables
-- that share nothing but the survey: a participant row has no time and no link to a response; a
-- response has a random id, the day at most, and no person.
CREATE TABLE surveys (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    -- The team asked; none for the whole organisation.
    team_id TEXT REFERENCES teams (id) ON DELETE CASCADE,
    title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 120),
    -- The questions as they were asked (a copy of the bank's, JSON), so later edits of the bank
    -- do not change a past survey.
    questions TEXT NOT NULL,
    opens_on TEXT NOT NULL,
    closes_on TEXT NOT NULL,
    -- Results show only when at least this many people answered (never below 5).
    min_group INTEGER NOT NULL CHECK (min_group >= 5),
    created_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    CHECK (closes_on >= opens_on)
);
CREATE INDEX surveys_of_org ON surveys (org_id, closes_on);

-- Who has answered (one answer per person; reminders skip them). No time, no response id.
CREATE TABLE survey_participants (
    survey_id TEXT NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (survey_id, user_id)
);

-- An answer sheet: a random id (not ordered by time) and the day; no person.
CREATE TABLE survey_responses (
    id TEXT PRIMARY KEY NOT NULL,
    survey_id TEXT NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    answered_on TEXT NOT NULL
);
CREATE INDEX survey_responses_of_survey ON survey_responses (survey_id);

-- One answer: a number (likert 1-5, scale 0-10, a choice's index), or free text sealed with the
-- organisation's key. A multiple choice gives one row per choice.
CREATE TABLE survey_answers (
    -- A random id of its own (the place its free text is sealed at).
    id TEXT NOT NULL UNIQUE,
    org_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    response_id TEXT NOT NULL REFERENCES survey_responses (id) ON DELETE CASCADE,
    question TEXT NOT NULL,
    choice INTEGER NOT NULL DEFAULT 0,
    value INTEGER,
    text_enc BYTEA,
    PRIMARY KEY (response_id, question, choice),
    CHECK ((value IS NULL) <> (text_enc IS NULL))
);
