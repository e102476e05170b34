import { clusterBus } from '../cluster/cluster-bus.testing.js';
import { AccessDecisions } from './access-decisions.js';

const HOUR = 3_600_000;
const later = (ms = HOUR) => ({ purpose: 'treatment' as const, untilMs: Date.now() + ms });

describe('AccessDecisions', () => {
  it('serves a stored decision until the access it rests on is announced as changed', () => {
    const bus = clusterBus();
    const cache = new AccessDecisions(bus);
    cache.store('u1', 'p1', later(), cache.currentGeneration);
    cache.store('u2', 'p1', later(), cache.currentGeneration);
    expect(cache.decision('u1', 'p1')).toBe('treatment');
    bus.send({ type: 'access.changed', patientId: 'p1', userId: 'u1' });
    expect(cache.decision('u1', 'p1')).toBeUndefined();
    expect(cache.decision('u2', 'p1')).toBe('treatment');
    bus.send({ type: 'access.changed', patientId: 'p1', userId: null }); // erased: everyone
    expect(cache.decision('u2', 'p1')).toBeUndefined();
  });

  it('forgets a user who changed and a patient whose keys were destroyed', () => {
    const bus = clusterBus();
    const cache = new AccessDecisions(bus);
    cache.store('u1', 'p1', later(), cache.currentGeneration);
    cache.store('u2', 'p2', later(), cache.currentGeneration);
    bus.send({ type: 'user.changed', userId: 'u1' });
    bus.send({ type: 'patient.keys-destroyed', patientId: 'p2' });
    expect(cache.decision('u1', 'p1')).toBeUndefined();
    expect(cache.decision('u2', 'p2')).toBeUndefined();
  });

  it('ends a decision when its grant or membership ends, with no notification', () => {
    const cache = new AccessDecisions(clusterBus());
    cache.store('u1', 'p1', { purpose: 'emergency', untilMs: Date.now() - 1 }, cache.currentGeneration);
    expect(cache.decision('u1', 'p1')).toBeUndefined();
  });

  it('does not store a decision read before an invalidation arrived', () => {
    const bus = clusterBus();
    const cache = new AccessDecisions(bus);
    const generation = cache.currentGeneration;
    bus.send({ type: 'access.changed', patientId: 'p1', userId: 'u1' });
    cache.store('u1', 'p1', later(), generation);
    expect(cache.decision('u1', 'p1')).toBeUndefined();
  });

  it("keeps a patient this node is changing out of the cache until the change's notification", () => {
    const bus = clusterBus();
    const cache = new AccessDecisions(bus);
    cache.store('u1', 'p1', later(), cache.currentGeneration);
    cache.beforeChange('p1');
    expect(cache.decision('u1', 'p1')).toBeUndefined();
    cache.store('u1', 'p1', later(), cache.currentGeneration);
    expect(cache.decision('u1', 'p1')).toBeUndefined();
    bus.send({ type: 'access.changed', patientId: 'p1', userId: 'u1' });
    cache.store('u1', 'p1', later(), cache.currentGeneration);
    expect(cache.decision('u1', 'p1')).toBe('treatment');
  });

  it('serves nothing while the node is not listening, and drops everything on a reconnect', () => {
    const bus = clusterBus();
    const cache = new AccessDecisions(bus);
    cache.store('u1', 'p1', later(), cache.currentGeneration);
    bus.listening = false;
    expect(cache.decision('u1', 'p1')).toBeUndefined();
    bus.listening = true;
    bus.reset();
    expect(cache.decision('u1', 'p1')).toBeUndefined();
  });
});
