import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { parseHl7 } from '../../src/ingest/hl7/hl7-parser.js';
import type { TestApp } from '../support/test-app.js';

/**
 * Test-only PKI, generated with openssl into a temp dir at test time (no private key is committed):
 * a CA, a server certificate for 127.0.0.1, client certificates signed by the CA, and a rogue CA.
 */
export class TestPki {
  readonly dir = mkdtempSync(join(tmpdir(), 'anamnesis-pki-'));

  constructor() {
    this.authority('ca');
    this.authority('rogue-ca');
    this.leaf('server', 'ca', 'localhost', 'subjectAltName=DNS:localhost,IP:127.0.0.1');
  }

  path(name: string): string {
    return join(this.dir, name);
  }

  /** A client certificate for `cn` signed by `ca` (optionally with SANs), as TLS connect options. */
  client(cn: string, ca = 'ca', san?: string): { cert: Buffer; key: Buffer; ca: Buffer; servername: string } {
    const name = `${cn}-${ca}`;
    this.leaf(name, ca, cn, san ? `subjectAltName=${san}` : undefined);
    return {
      ...this.serverTrust(),
      cert: readFileSync(this.path(`${name}.pem`)),
      key: readFileSync(this.path(`${name}.key`)),
    };
  }

  /** What a client needs to trust the server (no client certificate). */
  serverTrust(): { ca: Buffer; servername: string; cert?: undefined; key?: undefined } {
    return { ca: readFileSync(this.path('ca.pem')), servername: 'localhost' };
  }

  private authority(name: string): void {
    openssl([
      'req',
      '-x509',
      ...EC_KEY,
      '-days',
      '1',
      '-subj',
      `/CN=${name}`,
      '-keyout',
      this.path(`${name}.key`),
      '-out',
      this.path(`${name}.pem`),
    ]);
  }

  private leaf(name: string, ca: string, cn: string, extension?: string): void {
    openssl([
      'req',
      ...EC_KEY,
      '-subj',
      `/CN=${cn}`,
      '-keyout',
      this.path(`${name}.key`),
      '-out',
      this.path(`${name}.csr`),
    ]);
    const ext = this.path(`${name}.ext`);
    writeFileSync(ext, `${extension ?? ''}\n`);
    openssl([
      'x509',
      '-req',
      '-in',
      this.path(`${name}.csr`),
      '-CA',
      this.path(`${ca}.pem`),
      '-CAkey',
      this.path(`${ca}.key`),
      '-CAcreateserial',
      '-days',
      '1',
      '-extfile',
      ext,
      '-out',
      this.path(`${name}.pem`),
    ]);
  }
}

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];

function openssl(args: string[]): void {
  execFileSync('openssl', args, { stdio: 'ignore' });
}

export const msa = (ack: Buffer | string) => {
  const segment = parseHl7(Buffer.from(ack)).segment('MSA')!;
  return { code: segment.field(1).value, controlId: segment.field(2).value };
};

/**
 * What the database holds from ingest — inbox rows, patients, entries — once the mapping of the
 * messages accepted so far has finished (so that a later difference can only come from new input).
 */
export async function written(t: TestApp): Promise<{ messages: number; patients: number; entries: number }> {
  const client = new pg.Client({ connectionString: t.database.url });
  await client.connect();
  try {
    const count = async (table: string, where = 'true') =>
      (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`)).rows[0]!
        .n;
    for (let waited = 0; (await count('ingest_messages', `status = 'queued'`)) > 0; waited += 50) {
      if (waited > 20_000) throw new Error('mapping did not finish');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return {
      messages: await count('ingest_messages'),
      patients: await count('patients'),
      entries: await count('entries'),
    };
  } finally {
    await client.end();
  }
}

/** `ingest.refused` events (chained or still staged), their reasons. */
export async function refusedReasons(t: TestApp): Promise<string[]> {
  const rows = await t.prisma.$queryRawUnsafe<{ reason: string }[]>(
    `SELECT reason FROM audit_events WHERE type = 'ingest.refused' ORDER BY seq`,
  );
  return rows.map((row) => row.reason);
}

/** A plain TCP socket to the MLLP port from `localAddress` (127.0.0.0/8 is all loopback on Linux). */
export function rawSocket(port: number, localAddress = '127.0.0.1'): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1', localAddress }, () => resolve(socket));
    socket.once('error', reject);
  });
}

export function closed(socket: Socket): Promise<void> {
  return new Promise((resolve) => (socket.destroyed ? resolve() : socket.once('close', () => resolve())));
}
