-- A coordinator's correction of a visit's times (the raw punches are never changed), with the
-- ESPPADOM adjustment code (ESPPADOM_EFFECTIVITY_AJUST).

CREATE TABLE visit_corrections (
    visit_id TEXT PRIMARY KEY NOT NULL REFERENCES visits (id) ON DELETE CASCADE,
    org_id TEXT NOT NULL REFERENCES organisations (id),
    reason_code TEXT NOT NULL,
    retained_start_at BIGINT,
    retained_end_at BIGINT,
    comment TEXT NOT NULL,
    corrected_by TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
