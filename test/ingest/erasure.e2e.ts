import { PatientErasureService } from '../../src/patients/patient-erasure.service.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { adt, integrationHeaders, postHl7, waitFor } from './ingest-fixtures.js';

describe('erasing an imported patient', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  const importAdt = async (controlId: string) => {
    const response = await postHl7(t, adt(controlId), await integrationHeaders(t));
    expect(response.json().acks[0].code).toBe('AA');
    return waitFor(() => t.prisma.ingestMessage.findFirst({ where: { controlId, status: 'processed' } }));
  };

  it('shreds the raw HL7 the record was mapped from, and only that', async () => {
    const erased = await importAdt('ERASE-ME-1');
    const kept = await importAdt('KEEP-ME-1');
    const patient = await t.prisma.patient.findFirstOrThrow({ where: { sourceMessageId: erased.id } });
    const admin = await t.prisma.user.create({ data: { email: 'eraser@hospital.test', role: 'admin' } });
    await t.app.get(PatientErasureService).erase(patient.id, {
      principal: { userId: admin.id, role: 'admin' },
      actor: { userId: admin.id, role: 'admin' },
      correlationId: 'test',
    });
    const after = await t.prisma.ingestMessage.findUniqueOrThrow({ where: { id: erased.id } });
    expect(after.rawCiphertext.length).toBe(0);
    expect(after.ack).toBe(erased.ack); // the integration trail stays
    const other = await t.prisma.ingestMessage.findUniqueOrThrow({ where: { id: kept.id } });
    expect(Buffer.from(other.rawCiphertext).equals(Buffer.from(kept.rawCiphertext))).toBe(true);
  });
});
