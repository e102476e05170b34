import { readFileSync } from 'node:fs';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.schema.js';
import { StartupError } from '../../database/open-database.js';
import { IngestService } from '../ingest.service.js';
import { parseNetworks } from '../senders/sender-bindings.js';
import { MllpServer, type MllpServerStats } from './mllp-server.js';

/**
 * The MLLP listener of the server process: started when the HTTP server gets ready (not in CLI
 * runs, not with MLLP_PORT=0), stopped first on shutdown so in-flight messages commit and get their ACK before
 * the job queue and the database close.
 */
@Injectable()
export class MllpListener implements OnModuleDestroy {
  private readonly logger = new Logger('MLLP');
  private server: MllpServer | undefined;
  port: number | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ingest: IngestService,
  ) {}

  /** Called by IngestModule when the HTTP server gets ready; MLLP_PORT=0 disables MLLP. */
  async startConfigured(): Promise<void> {
    if (this.config.MLLP_PORT === 0) return;
    try {
      await this.start(this.config.MLLP_PORT);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'EADDRINUSE')
        throw new StartupError(`MLLP port ${this.config.MLLP_PORT} is already in use (set MLLP_PORT)`);
      if (code === 'EACCES')
        throw new StartupError(`not allowed to listen on MLLP port ${this.config.MLLP_PORT} (set MLLP_PORT)`);
      throw error;
    }
  }

  /** Starts on `port` (0: an ephemeral one, for tests) and returns the bound port. */
  async start(port: number): Promise<number> {
    const config = this.config;
    const server = new MllpServer(
      {
        maxFrameBytes: config.INGEST_MAX_MESSAGE_BYTES,
        idleTimeoutMs: config.MLLP_IDLE_TIMEOUT_MS,
        frameTimeoutMs: config.MLLP_FRAME_TIMEOUT_MS,
        maxConnections: config.MLLP_MAX_CONNECTIONS,
        maxConnectionsPerAddress: config.MLLP_MAX_CONNECTIONS_PER_ADDRESS,
        allowedNetworks: config.MLLP_ALLOWED_NETWORKS
          ? parseNetworks(config.MLLP_ALLOWED_NETWORKS, 'MLLP_ALLOWED_NETWORKS')
          : undefined,
        tls: this.tlsOptions(),
      },
      async (payload, peer) => {
        const sender = {
          kind: 'mllp',
          address: peer.remoteAddress,
          certificateNames: peer.certificateNames,
        } as const;
        const context = { channel: 'mllp', actor: { address: peer.remoteAddress }, sender } as const;
        return (await this.ingest.receive(payload, context)).ack;
      },
      this.logger,
    );
    this.port = await server.listen(port, config.MLLP_HOST ?? config.HOST);
    this.server = server;
    const tls = config.MLLP_TLS_CA_FILE
      ? ' (TLS, client certificates)'
      : config.MLLP_TLS_CERT_FILE
        ? ' (TLS)'
        : '';
    const networks = config.MLLP_ALLOWED_NETWORKS ? ', from allowed networks only' : '';
    this.logger.log(`MLLP listening on port ${this.port}${tls}${networks}`);
    return this.port;
  }

  /** Connection and buffering high-water marks (tests, measurements); undefined when not listening. */
  stats(): MllpServerStats | undefined {
    return this.server?.stats();
  }

  async onModuleDestroy(): Promise<void> {
    await this.server?.close();
    this.server = undefined;
  }

  private tlsOptions() {
    const { MLLP_TLS_CERT_FILE: cert, MLLP_TLS_KEY_FILE: key, MLLP_TLS_CA_FILE: ca } = this.config;
    if (!cert && !key) return undefined;
    if (!cert || !key) throw new Error('MLLP TLS needs both MLLP_TLS_CERT_FILE and MLLP_TLS_KEY_FILE');
    return {
      cert: readFileSync(cert),
      key: readFileSync(key),
      ...(ca ? { ca: readFileSync(ca), requestCert: true, rejectUnauthorized: true } : {}),
    };
  }
}
