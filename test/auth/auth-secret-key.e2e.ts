import { AuthSecretKey, authSecretKeyAad } from '../../src/auth/auth-secret-key.js';
import { KEK_PROVIDER, type KekProvider } from '../../src/crypto/kek-provider.js';
import { PrismaService } from '../../src/database/prisma.service.js';
import { userWithToken } from '../support/auth.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('the auth secret key (wrapped under the KEK)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('is created once, stored only wrapped, and unwraps to the key in use', async () => {
    await userWithToken(t, 'nurse'); // signs a token: creates the signing key, sealed with this key
    const rows = await t.prisma.authSecretKey.findMany();
    expect(rows).toHaveLength(1);
    const kek = t.app.get<KekProvider>(KEK_PROVIDER);
    const inUse = await t.app.get(AuthSecretKey).key();
    const unwrapped = await kek.unwrap(
      { kekVersion: rows[0]!.kekVersion, ciphertext: Buffer.from(rows[0]!.wrappedKey) },
      authSecretKeyAad(1),
    );
    expect(unwrapped.equals(inUse)).toBe(true);
    expect(Buffer.from(rows[0]!.wrappedKey).includes(inUse)).toBe(false);
  });

  it('is rewrapped under the primary KEK version after a KEK rotation, keeping the same key', async () => {
    const kek = t.app.get<KekProvider>(KEK_PROVIDER);
    const before = await t.app.get(AuthSecretKey).key();
    const newVersion = await kek.rotate();
    const reloaded = await new AuthSecretKey(t.app.get(PrismaService), kek).key();
    expect(reloaded.equals(before)).toBe(true);
    const row = await t.prisma.authSecretKey.findUniqueOrThrow({ where: { version: 1 } });
    expect(row.kekVersion).toBe(newVersion);
  });
});
