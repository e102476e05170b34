import { clusterBus as bus } from '../cluster/cluster-bus.testing.js';
import { SessionCache, type SessionRow } from './session-cache.js';

const row = (userId = 'u1'): SessionRow => ({
  userId,
  role: 'clinician',
  status: 'active',
  tokenVersion: 0,
  revokedAt: null,
  expiresAt: new Date(Date.now() + 3_600_000),
  lastSeenAt: new Date(),
  email: 'a@b.test',
  mfaEnabledAt: null,
});

describe('SessionCache', () => {
  it('serves a stored session until its session or user is announced as changed', () => {
    const events = bus();
    const cache = new SessionCache(events);
    cache.storeSession('s1', row('u1'), cache.currentGeneration);
    cache.storeSession('s2', row('u2'), cache.currentGeneration);
    expect(cache.session('s1')?.userId).toBe('u1');
    events.send({ type: 'session.changed', sessionId: 's1', userId: 'u1' });
    expect(cache.session('s1')).toBeUndefined();
    events.send({ type: 'user.changed', userId: 'u2' });
    expect(cache.session('s2')).toBeUndefined();
  });

  it('does not store a row read before an invalidation arrived (the read may predate the change)', () => {
    const events = bus();
    const cache = new SessionCache(events);
    const generation = cache.currentGeneration; // the read starts
    events.send({ type: 'user.changed', userId: 'u1' }); // a change commits meanwhile
    cache.storeSession('s1', row('u1'), generation); // the (possibly stale) result arrives
    expect(cache.session('s1')).toBeUndefined();
  });

  it("keeps this node's own change out of the cache until its notification arrives", () => {
    const events = bus();
    const cache = new SessionCache(events);
    cache.storeSession('s1', row('u1'), cache.currentGeneration);
    cache.beforeChange({ userId: 'u1' });
    expect(cache.session('s1')).toBeUndefined();
    cache.storeSession('s1', row('u1'), cache.currentGeneration); // a read before the commit
    expect(cache.session('s1')).toBeUndefined();
    events.send({ type: 'user.changed', userId: 'u1' });
    cache.storeSession('s1', row('u1'), cache.currentGeneration); // a read after it
    expect(cache.session('s1')?.userId).toBe('u1');
  });

  it('serves nothing while not listening, and drops everything on a reset', () => {
    const events = bus();
    const cache = new SessionCache(events);
    cache.storeSession('s1', row(), cache.currentGeneration);
    events.listening = false;
    expect(cache.session('s1')).toBeUndefined();
    cache.storeSession('s2', row(), cache.currentGeneration);
    events.listening = true;
    expect(cache.session('s2')).toBeUndefined();
    events.reset();
    expect(cache.session('s1')).toBeUndefined();
  });

  it('remembers a verified token only until its exp', () => {
    const cache = new SessionCache(bus());
    const token = (exp: number) => `x.${Buffer.from(JSON.stringify({ exp })).toString('base64url')}.y`;
    const claims = {
      userId: 'u1',
      role: 'clinician' as const,
      sessionId: 's1',
      tokenVersion: 0,
      scope: 'full' as const,
    };
    cache.storeToken(token(Math.floor(Date.now() / 1000) + 60), claims);
    expect(cache.verifiedToken(token(Math.floor(Date.now() / 1000) + 60))).toEqual(claims);
    cache.storeToken(token(Math.floor(Date.now() / 1000) - 1), claims);
    expect(cache.verifiedToken(token(Math.floor(Date.now() / 1000) - 1))).toBeUndefined();
  });
});
