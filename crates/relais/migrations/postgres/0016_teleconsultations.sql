-- Teleconsultations: a professional meets a patient (and a family carer or an interpreter) by
-- video. Guests have no account: each holds a link and a one-time code, both stored as digests.
-- The report is sealed with the organisation's key; the incidents are logged as they happen.

CREATE TABLE teleconsultations (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations (id),
    patient_id TEXT NOT NULL REFERENCES patients (id),
    professional_id TEXT NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL,
    starts_at BIGINT NOT NULL,
    duration_minutes BIGINT NOT NULL,
    status TEXT NOT NULL,
    professional_consent_at BIGINT,
    report_enc BYTEA,
    reported_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX teleconsultations_patient ON teleconsultations (patient_id, starts_at);

CREATE TABLE teleconsultation_guests (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations (id),
    teleconsultation_id TEXT NOT NULL REFERENCES teleconsultations (id),
    role TEXT NOT NULL,
    link_hash TEXT NOT NULL UNIQUE,
    code_hash TEXT NOT NULL,
    failed_codes BIGINT NOT NULL DEFAULT 0,
    locked_at BIGINT,
    name TEXT NOT NULL DEFAULT '',
    pass_hash TEXT,
    consent_at BIGINT,
    admitted_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX teleconsultation_guests_consultation ON teleconsultation_guests (teleconsultation_id);

CREATE TABLE teleconsultation_events (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations (id),
    teleconsultation_id TEXT NOT NULL REFERENCES teleconsultations (id),
    at BIGINT NOT NULL,
    kind TEXT NOT NULL,
    who TEXT NOT NULL
);
CREATE INDEX teleconsultation_events_consultation ON teleconsultation_events (teleconsultation_id, at);
