import { Injectable } from '@nestjs/common';
import { auditEvent } from '../audit/audit-event.js';
import type { Caller } from '../common/caller.js';
import type { Db } from '../common/db.js';
import { isUuid } from '../common/ids.js';
import { AuditService } from '../audit/audit.service.js';
import { NotFoundError } from '../common/errors/domain-error.js';
import { PatientAccessService } from '../access/patient-access.service.js';
import { PatientKeysService } from '../crypto/patient-keys.service.js';
import { PrismaService } from '../database/prisma.service.js';

/**
 * Erasure by crypto-shredding: the patient's data key is destroyed, so every ciphertext of theirs —
 * demographics, entries, and whatever other modules encrypted under that key (embeddings, reports,
 * quarantined raw messages) — becomes unreadable at once. The rows and the audit trail (ids,
 * times, actors) remain; the blind-index tokens are removed so the MRN can be registered again.
 * A patient's merged identities (HL7 A40 and kin: rows whose `merged_into_id` points here, with
 * their original entries under their own keys) are the same person and are erased with them.
 */
/** Runs inside the erasure transaction: for data another module keeps about the patient under a key
 *  that is NOT the patient's DEK (e.g. the ingest inbox's system key): delete or re-key it there. */
export type ErasureHook = (patientId: string, tx: Db) => Promise<void>;

@Injectable()
export class PatientErasureService {
  private readonly hooks: ErasureHook[] = [];

  constructor(
    private readonly prisma: PrismaService,
    private readonly keys: PatientKeysService,
    private readonly audit: AuditService,
    private readonly access: PatientAccessService,
  ) {}

  /** Call from your module's onModuleInit. */
  onErase(hook: ErasureHook): void {
    this.hooks.push(hook);
  }

  async erase(patientId: string, caller?: Caller): Promise<void> {
    const erased = [patientId];
    try {
      await this.prisma.$transaction(async (tx) => {
        if (!isUuid(patientId) || !(await this.shred(patientId, tx))) throw new NotFoundError('patient');
        const merged = await tx.patient.findMany({
          where: { mergedIntoId: patientId, erasedAt: null },
          select: { id: true },
        });
        for (const { id } of merged) if (await this.shred(id, tx)) erased.push(id);
        await this.audit.record(
          auditEvent('patient.erase', { ids: erased, patientId, purposeOfUse: 'operations', caller }),
          tx,
        );
      });
    } finally {
      for (const id of erased) this.keys.forget(id);
    }
  }

  /** One identity: demographics and blind indexes gone, keys destroyed, hooks run, grants ended. */
  private async shred(patientId: string, tx: Db): Promise<boolean> {
    this.access.decisions.beforeChange(patientId);
    const { count } = await tx.patient.updateMany({
      where: { id: patientId, erasedAt: null },
      data: { erasedAt: new Date(), demographics: null, mrnIndex: null, nameBirthDateIndex: null },
    });
    if (!count) return false;
    await this.keys.destroy(patientId, tx);
    for (const hook of this.hooks) await hook(patientId, tx);
    await tx.breakGlassGrant.updateMany({
      where: { patientId, expiresAt: { gt: new Date() } },
      data: { expiresAt: new Date() },
    });
    return true;
  }
}
