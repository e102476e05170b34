import { MllpClient } from '../../src/ingest/mllp/mllp-client.js';
import { MllpListener } from '../../src/ingest/mllp/mllp-listener.js';
import { adt, waitFor } from '../ingest/ingest-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { msa, refusedReasons, TestPki, written } from './mllp-support.js';

/**
 * over real TLS sockets: an MLLP sender is the client certificate it presents,
 * bound to the MSH-3|MSH-4 it may use. Faking another sender's MSH-3/MSH-4 (observed before: AA, a
 * renamed patient, a note) is refused with AR and stores nothing; only metadata is recorded.
 */
describe('MLLP senders are their client certificates', () => {
  let t: TestApp;
  let port: number;
  let pki: TestPki;
  beforeAll(async () => {
    pki = new TestPki();
    t = await createTestApp({
      MLLP_TLS_CERT_FILE: pki.path('server.pem'),
      MLLP_TLS_KEY_FILE: pki.path('server.key'),
      MLLP_TLS_CA_FILE: pki.path('ca.pem'),
      INGEST_SENDERS: 'cn=lab-gw:LAB|HOSP;cn=adt-gw:ADT|HOSP',
    });
    port = await t.app.get(MllpListener).start(0);
  });
  afterAll(() => t.close());

  it('accepts a bound sender, and refuses it when it writes another sender’s MSH-3/MSH-4', async () => {
    const adtGateway = await MllpClient.connect(port, '127.0.0.1', pki.client('adt-gw'));
    expect(msa(await adtGateway.send(adt('CERT-OWN', 'ADT|HOSP')))).toEqual({
      code: 'AA',
      controlId: 'CERT-OWN',
    });
    await adtGateway.close();
    const before = await written(t);

    const lab = await MllpClient.connect(port, '127.0.0.1', pki.client('lab-gw'));
    const forged = adt('CERT-FORGED', 'ADT|HOSP').replace('DOE^JANE', 'RENAMED^BY^ATTACKER');
    const ack = await lab.send(forged);
    expect(msa(ack)).toEqual({ code: 'AR', controlId: 'CERT-FORGED' });
    expect(ack.toString()).toContain('not bound to this sender');
    expect(await written(t)).toEqual(before);
    expect(await t.prisma.ingestMessage.count({ where: { controlId: 'CERT-FORGED' } })).toBe(0);

    const reasons = await waitFor(async () => {
      const found = (await refusedReasons(t)).filter((reason) => reason.includes('CERT-FORGED'));
      return found.length > 0 && found;
    });
    expect(reasons[0]).toMatch(/^unknown_sender: MSH-3\/MSH-4 is not bound to this sender; channel=mllp /);
    expect(reasons[0]).toContain('cert:lab-gw');
    expect(reasons[0]).toMatch(/msh3=ADT msh4=HOSP msh9=ADT\^A01 msh10=CERT-FORGED bytes=\d+/);
    expect(reasons[0]).not.toContain('RENAMED');
    // The same connection still sends what it is bound to.
    expect(msa(await lab.send(adt('CERT-LAB', 'LAB|HOSP'))).code).toBe('AA');
    await lab.close();
  });

  it('refuses a certificate from the right CA that is bound to nothing, whatever it writes', async () => {
    const before = await written(t);
    const stranger = await MllpClient.connect(port, '127.0.0.1', pki.client('stranger'));
    for (const sender of ['LAB|HOSP', 'ADT|HOSP']) {
      expect(msa(await stranger.send(adt(`CERT-STRANGER-${sender}`, sender))).code).toBe('AR');
    }
    // Not even an unparseable message is kept from a sender that is bound to nothing.
    expect(msa(await stranger.send('MSH|^~\\&|LAB|HOSP\rPID|broken')).code).toBe('AR');
    await stranger.close();
    expect(await written(t)).toEqual(before);
  });

  it('refuses the TLS handshake without a client certificate, or with one from another CA', async () => {
    const before = await written(t);
    const refused = t.app.get(MllpListener).stats()!.refusedConnections;
    for (const options of [pki.serverTrust(), pki.client('lab-gw', 'rogue-ca')]) {
      const attempt = MllpClient.connect(port, '127.0.0.1', options).then((client) =>
        client.send(adt('CERT-NOCERT', 'LAB|HOSP')),
      );
      await expect(attempt).rejects.toThrow();
    }
    expect(await written(t)).toEqual(before);
    expect(t.app.get(MllpListener).stats()!.refusedConnections).toBe(refused + 2);
  });

  it('binds a subject alternative name as well as the CN', async () => {
    const client = await MllpClient.connect(
      port,
      '127.0.0.1',
      pki.client('renamed-host', 'ca', 'DNS:lab-gw'),
    );
    expect(msa(await client.send(adt('CERT-SAN', 'LAB|HOSP'))).code).toBe('AA');
    await client.close();
  });
});
