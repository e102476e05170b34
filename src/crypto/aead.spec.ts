import fc from 'fast-check';
import { encodeAad } from './aead.js';

/** The layout every stored ciphertext's AAD was built with: label, then parts, each u32 BE length + bytes. */
function reference(label: string, ...parts: (string | number | Buffer)[]): Buffer {
  return Buffer.concat(
    [label, ...parts].flatMap((part) => {
      const bytes = Buffer.isBuffer(part) ? part : Buffer.from(String(part), 'utf8');
      const length = Buffer.alloc(4);
      length.writeUInt32BE(bytes.length);
      return [length, bytes];
    }),
  );
}

describe('encodeAad', () => {
  it('is byte for byte the length-prefixed layout stored ciphertexts were sealed with', () => {
    expect(encodeAad('anamnesis/field/v1', 'p', 7).toString('hex')).toBe(
      '00000012616e616d6e657369732f6669656c642f763100000001700000000137',
    );
    const part = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.integer(),
      fc.uint8Array().map((a) => Buffer.from(a)),
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.array(part, { maxLength: 8 }), (label, parts) => {
        expect(encodeAad(label, ...parts).equals(reference(label, ...parts))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
