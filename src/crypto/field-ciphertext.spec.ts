import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { DecryptionError } from './crypto-errors.js';
import { dekVersionOf, openField, sealField, type FieldRef } from './field-ciphertext.js';

const key = randomBytes(32);
const patient = '3f1c2b9e-0000-4000-8000-000000000001';
const ref: FieldRef = { table: 'entry_versions', rowId: 'row-1', field: 'body' };
const sealed = sealField(key, 1, patient, ref, Buffer.from('{"text":"chest pain"}'));

const rejects = (run: () => unknown) => expect(run).toThrow(DecryptionError);

describe('field ciphertext (AES-256-GCM, format 1)', () => {
  it('round-trips any bytes for any place', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 2048 }),
        fc.uuid(),
        fc.record({ table: fc.string(), rowId: fc.string(), field: fc.string() }),
        fc.integer({ min: 1, max: 2 ** 32 - 1 }),
        (plaintext, patientId, place, version) => {
          const ciphertext = sealField(key, version, patientId, place, Buffer.from(plaintext));
          expect(dekVersionOf(ciphertext)).toBe(version);
          expect(openField(key, patientId, place, ciphertext).equals(Buffer.from(plaintext))).toBe(true);
        },
      ),
    );
  });

  it('uses a fresh nonce each time', () => {
    const again = sealField(key, 1, patient, ref, Buffer.from('{"text":"chest pain"}'));
    expect(again.equals(sealed)).toBe(false);
  });

  it.each([
    ['another row', { ...ref, rowId: 'row-2' }, patient],
    ['another field', { ...ref, field: 'title' }, patient],
    ['another table', { ...ref, table: 'patients' }, patient],
    ['another patient', ref, '3f1c2b9e-0000-4000-8000-000000000002'],
    ['a shifted boundary', { table: 'entry_version', rowId: 'srow-1', field: 'body' }, patient],
  ])('rejects a ciphertext moved to %s', (_what, place, patientId) => {
    rejects(() => openField(key, patientId, place, sealed));
  });

  it('rejects every single flipped bit, with the same error', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: sealed.length * 8 - 1 }), (bit) => {
        const tampered = Buffer.from(sealed);
        tampered[bit >> 3]! ^= 1 << (bit & 7);
        rejects(() => openField(key, patient, ref, tampered));
      }),
    );
  });

  it('rejects truncation, empty values and the wrong key alike', () => {
    for (let length = 0; length < sealed.length; length++) {
      rejects(() => {
        const cut = sealed.subarray(0, length);
        dekVersionOf(cut);
        openField(key, patient, ref, cut);
      });
    }
    rejects(() => dekVersionOf(null));
    rejects(() => openField(randomBytes(32), patient, ref, sealed));
  });

  it('rejects a relabelled key version (the header is authenticated)', () => {
    const relabelled = Buffer.from(sealed);
    relabelled.writeUInt32BE(2, 1);
    expect(dekVersionOf(relabelled)).toBe(2);
    rejects(() => openField(key, patient, ref, relabelled));
  });

  it('rejects an unknown format byte', () => {
    const other = Buffer.from(sealed);
    other[0] = 0x03;
    rejects(() => dekVersionOf(other));
  });
});

describe('field ciphertext, format 2 (a place with context)', () => {
  const bound: FieldRef = { ...ref, context: ['entry-1', '1', 'note'] };
  const sealed2 = sealField(key, 1, patient, bound, Buffer.from('{"text":"chest pain"}'));

  it('is written for a place with context and binds every context value', () => {
    expect(sealed2[0]).toBe(0x02);
    expect(openField(key, patient, bound, sealed2).toString()).toBe('{"text":"chest pain"}');
    for (const context of [
      ['entry-2', '1', 'note'],
      ['entry-1', '2', 'note'],
      ['entry-1', '1', 'problem'],
      ['entry-1', '1'],
    ])
      rejects(() => openField(key, patient, { ...ref, context }, sealed2));
    rejects(() => openField(key, patient, ref, sealed2));
  });

  it('cannot be passed off as format 1 to shed its context', () => {
    const downgraded = Buffer.from(sealed2);
    downgraded[0] = 0x01;
    rejects(() => openField(key, patient, ref, downgraded));
    rejects(() => openField(key, patient, bound, downgraded));
  });

  it('leaves format 1 ciphertexts readable where the place now names context', () => {
    expect(sealed[0]).toBe(0x01);
    expect(openField(key, patient, bound, sealed).toString()).toBe('{"text":"chest pain"}');
  });
});
