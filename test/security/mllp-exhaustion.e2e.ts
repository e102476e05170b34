import type { Socket } from 'node:net';
import pg from 'pg';
import { MllpClient } from '../../src/ingest/mllp/mllp-client.js';
import { frame, START_BLOCK } from '../../src/ingest/mllp/mllp-framer.js';
import { MllpListener } from '../../src/ingest/mllp/mllp-listener.js';
import { adt, waitFor } from '../ingest/ingest-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { closed, msa, rawSocket, written } from './mllp-support.js';

const MAX_FRAME = 2 * 1024 * 1024;
const PER_ADDRESS = 8;
/** One read from a socket (Node reads at most 64 KiB at a time). */
const READ_CHUNK = 64 * 1024;

/**
 * Over real sockets, : one client cannot exhaust the MLLP listener. Observed before:
 * 256 sockets sending 1 byte/s outside a frame locked real senders out; frames sent without reading
 * the ACKs were all read into memory. Assertions are on behaviour (closed, refused, paused), not time.
 */
describe('MLLP cannot be exhausted by one client', () => {
  let t: TestApp;
  let port: number;
  const listener = () => t.app.get(MllpListener);
  beforeAll(async () => {
    t = await createTestApp({
      INGEST_MAX_MESSAGE_BYTES: String(MAX_FRAME),
      MLLP_MAX_CONNECTIONS_PER_ADDRESS: String(PER_ADDRESS),
      // Long enough to read a 2 MiB frame in 64 KiB chunks on a loaded machine (at 1.5 s a busy CI
      // runner closed the large-frame client mid-frame and its ACKs never came).
      MLLP_FRAME_TIMEOUT_MS: '6000',
      MLLP_IDLE_TIMEOUT_MS: '60000',
    });
    port = await listener().start(0);
  });
  afterAll(() => t.close());

  it('closes a connection that sends bytes outside a frame, at the first one', async () => {
    const before = await written(t);
    const socket = await rawSocket(port, '127.0.0.4');
    socket.on('error', () => undefined);
    socket.write('x');
    await closed(socket);
    expect(await written(t)).toEqual(before);
  });

  it('closes a frame that trickles at its deadline, however steadily bytes keep coming', async () => {
    const before = await written(t);
    const socket = await rawSocket(port, '127.0.0.5');
    socket.on('error', () => undefined);
    socket.write(Buffer.from([START_BLOCK]));
    let sent = 0;
    // A byte every 100 ms: an inactivity timer reset per byte would never fire.
    const trickle = setInterval(() => !socket.destroyed && (socket.write('M'), sent++), 100);
    await closed(socket);
    clearInterval(trickle);
    expect(sent).toBeGreaterThan(3);
    expect(await written(t)).toEqual(before);
  });

  it('refuses most of 256 trickling sockets from one address; a real sender still gets AA', async () => {
    const before = await written(t);
    const refusedBefore = listener().stats()!.refusedConnections;
    const tricklers: Socket[] = [];
    for (let i = 0; i < 256; i++) {
      // Each holds a frame open as long as it may (outside a frame it would be closed at once).
      const socket = await rawSocket(port, '127.0.0.2').catch(() => undefined);
      if (!socket) continue;
      socket.on('error', () => undefined);
      socket.write(Buffer.from([START_BLOCK, 0x4d]));
      tricklers.push(socket);
    }
    const trickle = setInterval(() => tricklers.forEach((s) => !s.destroyed && s.write('S')), 200);
    try {
      await waitFor(async () => tricklers.filter((s) => !s.destroyed).length <= PER_ADDRESS);
      expect(listener().stats()!.refusedConnections - refusedBefore).toBeGreaterThanOrEqual(
        256 - PER_ADDRESS,
      );
      const real = await MllpClient.connect(port, '127.0.0.1');
      expect(msa(await real.send(adt('REAL-SENDER'))).code).toBe('AA');
      await real.close();
      expect((await written(t)).messages).toBe(before.messages + 1);
    } finally {
      clearInterval(trickle);
      tricklers.forEach((s) => s.destroy());
    }
  });

  it('stops reading from a client that sends large frames without reading ACKs', async () => {
    const before = await written(t);
    // The receipt is held up (the inbox table locked), as under load: the server must not read on.
    const blocker = new pg.Client({ connectionString: t.database.url });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE ingest_messages IN EXCLUSIVE MODE');
    const client = await MllpClient.connect(port, '127.0.0.1', undefined, '127.0.0.6');
    client.socket.pause(); // never reads an ACK until the end
    const count = 16;
    const body = (i: number) => adt(`BIG-${i}`) + `NTE|1||${'a'.repeat(MAX_FRAME - 1024)}\r`;
    try {
      for (let i = 0; i < count; i++) client.socket.write(frame(body(i)));
      // 16 × 2 MiB is more than the kernel buffers hold: once they are full the client's own
      // buffer stops shrinking, because the server reads nothing while its first frame waits.
      let last = -1;
      await waitFor(async () => {
        await new Promise((resolve) => setTimeout(resolve, 300));
        const now = client.socket.writableLength;
        const still = now === last && now > 0;
        last = now;
        return still;
      }, 30_000);
      expect(client.socket.writableLength).toBeGreaterThan((count / 2) * MAX_FRAME);
      const stats = listener().stats()!;
      expect(stats.maxQueuedFrames).toBe(1);
      expect(stats.maxBufferedBytes).toBeLessThanOrEqual(MAX_FRAME + READ_CHUNK);
    } finally {
      await blocker.query('COMMIT');
      await blocker.end();
    }
    client.socket.resume();
    const codes = [];
    for (let i = 0; i < count; i++) codes.push(msa(await client.nextAck()).code);
    expect(codes).toEqual(Array(count).fill('AA'));
    expect(listener().stats()!.maxBufferedBytes).toBeLessThanOrEqual(MAX_FRAME + READ_CHUNK);
    expect((await written(t)).messages).toBe(before.messages + count);
    await client.close();
  }, 120_000);
});
