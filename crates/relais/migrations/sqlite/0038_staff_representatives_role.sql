-- The staff representatives' role (CSE): the teams' workload indicators, read only.
DROP TRIGGER user_roles_role_known_insert;
DROP TRIGGER user_roles_role_known_update;
CREATE TRIGGER user_roles_role_known_insert BEFORE INSERT ON user_roles
WHEN NEW.role NOT IN ('admin', 'manager', 'coordinator', 'nurse', 'aide', 'staff', 'dpo', 'hr', 'cse')
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: user_roles_role_known'); END;
CREATE TRIGGER user_roles_role_known_update BEFORE UPDATE OF role ON user_roles
WHEN NEW.role NOT IN ('admin', 'manager', 'coordinator', 'nurse', 'aide', 'staff', 'dpo', 'hr', 'cse')
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: user_roles_role_known'); END;
