import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthSecretKey } from '../../src/auth/auth-secret-key.js';
import { PatientKeysService } from '../../src/crypto/patient-keys.service.js';
import { KeyRotationService } from '../../src/crypto/key-rotation.service.js';
import { KEK_PROVIDER, type KekProvider } from '../../src/crypto/kek-provider.js';
import { PROJECT_ROOT } from '../../src/database/paths.js';
import { PatientsService } from '../../src/patients/patients.service.js';
import { EntryReaderService } from '../../src/records/entry-reader.service.js';
import { RecordsService } from '../../src/records/records.service.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { actor, newPatient } from '../records/records-fixtures.js';

const PATIENTS = 60;

describe('KEK rotation (keys:rotate)', () => {
  let t: TestApp;
  let kekFile: string;
  let doctor: Awaited<ReturnType<typeof actor>>;
  const patientIds: string[] = [];

  beforeAll(async () => {
    kekFile = join(mkdtempSync(join(tmpdir(), 'anamnesis-kek-')), 'kek.bin');
    writeFileSync(kekFile, randomBytes(32), { mode: 0o600 });
    t = await createTestApp({ KEK_FILE: kekFile });
    doctor = await actor(t, 'clinician');
    const patients = t.app.get(PatientsService);
    const records = t.app.get(RecordsService);
    for (let i = 0; i < PATIENTS; i++) {
      const { id } = await patients.register(newPatient(), doctor.caller);
      await t.prisma.$transaction((tx) =>
        records.addEntries(
          id,
          [{ kind: 'note', occurredAt: new Date(), body: { text: `note ${i}` } }],
          { userId: doctor.user.id },
          tx,
        ),
      );
      patientIds.push(id);
    }
  });
  afterAll(() => t.close());

  /** Decrypts every patient and entry with an empty key cache: the real test of readability. */
  async function everythingDecrypts(): Promise<void> {
    t.app.get(PatientKeysService).clearCache();
    for (const [i, id] of patientIds.entries()) {
      expect((await t.app.get(PatientsService).get(id, doctor.caller)).id).toBe(id);
      const page = await t.app.get(EntryReaderService).timeline(id, {}, doctor.caller);
      expect(page.items[0]!.body).toEqual({ text: `note ${i}` });
    }
  }

  const versions = async () =>
    (await t.prisma.patientKey.groupBy({ by: ['kekVersion'], _count: true })).map((g) => [
      g.kekVersion,
      g._count,
    ]);

  it('survives being killed mid-way: data stays readable, and running it again completes the rotation', async () => {
    const original = t.app.get<KekProvider>(KEK_PROVIDER).primaryVersion();
    // The real CLI, in its own process, slowed down so we can kill it between batches.
    const child = spawn(
      process.execPath,
      [join(PROJECT_ROOT, 'dist/cli/main.js'), 'keys:rotate', '--batch-size', '5', '--throttle-ms', '150'],
      {
        env: {
          ...process.env,
          NODE_ENV: 'test',
          DATABASE_URL: t.database.url,
          KEK_FILE: kekFile,
          DATA_DIR: t.config.DATA_DIR,
          LOG_LEVEL: 'silent',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if ((output.match(/rewrapped/g) ?? []).length >= 2) resolve();
      });
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('exit', () => reject(new Error(`keys:rotate exited early: ${output}`)));
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('close', resolve));

    const midway = await versions();
    expect(midway).toHaveLength(2); // some keys under the new version, some under the old
    expect(await t.prisma.keyRotation.findFirst({ where: { status: 'running' } })).not.toBeNull();
    await everythingDecrypts();

    // New writes during the interrupted rotation use the new primary and stay readable.
    const { id } = await t.app.get(PatientsService).register(newPatient(), doctor.caller);
    patientIds.push(id);
    await t.prisma.$transaction((tx) =>
      t.app
        .get(RecordsService)
        .addEntries(
          id,
          [{ kind: 'note', occurredAt: new Date(), body: { text: `note ${patientIds.length - 1}` } }],
          {},
          tx,
        ),
    );

    const result = await t.app.get(KeyRotationService).rotate({ batchSize: 7 });
    expect(result.resumed).toBe(true);
    expect(result.retiredVersions).toEqual([original]);
    expect(await versions()).toEqual([[result.targetKekVersion, PATIENTS + 1]]);
    expect((await t.prisma.blindIndexKey.findFirstOrThrow()).kekVersion).toBe(result.targetKekVersion);
    await everythingDecrypts();
    // MRN lookups still work: the blind-index key was rewrapped, not changed.
    expect(
      await t.app.get(PatientsService).idByMrn((await t.app.get(PatientsService).get(id, doctor.caller)).mrn),
    ).toBe(id);
    const types = (
      await t.prisma.auditEvent.findMany({
        where: { type: { startsWith: 'keys.' } },
        orderBy: { seq: 'asc' },
      })
    ).map((e) => e.type);
    expect(types).toEqual(['keys.rotate.start', 'keys.rotate']);
  }, 120_000);

  it('rotates again from scratch, retiring the previous version', async () => {
    const before = t.app.get<KekProvider>(KEK_PROVIDER).primaryVersion();
    const result = await t.app.get(KeyRotationService).rotate();
    expect(result.resumed).toBe(false);
    expect(result.targetKekVersion).not.toBe(before);
    expect(result.retiredVersions).toEqual([before]);
    await everythingDecrypts();
  }, 120_000);

  it('rewraps the installation keys too, so sign-in secrets survive the retirement', async () => {
    const authKey = t.app.get(AuthSecretKey);
    const sealedKey = await authKey.key();
    const before = t.app.get<KekProvider>(KEK_PROVIDER).primaryVersion();
    const result = await t.app.get(KeyRotationService).rotate();
    expect(result.retiredVersions).toEqual([before]);
    const primary = t.app.get<KekProvider>(KEK_PROVIDER).primaryVersion();
    const rows = await t.prisma.authSecretKey.findMany();
    expect(rows.map((row) => row.kekVersion)).toEqual([primary]);
    // A fresh process unwraps it under the new KEK and gets the same key back.
    const fresh = new AuthSecretKey(t.prisma, t.app.get<KekProvider>(KEK_PROVIDER));
    expect((await fresh.key()).equals(sealedKey)).toBe(true);
  }, 120_000);
});
