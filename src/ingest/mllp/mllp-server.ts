import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type TlsOptions } from 'node:tls';
import type { Logger } from 'pino';
import { frame, MllpFramer } from './mllp-framer.js';

export interface MllpServerOptions {
  maxFrameBytes: number;
  /** Close a connection that sends nothing for this long. */
  idleTimeoutMs: number;
  /** Close a connection whose frame has not ended this long after it started (slowloris). */
  frameTimeoutMs: number;
  maxConnections: number;
  tls?: TlsOptions;
}

export interface MllpPeer {
  remoteAddress?: string;
}

/**
 * Answers one frame: the ACK to send back. `payload` is undefined when the frame was too large.
 * It must not throw; the server answers nothing and closes the connection if it does.
 */
export type MllpHandler = (payload: Buffer | undefined, peer: MllpPeer) => Promise<Buffer | string>;

/**
 * MLLP over TCP (or TLS): many connections, frames on one connection handled in order, one ACK
 * per frame written only when the handler resolves (after commit). Transport only: no parsing.
 */
export class MllpServer {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly options: MllpServerOptions,
    private readonly handler: MllpHandler,
    private readonly logger?: Logger,
  ) {}

  /** Listens and resolves with the bound port (pass 0 for an ephemeral one). */
  async listen(port: number, host?: string): Promise<number> {
    const server = this.options.tls
      ? createTlsServer(this.options.tls, (socket) => this.accept(socket))
      : createTcpServer((socket) => this.accept(socket));
    server.maxConnections = this.options.maxConnections;
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (error) => this.logger?.error({ err: error }, 'MLLP server error'));
    const address = server.address();
    return typeof address === 'object' && address ? address.port : port;
  }

  /** Stops accepting, lets in-flight messages commit and send their ACKs, then closes every connection. */
  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    await Promise.allSettled([...this.inFlight]);
    for (const socket of this.sockets) socket.end();
    const forced = setTimeout(() => this.sockets.forEach((socket) => socket.destroy()), 1000);
    await closed;
    clearTimeout(forced);
  }

  get connectionCount(): number {
    return this.sockets.size;
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.setNoDelay(true);
    socket.setTimeout(this.options.idleTimeoutMs, () => socket.destroy());
    const framer = new MllpFramer(this.options.maxFrameBytes);
    const peer: MllpPeer = { remoteAddress: socket.remoteAddress };
    let frameTimer: NodeJS.Timeout | undefined;
    let queue: Promise<void> = Promise.resolve();
    socket.on('data', (chunk: Buffer) => {
      const frames = framer.push(chunk);
      if (framer.framing && !frameTimer) {
        frameTimer = setTimeout(() => socket.destroy(), this.options.frameTimeoutMs);
      } else if (!framer.framing && frameTimer) {
        clearTimeout(frameTimer);
        frameTimer = undefined;
      }
      for (const received of frames) {
        queue = queue.then(() => this.answer(socket, received.payload, peer));
        this.track(queue);
      }
    });
    socket.on('close', () => clearTimeout(frameTimer));
  }

  private async answer(socket: Socket, payload: Buffer | undefined, peer: MllpPeer): Promise<void> {
    // Processed even if the sender has gone: it got no ACK, will resend, and de-duplication answers.
    try {
      const ack = await this.handler(payload, peer);
      if (!socket.destroyed) socket.write(frame(ack));
    } catch (error) {
      this.logger?.error({ err: error }, 'MLLP handler failed: closing the connection without an ACK');
      socket.destroy();
    }
  }

  private track(promise: Promise<unknown>): void {
    this.inFlight.add(promise);
    void promise.finally(() => this.inFlight.delete(promise));
  }
}
