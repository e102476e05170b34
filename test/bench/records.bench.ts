import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createApp } from '../../src/app.factory.js';
import { AuditService } from '../../src/audit/audit.service.js';
import { FieldCipher } from '../../src/crypto/field-cipher.js';
import { KeyRotationService } from '../../src/crypto/key-rotation.service.js';
import { PatientKeysService } from '../../src/crypto/patient-keys.service.js';
import type pg from 'pg';
import { PG_POOL, PrismaService } from '../../src/database/prisma.service.js';
import { PatientsService } from '../../src/patients/patients.service.js';
import { EntryReaderService } from '../../src/records/entry-reader.service.js';
import { ENTRY_BODY } from '../../src/records/entry-view.js';
import { RecordsService, type NewEntry } from '../../src/records/records.service.js';
import { benchClinician } from './bench-clinician.js';
import { benchDatabase } from './bench-database.js';
import { quantile, round, type BenchTable } from './table.js';

const BATCH = 1000;
const BATCHES = 15;
const PAGES = 300;
const ROTATION_KEYS = 3000;

const entries = (n: number): NewEntry[] =>
  Array.from({ length: n }, (_, i) =>
    i % 3 === 0
      ? {
          kind: 'observation',
          occurredAt: new Date(Date.UTC(2025, 0, 1) + i * 60_000),
          body: {
            code: '2160-0',
            display: 'Creatinine',
            value: 1 + (i % 40) / 10,
            unit: 'mg/dL',
            referenceRange: { low: 0.6, high: 1.2 },
            abnormalFlag: 'H',
          },
        }
      : {
          kind: 'note',
          occurredAt: new Date(Date.UTC(2025, 0, 1) + i * 60_000),
          body: {
            text: `Progress note ${i}: patient reports intermittent chest tightness on exertion, relieved by rest. Plan: troponin, ECG, review in clinic.`,
          },
        },
  );

