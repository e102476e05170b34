import { Injectable } from '@nestjs/common';
import type { AuditEventInput } from '../audit/audit.service.js';
import type { Prisma } from '../generated/prisma/client.js';
import { PatientsService } from '../patients/patients.service.js';
import { RecordsService } from '../records/records.service.js';
import type { Hl7Message } from './hl7/hl7-message.js';
import { entriesFromMessage } from './mapping/entry-mapping.js';
import { patientFromPid } from './mapping/patient-mapping.js';

export interface MappingResult {
  entries: number;
  patientId?: string;
  /** Audit events of the mapping, for the caller to append last in its transaction. */
  auditEvents: AuditEventInput[];
}

/**
 * Maps one stored, accepted message into the record, inside the worker's transaction: the patient
 * (PID) is created or updated, then its entries are added with provenance (message id + segment).
 * Its audit events come back in the result: the worker appends them last, just before commit.
 * Throwing (a DomainError naming the field) moves the message to quarantine.
 */
@Injectable()
export class MessageMapper {
  constructor(
    private readonly patients: PatientsService,
    private readonly records: RecordsService,
  ) {}

  async map(message: Hl7Message, messageId: string, tx: Prisma.TransactionClient): Promise<MappingResult> {
    const auditEvents: AuditEventInput[] = [];
    const { patientId } = await this.patients.upsertPatientFromImport(
      patientFromPid(message),
      { sourceMessageId: messageId },
      tx,
      auditEvents,
    );
    const entries = entriesFromMessage(message, messageId);
    if (entries.length === 0) return { entries: 0, patientId, auditEvents };
    const added = await this.records.addEntries(patientId, entries, { sourceMessageId: messageId }, tx);
    if (added.entryIds.length > 0) {
      auditEvents.push({
        type: 'entry.create',
        action: 'C',
        outcome: 'success',
        patientId,
        entity: { type: 'Entry', ids: added.entryIds },
      });
    }
    return { entries: added.entryIds.length, patientId, auditEvents };
  }
}
