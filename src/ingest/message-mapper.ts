import { Injectable } from '@nestjs/common';
import type { AuditEventInput } from '../audit/audit.service.js';
import type { Prisma } from '../generated/prisma/client.js';
import { PatientsService } from '../patients/patients.service.js';
import { RecordsService } from '../records/records.service.js';
import type { Hl7Message } from './hl7/hl7-message.js';
import { entriesFromMessage } from './mapping/entry-mapping.js';
import { patientFromPid } from './mapping/patient-mapping.js';

/** A stored message to map: its id, parsed content and arrival (`ingest_messages.arrival`). */
export interface MappedMessage {
  messageId: string;
  message: Hl7Message;
  arrival?: bigint;
}

export interface MappingResult {
  messageId: string;
  entries: number;
  patientId?: string;
  /** Audit events of the mapping, for the caller to stage in its transaction. */
  auditEvents: AuditEventInput[];
}

/**
 * Maps stored, accepted messages into the record, inside the worker's transaction, in the order
 * given: each message's patient (PID) is created or updated, then the entries of all messages are
 * added with provenance (message id + segment) in two multi-row inserts. Audit events come back in
 * the results. Throwing (a DomainError naming the field) moves the message to quarantine.
 */
@Injectable()
export class MessageMapper {
  constructor(
    private readonly patients: PatientsService,
    private readonly records: RecordsService,
  ) {}

  async map(item: MappedMessage, tx: Prisma.TransactionClient): Promise<MappingResult> {
    return (await this.mapMany([item], tx))[0]!;
  }

  async mapMany(items: MappedMessage[], tx: Prisma.TransactionClient): Promise<MappingResult[]> {
    const patients = await this.patients.upsertImported(
      items.map(({ messageId, message, arrival }) => ({
        input: patientFromPid(message),
        sourceMessageId: messageId,
        arrival,
      })),
      tx,
    );
    const mapped = items.map(({ messageId }, i) => ({
      messageId,
      patientId: patients[i]!.patientId,
      auditEvents: [patients[i]!.event],
    }));
    const added = await this.records.addEntriesForPatients(
      items.map(({ messageId, message }, i) => ({
        patientId: mapped[i]!.patientId,
        entries: entriesFromMessage(message, messageId),
        provenance: { sourceMessageId: messageId },
      })),
      tx,
    );
    return mapped.map(({ messageId, patientId, auditEvents }, i) => {
      const { entryIds } = added[i]!;
      if (entryIds.length > 0) {
        auditEvents.push({
          type: 'entry.create',
          action: 'C',
          outcome: 'success',
          patientId,
          entity: { type: 'Entry', ids: entryIds },
        });
      }
      return { messageId, entries: entryIds.length, patientId, auditEvents };
    });
  }
}
