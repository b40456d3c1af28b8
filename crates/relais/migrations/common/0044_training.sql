-- Training and help: who completed which awareness course (for the person, and aggregated per
-- team for IT), and a person's own first steps (hours confirmed, the list hidden).
CREATE TABLE training_completions (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    org_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    course TEXT NOT NULL CONSTRAINT training_completions_course_known CHECK (course IN ('security')),
    score BIGINT NOT NULL CHECK (score >= 0),
    out_of BIGINT NOT NULL CHECK (out_of > 0 AND score <= out_of),
    completed_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, course)
);
CREATE INDEX training_completions_of_org ON training_completions (org_id, course);

CREATE TABLE first_steps (
    user_id TEXT PRIMARY KEY NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    hours_set_at BIGINT,
    hidden_at BIGINT
);
