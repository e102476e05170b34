import { IngestMapWorker } from '../../src/ingest/ingest-map.worker.js';
import { IngestService } from '../../src/ingest/ingest.service.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { mdm, oru, person, rde } from './hl7-events.js';
import { entriesOf, patientIdOf } from './record-probe.js';

/**
 * Four mapping loops: a patient's messages can commit in any order (results-documents.e2e.ts once
 * saw "final → corrected → deleted" come out different under load). Driven directly here, newest
 * batch first, so the order is not left to chance: what was withdrawn must stay withdrawn.
 */
describe('result and order messages mapped out of arrival order', () => {
  let t: TestApp;
  let worker: IngestMapWorker;
  beforeAll(async () => {
    t = await createTestApp({}, { ready: false });
    worker = t.app.get(IngestMapWorker);
  });
  afterAll(() => t.close());

  async function store(messages: { text: string }[]): Promise<string[]> {
    const ids: string[] = [];
    for (const { text } of messages) {
      const received = await t.app.get(IngestService).receive(Buffer.from(text), { channel: 'http' });
      expect(received.ackCode).toBe('AA');
      ids.push(received.messageId);
    }
    return ids;
  }

  it('a deletion mapped before the result it deletes (new patient) still leaves the result withdrawn', async () => {
    const p = person('ORDER-1');
    const [final, corrected, deleted] = await store([
      oru(p, 'ORD-9', [['2345-7', 'Glucose', '7.2', 'F']]),
      oru(p, 'ORD-9', [['2345-7', 'Glucose', '6.9', 'C']], 'C'),
      oru(p, 'ORD-9', [['2345-7', 'Glucose', '6.9', 'D']], 'C'),
    ]);
    await worker.processBatch([deleted!]);
    await worker.processBatch([corrected!]);
    await worker.processBatch([final!]);
    const glucose = await entriesOf(t, (await patientIdOf(t, 'ORDER-1'))!, 'observation');
    expect(glucose).toHaveLength(1);
    expect(glucose[0]!.body).toMatchObject({ value: 6.9, status: 'entered-in-error' });
    expect(glucose[0]!.versions).toHaveLength(1); // the older messages add nothing over it
  });

  it('a document cancel (T11) mapped before the document leaves it retracted', async () => {
    const p = person('ORDER-3');
    const [original, cancel] = await store([
      mdm('T02', p, { number: 'D-900', text: 'Discharge summary: to be withdrawn.' }),
      mdm('T11', p, { number: 'D-900' }),
    ]);
    await worker.processBatch([cancel!]);
    await worker.processBatch([original!]);
    const documents = await entriesOf(t, (await patientIdOf(t, 'ORDER-3'))!, 'document');
    expect(documents.map((d) => d.versions.map((v) => v.body.status))).toEqual([['entered-in-error']]);
  });

  it('a discontinue mapped before its order leaves the medication stopped', async () => {
    const p = person('ORDER-2');
    const drug = { order: 'RX-900', drug: 'Warfarin 5 MG', code: '855332', dose: '5' };
    const [ordered, stopped] = await store([rde('NW', p, drug), rde('DC', p, drug)]);
    await worker.processBatch([stopped!]);
    await worker.processBatch([ordered!]);
    const medications = await entriesOf(t, (await patientIdOf(t, 'ORDER-2'))!, 'medication');
    expect(medications.map((m) => m.versions.map((v) => v.body.status))).toEqual([['stopped']]);
  });
});
