import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import {
  BlindIndexService,
  normaliseMrn,
  normaliseNameBirthDate,
} from '../../src/crypto/blind-index.service.js';
import { DecryptionError } from '../../src/crypto/crypto-errors.js';
import { FieldCipher } from '../../src/crypto/field-cipher.js';
import { PatientKeysService } from '../../src/crypto/patient-keys.service.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('FieldCipher with stored, wrapped data keys', () => {
  let t: TestApp;
  let cipher: FieldCipher;
  let keys: PatientKeysService;
  beforeAll(async () => {
    t = await createTestApp({ DEK_CACHE_MAX: '3' });
    cipher = t.app.get(FieldCipher);
    keys = t.app.get(PatientKeysService);
  });
  afterAll(() => t.close());

  const place = fc.record({
    table: fc.constantFrom('patients', 'entry_versions', 'embeddings'),
    rowId: fc.uuid(),
    field: fc.string({ minLength: 1 }),
  });

  it('round-trips any JSON value for any patient and place, through a cold cache too', async () => {
    const patients = Array.from({ length: 5 }, () => randomUUID());
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...patients),
        place,
        fc.jsonValue(),
        fc.boolean(),
        async (patientId, ref, value, cold) => {
          const sealed = await cipher.encryptForPatient(patientId, ref, value);
          if (cold) keys.clearCache();
          expect(await cipher.decryptForPatient(patientId, ref, sealed)).toEqual(
            JSON.parse(JSON.stringify(value)),
          );
          const other = patients.find((p) => p !== patientId)!;
          await expect(cipher.decryptForPatient(other, ref, sealed)).rejects.toThrow(DecryptionError);
        },
      ),
      { numRuns: 60 },
    );
    expect(await t.prisma.patientKey.count({ where: { patientId: { in: patients } } })).toBe(5);
  });

  it('round-trips batches (encryptMany / decryptManyForPatient) and text', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(place, fc.jsonValue()), { minLength: 1, maxLength: 20 }),
        fc.string(),
        async (items, text) => {
          const patientId = randomUUID();
          const sealed = await cipher.encryptMany(
            patientId,
            items.map(([ref, value]) => ({ ref, value })),
          );
          const opened = await cipher.decryptManyForPatient(
            patientId,
            items.map(([ref], i) => ({ ref, ciphertext: sealed[i]! })),
          );
          expect(opened).toEqual(items.map(([, value]) => JSON.parse(JSON.stringify(value))));
          const ref = items[0]![0];
          expect(await cipher.decryptText(patientId, ref, await cipher.encrypt(patientId, ref, text))).toBe(
            text,
          );
        },
      ),
      { numRuns: 25 },
    );
  });

  it('creates the data key inside the caller transaction (rolled back with it)', async () => {
    const patientId = randomUUID();
    await expect(
      t.prisma.$transaction(async (tx) => {
        await cipher.encryptForPatient(patientId, { table: 't', rowId: 'r', field: 'f' }, 1, tx);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await t.prisma.patientKey.count({ where: { patientId } })).toBe(0);
  });

  it('blind indexes are deterministic, normalised, and separated by purpose', async () => {
    const blind = t.app.get(BlindIndexService);
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 20 }), async (value) => {
        const a = await blind.compute('mrn', normaliseMrn(value));
        expect((await blind.compute('mrn', normaliseMrn(` ${value.toLowerCase()} `))).equals(a)).toBe(
          normaliseMrn(value) === normaliseMrn(` ${value.toLowerCase()} `),
        );
        expect((await blind.compute('name-birthdate', normaliseMrn(value))).equals(a)).toBe(false);
      }),
      { numRuns: 40 },
    );
    expect(normaliseNameBirthDate('Müller-Lüdenscheidt', 'Zoë', '1970-01-01')).toBe(
      normaliseNameBirthDate('MULLER LUDENSCHEIDT', 'zoe', '1970-01-01'),
    );
    const stored = await t.prisma.blindIndexKey.findFirstOrThrow();
    expect(stored.wrappedKey.length).toBeGreaterThan(32); // wrapped, never the raw 32 bytes
  });
});
