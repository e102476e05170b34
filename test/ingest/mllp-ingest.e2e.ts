import { parseHl7 } from '../../src/ingest/hl7/hl7-parser.js';
import { MllpClient } from '../../src/ingest/mllp/mllp-client.js';
import { frame } from '../../src/ingest/mllp/mllp-framer.js';
import { MllpListener } from '../../src/ingest/mllp/mllp-listener.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { adt, waitFor } from './ingest-fixtures.js';

const msa = (ack: Buffer) => {
  const segment = parseHl7(ack).segment('MSA')!;
  return { code: segment.field(1).value, controlId: segment.field(2).value };
};

describe('MLLP into the durable inbox', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await createTestApp({
      INGEST_ALLOWED_SENDERS: 'LAB|HOSP,MONITOR|*',
      INGEST_MAX_MESSAGE_BYTES: '65536',
    });
    port = await t.app.get(MllpListener).start(0);
  });
  afterAll(() => t.close());

  it('ACKs AA only once the message and its job are committed', async () => {
    const client = await MllpClient.connect(port);
    const ack = msa(await client.send(adt('M-1')));
    expect(ack).toEqual({ code: 'AA', controlId: 'M-1' });
    const row = await t.prisma.ingestMessage.findFirstOrThrow({ where: { controlId: 'M-1' } });
    expect(row).toMatchObject({
      channel: 'mllp',
      ackCode: 'AA',
      sendingApplication: 'LAB',
      sendingFacility: 'HOSP',
    });
    await client.close();
  });

  it('returns the original ACK for a resend and stores it once, even when resent concurrently', async () => {
    const clients = await Promise.all(Array.from({ length: 8 }, () => MllpClient.connect(port)));
    const acks = await Promise.all(clients.map((client) => client.send(adt('M-DUP'))));
    expect(new Set(acks.map((ack) => ack.toString())).size).toBe(1);
    expect(await t.prisma.ingestMessage.count({ where: { controlId: 'M-DUP' } })).toBe(1);
    await Promise.all(clients.map((client) => client.close()));
  });

  it('answers AR to an unknown sender (storing nothing of it) and to an oversized frame (quarantined)', async () => {
    const client = await MllpClient.connect(port);
    expect(msa(await client.send(adt('M-STRANGER', 'STRANGER|NOWHERE'))).code).toBe('AR');
    expect(await t.prisma.ingestMessage.count({ where: { controlId: 'M-STRANGER' } })).toBe(0);
    const big = msa(await client.send(adt('M-BIG') + `OBX|1|TX|x||${'a'.repeat(100_000)}\r`));
    expect(big.code).toBe('AR');
    const reasons = await t.prisma.ingestMessage.findMany({
      where: { status: 'quarantined', channel: 'mllp' },
      select: { reason: true },
    });
    expect(reasons.map((r) => r.reason)).toEqual(
      expect.arrayContaining([expect.stringContaining('too_large')]),
    );
    await client.close();
  });

  it('answers the bad inputs of the issue with AE/AR, in order, on one connection', async () => {
    const client = await MllpClient.connect(port);
    const inputs = [
      'EVN|A01',
      'MSHH0\r',
      'MSH|^~\\|A',
      'MSH|^|||||||ADT^A40|||2.8IN2|',
      'MSH|^|||||||^A|||2.2^AA',
      'MSH|0|||||||||||0',
      adt('M-EMPTY3').replace(/PID\|1\|\|[^|]*/, 'PID|1||'),
      adt('M-TWOPIDS').replace('PV1|', 'PID|2||X^^^HOSP\rPV1|'),
      adt('M-X41') + 'NTE|1||\\X41\r',
    ];
    for (const input of inputs) expect(['AE', 'AR']).toContain(msa(await client.send(input)).code);
    expect(msa(await client.send(adt('M-AFTER'))).code).toBe('AA');
    await client.close();
  });

  it('loses nothing acknowledged when a connection drops mid-frame', async () => {
    const client = await MllpClient.connect(port);
    expect(msa(await client.send(adt('M-BEFORE-DROP'))).code).toBe('AA');
    client.socket.write(frame(adt('M-CUT')).subarray(0, 40));
    client.socket.destroy();
    const again = await MllpClient.connect(port);
    expect(msa(await again.send(adt('M-CUT'))).code).toBe('AA');
    expect(msa(await again.send(adt('M-BEFORE-DROP'))).code).toBe('AA');
    expect(
      await t.prisma.ingestMessage.count({ where: { controlId: { in: ['M-CUT', 'M-BEFORE-DROP'] } } }),
    ).toBe(2);
    await again.close();
    await waitFor(() =>
      t.prisma.ingestMessage.findFirst({ where: { controlId: 'M-CUT', status: 'processed' } }),
    );
  });
});
