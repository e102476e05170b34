import '../support/onnx-realm.js';
import { CareTeamService } from '../../src/access/care-team.service.js';
import { MllpClient } from '../../src/ingest/mllp/mllp-client.js';
import { MllpListener } from '../../src/ingest/mllp/mllp-listener.js';
import { actor } from '../records/records-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { adtEvent, mdm, oru, person, pv1 } from './hl7-events.js';
import { PatientErasureService } from '../../src/patients/patient-erasure.service.js';
import { PatientsService } from '../../src/patients/patients.service.js';
import { corpus } from './hl7-corpus.js';
import { waitFor } from './ingest-fixtures.js';
import { entriesOf, patientIdOf, sendMapped } from './record-probe.js';

/** Merges (A40…), identifier changes (A47) and links (A24/A37) over MLLP. */
describe('patient merges over MLLP', () => {
  let t: TestApp;
  let client: MllpClient;
  beforeAll(async () => {
    t = await createTestApp();
    client = await MllpClient.connect(await t.app.get(MllpListener).start(0));
  });
  afterAll(async () => {
    await client.close();
    await t.close();
  });

  const fingerprint = (e: { kind: string; versions: { version: number; body: unknown }[] }) =>
    JSON.stringify([e.kind, e.versions.map((v) => [v.version, v.body])]);

  it('A40: the survivor receives entries (with history), care teams and reports; both MRNs find it; audited naming both', async () => {
    const survivor = person('MRG-S', 'OAKLEY', 'SAM', '19580102');
    const merged = person('MRG-M', 'OAKLY', 'SAMUEL', '19580102');
    await sendMapped(t, client, [
      adtEvent('A01', survivor, [pv1({ visit: 'VS1' }), 'DG1|1||I10^Essential hypertension^I10||20200101|A']),
      oru(survivor, 'ORD-S1', [['2345-7', 'Glucose', '5.1', 'F']]),
      adtEvent('A01', merged, [pv1({ visit: 'VM1', location: 'ICU^1^^GENHOSP' })]),
      adtEvent('A02', merged, [pv1({ visit: 'VM1', location: '4W^2^^GENHOSP' })]),
      oru(merged, 'ORD-M1', [['2160-0', 'Creatinine', '1.9', 'F']]),
      mdm('T02', merged, { number: 'DOC-M1', text: 'Creatinine rising; NSAID stopped.' }),
    ]);
    const [s, m] = [(await patientIdOf(t, 'MRG-S'))!, (await patientIdOf(t, 'MRG-M'))!];
    const doctorS = await actor(t, 'clinician');
    const doctorM = await actor(t, 'clinician');
    await t.app.get(CareTeamService).add(s, doctorS.user.id);
    await t.app.get(CareTeamService).add(m, doctorM.user.id);
    const draft = await t.app.inject({
      method: 'POST',
      url: `/api/patients/${m}/reports`,
      headers: doctorM.headers,
      payload: { question: 'Why is the creatinine rising?' },
    });
    expect(draft.statusCode).toBe(201);
    const cited = draft
      .json()
      .sections.flatMap((x: { sentences: { citations: { entryId: string }[] }[] }) =>
        x.sentences.flatMap((y) => y.citations.map((c) => c.entryId)),
      );
    const before = { s: await entriesOf(t, s), m: await entriesOf(t, m) };

    const [mergeId] = await sendMapped(t, client, [
      adtEvent('A40', survivor, ['MRG|MRG-M^^^GENHOSP^MR||ACC9^^^GENHOSP^AN']),
    ]);

    // Nothing lost, nothing duplicated: the survivor holds its own entries and copies of the merged
    // patient's, each with its whole version history.
    const after = await entriesOf(t, s);
    expect(after).toHaveLength(before.s.length + before.m.length);
    expect(after.map(fingerprint).sort()).toEqual([...before.s, ...before.m].map(fingerprint).sort());
    const encounter = after.find((e) => e.kind === 'encounter' && e.body.location === '4W 2 GENHOSP')!;
    expect(encounter.versions).toHaveLength(2);
    expect(new Set(after.map((e) => e.sourceRef)).size).toBe(after.length);
    // The merged patient's own rows stay as they were (history), its identity points to the survivor.
    expect(await entriesOf(t, m)).toHaveLength(before.m.length);
    expect(await t.prisma.patient.findUnique({ where: { id: m } })).toMatchObject({ mergedIntoId: s });

    // Both MRNs find the survivor: the import, the registry and the clinicians' search.
    expect(await patientIdOf(t, 'MRG-M')).toBe(s);
    const search = await t.app.inject({
      method: 'GET',
      url: '/api/patients?mrn=MRG-M',
      headers: doctorM.headers,
    });
    expect(search.json().map((p: { id: string }) => p.id)).toEqual([s]);
    const members = await t.prisma.careTeamMember.findMany({ where: { patientId: s } });
    expect(members.map((x) => x.userId).sort()).toEqual([doctorS.user.id, doctorM.user.id].sort());

    // The report moved, its citations now name the survivor's copies of the cited entries.
    const reports = await t.prisma.report.findMany({ where: { patientId: s } });
    expect(reports).toHaveLength(1);
    const moved = await t.app.inject({
      method: 'GET',
      url: `/api/reports/${reports[0]!.id}`,
      headers: doctorM.headers,
    });
    expect(moved.statusCode).toBe(200);
    const movedCitations = moved
      .json()
      .sections.flatMap((x: { sentences: { citations: { entryId: string }[] }[] }) =>
        x.sentences.flatMap((y) => y.citations.map((c) => c.entryId)),
      );
    expect(movedCitations).toHaveLength(cited.length);
    const survivorIds = new Set(after.map((e) => e.id));
    expect(movedCitations.every((id: string) => survivorIds.has(id))).toBe(true);

    // Audited as a merge naming both, once for each patient (staged, chained just after commit).
    const merges = await waitFor(async () => {
      const found = await t.prisma.auditEvent.findMany({ where: { type: 'patient.merge' } });
      return found.length >= 2 && found;
    });
    expect(merges.map((e) => [e.patientId, [...e.entityIds].sort()])).toEqual(
      expect.arrayContaining([
        [s, [s, m].sort()],
        [m, [s, m].sort()],
      ]),
    );
    expect(await t.prisma.ingestMessage.findUnique({ where: { id: mergeId } })).toMatchObject({
      status: 'processed',
    });

    // A later result under the old MRN goes to the survivor and leaves its demographics alone; the
    // same merge sent again changes nothing.
    await sendMapped(t, client, [
      oru(merged, 'ORD-M2', [['2160-0', 'Creatinine', '2.1', 'F']]),
      adtEvent('A40', survivor, ['MRG|MRG-M^^^GENHOSP^MR']),
    ]);
    expect(await entriesOf(t, s)).toHaveLength(after.length + 1);
    const view = await t.app.inject({ method: 'GET', url: `/api/patients/${s}`, headers: doctorS.headers });
    expect(view.json().name.family).toBe('OAKLEY');
  });

  it('a merge of a patient never seen is handled: its MRN then reaches the survivor', async () => {
    const survivor = person('MRG-S2', 'BIRCH', 'ALEX', '19700101');
    await sendMapped(t, client, [adtEvent('A40', survivor, ['MRG|GHOST-1^^^GENHOSP^MR'])]);
    const s = (await patientIdOf(t, 'MRG-S2'))!;
    expect(await patientIdOf(t, 'GHOST-1')).toBe(s);
    await sendMapped(t, client, [
      oru(person('GHOST-1', 'BIRCH', 'ALEX', '19700101'), 'ORD-G1', [['2345-7', 'Glucose', '6.0', 'F']]),
    ]);
    expect((await entriesOf(t, s, 'observation')).length).toBe(1);
  });

  it('an A40 with two PID + MRG groups (public sample) merges each pair', async () => {
    const file = corpus('good').find((f) => f.name === 'fhirconv_ADT-A40-02.hl7')!;
    await sendMapped(t, client, [{ controlId: '8919-40', text: file.bytes.toString() }]);
    const patients = t.app.get(PatientsService);
    const [first, second] = [await patients.idByMrn('12345', 'BCBS'), await patients.idByMrn('145', 'BCBS')];
    expect(first).toBeDefined();
    expect(second).toBeDefined();
    expect(first).not.toBe(second);
    expect(await patients.idByMrn('56789', 'BCBS')).toBe(first);
    expect(await patients.idByMrn('569', 'BCBS')).toBe(second);
  });

  it('erasing the survivor also shreds its merged identity: the same person, under the other key', async () => {
    const survivor = person('ERS-S', 'BRAND', 'ALEX', '19700203');
    const merged = person('ERS-M', 'BRANDT', 'ALEX', '19700203');
    await sendMapped(t, client, [
      oru(survivor, 'ORD-ES', [['2345-7', 'Glucose', '5.4', 'F']]),
      oru(merged, 'ORD-EM', [['2160-0', 'Creatinine', '2.1', 'F']]),
    ]);
    const [s, m] = [(await patientIdOf(t, 'ERS-S'))!, (await patientIdOf(t, 'ERS-M'))!];
    await sendMapped(t, client, [adtEvent('A40', survivor, ['MRG|ERS-M^^^GENHOSP^MR'])]);
    expect(await patientIdOf(t, 'ERS-M')).toBe(s);

    await t.app.get(PatientErasureService).erase(s);
    const rows = await t.prisma.patient.findMany({ where: { id: { in: [s, m] } } });
    expect(rows.map((r) => [r.id, r.erasedAt !== null, r.demographics])).toEqual(
      expect.arrayContaining([
        [s, true, null],
        [m, true, null],
      ]),
    );
    const liveKeys = await t.prisma.patientKey.count({
      where: { patientId: { in: [s, m] }, destroyedAt: null },
    });
    expect(liveKeys).toBe(0);
    expect(await patientIdOf(t, 'ERS-M')).toBeUndefined();
  });

  it('A40 moves active break-the-glass grants (same user, expiry and reason) and unites care teams, audited; erasure shreds them', async () => {
    const survivor = person('BGM-S', 'QUILL', 'RAE', '19650405');
    const merged = person('BGM-M', 'QUIL', 'RAE', '19650405');
    await sendMapped(t, client, [
      oru(survivor, 'ORD-BGS', [['2345-7', 'Glucose', '5.2', 'F']]),
      oru(merged, 'ORD-BGM', [['2160-0', 'Creatinine', '1.7', 'F']]),
    ]);
    const [s, m] = [(await patientIdOf(t, 'BGM-S'))!, (await patientIdOf(t, 'BGM-M'))!];
    const [er, lapsed, returning, officer] = [
      await actor(t, 'clinician'),
      await actor(t, 'clinician'),
      await actor(t, 'clinician'),
      await actor(t, 'compliance'),
    ];
    const REASON = 'Unresponsive in the emergency department, Velmorin history needed';
    const breakGlass = (who: { headers: Record<string, string> }) =>
      t.app.inject({
        method: 'POST',
        url: `/api/patients/${m}/break-glass`,
        headers: who.headers,
        payload: { reason: REASON },
      });
    const active = await breakGlass(er);
    expect(active.statusCode).toBe(201);
    expect((await breakGlass(lapsed)).statusCode).toBe(201);
    await t.prisma.breakGlassGrant.updateMany({
      where: { patientId: m, userId: lapsed.user.id },
      data: { expiresAt: new Date(Date.now() - 60_000) },
    });
    // On the survivor's team once (ended), on the merged patient's now: the active one wins.
    const team = t.app.get(CareTeamService);
    await team.add(s, returning.user.id);
    await team.remove(s, returning.user.id);
    await team.add(m, returning.user.id);
    const read = (who: { headers: Record<string, string> }, id: string) =>
      t.app.inject({ method: 'GET', url: `/api/patients/${id}`, headers: who.headers });
    expect((await read(er, s)).statusCode).toBe(404);
    expect((await read(returning, s)).statusCode).toBe(404);
    const original = await t.prisma.breakGlassGrant.findFirstOrThrow({
      where: { patientId: m, userId: er.user.id },
    });

    await sendMapped(t, client, [adtEvent('A40', survivor, ['MRG|BGM-M^^^GENHOSP^MR'])]);

    const carried = await t.prisma.breakGlassGrant.findMany({ where: { patientId: s } });
    expect(carried).toEqual([
      expect.objectContaining({
        userId: er.user.id,
        expiresAt: original.expiresAt,
        createdAt: original.createdAt,
      }),
    ]);
    expect(new Date(active.json().expiresAt)).toEqual(carried[0]!.expiresAt);
    const ended = await t.prisma.breakGlassGrant.findUniqueOrThrow({ where: { id: original.id } });
    expect(ended.expiresAt.getTime()).toBeLessThanOrEqual(Date.now());
    expect((await read(er, s)).statusCode).toBe(200);
    expect((await read(lapsed, s)).statusCode).toBe(404);
    expect((await read(returning, s)).statusCode).toBe(200);

    // Compliance sees the move on both identities, with the reason opened under the survivor's key.
    const review = async (patientId: string) => {
      const page = await t.app.inject({
        method: 'GET',
        url: `/api/audit/events?type=breakglass.carry&patient=${patientId}`,
        headers: officer.headers,
      });
      expect(page.statusCode).toBe(200);
      return (page.json().items as { entity: { ids: string[] }; reason: string | null }[]).map((e) => [
        e.entity.ids,
        e.reason,
      ]);
    };
    const moved = [carried[0]!.id, original.id];
    await waitFor(async () => (await review(m)).length === 1);
    expect(await review(s)).toEqual([[moved, REASON]]);
    expect(await review(m)).toEqual([[moved, REASON]]);
    const joined = await waitFor(() =>
      t.prisma.auditEvent.findFirst({ where: { type: 'careteam.add', patientId: s, actorUserId: null } }),
    );
    expect(joined.entityIds).toEqual([returning.user.id]);

    // Erasing the survivor ends the carried grant and shreds its reason with both identities' keys.
    await t.app.get(PatientErasureService).erase(s);
    expect((await read(er, s)).statusCode).toBe(404);
    expect(await review(s)).toEqual([[moved, null]]);
    expect(await t.prisma.patientKey.count({ where: { patientId: { in: [s, m] }, destroyedAt: null } })).toBe(
      0,
    );
  });

  it('A47 onto an unknown identifier re-keys the patient; onto a known one it merges', async () => {
    const p = person('OLD-1', 'ASH', 'KIM', '19900303');
    await sendMapped(t, client, [adtEvent('A01', p, [pv1({ visit: 'VK1' })])]);
    const id = (await patientIdOf(t, 'OLD-1'))!;
    await sendMapped(t, client, [
      adtEvent('A47', person('NEW-1', 'ASH', 'KIM', '19900303'), ['MRG|OLD-1^^^GENHOSP^MR']),
    ]);
    expect(await patientIdOf(t, 'NEW-1')).toBe(id);
    expect(await patientIdOf(t, 'OLD-1')).toBeUndefined();
    await waitFor(() =>
      t.prisma.auditEvent.findFirst({ where: { type: 'patient.identifier.change', patientId: id } }),
    );
  });

  it('A24 links two patients and A37 unlinks them, audited for both', async () => {
    const a = person('LNK-A', 'ELM', 'JO', '19800101');
    const link = adtEvent('A24', a, [pv1({}), `PID|2||LNK-B^^^GENHOSP^MR||ELM^JO||19800101|F`]);
    await sendMapped(t, client, [link]);
    const [ia, ib] = [(await patientIdOf(t, 'LNK-A'))!, (await patientIdOf(t, 'LNK-B'))!];
    expect(await t.prisma.patientLink.findMany({ where: { patientId: ia, unlinkedAt: null } })).toEqual([
      expect.objectContaining({ linkedPatientId: ib }),
    ]);
    await sendMapped(t, client, [
      adtEvent('A37', a, [pv1({}), `PID|2||LNK-B^^^GENHOSP^MR||ELM^JO||19800101|F`]),
    ]);
    expect(await t.prisma.patientLink.count({ where: { patientId: ia, unlinkedAt: null } })).toBe(0);
    const linkEvents = await waitFor(async () => {
      const found = await t.prisma.auditEvent.findMany({
        where: { type: { in: ['patient.link', 'patient.unlink'] }, patientId: ib },
      });
      return found.length === 2 && found;
    });
    expect(linkEvents.map((e) => [...e.entityIds].sort())).toEqual([[ia, ib].sort(), [ia, ib].sort()]);
  });
});
