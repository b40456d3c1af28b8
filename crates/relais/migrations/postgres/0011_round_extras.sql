-- What a visit may carry beyond the punches: the caregiver's position at check-in and check-out
-- (only when the organisation enabled it, never between visits), and photos taken with the
-- patient's consent (encrypted).

ALTER TABLE organisations ADD COLUMN punch_geolocation BIGINT NOT NULL DEFAULT 0;

ALTER TABLE visit_punches ADD COLUMN latitude_e6 BIGINT;
ALTER TABLE visit_punches ADD COLUMN longitude_e6 BIGINT;
ALTER TABLE visit_punches ADD COLUMN accuracy_m BIGINT;

CREATE TABLE visit_photos (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations (id),
    visit_id TEXT NOT NULL REFERENCES visits (id),
    patient_id TEXT NOT NULL REFERENCES patients (id),
    caregiver_id TEXT NOT NULL REFERENCES users (id),
    media_type TEXT NOT NULL,
    consent TEXT NOT NULL,
    image_enc BYTEA NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE INDEX visit_photos_patient ON visit_photos (patient_id, created_at);
CREATE INDEX visit_photos_visit ON visit_photos (visit_id);
