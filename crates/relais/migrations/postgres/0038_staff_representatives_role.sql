-- The staff representatives' role (CSE): the teams' workload indicators, read only.
ALTER TABLE user_roles DROP CONSTRAINT user_roles_role_known;
ALTER TABLE user_roles ADD CONSTRAINT user_roles_role_known CHECK (role IN ('admin', 'manager', 'coordinator', 'nurse', 'aide', 'staff', 'dpo', 'hr', 'cse'));
