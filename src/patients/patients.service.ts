import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { CareTeamService } from '../access/care-team.service.js';
import { PatientAccessService } from '../access/patient-access.service.js';
import { auditEvent } from '../audit/audit-event.js';
import { AuditService, type AuditEventInput } from '../audit/audit.service.js';
import type { Caller } from '../common/caller.js';
import type { Db } from '../common/db.js';
import {
  ConflictError,
  DomainError,
  InvalidInputError,
  NotFoundError,
} from '../common/errors/domain-error.js';
import { schemaProblems } from '../common/errors/validation-errors.js';
import { FieldCipher } from '../crypto/field-cipher.js';
import { PrismaService } from '../database/prisma.service.js';
import { demographicsSchema, PATIENT_DEMOGRAPHICS, type Demographics } from './demographics.js';
import { PatientIdentity } from './patient-identity.js';
import { matchesName, toPatientView, type PatientView } from './patient-view.js';

export interface NewPatient extends Demographics {
  assigningAuthority?: string;
}

/** A patient as an HL7 message names it (PID), and that message. */
export interface ImportedPatient {
  input: NewPatient;
  sourceMessageId: string;
  /** The message's arrival (`ingest_messages.arrival`): demographics from an older one never win. */
  arrival?: bigint;
}

/** Provenance of a write: a user, or an import message (HL7 message id), never both. */
export interface Provenance {
  userId?: string;
  sourceMessageId?: string;
}

