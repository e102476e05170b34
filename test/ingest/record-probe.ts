import { FieldCipher } from '../../src/crypto/field-cipher.js';
import { parseHl7 } from '../../src/ingest/hl7/hl7-parser.js';
import type { MllpClient } from '../../src/ingest/mllp/mllp-client.js';
import { PatientsService } from '../../src/patients/patients.service.js';
import { ENTRY_BODY } from '../../src/records/entry-view.js';
import type { TestApp } from '../support/test-app.js';
import { waitFor } from './ingest-fixtures.js';

export interface ProbedEntry {
  id: string;
  kind: string;
  sourceRef: string | null;
  currentVersion: number;
  body: Record<string, unknown>;
  versions: { version: number; body: Record<string, unknown>; sourceMessageId: string | null }[];
}

/**
 * Sends messages over MLLP one after the other (each ACKed AA), and waits until each is mapped
 * (processed) before sending the next: a patient's versions then follow arrival order. Four
 * mapping loops map concurrently, so messages sent together may map in another order: the folded
 * state still follows arrival (src/ingest/README.md, "Order by arrival"), the version list does not
 * — `result-order.e2e.ts` sends out of order on purpose. Returns the stored message ids in order.
 */
export async function sendMapped(
  t: TestApp,
  client: MllpClient,
  messages: { controlId: string; text: string }[],
) {
  const ids: string[] = [];
  for (const { controlId, text } of messages) {
    const msa = parseHl7(await client.send(text)).segment('MSA')!;
    if (msa.field(1).value !== 'AA')
      throw new Error(`${controlId}: ${msa.field(1).value} ${msa.field(3).value}`);
    if (msa.field(2).value !== controlId) throw new Error(`${controlId}: MSA-2 ${msa.field(2).value}`);
    const row = await t.prisma.ingestMessage.findFirstOrThrow({ where: { controlId }, select: { id: true } });
    const done = await waitFor(async () => {
      const stored = await t.prisma.ingestMessage.findUniqueOrThrow({ where: { id: row.id } });
      return stored.status !== 'queued' && stored;
    }, 20_000);
    if (done.status !== 'processed') throw new Error(`not processed: ${controlId} ${done.reason}`);
    ids.push(row.id);
  }
  return ids;
}

export async function patientIdOf(t: TestApp, mrn: string): Promise<string | undefined> {
  return t.app.get(PatientsService).idByMrn(mrn, 'GENHOSP');
}

/** Every entry of a patient with all its versions, decrypted (oldest version first). */
export async function entriesOf(t: TestApp, patientId: string, kind?: string): Promise<ProbedEntry[]> {
  const cipher = t.app.get(FieldCipher);
  const entries = await t.prisma.entry.findMany({
    where: { patientId, ...(kind ? { kind: kind as never } : {}) },
    include: { versions: { orderBy: { version: 'asc' } } },
    orderBy: { createdAt: 'asc' },
  });
  return Promise.all(
    entries.map(async (e) => {
      const versions = await Promise.all(
        e.versions.map(async (v) => ({
          version: v.version,
          sourceMessageId: v.sourceMessageId,
          body: await cipher.decryptForPatient<Record<string, unknown>>(
            patientId,
            ENTRY_BODY(v.id, { entryId: e.id, version: v.version, kind: e.kind }),
            v.body,
          ),
        })),
      );
      return {
        id: e.id,
        kind: e.kind,
        sourceRef: e.sourceRef,
        currentVersion: e.currentVersion,
        body: versions.find((v) => v.version === e.currentVersion)!.body,
        versions,
      };
    }),
  );
}
