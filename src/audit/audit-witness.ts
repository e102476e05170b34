import { join } from 'node:path';
import type { AppConfig } from '../config/config.schema.js';

/** A signed checkpoint as the witness keeps it (the same claim and signature as audit_checkpoints). */
export interface WitnessedCheckpoint {
  seq: bigint;
  hash: Buffer;
  recordedAt: Date;
  keyId: string;
  signature: Buffer;
}

/**
 * Somewhere outside the database that keeps every signed checkpoint, so that the database account
 * cannot take back what was signed (a deleted tail, a rewound chain head, a removed checkpoint).
 * The shipped one is an append-only file (FileAuditWitness); syslog or object storage with a
 * retention lock would implement the same two methods.
 */
export interface AuditWitness {
  /** Where it is, for messages (no secrets). */
  readonly description: string;
  /** Resolves once the checkpoint is on stable storage. */
  append(checkpoint: WitnessedCheckpoint): Promise<void>;
  /** Every checkpoint it holds, oldest first; `unreadable` counts entries it could not parse. */
  read(): Promise<{ checkpoints: WitnessedCheckpoint[]; unreadable: number }>;
}

export const AUDIT_WITNESS = Symbol('AUDIT_WITNESS');

/** AUDIT_WITNESS_DIR, or DATA_DIR/audit-witness outside production (config refuses that there). */
export function witnessDir(config: Pick<AppConfig, 'AUDIT_WITNESS_DIR' | 'DATA_DIR'>): string {
  return config.AUDIT_WITNESS_DIR ?? join(config.DATA_DIR, 'audit-witness');
}
