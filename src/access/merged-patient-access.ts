import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { auditEvent } from '../audit/audit-event.js';
import type { AuditEventInput } from '../audit/audit.types.js';
import type { Db } from '../common/db.js';
import { FieldCipher } from '../crypto/field-cipher.js';
import { reasonRef } from './break-glass-reason.js';

/**
 * Who may see a patient follows the patient through an HL7 merge (A40 and kin), inside the merge's
 * transaction: the clinicians of the merged identity keep seeing the same person, now the survivor.
 *
 * - Care teams are united: each member of the merged patient joins the survivor with their window;
 *   a user on both keeps the survivor's membership unless only the merged one is active now.
 * - Active break-the-glass grants move: the survivor gets a grant with the same user, original
 *   start and expiry and the same reason (re-sealed under the survivor's key, so erasing the
 *   survivor shreds it), and the merged identity's grant ends, so no live grant stays on an identity
 *   that now only points elsewhere. Expired grants stay where they are, as history.
 *
 * Every move is audited, on both patients for a grant (compliance reviews either identity).
 */
@Injectable()
export class MergedPatientAccess {
  constructor(private readonly cipher: FieldCipher) {}

  async carry(mergedId: string, survivorId: string, tx: Db): Promise<AuditEventInput[]> {
    const joined = await tx.$queryRawUnsafe<{ user_id: string }[]>(
      UNITE_CARE_TEAMS_SQL,
      mergedId,
      survivorId,
    );
    const events: AuditEventInput[] = joined.length
      ? [
          auditEvent('careteam.add', {
            patientId: survivorId,
            ids: joined.map((r) => r.user_id),
            purposeOfUse: 'operations',
            reason: 'patient merge: care team of the merged identity',
          }),
        ]
      : [];
    const grants = await tx.$queryRawUnsafe<Grant[]>(ACTIVE_GRANTS_SQL, mergedId);
    for (const grant of grants) {
      const id = randomUUID();
      const reason =
        grant.reason_ciphertext &&
        (await this.cipher.encrypt(
          survivorId,
          reasonRef(id),
          await this.cipher.decrypt(mergedId, reasonRef(grant.id), grant.reason_ciphertext, tx),
          tx,
        ));
      await tx.$executeRawUnsafe(
        `INSERT INTO "break_glass_grants" ("id", "patient_id", "user_id", "reason_ciphertext", "expires_at", "created_at")
         VALUES ($1::uuid, $2::uuid, $3::uuid, $4, $5, $6)`,
        id,
        survivorId,
        grant.user_id,
        reason,
        grant.expires_at,
        grant.created_at,
      );
      await tx.$executeRawUnsafe(
        `UPDATE "break_glass_grants" SET "expires_at" = now() WHERE "id" = $1::uuid`,
        grant.id,
      );
      for (const patientId of [survivorId, mergedId])
        events.push(
          auditEvent('breakglass.carry', { patientId, ids: [id, grant.id], purposeOfUse: 'emergency' }),
        );
    }
    return events;
  }
}

interface Grant {
  id: string;
  user_id: string;
  reason_ciphertext: Buffer | null;
  expires_at: Date;
  created_at: Date;
}

/** Locked, so a grant cannot be moved twice by two merges of the same identity. */
const ACTIVE_GRANTS_SQL = `
  SELECT "id", "user_id", "reason_ciphertext", "expires_at", "created_at" FROM "break_glass_grants"
   WHERE "patient_id" = $1::uuid AND "expires_at" > now() ORDER BY "created_at", "id" FOR UPDATE`;

/** Returns the users whose access to the survivor this created or re-opened. */
const UNITE_CARE_TEAMS_SQL = `
  INSERT INTO "care_team_members" AS s ("id", "patient_id", "user_id", "added_by_id", "starts_at", "ends_at", "created_at")
  SELECT gen_random_uuid(), $2::uuid, "user_id", "added_by_id", "starts_at", "ends_at", "created_at"
    FROM "care_team_members" WHERE "patient_id" = $1::uuid
  ON CONFLICT ("patient_id", "user_id") DO UPDATE
     SET "starts_at" = EXCLUDED."starts_at", "ends_at" = EXCLUDED."ends_at"
   WHERE NOT (s."starts_at" <= now() AND (s."ends_at" IS NULL OR s."ends_at" > now()))
     AND EXCLUDED."starts_at" <= now() AND (EXCLUDED."ends_at" IS NULL OR EXCLUDED."ends_at" > now())
  RETURNING s."user_id"`;
