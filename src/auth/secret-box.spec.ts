import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { loadConfig } from '../config/load-config.js';
import { SecretBox } from './secret-box.js';

const box = (env: Record<string, string> = {}) =>
  new SecretBox(loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'secret-box-')), ...env }));

describe('SecretBox (AES-256-GCM with AAD)', () => {
  it('round-trips any text under the same AAD', () => {
    const sealer = box();
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1 }), (text, aad) => {
        expect(sealer.open(sealer.seal(text, aad), aad)).toBe(text);
      }),
    );
  });

  it('refuses another AAD (a value moved to another row), a flipped bit, or another key', () => {
    const sealer = box();
    const sealed = sealer.seal('JBSWY3DPEHPK3PXP', 'mfa-secret:user-a');
    expect(() => sealer.open(sealed, 'mfa-secret:user-b')).toThrow();
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0]! ^= 1;
    expect(() =>
      sealer.open([...parts.slice(0, 3), body.toString('base64url')].join('.'), 'mfa-secret:user-a'),
    ).toThrow();
    expect(() => box().open(sealed, 'mfa-secret:user-a')).toThrow();
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
  });

  it('derives its key from the KEK when one is configured', () => {
    const kek = Buffer.alloc(32, 7).toString('base64');
    const sealed = box({ KEK_BASE64: kek }).seal('x', 'a');
    expect(box({ KEK_BASE64: kek }).open(sealed, 'a')).toBe('x');
  });
});
