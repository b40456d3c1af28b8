-- The states the code relies on, held by the database: a column of states accepts only the
-- values the code knows. SQLite cannot add a check constraint to an existing table, so triggers
-- refuse the rest there. A test checks each list against the code's enums.

-- At most one waiting or running job per kind and payload: instances that schedule the periodic
-- jobs at the same time cannot queue one twice. Earlier duplicates are removed first.
DELETE FROM jobs
WHERE status IN ('queued', 'running')
  AND id NOT IN (
    SELECT MIN(id) FROM jobs WHERE status IN ('queued', 'running') GROUP BY kind, payload
  );
CREATE UNIQUE INDEX jobs_one_pending ON jobs (kind, payload) WHERE status IN ('queued', 'running');

CREATE TRIGGER user_roles_role_known_insert BEFORE INSERT ON user_roles
WHEN NEW.role NOT IN ('admin', 'manager', 'coordinator', 'nurse', 'aide', 'staff', 'dpo')
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: user_roles_role_known'); END;
CREATE TRIGGER user_roles_role_known_update BEFORE UPDATE OF role ON user_roles
WHEN NEW.role NOT IN ('admin', 'manager', 'coordinator', 'nurse', 'aide', 'staff', 'dpo')
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: user_roles_role_known'); END;
CREATE TRIGGER one_time_links_purpose_known_insert BEFORE INSERT ON one_time_links
WHEN NEW.purpose NOT IN ('activation', 'password_reset')
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: one_time_links_purpose_known'); END;
CREATE TRIGGER one_time_links_purpose_known_update BEFORE UPDATE OF purpose ON one_time_links
WHEN NEW.purpose NOT IN ('activation', 'password_reset')
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: one_time_links_purpose_known'); END;
CREATE TRIGGER jobs_status_known_insert BEFORE INSERT ON jobs
WHEN NEW.status NOT IN ('queued', 'running', 'done', 'failed')
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: jobs_status_known'); END;
CREATE TRIGGER jobs_status_known_update BEFORE UPDATE OF status ON jobs
WHEN NEW.status NOT IN ('queued', 'running', 'done', 'failed')
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: jobs_status_known'); END;
CREATE TRIGGER patients_identity_status_known_insert BEFORE INSERT ON patients
WHEN NEW.identity_status NOT IN ('provisional', 'retrieved', 'validated', 'qualified')
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: patients_identity_status_known'); END;
CREATE TRIGGER patients_identity_status_known_update BEFORE UPDATE OF identity_status ON patients
WHEN NEW.identity_status NOT IN ('provisional', 'retrieved', 'validated', 'qualified')
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: patients_identity_status_known'); END;
CREATE TRIGGER patients_financer_known_insert BEFORE INSERT ON patients
WHEN NEW.financer NOT IN ('ssiad', 'apa', 'pch', 'private')
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: patients_financer_known'); END;
CREATE TRIGGER patients_financer_known_update BEFORE UPDATE OF financer ON patients
WHEN NEW.financer NOT IN ('ssiad', 'apa', 'pch', 'private')
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: patients_financer_known'); END;
CREATE TRIGGER patients_status_known_insert BEFORE INSERT ON patients
WHEN NEW.status NOT IN ('active', 'hospitalised', 'paused', 'ended')
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: patients_status_known'); END;
CREATE TRIGGER patients_status_known_update BEFORE UPDATE OF status ON patients
WHEN NEW.status NOT IN ('active', 'hospitalised', 'paused', 'ended')
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: patients_status_known'); END;
CREATE TRIGGER patient_contacts_kind_known_insert BEFORE INSERT ON patient_contacts
WHEN NEW.kind NOT IN ('family', 'doctor', 'pharmacy', 'other')
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: patient_contacts_kind_known'); END;
CREATE TRIGGER patient_contacts_kind_known_update BEFORE UPDATE OF kind ON patient_contacts
WHEN NEW.kind NOT IN ('family', 'doctor', 'pharmacy', 'other')
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: patient_contacts_kind_known'); END;
CREATE TRIGGER caregiver_absences_kind_known_insert BEFORE INSERT ON caregiver_absences
WHEN NEW.kind NOT IN ('leave', 'sick', 'training')
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: caregiver_absences_kind_known'); END;
CREATE TRIGGER caregiver_absences_kind_known_update BEFORE UPDATE OF kind ON caregiver_absences
WHEN NEW.kind NOT IN ('leave', 'sick', 'training')
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: caregiver_absences_kind_known'); END;
CREATE TRIGGER care_plan_items_skill_known_insert BEFORE INSERT ON care_plan_items
WHEN NEW.skill NOT IN ('nurse', 'care_aide', 'home_help')
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: care_plan_items_skill_known'); END;
CREATE TRIGGER care_plan_items_skill_known_update BEFORE UPDATE OF skill ON care_plan_items
WHEN NEW.skill NOT IN ('nurse', 'care_aide', 'home_help')
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: care_plan_items_skill_known'); END;
CREATE TRIGGER care_plan_items_sync_kind_known_insert BEFORE INSERT ON care_plan_items
WHEN NEW.sync_kind NOT IN ('simultaneous', 'sequence')
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: care_plan_items_sync_kind_known'); END;
CREATE TRIGGER care_plan_items_sync_kind_known_update BEFORE UPDATE OF sync_kind ON care_plan_items
WHEN NEW.sync_kind NOT IN ('simultaneous', 'sequence')
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: care_plan_items_sync_kind_known'); END;
CREATE TRIGGER visits_skill_known_insert BEFORE INSERT ON visits
WHEN NEW.skill NOT IN ('nurse', 'care_aide', 'home_help')
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: visits_skill_known'); END;
CREATE TRIGGER visits_skill_known_update BEFORE UPDATE OF skill ON visits
WHEN NEW.skill NOT IN ('nurse', 'care_aide', 'home_help')
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: visits_skill_known'); END;
CREATE TRIGGER visits_status_known_insert BEFORE INSERT ON visits
WHEN NEW.status NOT IN ('planned', 'cancelled')
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: visits_status_known'); END;
CREATE TRIGGER visits_status_known_update BEFORE UPDATE OF status ON visits
WHEN NEW.status NOT IN ('planned', 'cancelled')
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: visits_status_known'); END;
CREATE TRIGGER planning_proposals_status_known_insert BEFORE INSERT ON planning_proposals
WHEN NEW.status NOT IN ('running', 'ready', 'accepted', 'discarded', 'cancelled', 'failed')
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: planning_proposals_status_known'); END;
CREATE TRIGGER planning_proposals_status_known_update BEFORE UPDATE OF status ON planning_proposals
WHEN NEW.status NOT IN ('running', 'ready', 'accepted', 'discarded', 'cancelled', 'failed')
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: planning_proposals_status_known'); END;
CREATE TRIGGER visit_punches_kind_known_insert BEFORE INSERT ON visit_punches
WHEN NEW.kind NOT IN ('check_in', 'check_out')
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: visit_punches_kind_known'); END;
CREATE TRIGGER visit_punches_kind_known_update BEFORE UPDATE OF kind ON visit_punches
WHEN NEW.kind NOT IN ('check_in', 'check_out')
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: visit_punches_kind_known'); END;
CREATE TRIGGER visit_punches_method_known_insert BEFORE INSERT ON visit_punches
WHEN NEW.method NOT IN ('code', 'scan', 'manual', 'declared')
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: visit_punches_method_known'); END;
CREATE TRIGGER visit_punches_method_known_update BEFORE UPDATE OF method ON visit_punches
WHEN NEW.method NOT IN ('code', 'scan', 'manual', 'declared')
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: visit_punches_method_known'); END;
CREATE TRIGGER visit_reports_outcome_known_insert BEFORE INSERT ON visit_reports
WHEN NEW.outcome NOT IN ('done', 'partial', 'absent', 'refused', 'no_answer', 'hospitalised')
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: visit_reports_outcome_known'); END;
CREATE TRIGGER visit_reports_outcome_known_update BEFORE UPDATE OF outcome ON visit_reports
WHEN NEW.outcome NOT IN ('done', 'partial', 'absent', 'refused', 'no_answer', 'hospitalised')
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: visit_reports_outcome_known'); END;
CREATE TRIGGER visit_photos_consent_known_insert BEFORE INSERT ON visit_photos
WHEN NEW.consent NOT IN ('patient', 'representative')
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: visit_photos_consent_known'); END;
CREATE TRIGGER visit_photos_consent_known_update BEFORE UPDATE OF consent ON visit_photos
WHEN NEW.consent NOT IN ('patient', 'representative')
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: visit_photos_consent_known'); END;
CREATE TRIGGER conversations_kind_known_insert BEFORE INSERT ON conversations
WHEN NEW.kind NOT IN ('channel', 'direct', 'group')
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: conversations_kind_known'); END;
CREATE TRIGGER conversations_kind_known_update BEFORE UPDATE OF kind ON conversations
WHEN NEW.kind NOT IN ('channel', 'direct', 'group')
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: conversations_kind_known'); END;
CREATE TRIGGER teleconsultations_kind_known_insert BEFORE INSERT ON teleconsultations
WHEN NEW.kind NOT IN ('doctor', 'nurse', 'psychologist', 'social_worker')
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: teleconsultations_kind_known'); END;
CREATE TRIGGER teleconsultations_kind_known_update BEFORE UPDATE OF kind ON teleconsultations
WHEN NEW.kind NOT IN ('doctor', 'nurse', 'psychologist', 'social_worker')
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: teleconsultations_kind_known'); END;
CREATE TRIGGER teleconsultations_status_known_insert BEFORE INSERT ON teleconsultations
WHEN NEW.status NOT IN ('scheduled', 'done', 'cancelled')
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: teleconsultations_status_known'); END;
CREATE TRIGGER teleconsultations_status_known_update BEFORE UPDATE OF status ON teleconsultations
WHEN NEW.status NOT IN ('scheduled', 'done', 'cancelled')
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: teleconsultations_status_known'); END;
CREATE TRIGGER teleconsultation_guests_role_known_insert BEFORE INSERT ON teleconsultation_guests
WHEN NEW.role NOT IN ('patient', 'carer', 'interpreter')
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: teleconsultation_guests_role_known'); END;
CREATE TRIGGER teleconsultation_guests_role_known_update BEFORE UPDATE OF role ON teleconsultation_guests
WHEN NEW.role NOT IN ('patient', 'carer', 'interpreter')
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: teleconsultation_guests_role_known'); END;
