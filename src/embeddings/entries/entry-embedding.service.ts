import { Injectable } from '@nestjs/common';
import { PatientAccessService } from '../../access/patient-access.service.js';
import { PrismaService } from '../../database/prisma.service.js';
import { CurrentEntriesReader } from '../../records/current-entries.js';
import { EmbeddingsService } from '../embeddings.service.js';
import { EntryVectorStore } from './entry-vector-store.js';

/**
 * Keeps entry_embeddings current for the loaded model: finds entries whose current version has no
 * vector under this model (new, amended, imported, or embedded by another model), reads their text
 * through the records read port, embeds it, and stores each vector encrypted under the patient's
 * DEK — one transaction and one `entry.embed` audit event (actor system) per patient batch. Erased
 * patients are skipped.
 */
@Injectable()
export class EntryEmbeddingService {
  private readonly embedded = new Set<(patientId: string) => void>();

  constructor(
    private readonly prisma: PrismaService,
    private readonly access: PatientAccessService,
    private readonly entries: CurrentEntriesReader,
    private readonly vectors: EntryVectorStore,
    private readonly embeddings: EmbeddingsService,
  ) {}

  /** Called after a patient's new vectors have committed (retrieval refreshes its snapshot). */
  onEmbedded(listener: (patientId: string) => void): void {
    this.embedded.add(listener);
  }

  /** Embeds up to `limit` pending entries; returns how many were embedded (0: nothing pending). */
  async embedPending(limit = 512): Promise<number> {
    const modelId = this.embeddings.model.id;
    const pending = await this.vectors.pending(modelId, limit, this.prisma);
    const byPatient = new Map<string, string[]>();
    for (const { patientId, entryId } of pending)
      byPatient.set(patientId, [...(byPatient.get(patientId) ?? []), entryId]);
    for (const [patientId, ids] of byPatient) await this.embedPatientEntries(patientId, ids, modelId);
    return pending.length;
  }

  /** Embeds until nothing is pending; `between` runs before every chunk after the first (to yield). */
  async embedAllPending(batch = 512, between?: () => Promise<void>): Promise<number> {
    let total = 0;
    for (let done = await this.embedPending(batch); done > 0; done = await this.embedPending(batch)) {
      total += done;
      await between?.();
    }
    return total;
  }

  private async embedPatientEntries(patientId: string, ids: string[], modelId: string): Promise<void> {
    // Read outside a transaction (inference must not hold one open); the write below is audited.
    const { entries } = await this.entries.currentEntries(
      this.access.systemScope(patientId, this.prisma),
      { ids },
      { audit: null },
    );
    if (!entries.length) return;
    const vectors = await this.embeddings.embed(entries.map((entry) => entry.text));
    await this.prisma.$transaction(async (tx) => {
      const scope = this.access.systemScope(patientId, tx);
      await this.vectors.save(
        patientId,
        modelId,
        entries.map((entry, i) => ({ entryId: entry.id, version: entry.version, vector: vectors[i]! })),
        tx,
      );
      await scope.audit(
        'entry.embed',
        entries.map((entry) => entry.id),
        { reason: `model ${modelId}` },
      );
    });
    for (const listener of this.embedded) listener(patientId);
  }
}
