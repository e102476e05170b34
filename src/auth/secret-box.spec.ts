import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { SecretBox } from './secret-box.js';

const box = (key = randomBytes(32)) => SecretBox.withKeySource({ key: async () => key });

describe('SecretBox (AES-256-GCM with AAD)', () => {
  it('round-trips any text under the same AAD', async () => {
    const sealer = box();
    await fc.assert(
      fc.asyncProperty(fc.string(), fc.string({ minLength: 1 }), async (text, aad) => {
        expect(await sealer.open(await sealer.seal(text, aad), aad)).toBe(text);
      }),
    );
  });

  it('refuses another AAD (a value moved to another row), a flipped bit, or another key', async () => {
    const sealer = box();
    const sealed = await sealer.seal('JBSWY3DPEHPK3PXP', 'mfa-secret:user-a');
    await expect(sealer.open(sealed, 'mfa-secret:user-b')).rejects.toThrow();
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0]! ^= 1;
    const flipped = [...parts.slice(0, 3), body.toString('base64url')].join('.');
    await expect(sealer.open(flipped, 'mfa-secret:user-a')).rejects.toThrow();
    await expect(box().open(sealed, 'mfa-secret:user-a')).rejects.toThrow();
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
  });
});
