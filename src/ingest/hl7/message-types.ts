/**
 * Which HL7 v2 message types Anamnesis accepts, and which of them it maps into the record.
 * Accepted but not mapped: stored raw (encrypted), ACKed AA under INGEST_UNMAPPED=ack,
 * listed as "not mapped" with the reason, replayable once a mapping exists. Anything else — a type
 * outside these families, a Z-type, an ACK sent to us — is AR.
 */

/** Types mapped into the record; the mapper dispatches on these (src/ingest/mapping/). */
export const MAPPED_TYPES = new Set([
  // Encounters (mapping/encounter-events.ts) and demographics.
  ...['A01', 'A02', 'A03', 'A04', 'A05', 'A06', 'A07', 'A08', 'A11', 'A12', 'A13', 'A14', 'A15', 'A16'].map(
    (event) => `ADT^${event}`,
  ),
  ...['A21', 'A22', 'A23', 'A25', 'A26', 'A27', 'A28', 'A31', 'A38', 'A52', 'A53'].map(
    (event) => `ADT^${event}`,
  ),
  // Merges, identifier changes, links, deletes (mapping/patient-events.ts).
  ...['A24', 'A29', 'A37', 'A39', 'A40', 'A41', 'A42', 'A47', 'A49'].map((event) => `ADT^${event}`),
  'ORU^R01',
  ...Array.from({ length: 11 }, (_, i) => `MDM^T${String(i + 1).padStart(2, '0')}`),
  'RDE^O11',
  'RDE^O25',
  'RAS^O17',
  'VXU^V04',
]);

const range = (code: string, from: number, to: number, width = 2) =>
  Array.from({ length: to - from + 1 }, (_, i) => `${code}${String(from + i).padStart(width, '0')}`);

/** Accepted families: every trigger event of the v2.5.1 ADT chapter, documents, results, orders, schedules, billing. */
const ACCEPTED: Record<string, Set<string>> = {
  ADT: new Set(range('A', 1, 62).filter((event) => event !== 'A19')),
  ORU: new Set(['R01']),
  MDM: new Set(range('T', 1, 11)),
  RDE: new Set(['O11', 'O25']),
  RAS: new Set(['O17']),
  VXU: new Set(['V04']),
  ORM: new Set(['O01']),
  OML: new Set(['O21']),
  OMG: new Set(['O19']),
  SIU: new Set(range('S', 12, 26)),
  BAR: new Set(['P01', 'P02', 'P05', 'P06', 'P10', 'P12']),
  DFT: new Set(['P03', 'P11']),
};

export type TypeHandling = 'mapped' | 'unmapped' | 'unsupported';

/** `ADT^A01` → mapped; `SIU^S12` → unmapped (accepted, stored); `ZDT^Z01` → unsupported. */
export function typeHandling(messageType: string): TypeHandling {
  if (MAPPED_TYPES.has(messageType)) return 'mapped';
  const [code = '', event = ''] = messageType.split('^');
  return ACCEPTED[code]?.has(event) ? 'unmapped' : 'unsupported';
}

/**
 * INGEST_UNMAPPED: `ack`/`reject` as the default, `TYPE=ack|reject` per message code (`SIU`) or
 * type (`ADT^A20`); the most specific entry wins. Validated by the config schema.
 */
export class UnmappedPolicy {
  private readonly byType = new Map<string, 'ack' | 'reject'>();
  private readonly fallback: 'ack' | 'reject';

  constructor(setting = 'ack') {
    let fallback: 'ack' | 'reject' = 'ack';
    for (const entry of setting.split(',').map((part) => part.trim())) {
      const [left, right] = entry.split('=');
      if (right === undefined) fallback = left === 'reject' ? 'reject' : 'ack';
      else this.byType.set(left!, right === 'reject' ? 'reject' : 'ack');
    }
    this.fallback = fallback;
  }

  accepts(messageType: string): boolean {
    const decision =
      this.byType.get(messageType) ?? this.byType.get(messageType.split('^')[0]!) ?? this.fallback;
    return decision === 'ack';
  }
}
