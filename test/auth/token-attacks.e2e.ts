import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWTPayload } from 'jose';
import { SigningKeyStore } from '../../src/auth/signing-key-store.js';
import { authHeader, login, refreshCookieOf, userWithPassword, userWithToken } from '../support/auth.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('access-token attacks (each must end in 401)', () => {
  let t: TestApp;
  let user: { id: string; role: 'nurse' };
  let good: string;
  let claims: JWTPayload;
  let header: { alg: string; kid: string; typ: string };
  let realKey: CryptoKey;
  let attackerKey: CryptoKey;
  let attackerPublicJwk: Record<string, unknown>;

  beforeAll(async () => {
    t = await createTestApp();
    const issued = await userWithToken(t, 'nurse');
    user = issued.user as typeof user;
    good = issued.token;
    const [h, p] = good.split('.');
    header = JSON.parse(Buffer.from(h!, 'base64url').toString());
    claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
    realKey = (await t.app.get(SigningKeyStore).signingKey()).key;
    const attacker = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    attackerKey = attacker.privateKey;
    attackerPublicJwk = { ...(await exportJWK(attacker.publicKey)) };
  });
  afterAll(() => t.close());

  const me = (token: string) =>
    t.app.inject({ method: 'GET', url: '/api/auth/me', headers: authHeader(token) });
  const sign = (
    payload: JWTPayload,
    protectedHeader: Record<string, unknown> = header,
    key: CryptoKey = realKey,
  ) => new SignJWT(payload).setProtectedHeader(protectedHeader as never).sign(key);
  const now = () => Math.floor(Date.now() / 1000);

  it('the untampered token works (control)', async () => {
    expect((await me(good)).statusCode).toBe(200);
    expect(header).toMatchObject({
      alg: 'EdDSA',
      typ: 'at+jwt',
      kid: expect.stringMatching(/^k[0-9a-f]{24}$/),
    });
  });

  it('alg: none', async () => {
    const token = `${b64({ ...header, alg: 'none' })}.${b64(claims)}.`;
    expect((await me(token)).statusCode).toBe(401);
  });

  it('HS256 signed with the public key as the HMAC secret', async () => {
    const row = await t.prisma.signingKey.findUniqueOrThrow({ where: { kid: header.kid } });
    for (const secret of [JSON.stringify(row.publicJwk), (row.publicJwk as { x: string }).x]) {
      const input = `${b64({ ...header, alg: 'HS256' })}.${b64(claims)}`;
      const mac = createHmac('sha256', secret).update(input).digest('base64url');
      expect((await me(`${input}.${mac}`)).statusCode).toBe(401);
    }
  });

  it('unknown kid, path-like kid, missing kid', async () => {
    for (const kid of [
      `k${randomBytes(12).toString('hex')}`,
      '../../../../etc/passwd',
      "k' OR '1'='1",
      undefined,
    ]) {
      const token = await sign(claims, { ...header, kid }, attackerKey);
      expect((await me(token)).statusCode).toBe(401);
    }
  });

  it('a key injected in the header (jwk, jku, x5u)', async () => {
    for (const extra of [
      { jwk: attackerPublicJwk },
      { jku: 'https://attacker.example/jwks.json' },
      { x5u: 'https://attacker.example/cert.pem' },
    ]) {
      expect((await me(await sign(claims, { ...header, ...extra }, attackerKey))).statusCode).toBe(401);
      // Even with a genuine signature, a header that offers its own key is refused.
      expect((await me(await sign(claims, { ...header, ...extra }))).statusCode).toBe(401);
    }
  });

  it('a tampered payload (role raised to admin) fails the signature', async () => {
    const [h, , s] = good.split('.');
    expect((await me(`${h}.${b64({ ...claims, role: 'admin' })}.${s}`)).statusCode).toBe(401);
  });

  it('expired, not yet valid, or without exp', async () => {
    const { exp: _exp, ...noExp } = claims;
    for (const payload of [
      { ...claims, iat: now() - 3600, nbf: now() - 3600, exp: now() - 60 },
      { ...claims, nbf: now() + 600, exp: now() + 900 },
      noExp,
    ]) {
      expect((await me(await sign(payload))).statusCode).toBe(401);
    }
  });

  it('wrong audience, issuer or typ', async () => {
    expect((await me(await sign({ ...claims, aud: 'another-api' }))).statusCode).toBe(401);
    expect((await me(await sign({ ...claims, iss: 'https://evil.example' }))).statusCode).toBe(401);
    for (const typ of ['JWT', 'refresh+jwt', undefined])
      expect((await me(await sign(claims, { ...header, typ }))).statusCode).toBe(401);
  });

  it('a validly signed token for a session that does not exist, or an old token version', async () => {
    expect((await me(await sign({ ...claims, sid: randomUUID(), jti: randomUUID() }))).statusCode).toBe(401);
    expect((await me(await sign({ ...claims, ver: (claims.ver as number) + 1 }))).statusCode).toBe(401);
    expect((await me(await sign({ ...claims, sub: randomUUID() }))).statusCode).toBe(401);
  });

  it('a role claim never grants anything: the role comes from the database', async () => {
    const forged = await sign({ ...claims, role: 'admin', jti: randomUUID() });
    const response = await t.app.inject({ method: 'GET', url: '/api/users', headers: authHeader(forged) });
    expect(response.statusCode).toBe(403);
    expect((await me(forged)).json()).toMatchObject({ id: user.id, role: 'nurse' });
  });

  it('a refresh token presented as an access token', async () => {
    const signedIn = await userWithPassword(t, 'clinician');
    const response = await login(t, { email: signedIn.email, password: signedIn.password });
    const refresh = refreshCookieOf(response)!;
    expect((await me(refresh)).statusCode).toBe(401);
  });

  it('malformed Authorization headers', async () => {
    for (const authorization of [good, `Basic ${good}`, `Bearer ${good}x.y`, 'Bearer ', `Bearer  ${good}`]) {
      const response = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization } });
      expect(response.statusCode).toBe(401);
    }
  });

  it('key rotation: the new kid signs, tokens of the old kid verify until they expire', async () => {
    const store = t.app.get(SigningKeyStore);
    const before = (await store.signingKey()).kid;
    const newKid = await store.rotate();
    expect(newKid).not.toBe(before);
    expect((await store.signingKey()).kid).toBe(newKid);
    expect((await me(good)).statusCode).toBe(200);
    const fresh = await userWithToken(t, 'clinician');
    expect(JSON.parse(Buffer.from(fresh.token.split('.')[0]!, 'base64url').toString()).kid).toBe(newKid);
    expect((await me(fresh.token)).statusCode).toBe(200);
    const stored = await t.prisma.signingKey.findUniqueOrThrow({ where: { kid: newKid } });
    expect(stored.sealedPrivateJwk).not.toContain('"d"');
    // Retired longer ago than a token can live: no longer trusted.
    await t.prisma.signingKey.update({
      where: { kid: before },
      data: { retiredAt: new Date(Date.now() - 3_600_000) },
    });
    await store.reload(); // what every instance does at least once a minute
    expect((await me(good)).statusCode).toBe(401);
  });

  it('a signing key older than SIGNING_KEY_ROTATION_DAYS is replaced when keys are next read', async () => {
    const store = t.app.get(SigningKeyStore);
    const active = (await store.signingKey()).kid;
    await t.prisma.signingKey.update({
      where: { kid: active },
      data: { createdAt: new Date(Date.now() - 31 * 86_400_000) },
    });
    await store.reload();
    const next = (await store.signingKey()).kid;
    expect(next).not.toBe(active);
    expect(
      (await t.prisma.signingKey.findUniqueOrThrow({ where: { kid: active } })).retiredAt,
    ).not.toBeNull();
  });
});
