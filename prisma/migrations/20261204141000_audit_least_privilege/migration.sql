-- Least privilege for the audit trail (issue 14). The application connects as a role that owns
-- nothing (src/database/app-role.ts grants it what it needs after every migration run): it may not
-- insert into audit_events or move audit_chain_head itself, only call these two functions, which
-- run as their owner (the role that migrates). search_path is pinned so a caller's objects (a
-- temporary table of the same name) cannot stand in for ours.
ALTER FUNCTION audit_append(TEXT[]) SECURITY DEFINER SET search_path = public, pg_temp;
ALTER FUNCTION audit_sequence(INTEGER) SECURITY DEFINER SET search_path = public, pg_temp;
REVOKE EXECUTE ON FUNCTION audit_append(TEXT[]) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION audit_sequence(INTEGER) FROM PUBLIC;

-- The chain head only moves forward, onto an event that exists with that hash; it is never deleted
-- or truncated. (Before, it had no trigger: rewinding it hid a deleted tail.)
CREATE FUNCTION audit_chain_head_guard() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'UPDATE' THEN
    RAISE EXCEPTION 'audit chain head: % rejected', TG_OP USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW."id" = OLD."id" AND NEW."seq" = OLD."seq" AND NEW."hash" = OLD."hash" THEN
    RETURN NEW;
  END IF;
  IF NEW."id" <> OLD."id" OR NEW."seq" <= OLD."seq" OR NOT EXISTS (
      SELECT 1 FROM "audit_events" e WHERE e."seq" = NEW."seq" AND e."hash" = NEW."hash") THEN
    RAISE EXCEPTION 'audit chain head may only move forward onto an appended event'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER "audit_chain_head_forward_only" BEFORE UPDATE OR DELETE ON "audit_chain_head"
    FOR EACH ROW EXECUTE FUNCTION audit_chain_head_guard();
CREATE TRIGGER "audit_chain_head_no_truncate" BEFORE TRUNCATE ON "audit_chain_head"
    FOR EACH STATEMENT EXECUTE FUNCTION audit_reject_change();