/** Encrypted timeline writes and reads, and the same with encryption switched off (bench only). */
export default async function (): Promise<BenchTable[]> {
  const db = await benchDatabase();
  const app = await createApp({ config: db.config, databaseUrl: db.url }, db.logger);
  await app.init();
  const prisma = app.get(PrismaService);
  const records = app.get(RecordsService);
  const reader = app.get(EntryReaderService);
  const audit = app.get(AuditService);
  const { user, caller } = await benchClinician(app, 'bench@hospital.test');

  // Bench-only switch: on this one instance, the cipher can become a plain JSON codec.
  const cipher = app.get(FieldCipher);
  const real = { encryptMany: cipher.encryptMany, decryptManyForPatient: cipher.decryptManyForPatient };
  const plainCodec = {
    encryptMany: async (_patientId: string, items: { value: unknown }[]) =>
      items.map((item) => Buffer.from(JSON.stringify(item.value))),
    decryptManyForPatient: async (_patientId: string, items: { ciphertext: Uint8Array | null }[]) =>
      items.map(({ ciphertext }) => JSON.parse(Buffer.from(ciphertext!).toString('utf8'))),
  };
  const modes = { encrypted: real, plain: plainCodec } as const;
  type Mode = keyof typeof modes;
  const use = (mode: Mode) => Object.assign(cipher, modes[mode]);

  const patients: Record<Mode, string> = { encrypted: '', plain: '' };
  for (const mode of ['encrypted', 'plain'] as const) {
    use('encrypted'); // demographics are always encrypted; only entry bodies switch
    patients[mode] = (
      await app.get(PatientsService).register(
        {
          mrn: `BENCH-${mode}`,
          name: { family: 'Bench', given: [mode] },
          birthDate: '1970-01-01',
          sex: 'other',
        },
        caller,
      )
    ).id;
  }
  const rates: Record<Mode, number[]> = { encrypted: [], plain: [] };
  const pageMs: Record<Mode, number[]> = { encrypted: [], plain: [] };
  // Modes alternate batch by batch and page by page, so background load hits both alike.
  for (let b = 0; b <= BATCHES; b++) {
    for (const mode of ['encrypted', 'plain'] as const) {
      use(mode);
      const batch = entries(BATCH);
      const started = performance.now();
      await prisma.$transaction(async (tx) => {
        const { entryIds } = await records.addEntries(patients[mode], batch, { userId: user.id }, tx);
        await audit.record(
          {
            type: 'entry.create',
            action: 'C',
            outcome: 'success',
            patientId: patients[mode],
            entity: { type: 'Entry', ids: entryIds },
            actor: caller.actor,
          },
          tx,
        );
      });
      if (b > 0) rates[mode].push(BATCH / ((performance.now() - started) / 1000)); // batch 0 warms up
    }
  }
  const cursors: Record<Mode, string | undefined> = { encrypted: undefined, plain: undefined };
  for (let i = 0; i < PAGES; i++) {
    for (const mode of ['encrypted', 'plain'] as const) {
      use(mode);
      const started = performance.now();
      const page = await reader.timeline(patients[mode], { limit: 50, cursor: cursors[mode] }, caller);
      pageMs[mode].push(performance.now() - started);
      cursors[mode] = page.nextCursor ?? undefined;
    }
  }
  use('encrypted');
  // The cipher alone (no database): what encryption adds per batch and per page.
  const sample = entries(BATCH).map((e, i) => ({
    ref: ENTRY_BODY(`bench-${i}`, { entryId: `bench-entry-${i}`, version: 1, kind: e.kind }),
    value: e.body,
  }));
  const cipherMs = { seal: [] as number[], open: [] as number[] };
  for (let i = 0; i < 20; i++) {
    let started = performance.now();
    const sealed = await cipher.encryptMany(patients.encrypted, sample);
    cipherMs.seal.push(performance.now() - started);
    started = performance.now();
    await cipher.decryptManyForPatient(
      patients.encrypted,
      sample.slice(0, 50).map((item, j) => ({ ref: item.ref, ciphertext: sealed[j]! })),
    );
    cipherMs.open.push(performance.now() - started);
  }
  // Rotation: rewrap rate of patient data keys under a new KEK version (committed batches of 200).
  const keys = app.get(PatientKeysService);
  for (let i = 0; i < ROTATION_KEYS; i++) await keys.currentKey(randomUUID());
  const rotationStarted = performance.now();
  const rotation = await app.get(KeyRotationService).rotate();
  const rotationSeconds = (performance.now() - rotationStarted) / 1000;
  // pg-pool resolves end() while sockets are still closing; the DROP … WITH (FORCE) below must not
  // turn their termination into an unhandled 'error' event.
  app.get<pg.Pool>(PG_POOL).on('error', () => undefined);
  await app.close();
  await db.close();
  const summary = (mode: Mode) => ({
    write: quantile(rates[mode], 0.5),
    p50: quantile(pageMs[mode], 0.5),
    p95: quantile(pageMs[mode], 0.95),
  });
  const [encrypted, plain] = [summary('encrypted'), summary('plain')];

  const overhead = (a: number, b: number) => `${round((a / b - 1) * 100)}%`;
  return [
    {
      title: 'Encrypted record: writes and timeline reads',
      columns: ['measure', 'encrypted', 'encryption off', 'overhead'],
      rows: [
        [
          `entries written/s (batch of ${BATCH}, one tx + audit, median of ${BATCHES})`,
          round(encrypted.write, 0),
          round(plain.write, 0),
          overhead(plain.write, encrypted.write),
        ],
        [
          'timeline page of 50, decrypted: p50 (ms)',
          round(encrypted.p50, 2),
          round(plain.p50, 2),
          overhead(encrypted.p50, plain.p50),
        ],
        [
          'timeline page of 50, decrypted: p95 (ms)',
          round(encrypted.p95, 2),
          round(plain.p95, 2),
          overhead(encrypted.p95, plain.p95),
        ],
        [
          `cipher alone: encrypt ${BATCH} bodies, median (ms)`,
          round(quantile(cipherMs.seal, 0.5), 2),
          '',
          '',
        ],
        ['cipher alone: decrypt 50 bodies, median (ms)', round(quantile(cipherMs.open, 0.5), 3), '', ''],
      ],
      notes: [
        'includes access check, audit event in the same transaction, zod validation per kind',
        'modes alternate batch by batch and page by page; on a loaded shared machine the end-to-end ratio is noisy: the cipher-alone rows are the pure encryption cost',
        `pages walk the timeline with the cursor (${PAGES} pages over ${BATCH * BATCHES} entries); DEK cached after first use`,
      ],
    },
    {
      title: 'KEK rotation (keys:rotate)',
      columns: ['measure', 'value'],
      rows: [
        ['data keys rewrapped', rotation.rewrapped],
        ['seconds', round(rotationSeconds, 2)],
        ['keys rewrapped/s', round(rotation.rewrapped / rotationSeconds, 0)],
      ],
    },
  ];
}
