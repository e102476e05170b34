import { escapeValue } from '../ingest/hl7/hl7-escape.js';
import { STANDARD_DELIMITERS } from '../ingest/hl7/hl7-delimiters.js';

/** HL7 v2.5.1 messages of the synthetic hospital, as its EHR and lab would send them (UTF-8). */
export const DEMO_SENDER = { application: 'DEMO-EHR', facility: 'DEMOHOSP' };

export interface DemoPerson {
  mrn: string;
  family: string;
  given: string;
  birthDate: string; // YYYY-MM-DD
  sex: 'F' | 'M';
  address: string;
}

export interface DemoMessage {
  at: Date;
  text: string;
}

const esc = (value: string) => escapeValue(value, STANDARD_DELIMITERS);
/** HL7 TS with the zone: the hospital's local time of day, stated as UTC. */
export const ts = (at: Date) => `${at.toISOString().replace(/[-:T]/g, '').slice(0, 14)}+0000`;

let control = 0;
function envelope(type: string, at: Date, segments: string[]): DemoMessage {
  const id = `DEMO${String(++control).padStart(7, '0')}`;
  const msh = `MSH|^~\\&|${DEMO_SENDER.application}|${DEMO_SENDER.facility}|ANAMNESIS|DEMOHOSP|${ts(at)}||${type}|${id}|P|2.5.1|||AL|NE||UNICODE UTF-8`;
  return { at, text: [msh, ...segments].join('\r') };
}

/** Control ids restart at 1 for every seeding (the import de-duplicates on them). */
export function resetControlIds(): void {
  control = 0;
}

const pid = (p: DemoPerson) =>
  `PID|1||${p.mrn}^^^DEMO^MR||${esc(p.family)}^${esc(p.given)}||${p.birthDate.replace(/-/g, '')}|${p.sex}|||${esc(p.address)}`;

function pv1(visit: string, cls: string, location: string, admit: Date, discharge?: Date): string {
  const f = Array.from({ length: 46 }, () => '');
  f[2] = cls;
  f[3] = location;
  f[19] = `${visit}^^^DEMO^VN`;
  f[44] = ts(admit);
  f[45] = discharge ? ts(discharge) : '';
  return `PV1|1${f.slice(2).join('|')}`.replace(/\|+$/, '');
}

export interface Diagnosis {
  code: string;
  display: string;
}

/** ADT A04 (registration, problems and allergies) or A08 (new problems). */
export function registration(
  p: DemoPerson,
  at: Date,
  problems: Diagnosis[],
  allergies: { substance: string; reaction: string; severity: 'MI' | 'MO' | 'SV' }[] = [],
  event: 'A04' | 'A08' = 'A04',
): DemoMessage {
  return envelope(`ADT^${event}^ADT_A01`, at, [
    `EVN|${event}|${ts(at)}`,
    pid(p),
    ...problems.map((d, i) => `DG1|${i + 1}||${d.code}^${esc(d.display)}^I10||${ts(at)}|F`),
    ...allergies.map((a, i) => `AL1|${i + 1}|DA|^${esc(a.substance)}|${a.severity}|${esc(a.reaction)}`),
  ]);
}

/** An inpatient stay: A01 admit, A02 transfers, A03 discharge. */
export function stay(
  p: DemoPerson,
  visit: string,
  moves: { at: Date; location: string }[],
  discharge: Date,
  diagnosis: Diagnosis,
): DemoMessage[] {
  const [first, ...transfers] = moves;
  const admit = first!.at;
  return [
    envelope('ADT^A01^ADT_A01', admit, [
      `EVN|A01|${ts(admit)}`,
      pid(p),
      pv1(visit, 'I', first!.location, admit),
      `DG1|1||${diagnosis.code}^${esc(diagnosis.display)}^I10||${ts(admit)}|A`,
    ]),
    ...transfers.map((move) =>
      envelope('ADT^A02^ADT_A02', move.at, [
        `EVN|A02|${ts(move.at)}`,
        pid(p),
        pv1(visit, 'I', move.location, admit),
      ]),
    ),
    envelope('ADT^A03^ADT_A03', discharge, [
      `EVN|A03|${ts(discharge)}`,
      pid(p),
      pv1(visit, 'I', moves.at(-1)!.location, admit, discharge),
    ]),
  ];
}

