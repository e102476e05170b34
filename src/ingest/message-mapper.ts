import { Injectable } from '@nestjs/common';
import { auditEvent } from '../audit/audit-event.js';
import type { AuditEventInput } from '../audit/audit.service.js';
import { BlindIndexService } from '../crypto/blind-index.service.js';
import type { Prisma } from '../generated/prisma/client.js';
import { PatientsService } from '../patients/patients.service.js';
import { ImportedEntries, type KeyedEntryChange } from '../records/imported-entries.js';
import type { Hl7Message } from './hl7/hl7-message.js';
import { typeHandling } from './hl7/message-types.js';
import { planChanges, type BusinessKey, type PlannedChange } from './mapping/entry-plan.js';
import { PATIENT_EVENTS, PatientEvents } from './mapping/patient-events.js';
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
  /** Set when the message's type has no mapping: stored as `unmapped` with this reason. */
  notMapped?: string;
  /** Audit events of the mapping, for the caller to stage in its transaction. */
  auditEvents: AuditEventInput[];
}

/**
 * Maps stored, accepted messages into the record, inside the worker's transaction, in the order
 * given: each message's patient (PID) is created or updated, then every message's changes to the
 * patient's entries (mapping/entry-plan.ts) are applied in order — new entries, and new versions of
 * entries found by a business key (visit, result, document) — and written together. Audit events
 * come back in the results. Throwing (a DomainError naming the field) moves the message to quarantine.
 */
@Injectable()
export class MessageMapper {
  constructor(
    private readonly patients: PatientsService,
    private readonly entries: ImportedEntries,
    private readonly blindIndex: BlindIndexService,
    private readonly patientEvents: PatientEvents,
  ) {}

  async map(item: MappedMessage, tx: Prisma.TransactionClient): Promise<MappingResult> {
    return (await this.mapMany([item], tx))[0]!;
  }

  async mapMany(all: MappedMessage[], tx: Prisma.TransactionClient): Promise<MappingResult[]> {
    const results = new Map<string, MappingResult>();
    const items = all.filter(({ messageId, message }) => {
      if (typeHandling(message.messageType) === 'mapped') return true;
      results.set(messageId, { messageId, entries: 0, notMapped: notMappedReason(message), auditEvents: [] });
      return false;
    });
    for (const result of await this.mapSupported(items, tx)) results.set(result.messageId, result);
    return all.map(({ messageId }) => results.get(messageId)!);
  }

  /**
   * Runs of record events are mapped together; a patient-level event (merge, identifier change,
   * link) alone and in its place, so that the messages after a merge find the survivor.
   */
  private async mapSupported(items: MappedMessage[], tx: Prisma.TransactionClient): Promise<MappingResult[]> {
    const results: MappingResult[] = [];
    let run: MappedMessage[] = [];
    for (const item of items) {
      const [code, event = ''] = item.message.messageType.split('^');
      if (code !== 'ADT' || !PATIENT_EVENTS.has(event)) {
        run.push(item);
        continue;
      }
      results.push(...(await this.mapRun(run, tx)));
      run = [];
      const mapped = await this.patientEvents.map(item.message, item.messageId, item.arrival, tx);
      results.push({ messageId: item.messageId, ...mapped, patientId: mapped.patientId || undefined });
    }
    results.push(...(await this.mapRun(run, tx)));
    return results;
  }

  private async mapRun(items: MappedMessage[], tx: Prisma.TransactionClient): Promise<MappingResult[]> {
    if (items.length === 0) return [];
    const patients = await this.patients.upsertImported(
      items.map(({ messageId, message, arrival }) => ({
        input: patientFromPid(message),
        sourceMessageId: messageId,
        arrival,
      })),
      tx,
    );
    const applied = await this.entries.apply(
      await Promise.all(
        items.map(async ({ messageId, message, arrival = 0n }, i) => ({
          patientId: patients[i]!.patientId,
          sourceMessageId: messageId,
          arrival,
          changes: await this.keyed(planChanges(message, messageId, arrival)),
        })),
      ),
      tx,
    );
    return items.map(({ messageId }, i) => {
      const { patientId, event } = patients[i]!;
      const { created, revised } = applied[i]!;
      const auditEvents: AuditEventInput[] = [event];
      if (created.length > 0) auditEvents.push(entryEvent('entry.create', patientId, created));
      if (revised.length > 0) auditEvents.push(entryEvent('entry.amend', patientId, revised));
      return { messageId, entries: created.length + revised.length, patientId, auditEvents };
    });
  }

  /** Business keys → per-patient source refs: `<purpose>:<blind index>` (identifiers are PHI). */
  private async keyed(changes: PlannedChange[]): Promise<KeyedEntryChange[]> {
    return Promise.all(
      changes.map(async ({ ref, key, ...change }) => ({
        ...change,
        sourceRef: ref ?? (await this.sourceRef(key!)),
      })),
    );
  }

  private async sourceRef(key: BusinessKey): Promise<string> {
    const index = await this.blindIndex.compute(`hl7-${key.purpose}`, key.value.trim().toUpperCase());
    return `${key.purpose}:${index.toString('hex').slice(0, 40)}`;
  }
}

/** An import's entry event: actor system, purpose operations. */
function entryEvent(type: 'entry.create' | 'entry.amend', patientId: string, ids: string[]): AuditEventInput {
  return auditEvent(type, { ids, patientId, purposeOfUse: 'operations' });
}

/** Why a stored message was not mapped: its type, a code (never content). */
function notMappedReason(message: Hl7Message): string {
  const type = /^[A-Z0-9]{3}\^[A-Z0-9]{3}$/.test(message.messageType) ? message.messageType : 'this type';
  return `not_mapped: ${type} is accepted and stored, but has no mapping into the record`;
}
