-- Recurring pulse surveys: every two (or four) weeks, the next occurrence is created when the
-- previous one reaches its last day; `follows` makes that happen once, whichever instance runs it.
ALTER TABLE surveys ADD COLUMN every_days BIGINT CHECK (every_days IS NULL OR every_days IN (14, 28));
ALTER TABLE surveys ADD COLUMN follows TEXT REFERENCES surveys (id) ON DELETE SET NULL;
CREATE UNIQUE INDEX surveys_follows_once ON surveys (follows);
