import type { BlockList } from 'node:net';
import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type TLSSocket, type TlsOptions } from 'node:tls';
import { inNetworks, plainAddress } from '../senders/sender-bindings.js';
import { MllpConnection } from './mllp-connection.js';

export interface MllpServerOptions {
  maxFrameBytes: number;
  /** A connection must start a frame within this long of opening or of its last ACK (absolute). */
  idleTimeoutMs: number;
  /** A frame must end within this long of its start (absolute: slowloris, trickling clients). */
  frameTimeoutMs: number;
  maxConnections: number;
  /**
   * Frame bytes being answered at once, over all connections (default: two frames of the largest
   * size). Answering costs several times a frame's size (decoding, encryption, the insert), so a
   * few large frames wait for each other instead of all being answered at once; small ones pass.
   */
  maxAnsweringBytes?: number;
  /** Connections one address may hold at once; more are closed as they arrive. */
  maxConnectionsPerAddress?: number;
  /** Only these source networks may connect (others are closed as they arrive). */
  allowedNetworks?: BlockList;
  tls?: TlsOptions;
}

export interface MllpPeer {
  remoteAddress?: string;
  /** Subject CN and subject alternative names of a verified client certificate. */
  certificateNames?: string[];
}

/** High-water marks since the server started (tests and measurements; counts only). */
export interface MllpServerStats {
  connections: number;
  refusedConnections: number;
  maxBufferedBytes: number;
  maxQueuedFrames: number;
  maxAnsweringBytes: number;
}

/**
 * Answers one frame: the ACK to send back. `payload` is undefined when the frame was too large.
 * It must not throw; the server answers nothing and closes the connection if it does.
 */
export type MllpHandler = (payload: Buffer | undefined, peer: MllpPeer) => Promise<Buffer | string>;

const REFUSAL_LOG_INTERVAL_MS = 10_000;

/** Where the server reports (the Nest logger): counts and codes only. */
export interface MllpLog {
  warn(message: string): void;
  error(message: string): void;
}

/**
 * MLLP over TCP (or TLS): many connections, frames on one connection handled in order, one ACK
 * per frame written only when the handler resolves (after commit). Transport only: no parsing.
 * Bounded per client (mllp-connection.ts), per address (a connection cap) and per server.
 */
