-- Working time as people declare it (start, end, break, where), never measured: one line per
-- person and day, approved by a manager, exported for payroll.
CREATE TABLE telework_time (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    day TEXT NOT NULL,
    start_minute BIGINT NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),
    end_minute BIGINT NOT NULL CHECK (end_minute BETWEEN 1 AND 1440),
    break_minutes BIGINT NOT NULL CHECK (break_minutes >= 0),
    -- Minutes worked, counted on the clock of that day (a DST day's 08:00–18:00 is real time).
    worked_minutes BIGINT NOT NULL CHECK (worked_minutes BETWEEN 0 AND 780),
    place TEXT NOT NULL CONSTRAINT telework_time_place_known CHECK (place IN ('on_site', 'remote')),
    status TEXT NOT NULL CONSTRAINT telework_time_status_known CHECK (status IN ('declared', 'approved')),
    declared_at BIGINT NOT NULL,
    approved_by TEXT REFERENCES users(id),
    approved_at BIGINT,
    CHECK (end_minute > start_minute),
    UNIQUE (user_id, day)
);
CREATE INDEX telework_time_of_org_day ON telework_time (org_id, day);