/** The patient registry: encrypted demographics, blind-indexed MRN, every read audited. */
@Injectable()
export class PatientsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly cipher: FieldCipher,
    private readonly identity: PatientIdentity,
    private readonly access: PatientAccessService,
    private readonly careTeam: CareTeamService,
    private readonly audit: AuditService,
  ) {}

  /** Registration by a user; a registering clinician or nurse joins the care team. */
  async register(input: NewPatient, caller: Caller): Promise<PatientView> {
    return this.prisma.$transaction(async (tx) => {
      const patient = await this.insert(input, { userId: caller.principal.userId }, tx);
      if (caller.principal.role === 'clinician' || caller.principal.role === 'nurse') {
        await this.careTeam.add(patient.id, caller.principal.userId, { caller }, tx);
      }
      await this.audit.record(
        auditEvent('patient.create', {
          ids: [patient.id],
          patientId: patient.id,
          purposeOfUse: 'treatment',
          caller,
        }),
        tx,
      );
      return patient;
    });
  }

  async get(patientId: string, caller: Caller): Promise<PatientView> {
    return this.prisma.$transaction(async (tx) => {
      const scope = await this.access.requireAccess(caller, patientId, tx);
      const row = await tx.patient.findUniqueOrThrow({ where: { id: patientId } });
      const view = { ...toPatientView(row, await this.decrypt(row, tx)), access: scope.purposeOfUse };
      await scope.audit('patient.read', [patientId]);
      return view;
    });
  }

  /**
   * `?mrn=` is an exact blind-index lookup; `?q=` matches names among the patients the caller may
   * see (care team + active grants); neither lists those patients ("my patients"). Only accessible
   * patients ever come back, and the search is audited even when it finds nothing.
   */
  async search(
    query: { mrn?: string; assigningAuthority?: string; q?: string },
    caller: Caller,
  ): Promise<PatientView[]> {
    const mrnIndex = query.mrn ? await this.identity.mrnIndex(query.mrn) : undefined;
    return this.prisma.$transaction(async (tx) => {
      const accessible = await this.access.accessiblePatientIds(caller.principal, tx);
      // Without an authority, an MRN matches under any authority (imports always carry one).
      const byMrn = mrnIndex ? { mrnIndex, assigningAuthority: query.assigningAuthority } : undefined;
      // A merged patient (HL7 A40…) is found as its survivor, by either MRN; never listed itself.
      const survivors = byMrn
        ? await tx.patient.findMany({
            where: { ...byMrn, mergedIntoId: { not: null } },
            select: { mergedIntoId: true },
          })
        : [];
      const rows = await tx.patient.findMany({
        where: {
          id: { in: [...accessible.keys()] },
          erasedAt: null,
          mergedIntoId: null,
          ...(byMrn ? { OR: [byMrn, { id: { in: survivors.map((s) => s.mergedIntoId!) } }] } : {}),
        },
        take: 1000,
      });
      const views: PatientView[] = [];
      for (const row of rows) {
        const demographics = await this.decrypt(row, tx);
        if (!query.q || matchesName(demographics, query.q)) {
          views.push({ ...toPatientView(row, demographics), access: accessible.get(row.id) });
        }
      }
      views.sort((a, b) => a.name.family.localeCompare(b.name.family) || a.id.localeCompare(b.id));
      const found = views.slice(0, 50);
      await this.audit.record(
        auditEvent('patient.search', {
          ids: found.map((p) => p.id),
          purposeOfUse: found.some((p) => accessible.get(p.id) === 'emergency') ? 'emergency' : 'treatment',
          caller,
        }),
        tx,
      );
      return found;
    });
  }

  /**
   * For the HL7 import, inside ITS transaction: each item's patient, found by (authority, MRN) and
   * refreshed, or registered, with the outcome of applying the items one by one in order (a patient
   * registered by an earlier item is updated by later ones). One lookup for all, one registration
   * per new patient, one UPDATE for all known ones: only each patient's newest demographics are
   * written (by arrival; an older message never overwrites a newer one's, also across concurrent
   * batches), since the others would be overwritten in the same transaction anyway. Every item
   * is validated first (a bad PID fails the call). Returns, per item, the patient and its audit
   * event (actor: system) for the caller to stage with its own.
   */
  async upsertImported(
    items: ImportedPatient[],
    tx: Db,
  ): Promise<{ patientId: string; event: AuditEventInput }[]> {
    const demographics = items.map(({ input }) => parseDemographics(input));
    const keys = items.map(({ input }) => importKey(input));
    const { found: known, merged } = await this.findImported(
      items.map(({ input }) => input),
      tx,
    );
    // Per patient, the item whose demographics win: the newest arrival (the last one, without arrivals).
    const last = new Map<string, number>();
    keys.forEach((key, i) => {
      const j = last.get(key);
      if (j === undefined || (items[j]!.arrival ?? 0n) <= (items[i]!.arrival ?? 0n)) last.set(key, i);
    });
    // Writes in one order (registry key, then patient id), so concurrent imports lock rows alike.
    const byKey = [...last].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const created = new Set<string>();
    for (const [key, i] of byKey) {
      if (known.has(key)) continue;
      const { input, sourceMessageId, arrival } = items[i]!;
      const patient = await this.insert(input, { sourceMessageId }, tx, arrival);
      known.set(key, patient.id);
      created.add(key);
    }
    // An MRN merged into another patient (HL7 A40…) maps to the survivor but never rewrites its demographics.
    const updates = byKey
      .filter(([key]) => !created.has(key) && !merged.has(key))
      .map(([key, i]) => ({ id: known.get(key)!, i }))
      .sort((a, b) => (a.id < b.id ? -1 : 1));
    if (updates.length > 0) {
      const rows = await Promise.all(
        updates.map(async ({ id, i }) => ({
          id,
          demographics: await this.cipher.encryptForPatient(
            id,
            PATIENT_DEMOGRAPHICS(id),
            demographics[i],
            tx,
          ),
          nameBirthDateIndex: await this.identity.nameBirthDateIndex(demographics[i]!),
          sourceMessageId: items[i]!.sourceMessageId,
          arrival: items[i]!.arrival?.toString() ?? null,
        })),
      );
      const updated = await tx.$queryRawUnsafe<{ id: string }[]>(
        UPDATE_IMPORTED_SQL,
        rows.map((row) => row.id),
        rows.map((row) => row.demographics),
        rows.map((row) => row.nameBirthDateIndex),
        rows.map((row) => row.sourceMessageId),
        rows.map((row) => row.arrival),
      );
      await this.checkNotErased(
        rows.map((row) => row.id).filter((id) => !updated.some((row) => row.id === id)),
        tx,
      );
    }
    const registered = new Set<string>();
    return items.map(({ sourceMessageId }, i) => {
      const key = keys[i]!;
      const patientId = known.get(key)!;
      const creates = created.has(key) && !registered.has(key);
      registered.add(key);
      const event = auditEvent(creates ? 'patient.create' : 'patient.update', {
        ids: [sourceMessageId],
        entityType: 'Hl7Message',
        patientId,
        purposeOfUse: 'operations',
      });
      return { patientId, event };
    });
  }

  /**
   * A patient the update skipped holds demographics from a newer message (mapped by a concurrent
   * batch), which is fine; one erased since the lookup is not: fail, the caller retries one by one.
   */
  private async checkNotErased(ids: string[], tx: Db): Promise<void> {
    if (ids.length === 0) return;
    const alive = await tx.patient.count({ where: { id: { in: ids }, erasedAt: null } });
    if (alive !== ids.length) throw new Error('an imported patient was erased during the import');
  }

  /**
   * The ids of the (not erased) patients these inputs name, by `importKey(input)`, in one query; a
   * merged patient's MRN names its survivor (those keys are also in `merged`).
   */
  async findImported(
    inputs: NewPatient[],
    tx: Db,
  ): Promise<{ found: Map<string, string>; merged: Set<string> }> {
    const keys = await Promise.all(
      inputs.map(async (input) => ({
        assigningAuthority: input.assigningAuthority ?? '',
        mrnIndex: await this.identity.mrnIndex(input.mrn),
        key: importKey(input),
      })),
    );
    const rows = await tx.$queryRawUnsafe<
      { id: string; assigning_authority: string; mrn_index: Uint8Array; merged: boolean }[]
    >(
      FIND_IMPORTED_SQL,
      keys.map((k) => k.assigningAuthority),
      keys.map((k) => k.mrnIndex),
    );
    const byIndex = new Map(
      rows.map((row) => [
        `${row.assigning_authority}\u001f${Buffer.from(row.mrn_index).toString('hex')}`,
        row,
      ]),
    );
    const found = new Map<string, string>();
    const merged = new Set<string>();
    for (const { key, assigningAuthority, mrnIndex } of keys) {
      const row = byIndex.get(`${assigningAuthority}\u001f${mrnIndex.toString('hex')}`);
      if (row) found.set(key, row.id);
      if (row?.merged) merged.add(key);
    }
    return { found, merged };
  }

  /**
   * Internal lookup by MRN for administration (CLI careteam:add): no clinical content returned.
   * Without an authority the MRN may match under any one authority; two matches is an error.
   */
  /**
   * Break-the-glass by wristband MRN: the patient's id, or a 404 — and a miss is audited
   * (`breakglass.lookup`, failure, with the reason), so probing MRNs leaves a trail.
   */
  async emergencyLookup(
    request: { mrn: string; assigningAuthority?: string; reason: string },
    caller: Caller,
  ): Promise<string> {
    const patientId = await this.idByMrn(request.mrn, request.assigningAuthority);
    if (patientId) return patientId;
    await this.audit.record(
      auditEvent('breakglass.lookup', { outcome: 'failure', reason: request.reason, caller }),
    );
    throw new NotFoundError('patient');
  }

  async idByMrn(mrn: string, assigningAuthority?: string): Promise<string | undefined> {
    const rows = await this.prisma.patient.findMany({
      where: { assigningAuthority, mrnIndex: await this.identity.mrnIndex(mrn), erasedAt: null },
      select: { id: true, mergedIntoId: true },
      take: 2,
    });
    if (rows.length > 1) {
      throw new DomainError('ambiguous_mrn', 'mrn: issued by several assigning authorities; name one');
    }
    // A merged patient's MRN finds the survivor (HL7 A40…).
    return rows[0]?.mergedIntoId ?? rows[0]?.id;
  }

  private async insert(
    input: NewPatient,
    provenance: Provenance,
    tx: Db,
    sourceArrival?: bigint,
  ): Promise<PatientView> {
    const demographics = parseDemographics(input);
    const id = randomUUID();
    const [mrnIndex, nameBirthDateIndex] = await Promise.all([
      this.identity.mrnIndex(demographics.mrn),
      this.identity.nameBirthDateIndex(demographics),
    ]);
    const assigningAuthority = input.assigningAuthority ?? '';
    const clash = await tx.patient.count({ where: { assigningAuthority, mrnIndex } });
    if (clash) throw new ConflictError(MRN_CLASH);
    const row = await tx.patient
      .create({
        data: {
          id,
          assigningAuthority,
          mrnIndex,
          nameBirthDateIndex,
          demographics: await this.cipher.encryptForPatient(id, PATIENT_DEMOGRAPHICS(id), demographics, tx),
          createdById: provenance.userId,
          sourceMessageId: provenance.sourceMessageId,
          sourceArrival,
        },
      })
      .catch((error: unknown) => {
        if ((error as { code?: string }).code === 'P2002') throw new ConflictError(MRN_CLASH);
        throw error;
      });
    return toPatientView(row, demographics);
  }

  private async decrypt(row: { id: string; demographics: Uint8Array | null }, tx: Db): Promise<Demographics> {
    return this.cipher.decryptForPatient<Demographics>(
      row.id,
      PATIENT_DEMOGRAPHICS(row.id),
      row.demographics,
      tx,
    );
  }
}

