-- Cross-node cache invalidation (src/cluster/cluster-events.ts): every change that an app node may
-- hold in memory is announced on the one channel `anamnesis_cluster` as a typed JSON message.
-- Triggers, not application code, so every writer announces (app, CLI, an administrator's SQL);
-- PostgreSQL delivers a NOTIFY only after its transaction commits, never on rollback.

CREATE FUNCTION cluster_notify_session() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  row_ record := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
BEGIN
  PERFORM pg_notify('anamnesis_cluster',
    json_build_object('type', 'session.changed', 'sessionId', row_.id, 'userId', row_.user_id)::text);
  RETURN NULL;
END $$;

-- last_seen_at moves on every request: only a revocation (or deletion) is news.
CREATE TRIGGER auth_sessions_cluster_update AFTER UPDATE ON "auth_sessions"
  FOR EACH ROW WHEN (OLD."revoked_at" IS DISTINCT FROM NEW."revoked_at"
                  OR OLD."expires_at" IS DISTINCT FROM NEW."expires_at")
  EXECUTE FUNCTION cluster_notify_session();
CREATE TRIGGER auth_sessions_cluster_delete AFTER DELETE ON "auth_sessions"
  FOR EACH ROW EXECUTE FUNCTION cluster_notify_session();

CREATE FUNCTION cluster_notify_user() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  row_ record := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
BEGIN
  PERFORM pg_notify('anamnesis_cluster', json_build_object('type', 'user.changed', 'userId', row_.id)::text);
  RETURN NULL;
END $$;

-- Role, status (disable), token version (logout everywhere, password change, MFA reset), email, MFA.
CREATE TRIGGER users_cluster_update AFTER UPDATE ON "users"
  FOR EACH ROW WHEN (OLD."role" IS DISTINCT FROM NEW."role"
                  OR OLD."status" IS DISTINCT FROM NEW."status"
                  OR OLD."token_version" IS DISTINCT FROM NEW."token_version"
                  OR OLD."email" IS DISTINCT FROM NEW."email"
                  OR OLD."password_hash" IS DISTINCT FROM NEW."password_hash"
                  OR OLD."mfa_enabled_at" IS DISTINCT FROM NEW."mfa_enabled_at")
  EXECUTE FUNCTION cluster_notify_user();
CREATE TRIGGER users_cluster_delete AFTER DELETE ON "users"
  FOR EACH ROW EXECUTE FUNCTION cluster_notify_user();

-- Crypto-shredding (erasure): every node drops the patient's unwrapped data keys from memory.
-- Key rotation only rewraps (the data key is unchanged) and announces nothing.
CREATE FUNCTION cluster_notify_patient_keys() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  row_ record := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
BEGIN
  PERFORM pg_notify('anamnesis_cluster',
    json_build_object('type', 'patient.keys-destroyed', 'patientId', row_.patient_id)::text);
  RETURN NULL;
END $$;

CREATE TRIGGER patient_keys_cluster_update AFTER UPDATE ON "patient_keys"
  FOR EACH ROW WHEN (OLD."destroyed_at" IS DISTINCT FROM NEW."destroyed_at")
  EXECUTE FUNCTION cluster_notify_patient_keys();
CREATE TRIGGER patient_keys_cluster_delete AFTER DELETE ON "patient_keys"
  FOR EACH ROW EXECUTE FUNCTION cluster_notify_patient_keys();
