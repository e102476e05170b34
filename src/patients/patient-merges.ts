import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Db } from '../common/db.js';
import { ConflictError, DomainError } from '../common/errors/domain-error.js';
import { BlindIndexService } from '../crypto/blind-index.service.js';
import { FieldCipher } from '../crypto/field-cipher.js';
import { demographicsSchema, PATIENT_DEMOGRAPHICS } from './demographics.js';
import { PatientIdentity } from './patient-identity.js';
import type { NewPatient } from './patients.service.js';

/**
 * The registry side of HL7 merges, identifier changes and links (src/ingest/README.md), inside the
 * import's transaction. A merged patient is never deleted: its row keeps its MRN (blind index) and
 * points to the survivor (`merged_into_id`), so its MRN still finds the survivor (import lookups,
 * `GET /patients?mrn=`, `idByMrn`) and its own record stays as it was, for the history.
 */
@Injectable()
export class PatientMerges {
  private readonly identity: PatientIdentity;

  constructor(
    private readonly cipher: FieldCipher,
    blindIndex: BlindIndexService,
  ) {
    this.identity = new PatientIdentity(blindIndex); // the registry's own tokens, whoever provides this
  }

  /** Locks both rows (in id order, like the import) and returns their merge state. */
  async lock(ids: string[], tx: Db): Promise<Map<string, { mergedIntoId: string | null }>> {
    const rows = await tx.$queryRawUnsafe<{ id: string; merged_into_id: string | null }[]>(
      `SELECT "id", "merged_into_id" FROM "patients" WHERE "id" = ANY ($1::uuid[]) AND "erased_at" IS NULL
        ORDER BY "id" FOR UPDATE`,
      ids,
    );
    return new Map(rows.map((r) => [r.id, { mergedIntoId: r.merged_into_id }]));
  }

  /** `mergedId` (and every patient merged into it before) now points to `survivorId`. */
  async markMerged(mergedId: string, survivorId: string, tx: Db): Promise<void> {
    if (mergedId === survivorId) throw new DomainError('invalid_merge', 'MRG-1: names the surviving patient');
    await tx.$executeRawUnsafe(
      `UPDATE "patients" SET "merged_into_id" = $2::uuid, "merged_at" = now(), "updated_at" = now()
        WHERE ("id" = $1::uuid OR "merged_into_id" = $1::uuid) AND "id" <> $2::uuid`,
      mergedId,
      survivorId,
    );
  }

  /**
   * A merge of a patient the registry never saw (MRG-1 unknown): its identifier is registered as a
   * merged identity of the survivor (demographics as the message gives them, sealed under its own
   * key), so later messages under the old MRN reach the survivor instead of creating a patient.
   */
  async registerMergedIdentity(
    input: NewPatient,
    survivorId: string,
    sourceMessageId: string,
    tx: Db,
  ): Promise<string> {
    const { assigningAuthority = '', ...rest } = input;
    const demographics = demographicsSchema.parse(rest);
    const id = randomUUID();
    const mrnIndex = await this.identity.mrnIndex(demographics.mrn);
    const inserted = await tx.$executeRawUnsafe(
      `INSERT INTO "patients" ("id", "assigning_authority", "mrn_index", "name_birth_date_index", "demographics",
         "source_message_id", "merged_into_id", "merged_at", "updated_at")
       VALUES ($1::uuid, $2, $3, $4, $5, $6, $7::uuid, now(), now())
       ON CONFLICT ("assigning_authority", "mrn_index") DO NOTHING`,
      id,
      assigningAuthority,
      mrnIndex,
      await this.identity.nameBirthDateIndex(demographics),
      await this.cipher.encryptForPatient(id, PATIENT_DEMOGRAPHICS(id), demographics, tx),
      sourceMessageId,
      survivorId,
    );
    if (inserted === 0) throw new ConflictError('MRG-1: the prior identifier was registered concurrently');
    return id;
  }

  /**
   * An identifier change (A47) onto an identifier nobody holds: the patient's MRN and authority are
   * replaced (blind index and demographics); the demographics are then refreshed by the import.
   */
  async changeIdentifier(patientId: string, input: NewPatient, tx: Db): Promise<void> {
    const { assigningAuthority = '', ...rest } = input;
    const demographics = demographicsSchema.parse(rest);
    await tx.$executeRawUnsafe(
      `UPDATE "patients" SET "assigning_authority" = $2, "mrn_index" = $3, "demographics" = $4, "updated_at" = now()
        WHERE "id" = $1::uuid`,
      patientId,
      assigningAuthority,
      await this.identity.mrnIndex(demographics.mrn),
      await this.cipher.encryptForPatient(patientId, PATIENT_DEMOGRAPHICS(patientId), demographics, tx),
    );
  }

  /** A24: one active link per pair (either order); A37 ends it. Returns whether anything changed. */
  async link(patientId: string, otherId: string, sourceMessageId: string, tx: Db): Promise<boolean> {
    if (await this.activeLink(patientId, otherId, tx)) return false;
    await tx.$executeRawUnsafe(
      `INSERT INTO "patient_links" ("id", "patient_id", "linked_patient_id", "source_message_id")
       VALUES ($1::uuid, $2::uuid, $3::uuid, $4)`,
      randomUUID(),
      patientId,
      otherId,
      sourceMessageId,
    );
    return true;
  }

  async unlink(patientId: string, otherId: string, tx: Db): Promise<boolean> {
    const id = await this.activeLink(patientId, otherId, tx);
    if (!id) return false;
    await tx.$executeRawUnsafe(`UPDATE "patient_links" SET "unlinked_at" = now() WHERE "id" = $1::uuid`, id);
    return true;
  }

  private async activeLink(a: string, b: string, tx: Db): Promise<string | undefined> {
    const rows = await tx.$queryRawUnsafe<{ id: string }[]>(
      `SELECT "id" FROM "patient_links" WHERE "unlinked_at" IS NULL
          AND (("patient_id", "linked_patient_id") = ($1::uuid, $2::uuid) OR ("patient_id", "linked_patient_id") = ($2::uuid, $1::uuid))`,
      a,
      b,
    );
    return rows[0]?.id;
  }
}
