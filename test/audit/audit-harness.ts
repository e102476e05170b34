import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { AuditCheckpoints } from '../../src/audit/audit-checkpoints.js';
import { AuditVerifier } from '../../src/audit/audit-verifier.js';
import { AuditSequencer } from '../../src/audit/audit-sequencer.js';
import { AuditService } from '../../src/audit/audit.service.js';
import type { AuditEventInput } from '../../src/audit/audit.types.js';
import { CheckpointSigner } from '../../src/audit/checkpoint-signer.js';
import { FileAuditWitness } from '../../src/audit/file-audit-witness.js';
import type { AppConfig } from '../../src/config/config.schema.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/** The audit services over a fresh cloned database, without the HTTP app. */
export interface AuditHarness {
  db: TestDatabase;
  /** The services' pool: the application role (owns nothing), as in the app. */
  pool: pg.Pool;
  witness: FileAuditWitness;
  config: AppConfig;
  audit: AuditService;
  sequencer: AuditSequencer;
  verifier: AuditVerifier;
  checkpoints: AuditCheckpoints;
  /** As the owner (the role that migrated): to inspect, or to tamper as only the owner could. */
  sql(text: string, values?: unknown[]): Promise<pg.QueryResult>;
  /** On the cluster's admin connection (roles are cluster-wide). */
  adminSql(text: string): Promise<void>;
  close(): Promise<void>;
}

export async function createAuditHarness(poolSize = 20): Promise<AuditHarness> {
  const db = await createTestDatabase();
  const pool = new pg.Pool({ connectionString: db.appUrl, max: poolSize });
  const owner = new pg.Pool({ connectionString: db.url, max: 4 });
  for (const p of [pool, owner]) p.on('error', () => undefined); // idle clients cut off when the database is dropped
  const dataDir = mkdtempSync(join(tmpdir(), 'anamnesis-audit-'));
  const keyFile = join(dataDir, 'checkpoint-key.pem');
  writeFileSync(keyFile, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));
  const config = {
    DATA_DIR: dataDir,
    AUDIT_SIGNING_KEY_FILE: keyFile,
    AUDIT_CHECKPOINT_INTERVAL_SECONDS: 0,
  } as unknown as AppConfig;
  const signer = new CheckpointSigner(config);
  const sequencer = new AuditSequencer(pool);
  const audit = new AuditService(pool, sequencer);
  const witness = new FileAuditWitness(join(dataDir, 'audit-witness'));
  const verifier = new AuditVerifier(pool, signer, sequencer, witness);
  return {
    db,
    pool,
    witness,
    config,
    audit,
    sequencer,
    verifier,
    checkpoints: new AuditCheckpoints(pool, config, signer, audit, verifier, witness),
    sql: (text, values) => owner.query(text, values),
    async adminSql(text) {
      const client = new pg.Client({ connectionString: process.env.TEST_PG_ADMIN_URL });
      await client.connect();
      try {
        await client.query(text);
      } finally {
        await client.end();
      }
    },
    async close() {
      await pool.end();
      await owner.end();
      await db.drop();
    },
  };
}

export const sampleEvent = (i: number): AuditEventInput => ({
  type: i % 3 === 0 ? 'patient.read' : 'entry.create',
  action: i % 3 === 0 ? 'R' : 'C',
  outcome: 'success',
  actor: { userId: '00000000-0000-4000-8000-00000000000' + (i % 10), role: 'clinician', address: '10.0.0.1' },
  patientId: `patient-${i % 7}`,
  entity: { type: 'Entry', ids: [`entry-${i}`] },
  correlationId: `req-${i}`,
});
