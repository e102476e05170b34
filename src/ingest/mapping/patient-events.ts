import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { MergedPatientAccess } from '../../access/merged-patient-access.js';
import { auditEvent } from '../../audit/audit-event.js';
import type { AuditEventInput } from '../../audit/audit.types.js';
import type { Db } from '../../common/db.js';
import { FieldCipher } from '../../crypto/field-cipher.js';
import { PatientMerges } from '../../patients/patient-merges.js';
import { PatientsService, type NewPatient } from '../../patients/patients.service.js';
import { EntryTransfer } from '../../records/entry-transfer.js';
import { contentDigest, type ReportContent } from '../../reports/report-store.js';
import type { Hl7Message, Hl7Segment } from '../hl7/hl7-message.js';
import { patientFromPid, patientFromPidSegment } from './patient-mapping.js';
import { value } from './hl7-values.js';

/** ADT events about patient identity rather than a visit: merges, identifier changes, links, deletes. */
export const PATIENT_EVENTS = new Set(['A24', 'A29', 'A37', 'A39', 'A40', 'A41', 'A42', 'A47', 'A49']);

/** Report content's AAD place (the layout of src/reports/report-store.ts, which owns it). */
const REPORT_CONTENT = (id: string) => ({ table: 'reports', rowId: id, field: 'content' });

export interface PatientEventResult {
  patientId: string;
  entries: number;
  auditEvents: AuditEventInput[];
}

/**
 * Patient-level ADT events (src/ingest/README.md, "Merges"), each mapped on its own inside the
 * worker's transaction (the batch is split around them, so the messages after a merge see it):
 *
 * - A40/A39 (and A41/A42 when MRG-1 names another patient): the survivor (PID) receives the merged
 *   patient's (MRG-1) entries with their whole history (re-encrypted under its key), care-team
 *   members, active break-the-glass grants (src/access/merged-patient-access.ts) and reports; the
 *   merged identity points to the survivor; audited as `patient.merge` naming both. A merged
 *   patient never seen is registered as a merged identity of the survivor.
 * - A47: MRG-1 → PID-3. Onto an unknown identifier the patient is re-keyed; onto a known one it is
 *   a merge. A49 (account number) updates demographics only.
 * - A24/A37: link/unlink the two PIDs' patients. A29: audited retraction, nothing removed.
 */
@Injectable()
export class PatientEvents {
  constructor(
    private readonly patients: PatientsService,
    private readonly merges: PatientMerges,
    private readonly transfer: EntryTransfer,
    private readonly cipher: FieldCipher,
    private readonly access: MergedPatientAccess,
  ) {}

  async map(
    message: Hl7Message,
    messageId: string,
    arrival: bigint | undefined,
    tx: Db,
  ): Promise<PatientEventResult> {
    const event = message.messageType.split('^')[1]!;
    const item = (input: NewPatient) => ({ input, sourceMessageId: messageId, arrival });
    if (event === 'A24' || event === 'A37') {
      const [a, b] = await this.patients.upsertImported(
        message.segmentsNamed('PID').map((pid) => item(patientFromPidSegment(pid))),
        tx,
      );
      const ids = [a!.patientId, b!.patientId];
      const changed =
        event === 'A24'
          ? await this.merges.link(ids[0]!, ids[1]!, messageId, tx)
          : await this.merges.unlink(ids[0]!, ids[1]!, tx);
      const type = event === 'A24' ? 'patient.link' : 'patient.unlink';
      const events = changed
        ? ids.map((patientId) => auditEvent(type, { patientId, ids, purposeOfUse: 'operations' }))
        : [];
      return { patientId: ids[0]!, entries: 0, auditEvents: [a!.event, b!.event, ...events] };
    }
    const input = patientFromPid(message);
    if (event === 'A29') {
      const { found } = await this.patients.findImported([input], tx);
      const patientId = found.values().next().value;
      if (!patientId) return { patientId: '', entries: 0, auditEvents: [] };
      const retract = auditEvent('patient.retract', {
        patientId,
        ids: [patientId],
        reason: 'HL7 A29 delete person information: recorded, nothing removed',
        purposeOfUse: 'operations',
      });
      return { patientId, entries: 0, auditEvents: [retract] };
    }
    // Merges and identifier changes may carry several PID + MRG groups (v2.5.1 ADT_A39): each in turn.
    const groups = identityGroups(message);
    let combined: PatientEventResult | undefined;
    for (const [pid, mrg] of groups) {
      const one = await this.mapIdentity(event, patientFromPidSegment(pid), mrg, messageId, arrival, tx);
      combined = combined
        ? {
            ...combined,
            entries: combined.entries + one.entries,
            auditEvents: [...combined.auditEvents, ...one.auditEvents],
          }
        : one;
    }
    return combined!;
  }

