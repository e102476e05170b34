import { Injectable } from '@nestjs/common';
import type { PatientScope } from '../access/patient-scope.js';
import { toGrid } from './ranking/vector-grid.js';
import { EntryVectorStore } from '../embeddings/entries/entry-vector-store.js';
import { CurrentEntriesReader } from '../records/current-entries.js';
import { isRetracted } from '../records/entry-view.js';
import type { PatientMemory } from './memory-snapshot.js';
import { PatientCorpus, type RetrievableEntry } from './ranking/patient-corpus.js';

/**
 * Builds ONE patient's searchable corpus from the records read port (current entries, decrypted,
 * with their text) and the embeddings' vector store (vectors under `modelId`), inside the scope's
 * transaction. A vector computed from an older entry version is ignored, so the entry ranks
 * lexically until it is re-embedded. Neither the tables nor the cipher are known here.
 */
@Injectable()
export class PatientCorpusLoader {
  constructor(
    private readonly entries: CurrentEntriesReader,
    private readonly vectors: EntryVectorStore,
  ) {}

  /** What the patient's searchable state looks like now (a changed stamp means a stale corpus). */
  async stamp(scope: PatientScope, modelId: string): Promise<string> {
    const [entries, vectors] = await Promise.all([
      this.entries.stamp(scope),
      this.vectors.stamp(scope.patientId, modelId, scope.client ?? scope.tx),
    ]);
    return `${entries}|${vectors}`;
  }

  /**
   * Not audited here: retrieval records `retrieval.query` naming the entries it returns, in the
   * same transaction (the corpus itself stays in memory).
   */
  async load(scope: PatientScope, modelId: string): Promise<PatientMemory> {
    const read = await this.entries.currentEntries(scope, {}, { audit: null });
    const entries = read.entries.filter((entry) => !isRetracted(entry));
    const vectors = new Map(
      (await this.vectors.forPatient(scope.patientId, modelId, scope.tx)).map((v) => [v.entryId, v]),
    );
    const retrievable: RetrievableEntry[] = entries.map((entry) => {
      const vector = vectors.get(entry.id);
      return {
        id: entry.id,
        kind: entry.kind,
        occurredAt: entry.occurredAt,
        text: entry.text,
        vector: vector && vector.version === entry.version ? toGrid(vector.vector) : undefined,
      };
    });
    return {
      corpus: new PatientCorpus(retrievable),
      versions: Int32Array.from(entries, (entry) => entry.version),
    };
  }
}
