import type { EntryBody, EntryKind } from '../../records/entry-kinds.js';

/**
 * The searchable text of an entry body, per kind: what is embedded and what BM25 indexes (and
 * what a report quotes, by the character offsets retrieval returns into this text).
 */
export function entryText(kind: EntryKind | string, body: EntryBody): string {
  const b = body as Record<string, unknown>;
  const parts = (...values: unknown[]) =>
    values.filter((value) => value !== undefined && value !== null && value !== '').join(' ');
  const coded = () =>
    b.code ? `(${String(b.codeSystem ? `${String(b.codeSystem)} ` : '')}${String(b.code)})` : undefined;
  switch (kind) {
    case 'note':
      return b.title ? `${String(b.title)}\n${String(b.text)}` : String(b.text);
    case 'document':
      return `${String(b.title)}\n${String(b.text)}`;
    case 'problem':
      return parts(
        b.display,
        coded(),
        b.status === 'active' ? undefined : `[${String(b.status)}]`,
        b.onset ? `onset ${String(b.onset)}` : undefined,
      );
    case 'medication':
      return parts(
        b.name,
        b.dose,
        b.route,
        b.frequency,
        b.status === 'active' ? undefined : `[${String(b.status)}]`,
      );
    case 'allergy':
      return parts(
        'Allergy:',
        b.substance,
        b.reaction ? `- ${String(b.reaction)}` : undefined,
        b.severity ? `(${String(b.severity)})` : undefined,
      );
    case 'observation': {
      const range = b.referenceRange as { low?: number; high?: number; text?: string } | undefined;
      const ref =
        range?.text ??
        (range && (range.low !== undefined || range.high !== undefined)
          ? `${range.low ?? ''}-${range.high ?? ''}`
          : undefined);
      return parts(
        b.display ?? b.code,
        b.value,
        b.unit,
        ref ? `(ref ${ref})` : undefined,
        b.abnormalFlag && b.abnormalFlag !== 'N' ? b.abnormalFlag : undefined,
        b.display ? coded() : undefined,
      );
    }
    case 'encounter':
      return parts(
        b.type,
        b.reason ? `- ${String(b.reason)}` : undefined,
        b.location ? `at ${String(b.location)}` : undefined,
      );
    case 'procedure':
      return parts(b.display, coded(), b.outcome ? `- ${String(b.outcome)}` : undefined);
    default:
      return Object.values(b)
        .filter((value) => typeof value === 'string')
        .join(' ');
  }
}
