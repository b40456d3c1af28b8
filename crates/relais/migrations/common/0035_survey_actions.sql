-- Action plans: what managers decide from a survey's results ("vous avez dit, nous avons fait"),
-- with an owner, a due day and a status, read and commented on by everyone the survey asked.
CREATE TABLE survey_actions (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    survey_id TEXT NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    -- The question of the survey it answers (its key), if one.
    question TEXT,
    title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    detail TEXT NOT NULL DEFAULT '' CHECK (length(detail) <= 2000),
    owner_id TEXT REFERENCES users (id) ON DELETE SET NULL,
    due_on TEXT,
    status TEXT NOT NULL CONSTRAINT survey_actions_status_known CHECK (status IN ('planned', 'started', 'done', 'dropped')),
    created_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX survey_actions_of_survey ON survey_actions (survey_id, created_at);

-- Comments on an action, signed by their author (an action plan is a conversation, not a survey).
CREATE TABLE survey_action_comments (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    action_id TEXT NOT NULL REFERENCES survey_actions (id) ON DELETE CASCADE,
    author_id TEXT REFERENCES users (id) ON DELETE SET NULL,
    body TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),
    created_at BIGINT NOT NULL
);
CREATE INDEX survey_action_comments_of_action ON survey_action_comments (action_id, created_at);
