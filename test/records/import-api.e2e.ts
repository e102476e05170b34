import { AuditSequencer } from '../../src/audit/audit-sequencer.js';
import { AuditService } from '../../src/audit/audit.service.js';
import { PatientsService } from '../../src/patients/patients.service.js';
import { RecordsService } from '../../src/records/records.service.js';
import { EntryReaderService } from '../../src/records/entry-reader.service.js';
import { CareTeamService } from '../../src/access/care-team.service.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { actor, auditTypes, newPatient } from './records-fixtures.js';

describe('RecordsService for the HL7 import (inside the caller transaction)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('upserts the patient by MRN, adds entries with message provenance, skips repeated sourceRefs', async () => {
    const patients = t.app.get(PatientsService);
    const records = t.app.get(RecordsService);
    const audit = t.app.get(AuditService);
    const input = newPatient({ assigningAuthority: 'LAB' });
    const first = await t.prisma.$transaction(async (tx) => {
      const { patientId, event } = (
        await patients.upsertImported([{ input, sourceMessageId: 'msg-1' }], tx)
      )[0]!;
      await audit.stage([event], tx);
      const added = await records.addEntries(
        patientId,
        [
          {
            kind: 'observation',
            occurredAt: new Date('2026-03-01T08:00:00Z'),
            body: { code: '2160-0', value: 2.4, unit: 'mg/dL', abnormalFlag: 'H' },
            sourceRef: 'msg-1/OBX/1',
          },
          {
            kind: 'observation',
            occurredAt: new Date('2026-03-01T08:00:00Z'),
            body: { code: '2823-3', value: 5.9, unit: 'mmol/L' },
            sourceRef: 'msg-1/OBX/2',
          },
        ],
        { sourceMessageId: 'msg-1' },
        tx,
      );
      return { patientId, type: event.type, added };
    });
    expect(first.type).toBe('patient.create');
    expect(first.added.entryIds).toHaveLength(2);

    const again = await t.prisma.$transaction(async (tx) => {
      const { patientId, event } = (
        await patients.upsertImported(
          [
            {
              input: { ...input, mrn: input.mrn.toLowerCase(), phone: '+1-555-0199' },
              sourceMessageId: 'msg-2',
            },
          ],
          tx,
        )
      )[0]!;
      await audit.stage([event], tx);
      const added = await records.addEntries(
        patientId,
        [
          {
            kind: 'observation',
            occurredAt: new Date('2026-03-01T08:00:00Z'),
            body: { code: '2160-0', value: 2.4, unit: 'mg/dL' },
            sourceRef: 'msg-1/OBX/1',
          },
          {
            kind: 'note',
            occurredAt: new Date('2026-03-02T08:00:00Z'),
            body: { text: 'Renal review.' },
            sourceRef: 'msg-2/NTE/1',
          },
        ],
        { sourceMessageId: 'msg-2' },
        tx,
      );
      return { patientId, type: event.type, added };
    });
    expect(again).toMatchObject({
      patientId: first.patientId,
      type: 'patient.update',
      added: { skipped: ['msg-1/OBX/1'] },
    });
    expect(again.added.entryIds).toHaveLength(1);

    const doctor = await actor(t, 'clinician');
    await t.app.get(CareTeamService).add(first.patientId, doctor.user.id);
    expect((await patients.get(first.patientId, doctor.caller)).phone).toBe('+1-555-0199');
    const page = await t.app.get(EntryReaderService).timeline(first.patientId, {}, doctor.caller);
    expect(page.items).toHaveLength(3);
    expect(page.items.map((i) => i.provenance.sourceMessageId)).toEqual(['msg-2', 'msg-1', 'msg-1']);
    expect(page.items.every((i) => i.provenance.recordedById === null)).toBe(true);
    await t.app.get(AuditSequencer).drain();
    // Staged events are chained after commit: other events (the care-team add) may come between.
    const events = (await auditTypes(t, first.patientId)).filter((e) =>
      ['patient.create', 'patient.update'].includes(e.type),
    );
    expect(events.slice(0, 2).map((e) => [e.type, e.actorUserId, e.entityIds])).toEqual([
      ['patient.create', null, ['msg-1']],
      ['patient.update', null, ['msg-2']],
    ]);
  });

  it('rolls everything back when one entry of a batch is invalid, naming it', async () => {
    const patients = t.app.get(PatientsService);
    const input = newPatient();
    await expect(
      t.prisma.$transaction(async (tx) => {
        const { patientId } = (await patients.upsertImported([{ input, sourceMessageId: 'msg-3' }], tx))[0]!;
        await t.app.get(RecordsService).addEntries(
          patientId,
          [
            { kind: 'note', occurredAt: new Date(), body: { text: 'ok' } },
            { kind: 'allergy', occurredAt: new Date(), body: { reaction: 'hives' } },
          ],
          { sourceMessageId: 'msg-3' },
          tx,
        );
      }),
    ).rejects.toThrow(/entries\[1\]\.body\.substance/);
    expect(await patients.idByMrn(input.mrn)).toBeUndefined();
  });

  it('upserts a batch as if item by item: one registration, last demographics win, one event per item', async () => {
    const patients = t.app.get(PatientsService);
    const known = newPatient({ assigningAuthority: 'LAB' });
    const fresh = newPatient({ assigningAuthority: 'LAB' });
    await t.prisma.$transaction((tx) =>
      patients.upsertImported([{ input: known, sourceMessageId: 'b-0' }], tx),
    );
    const results = await t.prisma.$transaction((tx) =>
      patients.upsertImported(
        [
          { input: { ...fresh, phone: '+1-555-0001' }, sourceMessageId: 'b-1' },
          { input: { ...known, phone: '+1-555-0002' }, sourceMessageId: 'b-2' },
          { input: { ...fresh, phone: '+1-555-0003' }, sourceMessageId: 'b-3' },
          { input: { ...known, phone: '+1-555-0004' }, sourceMessageId: 'b-4' },
        ],
        tx,
      ),
    );
    const [freshId, knownId] = [results[0]!.patientId, results[1]!.patientId];
    expect(results.map((r) => r.patientId)).toEqual([freshId, knownId, freshId, knownId]);
    expect(knownId).toBe(await patients.idByMrn(known.mrn, 'LAB'));
    expect(results.map((r) => [r.event.type, r.event.entity?.ids])).toEqual([
      ['patient.create', ['b-1']],
      ['patient.update', ['b-2']],
      ['patient.update', ['b-3']],
      ['patient.update', ['b-4']],
    ]);
    const doctor = await actor(t, 'clinician');
    for (const id of [freshId, knownId]) await t.app.get(CareTeamService).add(id, doctor.user.id);
    expect((await patients.get(freshId, doctor.caller)).phone).toBe('+1-555-0003');
    expect((await patients.get(knownId, doctor.caller)).phone).toBe('+1-555-0004');
    const rows = await t.prisma.patient.findMany({ where: { id: { in: [freshId, knownId] } } });
    expect(Object.fromEntries(rows.map((r) => [r.id, r.sourceMessageId]))).toEqual({
      [freshId]: 'b-3',
      [knownId]: 'b-4',
    });
  });

  it('validates every item first: one bad PID refuses the whole call, naming the field', async () => {
    const patients = t.app.get(PatientsService);
    const good = newPatient();
    await expect(
      t.prisma.$transaction((tx) =>
        patients.upsertImported(
          [
            { input: good, sourceMessageId: 'v-1' },
            { input: { ...newPatient(), birthDate: 'yesterday' }, sourceMessageId: 'v-2' },
          ],
          tx,
        ),
      ),
    ).rejects.toThrow(/birthDate/);
    expect(await patients.idByMrn(good.mrn)).toBeUndefined();
  });
});
