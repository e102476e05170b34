import { AuditSequencer } from '../../src/audit/audit-sequencer.js';
import { FieldCipher } from '../../src/crypto/field-cipher.js';
import { PATIENT_DEMOGRAPHICS } from '../../src/patients/demographics.js';
import { IngestMapWorker } from '../../src/ingest/ingest-map.worker.js';
import { IngestService } from '../../src/ingest/ingest.service.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const message = (id: string, mrn: string, family: string, birthDate = '19700101') =>
  [
    `MSH|^~\\&|LAB|HOSP|ANAMNESIS|CLINIC|20261130101112||ADT^A08^ADT_A01|${id}|P|2.5.1`,
    'EVN|A08|20261130101112',
    `PID|1||${mrn}^^^HOSP^MR||${family}^Ann||${birthDate}|F`,
    'DG1|1||I10^Essential hypertension^I10||20261129|A',
  ].join('\r');

/**
 * The mapping worker maps a fetched batch of jobs in one transaction; a message the record refuses
 * sends the batch back to one-by-one mapping. Driven directly: the app's own workers are not started.
 */
describe('mapping a batch of stored messages', () => {
  let t: TestApp;
  let worker: IngestMapWorker;
  beforeAll(async () => {
    t = await createTestApp({}, { ready: false });
    worker = t.app.get(IngestMapWorker);
  });
  afterAll(() => t.close());

  async function store(messages: string[]): Promise<string[]> {
    const ingest = t.app.get(IngestService);
    const ids: string[] = [];
    for (const text of messages) {
      const received = await ingest.receive(Buffer.from(text), { channel: 'http' });
      expect(received.ackCode).toBe('AA');
      ids.push(received.messageId);
    }
    return ids;
  }

  it('maps all in one transaction, each patient once and updated in arrival order', async () => {
    const messages = Array.from({ length: 21 }, (_, i) => message(`B-${i}`, `MRN-B${i % 3}`, `Family${i}`));
    const ids = await store(messages);
    await worker.processBatch(ids);

    const rows = await t.prisma.ingestMessage.findMany({ where: { id: { in: ids } } });
    expect(rows.map((r) => r.status)).toEqual(ids.map(() => 'processed'));
    expect(new Set(rows.map((r) => r.processedAt!.getTime())).size).toBe(1); // one batch update
    const patients = await t.prisma.patient.findMany({ where: { mrnIndex: { not: undefined } } });
    expect(patients).toHaveLength(3);
    const cipher = t.app.get(FieldCipher);
    const families = await Promise.all(
      patients.map(async (p) => {
        const demographics = await cipher.decryptForPatient<{ name: { family: string } }>(
          p.id,
          PATIENT_DEMOGRAPHICS(p.id),
          p.demographics,
        );
        return demographics.name.family;
      }),
    );
    // The newest message of each patient (18, 19, 20) wins.
    expect(families.sort()).toEqual(['Family18', 'Family19', 'Family20']);
    await t.app.get(AuditSequencer).drain();
    const events = await t.prisma.auditEvent.groupBy({
      by: ['type'],
      where: { type: { in: ['ingest.process', 'patient.create', 'patient.update'] } },
      _count: true,
    });
    expect(Object.fromEntries(events.map((e) => [e.type, e._count]))).toEqual({
      'ingest.process': 21,
      'patient.create': 3,
      'patient.update': 18,
    });
  });

  it('quarantines the one message the record refuses and maps the rest', async () => {
    const ids = await store([
      message('C-1', 'MRN-C1', 'Good'),
      message('C-2', 'MRN-C2', 'Bad', ''),
      message('C-3', 'MRN-C3', 'Good'),
    ]);
    await worker.processBatch(ids);
    const rows = await t.prisma.ingestMessage.findMany({
      where: { id: { in: ids } },
      orderBy: { controlId: 'asc' },
    });
    expect(rows.map((r) => [r.controlId, r.status])).toEqual([
      ['C-1', 'processed'],
      ['C-2', 'quarantined'],
      ['C-3', 'processed'],
    ]);
    expect(rows[1]!.reason).toMatch(/PID-7/);
    expect(await t.prisma.entry.count({ where: { sourceRef: { startsWith: ids[1]! } } })).toBe(0);
  });

  it('skips messages another worker already mapped', async () => {
    const ids = await store([message('D-1', 'MRN-D1', 'Once'), message('D-2', 'MRN-D2', 'Once')]);
    await worker.processBatch([ids[0]!]);
    await worker.processBatch(ids);
    expect(await t.prisma.entry.count({ where: { sourceRef: { startsWith: ids[0]! } } })).toBe(1);
    expect(await t.prisma.entry.count({ where: { sourceRef: { startsWith: ids[1]! } } })).toBe(1);
  });

  it('keeps the newest demographics when an older message is mapped after a newer one', async () => {
    const [older, newer, newest] = await store([
      message('E-1', 'MRN-E1', 'Older'),
      message('E-2', 'MRN-E1', 'Newer'),
      message('E-3', 'MRN-E1', 'Newest'),
    ]);
    const familyOfE1 = async () => {
      const patient = await t.prisma.patient.findFirstOrThrow({
        where: { sourceMessageId: { in: [older!, newer!, newest!] } },
      });
      const demographics = await t.app
        .get(FieldCipher)
        .decryptForPatient<{ name: { family: string } }>(
          patient.id,
          PATIENT_DEMOGRAPHICS(patient.id),
          patient.demographics,
        );
      return demographics.name.family;
    };
    // Concurrent batches can commit in any order: here the newer message's batch commits first.
    await worker.processBatch([newer!]);
    await worker.processBatch([older!]);
    expect(await familyOfE1()).toBe('Newer');
    await worker.processBatch([newest!]);
    expect(await familyOfE1()).toBe('Newest');
    const statuses = await t.prisma.ingestMessage.findMany({
      where: { id: { in: [older!, newer!, newest!] } },
    });
    expect(statuses.map((m) => m.status)).toEqual(['processed', 'processed', 'processed']);
    // The older message's entries are still added: only the demographics stay the newer ones.
    expect(await t.prisma.entry.count({ where: { sourceRef: { startsWith: older! } } })).toBe(1);
  });
});
