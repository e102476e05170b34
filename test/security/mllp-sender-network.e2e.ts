import { MllpClient } from '../../src/ingest/mllp/mllp-client.js';
import { frame } from '../../src/ingest/mllp/mllp-framer.js';
import { MllpListener } from '../../src/ingest/mllp/mllp-listener.js';
import { adt, waitFor } from '../ingest/ingest-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { closed, msa, rawSocket, refusedReasons, written } from './mllp-support.js';

/**
 * the operator's alternative to client certificates: an explicit source-network
 * allow-list (MLLP_ALLOWED_NETWORKS), each network bound to the MSH-3|MSH-4 it may use. Loopback
 * addresses stand in for hosts (127.0.0.0/8 all reach the listener on Linux).
 */
describe('MLLP senders are their networks', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await createTestApp({
      MLLP_ALLOWED_NETWORKS: '127.0.0.2/32, 127.0.0.3',
      INGEST_SENDERS: 'net=127.0.0.2/32:ADT|HOSP',
    });
    port = await t.app.get(MllpListener).start(0);
  });
  afterAll(() => t.close());

  it('closes a connection from outside the allowed networks before reading anything', async () => {
    const before = await written(t);
    const outsider = await rawSocket(port, '127.0.0.1');
    let answered = false;
    outsider.on('data', () => (answered = true));
    outsider.on('error', () => undefined);
    outsider.write(frame(adt('NET-OUTSIDER', 'ADT|HOSP')));
    await closed(outsider);
    expect(answered).toBe(false);
    expect(await written(t)).toEqual(before);
    expect(t.app.get(MllpListener).stats()!.refusedConnections).toBeGreaterThanOrEqual(1);
  });

  it('accepts the bound network’s own MSH-3/MSH-4 and refuses another, storing nothing of it', async () => {
    const client = await MllpClient.connect(port, '127.0.0.1', undefined, '127.0.0.2');
    expect(msa(await client.send(adt('NET-OWN', 'ADT|HOSP'))).code).toBe('AA');
    const before = await written(t);
    expect(msa(await client.send(adt('NET-FORGED', 'LAB|HOSP')))).toEqual({
      code: 'AR',
      controlId: 'NET-FORGED',
    });
    expect(await written(t)).toEqual(before);
    const reason = await waitFor(async () => (await refusedReasons(t)).find((r) => r.includes('NET-FORGED')));
    expect(reason).toContain('channel=mllp peer=127.0.0.2 msh3=LAB msh4=HOSP');
    await client.close();
  });

  it('refuses everything from an allowed network that is bound to no sender', async () => {
    const before = await written(t);
    const client = await MllpClient.connect(port, '127.0.0.1', undefined, '127.0.0.3');
    expect(msa(await client.send(adt('NET-UNBOUND', 'ADT|HOSP'))).code).toBe('AR');
    await client.close();
    expect(await written(t)).toEqual(before);
  });
});
