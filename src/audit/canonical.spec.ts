import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { canonical, chainHash, chainHashHex, InvalidAuditEventError, toStoredEvent } from './canonical.js';

describe('canonical audit events', () => {
  it('chainHash is SHA-256(prev ‖ int8 seq ‖ canonical) for any text and any prev length', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 0, maxLength: 64 }),
        fc.bigInt({ min: 1n, max: 2n ** 62n }),
        fc.string({ unit: 'binary' }),
        (prev, seq, text) => {
          const seqBytes = Buffer.alloc(8);
          seqBytes.writeBigInt64BE(seq);
          const expected = createHash('sha256').update(prev).update(seqBytes).update(text, 'utf8').digest();
          expect(chainHash(Buffer.from(prev), seq, text)).toEqual(expected);
          if (seq <= BigInt(Number.MAX_SAFE_INTEGER)) {
            expect(chainHashHex(Buffer.from(prev).toString('hex'), Number(seq), text)).toBe(
              expected.toString('hex'),
            );
          }
        },
      ),
    );
  });

  it('stores only well-formed, NUL-free text, so the canonical form survives JSON and UTF-8', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (reason) => {
        const event = toStoredEvent({ type: 'x.y', action: 'R', outcome: 'success', reason });
        const text = canonical(event);
        expect(Buffer.from(text, 'utf8').toString('utf8')).toBe(text);
        expect(JSON.parse(text)[14]).toBe(event.reason);
        expect(event.reason).not.toContain('\u0000');
      }),
    );
  });

  it('rejects malformed codes and ids', () => {
    expect(() => toStoredEvent({ type: 'Login', action: 'E', outcome: 'success' })).toThrow(
      InvalidAuditEventError,
    );
    expect(() => toStoredEvent({ type: 'a.b', action: 'X' as 'R', outcome: 'success' })).toThrow(
      InvalidAuditEventError,
    );
    expect(() =>
      toStoredEvent({ type: 'a.b', action: 'R', outcome: 'success', actor: { userId: '1' } }),
    ).toThrow(InvalidAuditEventError);
  });
});