export class MllpServer {
  private server: Server | undefined;
  private readonly connections = new Map<Socket, MllpConnection | undefined>();
  private readonly perAddress = new Map<string, number>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly counters: MllpServerStats = {
    connections: 0,
    refusedConnections: 0,
    maxBufferedBytes: 0,
    maxQueuedFrames: 0,
    maxAnsweringBytes: 0,
  };
  private answeringBytes = 0;
  private budgetWaiters: (() => void)[] = [];
  private refusedSinceLog = 0;
  private refusalLogTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly options: MllpServerOptions,
    private readonly handler: MllpHandler,
    private readonly logger?: MllpLog,
  ) {}

  /** Listens and resolves with the bound port (pass 0 for an ephemeral one). */
  async listen(port: number, host?: string): Promise<number> {
    const { tls } = this.options;
    const server = tls
      ? createTlsServer({ handshakeTimeout: this.options.frameTimeoutMs, ...tls }, (socket) =>
          this.accept(socket, certificateNames(socket)),
        )
      : createTcpServer((socket) => this.accept(socket));
    // Admission runs on the TCP socket, before a TLS handshake costs anything.
    server.prependListener('connection', (socket: Socket) => this.admit(socket));
    // A failed handshake (no client certificate, another CA): counted like a refused connection.
    if (tls) server.on('tlsClientError', (_error, socket: Socket) => this.refuse(socket, 'TLS handshake'));
    server.maxConnections = this.options.maxConnections;
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (error: NodeJS.ErrnoException) =>
      this.logger?.error(`MLLP server error ${error.code ?? ''}`),
    );
    const address = server.address();
    return typeof address === 'object' && address ? address.port : port;
  }

  /** Stops accepting, lets in-flight messages commit and send their ACKs, then closes every connection. */
  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    clearTimeout(this.refusalLogTimer);
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const [socket, connection] of this.connections) {
      if (connection) connection.stop();
      else socket.destroy(); // still in its TLS handshake
    }
    await Promise.allSettled([...this.inFlight]);
    const forced = setTimeout(() => [...this.connections.keys()].forEach((socket) => socket.destroy()), 1000);
    await closed;
    clearTimeout(forced);
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  stats(): MllpServerStats {
    return { ...this.counters, connections: this.connections.size };
  }

  /** The TCP connection: from an allowed network, and under its address's connection cap. */
  private admit(socket: Socket): void {
    socket.on('error', () => socket.destroy());
    const address = plainAddress(socket.remoteAddress) ?? 'unknown';
    const { allowedNetworks, maxConnectionsPerAddress } = this.options;
    if (allowedNetworks && !inNetworks(allowedNetworks, address)) return this.refuse(socket, 'network');
    const held = this.perAddress.get(address) ?? 0;
    if (maxConnectionsPerAddress !== undefined && held >= maxConnectionsPerAddress) {
      return this.refuse(socket, 'address cap');
    }
    this.perAddress.set(address, held + 1);
    this.connections.set(socket, undefined);
    socket.once('close', () => {
      this.connections.delete(socket);
      const left = (this.perAddress.get(address) ?? 1) - 1;
      if (left > 0) this.perAddress.set(address, left);
      else this.perAddress.delete(address);
    });
  }

  private accept(socket: Socket, certificateNames?: string[]): void {
    if (socket.destroyed) return;
    socket.on('error', () => socket.destroy());
    socket.setNoDelay(true);
    const peer: MllpPeer = { remoteAddress: socket.remoteAddress, certificateNames };
    const connection = new MllpConnection(socket, this.options, {
      answer: (payload) =>
        this.withinBudget(payload?.length ?? 0, () => this.handler(payload, peer)).catch((error: unknown) => {
          this.logger?.error('MLLP handler failed: closing the connection without an ACK');
          throw error;
        }),
      track: (answer) => this.track(answer),
      onBuffered: (bytes) =>
        (this.counters.maxBufferedBytes = Math.max(this.counters.maxBufferedBytes, bytes)),
      onQueued: (frames) => (this.counters.maxQueuedFrames = Math.max(this.counters.maxQueuedFrames, frames)),
    });
    // Tracked by the TCP socket admitted above (a TLS socket wraps it as `_parent`).
    const tcp = (socket as Socket & { _parent?: Socket })._parent ?? socket;
    if (this.connections.has(tcp)) this.connections.set(tcp, connection);
  }

  /** Runs `answer` once the frame's bytes fit in the answering budget (a lone frame always fits). */
  private async withinBudget<T>(bytes: number, answer: () => Promise<T>): Promise<T> {
    const budget = this.options.maxAnsweringBytes ?? 2 * this.options.maxFrameBytes;
    while (this.answeringBytes > 0 && this.answeringBytes + bytes > budget) {
      await new Promise<void>((resolve) => this.budgetWaiters.push(resolve));
    }
    this.answeringBytes += bytes;
    this.counters.maxAnsweringBytes = Math.max(this.counters.maxAnsweringBytes, this.answeringBytes);
    try {
      return await answer();
    } finally {
      this.answeringBytes -= bytes;
      const waiters = this.budgetWaiters;
      this.budgetWaiters = [];
      waiters.forEach((wake) => wake());
    }
  }

  private refuse(socket: Socket, why: 'network' | 'address cap' | 'TLS handshake'): void {
    this.counters.refusedConnections++;
    this.refusedSinceLog++;
    socket.destroy();
    // Logged at most every 10 s: a flood of refused connections must not become a flood of lines.
    this.refusalLogTimer ??= setTimeout(() => {
      this.logger?.warn(`MLLP: ${this.refusedSinceLog} connection(s) refused (last: ${why})`);
      this.refusedSinceLog = 0;
      this.refusalLogTimer = undefined;
    }, REFUSAL_LOG_INTERVAL_MS);
    this.refusalLogTimer.unref();
  }

  private track(promise: Promise<unknown>): void {
    this.inFlight.add(promise);
    void promise.finally(() => this.inFlight.delete(promise));
  }
}

/** Subject CN and SAN values (DNS, URI, email, IP) of a verified client certificate. */
function certificateNames(socket: TLSSocket): string[] | undefined {
  if (!socket.authorized) return undefined;
  const certificate = socket.getPeerCertificate();
  if (!certificate || Object.keys(certificate).length === 0) return undefined;
  const names: string[] = [];
  const cn = certificate.subject?.CN;
  if (cn) names.push(...(Array.isArray(cn) ? cn : [cn]));
  for (const entry of (certificate.subjectaltname ?? '').split(', ')) {
    const colon = entry.indexOf(':');
    if (colon > 0) names.push(entry.slice(colon + 1));
  }
  return [...new Set(names)];
}
