import { CareTeamService } from '../../src/access/care-team.service.js';
import { MllpClient } from '../../src/ingest/mllp/mllp-client.js';
import { MllpListener } from '../../src/ingest/mllp/mllp-listener.js';
import { authHeader, userWithToken } from '../support/auth.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { corpus } from './hl7-corpus.js';
import { mdm, oru, person } from './hl7-events.js';
import { entriesOf, patientIdOf, sendMapped } from './record-probe.js';

/** Result corrections (ORU) and document events (MDM) over MLLP, as versions of one entry. */
describe('ORU corrections and MDM document events over MLLP', () => {
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

  it('ORU final → corrected → deleted: one observation, three versions, the last retracted; the patient is created by the result', async () => {
    const p = person('LAB-1');
    // Each mapped before the next is sent: concurrent loops may map them in any order, and a version
    // older than the current one is not applied (that case: result-order.e2e.ts).
    for (const message of [
      oru(p, 'ORD-1', [
        ['2345-7', 'Glucose', '7.2', 'F'],
        ['2160-0', 'Creatinine', '88', 'F'],
      ]),
      oru(p, 'ORD-1', [['2345-7', 'Glucose', '6.9', 'C']], 'C'),
      oru(p, 'ORD-1', [['2345-7', 'Glucose', '6.9', 'D']], 'C'),
    ])
      await sendMapped(t, client, [message]);
    const observations = await entriesOf(t, (await patientIdOf(t, 'LAB-1'))!, 'observation');
    expect(observations).toHaveLength(2);
    const glucose = observations.find((o) => o.body.code === '2345-7')!;
    expect(glucose.versions.map((v) => [v.body.value, v.body.status, v.body.reportStatus])).toEqual([
      [7.2, 'final', 'F'],
      [6.9, 'corrected', 'C'],
      [6.9, 'entered-in-error', 'C'],
    ]);
    expect(new Set(glucose.versions.map((v) => v.sourceMessageId)).size).toBe(3);
    expect(observations.find((o) => o.body.code === '2160-0')!.versions).toHaveLength(1);
  });

  it('OBR-25 X cancels the results of that order; several OBR groups each keep their own results', async () => {
    const p = person('LAB-2');
    const two = oru(p, 'ORD-2', [['2345-7', 'Glucose', '5.0', 'F']]);
    two.text +=
      '\rOBR|2|P-ORD-3^EPIC|ORD-3^LAB|2951-2^Sodium^LN|||20261201060000|||||||||||||||20261201070000|||F';
    two.text += '\rOBX|1|NM|2951-2^Sodium^LN||140|mmol/L|135-145|N|||F';
    await sendMapped(t, client, [two, oru(p, 'ORD-2', [['2345-7', 'Glucose', '5.0', 'X']], 'X')]);
    const observations = await entriesOf(t, (await patientIdOf(t, 'LAB-2'))!, 'observation');
    expect(observations.map((o) => [o.body.code, o.body.status]).sort()).toEqual([
      ['2345-7', 'entered-in-error'],
      ['2951-2', 'final'],
    ]);
  });

  it('MDM T02 → T06 → T08 → T11: original, linked addendum, edit as a new version, cancel as a retracted version', async () => {
    const p = person('DOC-1');
    await sendMapped(t, client, [
      mdm('T02', p, { number: 'D-100', text: 'Discharge summary: stable.', status: 'DO' }),
      mdm('T06', p, { number: 'D-101', parent: 'D-100', text: 'Addendum: potassium 3.1, replaced.' }),
      mdm('T08', p, {
        number: 'D-100',
        text: 'Discharge summary: stable, follow up in 2 weeks.',
        status: 'AU',
      }),
      mdm('T11', p, { number: 'D-100' }),
    ]);
    const documents = await entriesOf(t, (await patientIdOf(t, 'DOC-1'))!, 'document');
    expect(documents).toHaveLength(2);
    const original = documents.find((d) => !d.body.relatesTo)!;
    const addendum = documents.find((d) => d.body.relatesTo)!;
    expect(original.versions.map((v) => [v.body.text, v.body.status])).toEqual([
      ['Discharge summary: stable.', 'documented'],
      ['Discharge summary: stable, follow up in 2 weeks.', 'authenticated'],
      ['Discharge summary: stable, follow up in 2 weeks.', 'entered-in-error'],
    ]);
    expect(addendum.body).toMatchObject({
      text: 'Addendum: potassium 3.1, replaced.',
      relatesTo: { entryId: original.id, relation: 'appends' },
    });
  });

  it('a retracted document is kept in the timeline but neither retrieved nor cited by a draft', async () => {
    const p = person('DOC-2');
    await sendMapped(t, client, [
      mdm('T02', p, {
        number: 'D-200',
        text: 'Ultrasound: hydronephrosis of the left kidney.',
        status: 'AU',
      }),
      mdm('T02', p, { number: 'D-201', text: 'Renal clinic: kidney function stable.', status: 'AU' }),
      mdm('T11', p, { number: 'D-200' }),
    ]);
    const patientId = (await patientIdOf(t, 'DOC-2'))!;
    const doctor = await userWithToken(t, 'clinician');
    await t.app.get(CareTeamService).add(patientId, doctor.user.id);
    const retracted = (await entriesOf(t, patientId, 'document')).find(
      (d) => d.body.status === 'entered-in-error',
    )!;
    expect(retracted).toBeDefined();

    const timeline = await t.app.inject({
      method: 'GET',
      url: `/api/patients/${patientId}/entries`,
      headers: authHeader(doctor.token),
    });
    expect(timeline.json().items.map((e: { id: string }) => e.id)).toContain(retracted.id);

    const question = 'hydronephrosis of the kidney';
    const retrieval = await t.app.inject({
      method: 'POST',
      url: `/api/patients/${patientId}/retrieval`,
      headers: authHeader(doctor.token),
      payload: { question },
    });
    expect(retrieval.statusCode).toBe(200);
    const hits = JSON.stringify(retrieval.json());
    expect(hits).not.toContain(retracted.id);
    expect(hits).not.toContain('hydronephrosis');

    const draft = await t.app.inject({
      method: 'POST',
      url: `/api/patients/${patientId}/reports`,
      headers: authHeader(doctor.token),
      payload: { question },
    });
    expect(draft.statusCode).toBe(201);
    expect(JSON.stringify(draft.json())).not.toContain(retracted.id);
    expect(JSON.stringify(draft.json())).toContain('kidney function stable');
  });

  it('MDM T10 replaces its parent (obsolete) and T03 changes a status; RDE O25 maps like O11', async () => {
    const p = person('DOC-2');
    const replacement = mdm('T10', p, {
      number: 'D-201',
      parent: 'D-200',
      text: 'Corrected operative note.',
    });
    await sendMapped(t, client, [
      mdm('T02', p, { number: 'D-200', text: 'Operative note.', status: 'DO' }),
      replacement,
      mdm('T03', p, { number: 'D-201', status: 'LA' }),
    ]);
    const documents = await entriesOf(t, (await patientIdOf(t, 'DOC-2'))!, 'document');
    const parent = documents.find((d) => d.body.text === 'Operative note.')!;
    expect(parent.body.availability).toBe('obsolete');
    expect(documents.find((d) => d.id !== parent.id)!.body).toMatchObject({
      relatesTo: { entryId: parent.id, relation: 'replaces' },
      status: 'legally-authenticated',
    });
    const rde = corpus('events').find((f) => f.name === 'RDE_O25.hl7')!;
    await sendMapped(t, client, [{ controlId: 'EVT-O25-0001', text: rde.bytes.toString() }]);
    const meds = await entriesOf(t, (await patientIdOf(t, 'E1001'))!, 'medication');
    expect(meds.map((m) => m.body.name)).toEqual(['Amlodipine 5 MG Oral Tablet']);
  });
});
