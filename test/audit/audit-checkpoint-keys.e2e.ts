import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditVerifier } from '../../src/audit/audit-verifier.js';
import { CheckpointSigner } from '../../src/audit/checkpoint-signer.js';
import type { AppConfig } from '../../src/config/config.schema.js';
import { createAuditHarness, sampleEvent, type AuditHarness } from './audit-harness.js';

describe('checkpoint signing keys', () => {
  let h: AuditHarness;
  const dir = mkdtempSync(join(tmpdir(), 'anamnesis-audit-keys-'));

  beforeAll(async () => {
    h = await createAuditHarness();
    for (let i = 1; i <= 3; i++) await h.audit.record(sampleEvent(i));
    await h.checkpoints.checkpoint(); // signed by the harness key
  });
  afterAll(() => h.close());

  const verifierWith = (config: Partial<AppConfig>) =>
    new AuditVerifier(
      h.pool,
      new CheckpointSigner({ DATA_DIR: dir, ...config } as AppConfig),
      h.sequencer,
      h.witness,
    );

  it('a checkpoint signed by another key does not verify', async () => {
    const newKey = join(dir, 'new.pem');
    writeFileSync(newKey, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const report = await verifierWith({ AUDIT_SIGNING_KEY_FILE: newKey }).verify();
    expect(report.firstBad).toMatchObject({ seq: '3', problem: 'checkpoint-invalid' });
  });

  it('after a rotation, the old public key in AUDIT_TRUSTED_KEYS_FILE keeps old checkpoints valid', async () => {
    const published = await h.checkpoints.list();
    const trusted = join(dir, 'trusted.pem');
    writeFileSync(trusted, published.publicKeyPem);
    const report = await verifierWith({
      AUDIT_SIGNING_KEY_FILE: join(dir, 'new.pem'),
      AUDIT_TRUSTED_KEYS_FILE: trusted,
    }).verify();
    expect(report).toMatchObject({ intact: true, checkpointsChecked: 1 });
  });

  it('generates a development key in DATA_DIR when none is configured, and reuses it', () => {
    const first = new CheckpointSigner({ DATA_DIR: join(dir, 'data') } as AppConfig);
    const second = new CheckpointSigner({ DATA_DIR: join(dir, 'data') } as AppConfig);
    expect(first.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(second.keyId).toBe(first.keyId);
  });
});
