import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildAck } from '../hl7/hl7-ack.js';
import { parseHl7 } from '../hl7/hl7-parser.js';
import { MllpClient } from './mllp-client.js';
import { frame, START_BLOCK } from './mllp-framer.js';
import { MllpServer, type MllpHandler, type MllpServerOptions } from './mllp-server.js';

const OPTIONS: MllpServerOptions = {
  maxFrameBytes: 64 * 1024,
  idleTimeoutMs: 5_000,
  frameTimeoutMs: 5_000,
  maxConnections: 100,
};
const message = (id: string) =>
  `MSH|^~\\&|LAB|HOSP|ANAMNESIS|HOSP|20260101||ADT^A01|${id}|P|2.5.1\rPID|1||${id}\r`;
const ackHandler: MllpHandler = async (payload) =>
  payload
    ? buildAck(parseHl7(payload), { code: 'AA' })
    : buildAck(null, { code: 'AR', text: 'frame too large' });
const msa = (ack: Buffer) => parseHl7(ack).segment('MSA')!;

describe('MllpServer', () => {
  let server: MllpServer;
  let port: number;

  async function start(options: Partial<MllpServerOptions> = {}, handler = ackHandler) {
    server = new MllpServer({ ...OPTIONS, ...options }, handler);
    port = await server.listen(0, '127.0.0.1');
  }

  afterEach(async () => {
    await server?.close();
  });

  it('answers each framed message with its ACK over a real socket', async () => {
    await start();
    const client = await MllpClient.connect(port);
    for (const id of ['A1', 'A2', 'A3']) {
      const ack = msa(await client.send(message(id)));
      expect(ack.field(1).value).toBe('AA');
      expect(ack.field(2).value).toBe(id);
    }
    await client.close();
  });

  it('handles frames split across chunks and several frames in one chunk, in order', async () => {
    await start();
    const client = await MllpClient.connect(port);
    const bytes = Buffer.concat([frame(message('S1')), frame(message('S2')), frame(message('S3'))]);
    for (let i = 0; i < bytes.length; i += 7) client.socket.write(bytes.subarray(i, i + 7));
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(msa(await client.nextAck()).field(2).value);
    expect(ids).toEqual(['S1', 'S2', 'S3']);
    await client.close();
  });

  it('serves many concurrent connections', async () => {
    await start();
    const clients = await Promise.all(Array.from({ length: 20 }, () => MllpClient.connect(port)));
    const acks = await Promise.all(
      clients.map(async (client, c) => {
        const ids = [];
        for (let i = 0; i < 10; i++) ids.push(msa(await client.send(message(`C${c}-${i}`))).field(2).value);
        return ids;
      }),
    );
    expect(acks.flat()).toHaveLength(200);
    expect(acks[7]).toEqual(Array.from({ length: 10 }, (_, i) => `C7-${i}`));
    await Promise.all(clients.map((client) => client.close()));
  });

  it('answers an oversized frame without buffering it, and keeps the connection usable', async () => {
    await start({ maxFrameBytes: 1024 });
    const client = await MllpClient.connect(port);
    const big = msa(await client.send(message('B1') + `OBX|1|TX|x||${'a'.repeat(10_000)}\r`));
    expect(big.field(1).value).toBe('AR');
    expect(msa(await client.send(message('B2'))).field(2).value).toBe('B2');
    await client.close();
  });

  it('closes the connection on bytes outside a frame, answering the frames before them', async () => {
    await start();
    const client = await MllpClient.connect(port);
    const closed = new Promise((resolve) => client.socket.once('close', resolve));
    client.socket.write(Buffer.concat([frame(message('J1')), Buffer.from('\r\nGET / HTTP/1.1\r\n')]));
    expect(msa(await client.nextAck()).field(2).value).toBe('J1');
    await closed;
  });

  it('holds one frame at a time: reading pauses until the ACK is written', async () => {
    let answering = 0;
    let most = 0;
    await start({}, async (payload) => {
      most = Math.max(most, ++answering);
      await new Promise((resolve) => setTimeout(resolve, 5));
      answering--;
      return ackHandler(payload, {});
    });
    const client = await MllpClient.connect(port);
    client.socket.write(Buffer.concat(Array.from({ length: 20 }, (_, i) => frame(message(`P${i}`)))));
    const ids = [];
    for (let i = 0; i < 20; i++) ids.push(msa(await client.nextAck()).field(2).value);
    expect(ids).toEqual(Array.from({ length: 20 }, (_, i) => `P${i}`));
    expect(most).toBe(1);
    expect(server.stats().maxQueuedFrames).toBe(1);
    await client.close();
  });

  it('answers large frames of different connections a few at a time (the answering budget)', async () => {
    let answering = 0;
    let most = 0;
    await start({ maxFrameBytes: 64 * 1024 }, async (payload) => {
      most = Math.max(most, ++answering);
      await new Promise((resolve) => setTimeout(resolve, 20));
      answering--;
      return ackHandler(payload, {});
    });
    const big = (id: string) => message(id) + `NTE|1||${'a'.repeat(40 * 1024)}\r`;
    const clients = await Promise.all(Array.from({ length: 6 }, () => MllpClient.connect(port)));
    const acks = await Promise.all(clients.map((client, i) => client.send(big(`L${i}`))));
    expect(acks.map((ack) => msa(ack).field(1).value)).toEqual(Array(6).fill('AA'));
    // 128 KiB of answering budget (two 64 KiB frames) holds three 40 KiB frames, not six.
    expect(most).toBe(3);
    expect(server.stats().maxAnsweringBytes).toBeLessThanOrEqual(128 * 1024);
    await Promise.all(clients.map((client) => client.close()));
  });

  it('closes a connection whose frame never ends (slowloris) and an idle one', async () => {
    await start({ frameTimeoutMs: 200, idleTimeoutMs: 60_000 });
    const slow = connect({ port, host: '127.0.0.1' });
    await new Promise((resolve) => slow.once('connect', resolve));
    slow.write(Buffer.from([START_BLOCK, ...Buffer.from('MSH|^~\\&|')]));
    await new Promise((resolve) => slow.once('close', resolve));
    await server.close();

    await start({ idleTimeoutMs: 200 });
    const idle = connect({ port, host: '127.0.0.1' });
    await new Promise((resolve) => idle.once('close', resolve));
  });

  it('does not ACK when the handler fails: it closes the connection', async () => {
    await start({}, async () => {
      throw new Error('database down');
    });
    const client = await MllpClient.connect(port);
    await expect(client.send(message('F1'))).rejects.toThrow('closed before the ACK');
  });

  it('waits for in-flight messages to be answered when closing', async () => {
    let release: () => void = () => undefined;
    await start({}, async (payload) => {
      await new Promise<void>((resolve) => (release = resolve));
      return ackHandler(payload, {});
    });
    const client = await MllpClient.connect(port);
    const ack = client.send(message('W1'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const closing = server.close();
    release();
    expect(msa(await ack).field(2).value).toBe('W1');
    await closing;
  });

  it('speaks MLLP over TLS when given a certificate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mllp-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    const cert = readFileSync(join(dir, 'cert.pem'));
    await start({ tls: { cert, key: readFileSync(join(dir, 'key.pem')) } });
    const client = await MllpClient.connect(port, '127.0.0.1', { ca: cert, servername: 'localhost' });
    expect(msa(await client.send(message('T1'))).field(2).value).toBe('T1');
    await client.close();
  });
});
