-- The states the code relies on, held by the database: a column of states accepts only the
-- values the code knows (check constraints). A test checks each list against the code's enums.

-- At most one waiting or running job per kind and payload: instances that schedule the periodic
-- jobs at the same time cannot queue one twice. Earlier duplicates are removed first.
DELETE FROM jobs
WHERE status IN ('queued', 'running')
  AND id NOT IN (
    SELECT MIN(id) FROM jobs WHERE status IN ('queued', 'running') GROUP BY kind, payload
  );
CREATE UNIQUE INDEX jobs_one_pending ON jobs (kind, payload) WHERE status IN ('queued', 'running');

ALTER TABLE user_roles ADD CONSTRAINT user_roles_role_known CHECK (role IN ('admin', 'manager', 'coordinator', 'nurse', 'aide', 'staff', 'dpo'));
ALTER TABLE one_time_links ADD CONSTRAINT one_time_links_purpose_known CHECK (purpose IN ('activation', 'password_reset'));
ALTER TABLE jobs ADD CONSTRAINT jobs_status_known CHECK (status IN ('queued', 'running', 'done', 'failed'));
ALTER TABLE patients ADD CONSTRAINT patients_identity_status_known CHECK (identity_status IN ('provisional', 'retrieved', 'validated', 'qualified'));
ALTER TABLE patients ADD CONSTRAINT patients_financer_known CHECK (financer IN ('ssiad', 'apa', 'pch', 'private'));
ALTER TABLE patients ADD CONSTRAINT patients_status_known CHECK (status IN ('active', 'hospitalised', 'paused', 'ended'));
ALTER TABLE patient_contacts ADD CONSTRAINT patient_contacts_kind_known CHECK (kind IN ('family', 'doctor', 'pharmacy', 'other'));
ALTER TABLE caregiver_absences ADD CONSTRAINT caregiver_absences_kind_known CHECK (kind IN ('leave', 'sick', 'training'));
ALTER TABLE care_plan_items ADD CONSTRAINT care_plan_items_skill_known CHECK (skill IN ('nurse', 'care_aide', 'home_help'));
ALTER TABLE care_plan_items ADD CONSTRAINT care_plan_items_sync_kind_known CHECK (sync_kind IN ('simultaneous', 'sequence'));
ALTER TABLE visits ADD CONSTRAINT visits_skill_known CHECK (skill IN ('nurse', 'care_aide', 'home_help'));
ALTER TABLE visits ADD CONSTRAINT visits_status_known CHECK (status IN ('planned', 'cancelled'));
ALTER TABLE planning_proposals ADD CONSTRAINT planning_proposals_status_known CHECK (status IN ('running', 'ready', 'accepted', 'discarded', 'cancelled', 'failed'));
ALTER TABLE visit_punches ADD CONSTRAINT visit_punches_kind_known CHECK (kind IN ('check_in', 'check_out'));
ALTER TABLE visit_punches ADD CONSTRAINT visit_punches_method_known CHECK (method IN ('code', 'scan', 'manual', 'declared'));
ALTER TABLE visit_reports ADD CONSTRAINT visit_reports_outcome_known CHECK (outcome IN ('done', 'partial', 'absent', 'refused', 'no_answer', 'hospitalised'));
ALTER TABLE visit_photos ADD CONSTRAINT visit_photos_consent_known CHECK (consent IN ('patient', 'representative'));
ALTER TABLE conversations ADD CONSTRAINT conversations_kind_known CHECK (kind IN ('channel', 'direct', 'group'));
ALTER TABLE teleconsultations ADD CONSTRAINT teleconsultations_kind_known CHECK (kind IN ('doctor', 'nurse', 'psychologist', 'social_worker'));
ALTER TABLE teleconsultations ADD CONSTRAINT teleconsultations_status_known CHECK (status IN ('scheduled', 'done', 'cancelled'));
ALTER TABLE teleconsultation_guests ADD CONSTRAINT teleconsultation_guests_role_known CHECK (role IN ('patient', 'carer', 'interpreter'));
