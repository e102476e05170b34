import { adt, waitFor } from '../ingest/ingest-fixtures.js';
import { bearerFor } from '../support/auth.js';
import { factories } from '../support/factories.js';
import { listeningApp, type ListeningApp } from './auth-support.js';
import { msa, refusedReasons, written } from './mllp-support.js';

type Acks = { acks: { code: string; controlId: string; ack: string }[]; accepted: number; rejected: number };

/**
 * Over real HTTP, : `POST /api/ingest/hl7` keeps the integration role, and the
 * integration user is bound to the MSH-3|MSH-4 it may send (INGEST_SENDERS user=…), like an MLLP
 * certificate. A message with another sender's MSH-3/MSH-4 is refused (AR) and nothing of it stored.
 */
describe('HTTP ingest senders are their integration users', () => {
  let t: ListeningApp;
  let feed: Record<string, string>;
  let other: Record<string, string>;
  const post = async (headers: Record<string, string>, body: string) => {
    const response = await t.call('POST', '/api/ingest/hl7', {
      raw: body,
      headers: { ...headers, 'content-type': 'application/hl7-v2' },
    });
    expect(response.status).toBe(200);
    return response.body as unknown as Acks;
  };
  beforeAll(async () => {
    t = await listeningApp({ INGEST_SENDERS: 'user=Lab-Feed@hospital.test:LAB|HOSP' });
    const make = factories(t.prisma);
    const bound = await make.user({ role: 'integration', email: 'lab-feed@hospital.test' });
    const unbound = await make.user({ role: 'integration' });
    feed = { authorization: `Bearer ${await bearerFor(t, bound)}` };
    other = { authorization: `Bearer ${await bearerFor(t, unbound)}` };
  });
  afterAll(() => t.close());

  it('stores what the user is bound to and refuses a forged MSH-3/MSH-4 in the same batch', async () => {
    const before = await written(t);
    const result = await post(feed, adt('HTTP-OWN', 'LAB|HOSP') + adt('HTTP-FORGED', 'ADT|HOSP'));
    expect(result.acks.map((a) => [a.controlId, a.code])).toEqual([
      ['HTTP-OWN', 'AA'],
      ['HTTP-FORGED', 'AR'],
    ]);
    expect(msa(result.acks[1]!.ack).code).toBe('AR');
    const after = await written(t);
    expect(after.messages).toBe(before.messages + 1);
    expect(await t.prisma.ingestMessage.count({ where: { controlId: 'HTTP-FORGED' } })).toBe(0);
    const reason = await waitFor(async () =>
      (await refusedReasons(t)).find((r) => r.includes('HTTP-FORGED')),
    );
    expect(reason).toMatch(/channel=http peer=user:[0-9a-f-]{36} msh3=ADT msh4=HOSP/);
  });

  it('refuses everything from an integration user bound to nothing', async () => {
    const before = await written(t);
    const result = await post(other, adt('HTTP-STRANGER', 'LAB|HOSP'));
    expect(result).toMatchObject({ accepted: 0, rejected: 1 });
    expect(result.acks[0]!.code).toBe('AR');
    expect(await written(t)).toEqual(before);
  });

  it('still needs the integration role: a clinician is refused before anything is read', async () => {
    const before = await written(t);
    const clinician = await factories(t.prisma).user({ role: 'clinician' });
    const response = await t.call('POST', '/api/ingest/hl7', {
      raw: adt('HTTP-CLINICIAN', 'LAB|HOSP'),
      headers: {
        authorization: `Bearer ${await bearerFor(t, clinician)}`,
        'content-type': 'application/hl7-v2',
      },
    });
    expect([403, 404]).toContain(response.status);
    expect(await written(t)).toEqual(before);
  });
});
