import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { auditOf, type Caller } from '../access/caller.js';
import { CareTeamService } from '../access/care-team.service.js';
import { PatientAccessService } from '../access/patient-access.service.js';
import { AuditService, type AuditEventInput } from '../audit/audit.service.js';
import { ConflictError, DomainError } from '../common/errors/domain-error.js';
import { FieldCipher } from '../crypto/field-cipher.js';
import type { Db } from '../crypto/patient-keys.service.js';
import { PrismaService } from '../database/prisma.service.js';
import { demographicsSchema, PATIENT_DEMOGRAPHICS, type Demographics } from './demographics.js';
import { PatientIdentity } from './patient-identity.js';
import { matchesName, toPatientView, type PatientView } from './patient-view.js';

export interface NewPatient extends Demographics {
  assigningAuthority?: string;
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
        {
          type: 'patient.create',
          action: 'C',
          outcome: 'success',
          patientId: patient.id,
          entity: { type: 'Patient', ids: [patient.id] },
          purposeOfUse: 'treatment',
          ...auditOf(caller),
        },
        tx,
      );
      return patient;
    });
  }

  async get(patientId: string, caller: Caller): Promise<PatientView> {
    return this.prisma.$transaction(async (tx) => {
      const { purposeOfUse } = await this.access.requireAccess(caller, patientId, tx);
      const row = await tx.patient.findUniqueOrThrow({ where: { id: patientId } });
      const view = { ...toPatientView(row, await this.decrypt(row, tx)), access: purposeOfUse };
      await this.audit.record(
        {
          type: 'patient.read',
          action: 'R',
          outcome: 'success',
          patientId,
          entity: { type: 'Patient', ids: [patientId] },
          purposeOfUse,
          ...auditOf(caller),
        },
        tx,
      );
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
      const rows = await tx.patient.findMany({
        where: {
          id: { in: [...accessible.keys()] },
          erasedAt: null,
          // Without an authority, an MRN matches under any authority (imports always carry one).
          ...(mrnIndex ? { mrnIndex, assigningAuthority: query.assigningAuthority } : {}),
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
        {
          type: 'patient.search',
          action: 'E',
          outcome: 'success',
          entity: { type: 'Patient', ids: found.map((p) => p.id) },
          purposeOfUse: found.some((p) => accessible.get(p.id) === 'emergency') ? 'emergency' : 'treatment',
          ...auditOf(caller),
        },
        tx,
      );
      return found;
    });
  }

  /**
   * For the HL7 import: the ids of the (not erased) patients these inputs name, by
   * `importKey(input)`, in one query — a batch of messages then looks its patients up once.
   */
  async findImported(inputs: NewPatient[], tx: Db): Promise<Map<string, string>> {
    const keys = await Promise.all(
      inputs.map(async (input) => ({
        assigningAuthority: input.assigningAuthority ?? '',
        mrnIndex: await this.identity.mrnIndex(input.mrn),
        key: importKey(input),
      })),
    );
    const rows = await tx.patient.findMany({
      where: {
        erasedAt: null,
        OR: keys.map(({ assigningAuthority, mrnIndex }) => ({ assigningAuthority, mrnIndex })),
      },
      select: { id: true, assigningAuthority: true, mrnIndex: true },
    });
    const found = new Map<string, string>();
    for (const { key, assigningAuthority, mrnIndex } of keys) {
      const row = rows.find(
        (r) =>
          r.assigningAuthority === assigningAuthority && r.mrnIndex !== null && mrnIndex.equals(r.mrnIndex),
      );
      if (row) found.set(key, row.id);
    }
    return found;
  }

  /**
   * For the HL7 import, inside ITS transaction: finds the patient by (authority, MRN) and refreshes
   * the demographics, or registers a new one. Audited (actor: system) in the same transaction.
   * `known`: the id from findImported(), or null when it found none (saves the lookup).
   */
  async upsertPatientFromImport(
    input: NewPatient,
    provenance: { sourceMessageId: string },
    tx: Db,
    deferredAudit?: AuditEventInput[],
    known?: string | null,
  ): Promise<{ patientId: string; created: boolean }> {
    const authority = input.assigningAuthority ?? '';
    const existing =
      known === undefined
        ? await tx.patient.findFirst({
            where: {
              assigningAuthority: authority,
              mrnIndex: await this.identity.mrnIndex(input.mrn),
              erasedAt: null,
            },
            select: { id: true },
          })
        : known && { id: known };
    if (!existing) {
      const patient = await this.insert(input, provenance, tx);
      await this.recordSystem(
        'patient.create',
        'C',
        patient.id,
        provenance.sourceMessageId,
        tx,
        deferredAudit,
      );
      return { patientId: patient.id, created: true };
    }
    const demographics = parseDemographics(input);
    await tx.patient.update({
      where: { id: existing.id },
      data: {
        demographics: await this.cipher.encryptForPatient(
          existing.id,
          PATIENT_DEMOGRAPHICS(existing.id),
          demographics,
          tx,
        ),
        nameBirthDateIndex: await this.identity.nameBirthDateIndex(demographics),
        sourceMessageId: provenance.sourceMessageId,
      },
    });
    await this.recordSystem(
      'patient.update',
      'U',
      existing.id,
      provenance.sourceMessageId,
      tx,
      deferredAudit,
    );
    return { patientId: existing.id, created: false };
  }

  /**
   * Internal lookup by MRN for administration (CLI careteam:add): no clinical content returned.
   * Without an authority the MRN may match under any one authority; two matches is an error.
   */
  async idByMrn(mrn: string, assigningAuthority?: string): Promise<string | undefined> {
    const rows = await this.prisma.patient.findMany({
      where: { assigningAuthority, mrnIndex: await this.identity.mrnIndex(mrn), erasedAt: null },
      select: { id: true },
      take: 2,
    });
    if (rows.length > 1) {
      throw new DomainError('ambiguous_mrn', 'mrn: issued by several assigning authorities; name one');
    }
    return rows[0]?.id;
  }

  private async insert(input: NewPatient, provenance: Provenance, tx: Db): Promise<PatientView> {
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

  /** With `deferred`, the event is handed back for the caller to stage with its own (the HL7 mapping). */
  private async recordSystem(
    type: string,
    action: 'C' | 'U',
    patientId: string,
    sourceMessageId: string,
    tx: Db,
    deferred?: AuditEventInput[],
  ): Promise<void> {
    const event: AuditEventInput = {
      type,
      action,
      outcome: 'success',
      patientId,
      entity: { type: 'Hl7Message', ids: [sourceMessageId] },
      purposeOfUse: 'operations',
    };
    if (deferred) deferred.push(event);
    else await this.audit.record(event, tx);
  }
}

/** The registry identity of an imported patient: assigning authority + MRN. */
export const importKey = (input: NewPatient) => `${input.assigningAuthority ?? ''}\u001f${input.mrn}`;

const MRN_CLASH = 'mrn: a patient with this MRN already exists for the assigning authority';

function parseDemographics(input: NewPatient): Demographics {
  const { assigningAuthority: _ignored, ...rest } = input;
  const parsed = demographicsSchema.safeParse(rest);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DomainError('invalid_patient', `${issue.path.join('.') || 'patient'}: ${issue.message}`);
  }
  return parsed.data;
}