export interface LabResult {
  loinc: string;
  name: string;
  value: number;
  unit: string;
  low?: number;
  high?: number;
}

/** ORU R01: one order (OBR), its results drawn at `at`, reported an hour or two later. */
export function labReport(p: DemoPerson, order: string, at: Date, results: LabResult[]): DemoMessage {
  const reported = new Date(at.getTime() + 95 * 60_000);
  const flag = (r: LabResult) =>
    r.high !== undefined && r.value > r.high ? 'H' : r.low !== undefined && r.value < r.low ? 'L' : 'N';
  const range = (r: LabResult) =>
    r.low !== undefined && r.high !== undefined
      ? `${r.low}-${r.high}`
      : r.high !== undefined
        ? `<${r.high}`
        : r.low !== undefined
          ? `>${r.low}`
          : '';
  return envelope('ORU^R01^ORU_R01', reported, [
    pid(p),
    `OBR|1|P${order}^DEMO-EHR|F${order}^DEMOLAB|24323-8^Laboratory panel^LN|||${ts(at)}|||||||||||||||${ts(reported)}|||F`,
    ...results.map(
      (r, i) =>
        `OBX|${i + 1}|NM|${r.loinc}^${esc(r.name)}^LN||${r.value}|${esc(r.unit)}|${range(r)}|${flag(r)}|||F|||${ts(at)}`,
    ),
  ]);
}

/** A clinic note as the EHR sends it: ORU R01 with one TX result (→ a `note` titled by OBX-3). */
export function clinicNote(p: DemoPerson, order: string, at: Date, title: string, text: string): DemoMessage {
  return envelope('ORU^R01^ORU_R01', at, [
    pid(p),
    `OBR|1|P${order}^DEMO-EHR|F${order}^DEMO-EHR|11506-3^Progress note^LN|||${ts(at)}`,
    `OBX|1|TX|11506-3^${esc(title)}^LN||${esc(text)}||||||F|||${ts(at)}`,
  ]);
}

/** MDM T02: a discharge summary document with its text. */
export function dischargeSummary(p: DemoPerson, number: string, at: Date, text: string): DemoMessage {
  return envelope('MDM^T02^MDM_T02', at, [
    `EVN|T02|${ts(at)}`,
    pid(p),
    `TXA|1|DS^Discharge summary^HL70270|TX|${ts(at)}||||||||${number}^DEMO-EHR|||||AU||AV`,
    `OBX|1|TX|18842-5^Discharge summary^LN||${esc(text)}||||||F`,
  ]);
}

export interface DemoDrug {
  name: string;
  amount: string;
  unit: string;
}

/** RDE O11: a medication order (→ an active `medication`, keyed by the order number). */
export function prescription(p: DemoPerson, order: string, at: Date, drug: DemoDrug): DemoMessage {
  return envelope('RDE^O11^RDE_O11', at, [
    pid(p),
    `ORC|NW|P${order}^DEMO-EHR||||||||||||||${ts(at)}`,
    `RXE|^^^${ts(at)}|^${esc(drug.name)}|${esc(drug.amount)}||^${esc(drug.unit)}`,
  ]);
}

/** RDE O11 ORC-1 DC for an earlier `prescription` (same order): its medication becomes `stopped`. */
export function discontinuation(p: DemoPerson, order: string, at: Date, drug: DemoDrug): DemoMessage {
  return envelope('RDE^O11^RDE_O11', at, [
    pid(p),
    `ORC|DC|P${order}^DEMO-EHR|||||||${ts(at)}`,
    `RXE|^^^^${ts(at)}|^${esc(drug.name)}|${esc(drug.amount)}||^${esc(drug.unit)}`,
  ]);
}
