-- The digital-and-work questionnaire is run in waves around a change (before, 3 and 6 months
-- after): the waves of one change share a series name, so their results can be compared.
ALTER TABLE surveys ADD COLUMN series TEXT CHECK (series IS NULL OR length(series) BETWEEN 1 AND 80);
ALTER TABLE surveys ADD COLUMN wave TEXT CONSTRAINT surveys_wave_known CHECK (wave IN ('before', 'after_3_months', 'after_6_months'));
CREATE INDEX surveys_of_series ON surveys (org_id, series);
