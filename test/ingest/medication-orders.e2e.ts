import { CareTeamService } from '../../src/access/care-team.service.js';
import { MllpClient } from '../../src/ingest/mllp/mllp-client.js';
import { MllpListener } from '../../src/ingest/mllp/mllp-listener.js';
import { parseHl7 } from '../../src/ingest/hl7/hl7-parser.js';
import { authHeader, userWithToken } from '../support/auth.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { person, rde } from './hl7-events.js';
import { entriesOf, patientIdOf, sendMapped } from './record-probe.js';

const WARFARIN = { drug: 'Warfarin 5 MG Oral Tablet', code: '855332', dose: '5' };

/** RDE order control (ORC-1) over MLLP: a discontinued order stops its medication, a change revises it. */
describe('RDE medication orders: discontinue and change', () => {
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

  it('RDE NW → RDE DC for the same order: one medication, two versions, the last stopped; a draft does not list it as active', async () => {
    const p = person('RX-1');
    const ids = await sendMapped(t, client, [
      rde('NW', p, { order: 'RX-100', ...WARFARIN, at: '20261101090000' }),
      rde('NW', p, { order: 'RX-101', drug: 'Metformin 500 MG', code: '861007', dose: '500' }),
      rde('DC', p, { order: 'RX-100', ...WARFARIN, at: '20261115100000' }),
    ]);
    const patientId = (await patientIdOf(t, 'RX-1'))!;
    const medications = await entriesOf(t, patientId, 'medication');
    expect(medications).toHaveLength(2);
    const warfarin = medications.find((m) => m.body.code === '855332')!;
    expect(warfarin.versions.map((v) => [v.body.status, v.body.endedAt, v.sourceMessageId])).toEqual([
      ['active', undefined, ids[0]],
      ['stopped', '2026-11-15T10:00:00.000Z', ids[2]],
    ]);
    expect(warfarin.body).toMatchObject({ name: WARFARIN.drug, dose: '5 mg' });
    expect(medications.find((m) => m.body.code === '861007')!.body.status).toBe('active');

    const doctor = await userWithToken(t, 'clinician');
    await t.app.get(CareTeamService).add(patientId, doctor.user.id);
    const draft = await t.app.inject({
      method: 'POST',
      url: `/api/patients/${patientId}/reports`,
      headers: authHeader(doctor.token),
      payload: { question: 'What medications is the patient taking?' },
    });
    expect(draft.statusCode).toBe(201);
    const report = draft.json() as {
      sections: { key: string; sentences: { text: string; citations: { entryId: string }[] }[] }[];
      trace: { cited: { entryId: string }[] };
    };
    const current = report.sections.find((s) => s.key === 'medications')!.sentences;
    expect(current.map((s) => s.text).join(' ')).toContain('Metformin');
    expect(current.map((s) => s.text).join(' ')).not.toContain('Warfarin');
    expect(current.flatMap((s) => s.citations.map((c) => c.entryId))).not.toContain(warfarin.id);
    expect(report.trace.cited.map((c) => c.entryId)).not.toContain(warfarin.id);
  });

  it('XO changes the dose as a new version; a replayed DC and a DC mapped again add nothing; CA without an order number stops by drug code', async () => {
    const p = person('RX-2');
    const dc = rde('DC', p, { order: 'RX-200', ...WARFARIN, dose: '3', at: '20261120080000' });
    await sendMapped(t, client, [
      rde('NW', p, { order: 'RX-200', ...WARFARIN }),
      rde('XO', p, { order: 'RX-200', ...WARFARIN, dose: '3' }),
      dc,
      {
        ...dc,
        controlId: `${dc.controlId}-again`,
        text: dc.text.replace(dc.controlId, `${dc.controlId}-again`),
      },
      rde('NW', p, { drug: 'Amlodipine 5 MG', code: '197361', dose: '5' }),
      rde('CA', p, { drug: 'Amlodipine 5 MG', code: '197361', dose: '5' }),
    ]);
    expect(parseAck(await client.send(dc.text))).toBe('AA'); // duplicate: original ACK, nothing stored
    const medications = await entriesOf(t, (await patientIdOf(t, 'RX-2'))!, 'medication');
    expect(medications).toHaveLength(2);
    const warfarin = medications.find((m) => m.body.code === '855332')!;
    expect(warfarin.versions.map((v) => [v.body.dose, v.body.status])).toEqual([
      ['5 mg', 'active'],
      ['3 mg', 'active'],
      ['3 mg', 'stopped'],
    ]);
    const amlodipine = medications.find((m) => m.body.code === '197361')!;
    expect(amlodipine.versions.map((v) => v.body.status)).toEqual(['active', 'stopped']);
  });
});

const parseAck = (ack: Buffer) => parseHl7(ack).segment('MSA')!.field(1).value;
