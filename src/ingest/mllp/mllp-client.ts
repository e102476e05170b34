import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls, type ConnectionOptions } from 'node:tls';
import { frame, MllpFramer } from './mllp-framer.js';

/** A minimal MLLP sender (tests, benchmarks): one outstanding message at a time per connection. */
export class MllpClient {
  private readonly framer = new MllpFramer(64 * 1024 * 1024);
  private waiting: { resolve: (ack: Buffer) => void; reject: (error: Error) => void } | undefined;
  private readonly received: Buffer[] = [];

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      for (const item of this.framer.push(chunk)) if (item.payload) this.deliver(item.payload);
    });
    socket.on('close', () => this.waiting?.reject(new Error('connection closed before the ACK')));
    socket.on('error', () => undefined);
  }

  /** `localAddress`: the source address (tests stand in for other hosts with 127.0.0.x). */
  static connect(
    port: number,
    host = '127.0.0.1',
    tls?: ConnectionOptions,
    localAddress?: string,
  ): Promise<MllpClient> {
    return new Promise((resolve, reject) => {
      const tlsOptions: ConnectionOptions & { localAddress?: string } = { port, host, localAddress, ...tls };
      const socket = tls
        ? connectTls(tlsOptions, () => resolve(new MllpClient(socket)))
        : connectTcp({ port, host, localAddress }, () => resolve(new MllpClient(socket)));
      socket.once('error', reject);
    });
  }

  /** Sends one framed message and resolves with the ACK payload. */
  send(message: Buffer | string): Promise<Buffer> {
    const ack = this.nextAck();
    this.socket.write(frame(message));
    return ack;
  }

  nextAck(): Promise<Buffer> {
    const ready = this.received.shift();
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.destroyed) return resolve();
      this.socket.once('close', () => resolve());
      this.socket.end();
    });
  }

  private deliver(payload: Buffer): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    if (waiting) waiting.resolve(payload);
    else this.received.push(payload);
  }
}