const FIND_IMPORTED_SQL = `
  SELECT COALESCE("merged_into_id", "id") AS "id", "assigning_authority", "mrn_index",
         "merged_into_id" IS NOT NULL AS "merged"
    FROM "patients"
   WHERE "erased_at" IS NULL
     AND ("assigning_authority", "mrn_index") IN (SELECT * FROM unnest($1::text[], $2::bytea[]))`;

/** Only where the message arrived after the one applied: concurrent batches may commit out of order. */
const UPDATE_IMPORTED_SQL = `
  UPDATE "patients" AS p
     SET "demographics" = u."demographics", "name_birth_date_index" = u."name_birth_date_index",
         "source_message_id" = u."source_message_id",
         "source_arrival" = COALESCE(u."source_arrival", p."source_arrival"), "updated_at" = now()
    FROM unnest($1::uuid[], $2::bytea[], $3::bytea[], $4::text[], $5::int8[])
      AS u("id", "demographics", "name_birth_date_index", "source_message_id", "source_arrival")
   WHERE p."id" = u."id" AND p."erased_at" IS NULL
     AND (u."source_arrival" IS NULL OR p."source_arrival" IS NULL OR p."source_arrival" <= u."source_arrival")
  RETURNING p."id"`;

/** The registry identity of an imported patient: assigning authority + MRN. */
const importKey = (input: NewPatient) => `${input.assigningAuthority ?? ''}\u001f${input.mrn}`;

const MRN_CLASH = 'mrn: a patient with this MRN already exists for the assigning authority';

function parseDemographics(input: NewPatient): Demographics {
  const { assigningAuthority: _ignored, ...rest } = input;
  const parsed = demographicsSchema.safeParse(rest);
  if (!parsed.success)
    throw new InvalidInputError(schemaProblems(parsed.error.issues, '', 'patient'), 'invalid_patient');
  return parsed.data;
}
