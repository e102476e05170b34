import { DomainError } from '../../common/errors/domain-error.js';
import type { Hl7Field } from '../hl7/hl7-message.js';

/** HL7 TS/DTM (`YYYY[MM[DD[HH[MM[SS[.S]]]]]][+/-ZZZZ]`) → Date (UTC when no offset), or undefined. */
export function hl7Instant(value: string): Date | undefined {
  const match = /^(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:\.\d+)?([+-]\d{4})?$/.exec(value.trim());
  if (!match) return undefined;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', zone] = match;
  const offset = zone ? `${zone.slice(0, 3)}:${zone.slice(3)}` : 'Z';
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${offset}`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** HL7 DT → ISO date `YYYY-MM-DD` (needs at least a full date), or undefined. */
export function hl7Date(value: string): string | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})/.exec(value.trim());
  if (!match) return undefined;
  const iso = `${match[1]}-${match[2]}-${match[3]}`;
  return Number.isNaN(new Date(`${iso}T00:00:00Z`).getTime()) ? undefined : iso;
}

/** HL7 coding system ids (table 0396) → the record's code systems. */
export function codeSystem(
  system: string,
): 'ICD-10' | 'ICD-10-CM' | 'SNOMED-CT' | 'LOINC' | 'RxNorm' | 'CPT' | 'local' {
  switch (system.trim().toUpperCase()) {
    case 'I10':
    case 'ICD10':
    case 'ICD-10':
      return 'ICD-10';
    case 'I10C':
    case 'ICD10CM':
      return 'ICD-10-CM';
    case 'SCT':
    case 'SNM':
    case 'SNOMED':
    case 'SNOMED-CT':
      return 'SNOMED-CT';
    case 'LN':
    case 'LOINC':
      return 'LOINC';
    case 'RXNORM':
    case 'RXN':
      return 'RxNorm';
    case 'C4':
    case 'CPT':
      return 'CPT';
    default:
      return 'local';
  }
}

/** A CE/CWE value: code, display (text, else the alternate text), system. */
export function coded(field: Hl7Field): { code: string; display: string; system: string } {
  return {
    code: field.component(1).trim(),
    display: (field.component(2) || field.component(5) || field.component(9)).trim(),
    system: field.component(3),
  };
}

/** HL7's explicit null `""` reads as empty. */
export const value = (field: Hl7Field, component = 1): string => {
  const text = field.component(component).trim();
  return text === '""' ? '' : text;
};

export class MappingError extends DomainError {
  constructor(reason: string) {
    super('mapping_failed', reason, 422);
  }
}
