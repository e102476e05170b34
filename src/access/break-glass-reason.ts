import { Inject, Injectable } from '@nestjs/common';
import pg from 'pg';
import { BreakGlassReasons } from '../audit/review/break-glass-reasons.js';
import { FieldCipher, type FieldRef } from '../crypto/field-cipher.js';
import { PG_POOL } from '../database/prisma.service.js';
import type { Db } from '../common/db.js';

export const MIN_REASON_LENGTH = 10;

/** Characters that show nothing: format (Cf: zero-width space/joiners, bidi marks), controls, separators, whitespace. */
const INVISIBLE = /[\p{Cf}\p{Cc}\p{Z}\s]/u;

/**
 * The reason as stored: NFKC-normalised (so compatibility forms such as full-width letters become
 * ordinary ones) with format characters (Unicode category Cf) removed, trimmed.
 */
export function normaliseReason(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/\p{Cf}/gu, '')
    .trim();
}

/** Visible characters, counted in code points: what the ≥ 10-character rule counts. */
export function visibleLength(reason: string): number {
  let count = 0;
  for (const character of normaliseReason(reason)) if (!INVISIBLE.test(character)) count++;
  return count;
}

/** Where a grant's reason is sealed: the AAD binds patient, table, grant id and field. */
export const reasonRef = (grantId: string): FieldRef => ({
  table: 'break_glass_grants',
  rowId: grantId,
  field: 'reason',
});

export function sealReason(cipher: FieldCipher, patientId: string, grantId: string, reason: string, tx: Db) {
  return cipher.encrypt(patientId, reasonRef(grantId), reason, tx);
}

/**
 * The reasons of these grants, opened under their patients' keys, for the compliance review
 * (audit/review asks through its `BreakGlassReasons` port; app.module wires this class in).
 */
@Injectable()
export class SealedBreakGlassReasons extends BreakGlassReasons {
  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    private readonly cipher: FieldCipher,
  ) {
    super();
  }

  async open(grantIds: string[]): Promise<Map<string, string>> {
    const reasons = new Map<string, string>();
    if (grantIds.length === 0) return reasons;
    const { rows } = await this.pool.query<{ id: string; patient_id: string; reason_ciphertext: Buffer }>(
      `SELECT id, patient_id, reason_ciphertext FROM break_glass_grants
        WHERE id = ANY($1::uuid[]) AND reason_ciphertext IS NOT NULL`,
      [grantIds],
    );
    for (const row of rows) {
      try {
        reasons.set(
          row.id,
          await this.cipher.decryptText(row.patient_id, reasonRef(row.id), row.reason_ciphertext),
        );
      } catch {
        // Erased patient: the reason was shredded with the key.
      }
    }
    return reasons;
  }
}
