import { loadConfig } from '../../src/app-config.js';
import { listeningApp, type ListeningApp } from './auth-support.js';

/**
 * Behind a reverse proxy every client shared the proxy's address, so one attacker
 * could lock everyone out by address (and everyone shared one address limit). `TRUST_PROXY` lists
 * the proxies whose X-Forwarded-For is believed; anyone else's header is ignored (no spoofing).
 */
describe('attack: per-address limits behind a reverse proxy', () => {
  const guess = (t: ListeningApp, forwardedFor: string) =>
    t.call('POST', '/api/auth/login', {
      body: { email: 'someone@hospital.test', password: 'wrong-password-guess' },
      headers: { 'x-forwarded-for': forwardedFor },
    });
  const addressKeys = async (t: ListeningApp) =>
    (await t.prisma.loginThrottle.findMany({ where: { key: { startsWith: 'address:' } } })).map(
      (row) => row.key,
    );

  describe('with TRUST_PROXY naming the proxy', () => {
    let t: ListeningApp;
    beforeAll(async () => (t = await listeningApp({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' })));
    afterAll(() => t.close());

    it('counts and audits the client the proxy names, not the proxy', async () => {
      expect((await guess(t, '203.0.113.7')).status).toBe(401);
      expect(await addressKeys(t)).toEqual(['address:203.0.113.7']);
      const event = await t.prisma.auditEvent.findFirstOrThrow({ where: { type: 'auth.login' } });
      expect(event.actorAddress).toBe('203.0.113.7');
    });
  });

  describe('with the peer not listed (or TRUST_PROXY unset)', () => {
    let t: ListeningApp;
    beforeAll(async () => (t = await listeningApp({ TRUST_PROXY: '10.9.9.9' })));
    afterAll(() => t.close());

    it('ignores a client-supplied X-Forwarded-For', async () => {
      expect((await guess(t, '198.51.100.1')).status).toBe(401);
      expect(await addressKeys(t)).toEqual(['address:127.0.0.1']);
    });
  });

  it('refuses a TRUST_PROXY that is not a list of addresses or CIDRs, naming it', () => {
    for (const bad of ['proxy.local', '10.0.0.0/33', '10.0.0.1/8/1', '*'])
      expect(() => loadConfig({ NODE_ENV: 'test', TRUST_PROXY: bad })).toThrow(/TRUST_PROXY/);
    expect(loadConfig({ NODE_ENV: 'test', TRUST_PROXY: '::1, fd00::/8' }).TRUST_PROXY).toEqual([
      '::1',
      'fd00::/8',
    ]);
    expect(loadConfig({ NODE_ENV: 'test' }).TRUST_PROXY).toBeUndefined();
  });
});
