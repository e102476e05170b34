-- Access decisions are cached per node (src/access/access-decisions.ts): every change that could
-- END someone's access to a patient is announced on `anamnesis_cluster` (see the
-- cluster_notifications migration), after commit, whoever made it. New memberships and grants only
-- add access, and refusals are never cached, so inserts announce nothing.

CREATE FUNCTION cluster_notify_access() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  row_ record := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
BEGIN
  PERFORM pg_notify('anamnesis_cluster',
    json_build_object('type', 'access.changed', 'patientId', row_.patient_id, 'userId', row_.user_id)::text);
  RETURN NULL;
END $$;

CREATE TRIGGER care_team_members_cluster_update AFTER UPDATE ON "care_team_members"
  FOR EACH ROW EXECUTE FUNCTION cluster_notify_access();
CREATE TRIGGER care_team_members_cluster_delete AFTER DELETE ON "care_team_members"
  FOR EACH ROW EXECUTE FUNCTION cluster_notify_access();
CREATE TRIGGER break_glass_grants_cluster_update AFTER UPDATE ON "break_glass_grants"
  FOR EACH ROW EXECUTE FUNCTION cluster_notify_access();
CREATE TRIGGER break_glass_grants_cluster_delete AFTER DELETE ON "break_glass_grants"
  FOR EACH ROW EXECUTE FUNCTION cluster_notify_access();

CREATE FUNCTION cluster_notify_patient_access() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  row_ record := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
BEGIN
  PERFORM pg_notify('anamnesis_cluster',
    json_build_object('type', 'access.changed', 'patientId', row_.id, 'userId', NULL)::text);
  RETURN NULL;
END $$;

CREATE TRIGGER patients_cluster_erased AFTER UPDATE ON "patients"
  FOR EACH ROW WHEN (OLD."erased_at" IS DISTINCT FROM NEW."erased_at")
  EXECUTE FUNCTION cluster_notify_patient_access();
CREATE TRIGGER patients_cluster_delete AFTER DELETE ON "patients"
  FOR EACH ROW EXECUTE FUNCTION cluster_notify_patient_access();