  /** One PID (+ its MRG) of a merge, identifier change or A49. */
  private async mapIdentity(
    event: string,
    input: NewPatient,
    mrg: Hl7Segment | undefined,
    messageId: string,
    arrival: bigint | undefined,
    tx: Db,
  ): Promise<PatientEventResult> {
    const item = (patient: NewPatient) => ({ input: patient, sourceMessageId: messageId, arrival });
    const prior = mrg ? priorIdentity(mrg, input) : undefined;
    if (event === 'A47' && prior) {
      const { found } = await this.patients.findImported([prior, input], tx);
      const [oldId, newId] = [found.get(importKey(prior)), found.get(importKey(input))];
      if (oldId && !newId) {
        await this.merges.changeIdentifier(oldId, input, tx);
        const [survivor] = await this.patients.upsertImported([item(input)], tx);
        const change = auditEvent('patient.identifier.change', {
          patientId: oldId,
          ids: [oldId],
          purposeOfUse: 'operations',
        });
        return { patientId: oldId, entries: 0, auditEvents: [survivor!.event, change] };
      }
    }
    const [survivor] = await this.patients.upsertImported([item(input)], tx);
    const survivorId = survivor!.patientId;
    const result: PatientEventResult = { patientId: survivorId, entries: 0, auditEvents: [survivor!.event] };
    if (!prior || event === 'A49' || importKey(prior) === importKey(input)) return result;
    const { found } = await this.patients.findImported([prior], tx);
    const mergedId = found.get(importKey(prior));
    if (mergedId === survivorId) return result; // merged already (a replay, or resent by the sender)
    if (!mergedId) {
      const stub = await this.merges.registerMergedIdentity(prior, survivorId, messageId, tx);
      result.auditEvents.push(
        mergeEvent(survivorId, [survivorId, stub], 'merged identity was not known before'),
      );
      return result;
    }
    const { copied, accessEvents } = await this.mergeInto(mergedId, survivorId, tx);
    result.entries = copied.length;
    if (copied.length)
      result.auditEvents.push(
        auditEvent('entry.create', { patientId: survivorId, ids: copied, purposeOfUse: 'operations' }),
      );
    result.auditEvents.push(
      ...accessEvents,
      mergeEvent(survivorId, [survivorId, mergedId]),
      mergeEvent(mergedId, [survivorId, mergedId]),
    );
    return result;
  }

  /**
   * Moves the merged patient's record, care team and break-the-glass grants to the survivor; returns
   * the survivor's new entry ids and the access moves' audit events.
   */
  private async mergeInto(
    mergedId: string,
    survivorId: string,
    tx: Db,
  ): Promise<{ copied: string[]; accessEvents: AuditEventInput[] }> {
    await this.merges.lock([mergedId, survivorId], tx);
    const ids = await this.transfer.copyAll(mergedId, survivorId, tx);
    const accessEvents = await this.access.carry(mergedId, survivorId, tx);
    await this.copyReports(mergedId, survivorId, ids, tx);
    await this.merges.markMerged(mergedId, survivorId, tx);
    return { copied: [...ids.values()], accessEvents };
  }

  /** Reports move like entries: re-sealed under the survivor, citations pointing at the copied entries. */
  private async copyReports(
    mergedId: string,
    survivorId: string,
    ids: Map<string, string>,
    tx: Db,
  ): Promise<void> {
    const reports = await tx.report.findMany({ where: { patientId: mergedId } });
    for (const report of reports) {
      const content = await this.cipher.decryptForPatient<ReportContent>(
        mergedId,
        REPORT_CONTENT(report.id),
        report.content,
        tx,
      );
      const moved: ReportContent = {
        ...content,
        sections: content.sections.map((section) => ({
          ...section,
          sentences: section.sentences.map((sentence) => ({
            ...sentence,
            citations: sentence.citations.map((c) => ({ ...c, entryId: ids.get(c.entryId) ?? c.entryId })),
          })),
        })),
      };
      const id = randomUUID();
      await tx.report.create({
        data: {
          ...report,
          id,
          patientId: survivorId,
          content: await this.cipher.encryptForPatient(survivorId, REPORT_CONTENT(id), moved, tx),
          // A signed report's digest covers its content; its citations now name the copied entries.
          signedDigest: report.signedDigest ? contentDigest(moved) : null,
        },
      });
    }
  }
}

/** Each PID with the MRG that follows it (before the next PID); the first PID alone when there is none. */
function identityGroups(message: Hl7Message): [Hl7Segment, Hl7Segment | undefined][] {
  const groups: [Hl7Segment, Hl7Segment | undefined][] = [];
  for (const segment of message.segments as Hl7Segment[]) {
    if (segment.name === 'PID') groups.push([segment, undefined]);
    else if (segment.name === 'MRG' && groups.length && !groups[groups.length - 1]![1])
      groups[groups.length - 1]![1] = segment;
  }
  return groups;
}

/** MRG-1 (prior patient identifier list: the MR-typed one, else the first; A39: MRG-4) as a patient input. */
function priorIdentity(mrg: Hl7Segment, survivor: NewPatient): NewPatient | undefined {
  const ids = mrg
    .field(1)
    .all()
    .filter((id) => value(id) !== '');
  const id =
    ids.find((i) => i.component(5).toUpperCase() === 'MR') ??
    ids[0] ??
    (value(mrg.field(4)) ? mrg.field(4) : undefined);
  if (!id) return undefined;
  const authority = id.component(4, 1).trim() || survivor.assigningAuthority;
  return { ...survivor, mrn: value(id), assigningAuthority: authority || undefined };
}

const importKey = (input: NewPatient) => `${input.assigningAuthority ?? ''}\u001f${input.mrn}`;

function mergeEvent(patientId: string, ids: string[], reason?: string): AuditEventInput {
  return auditEvent('patient.merge', {
    patientId,
    ids,
    purposeOfUse: 'operations',
    ...(reason ? { reason } : {}),
  });
}
