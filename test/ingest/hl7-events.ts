/** Builders of real-world-shaped HL7 v2.5.1 messages for the event tests (one patient, visit, order, document each). */
let counter = 0;
const id = (prefix: string) => `${prefix}-${++counter}-${Date.now().toString(36)}`;

export interface Person {
  mrn: string;
  family: string;
  given: string;
  birthDate: string;
}

export const person = (
  mrn: string,
  family = 'EVERGREEN',
  given = 'ROSE',
  birthDate = '19620415',
): Person => ({
  mrn,
  family,
  given,
  birthDate,
});

const msh = (type: string, controlId: string, at = '20261201083000') =>
  `MSH|^~\\&|EPIC|GENHOSP|ANAMNESIS|CLINIC|${at}||${type}|${controlId}|P|2.5.1|||AL|NE||UNICODE UTF-8`;
const pid = (p: Person, set = 1) =>
  `PID|${set}||${p.mrn}^^^GENHOSP^MR||${p.family}^${p.given}||${p.birthDate}|F|||12 ELM ST^^SPRINGFIELD^IL^62701`;

export function pv1(options: {
  visit?: string;
  cls?: string;
  location?: string;
  admit?: string;
  discharge?: string;
}) {
  const f: string[] = Array.from({ length: 46 }, () => '');
  f[1] = '1';
  f[2] = options.cls ?? 'I';
  f[3] = options.location ?? '4W^412^B^GENHOSP';
  f[19] = options.visit ? `${options.visit}^^^GENHOSP^VN` : '';
  f[44] = options.admit ?? '';
  f[45] = options.discharge ?? '';
  return `PV1|${f.slice(1).join('|')}`.replace(/\|+$/, '');
}

/** An ADT message: `event` (A01…), the patient, optional PV1 and further segments (MRG…). */
export function adtEvent(event: string, p: Person, segments: string[], at = '20261201083000') {
  const controlId = id(`ADT-${event}`);
  return {
    controlId,
    text: [msh(`ADT^${event}^ADT_${event}`, controlId, at), `EVN|${event}|${at}`, pid(p), ...segments].join(
      '\r',
    ),
  };
}

/** ORU^R01 for one order with results `[code, name, value, status(OBX-11)]`, OBR-25 as given. */
export function oru(
  p: Person,
  order: string,
  results: [string, string, string, string][],
  reportStatus = 'F',
) {
  const controlId = id('ORU');
  return {
    controlId,
    text: [
      msh('ORU^R01^ORU_R01', controlId),
      pid(p),
      `OBR|1|P-${order}^EPIC|${order}^LAB|24323-8^Metabolic panel^LN|||20261201060000|||||||||||||||20261201070000|||${reportStatus}`,
      ...results.map(
        ([code, name, value, status], i) =>
          `OBX|${i + 1}|NM|${code}^${name}^LN||${value}|mmol/L^mmol/L^UCUM|3.9-5.5|N|||${status}|||20261201060000`,
      ),
    ].join('\r'),
  };
}

/** MDM `event` for document `number` (TXA-12), parent (TXA-13), completion status (TXA-17), text (OBX). */
export function mdm(
  event: string,
  p: Person,
  options: { number: string; parent?: string; status?: string; text?: string },
) {
  const controlId = id(`MDM-${event}`);
  const txa: string[] = Array.from({ length: 20 }, () => '');
  txa[1] = '1';
  txa[2] = 'DS^Discharge summary^HL70270';
  txa[3] = 'TX';
  txa[4] = '20261201090000';
  txa[12] = `${options.number}^EPIC`;
  txa[13] = options.parent ? `${options.parent}^EPIC` : '';
  txa[17] = options.status ?? 'AU';
  txa[19] = 'AV';
  return {
    controlId,
    text: [
      msh(`MDM^${event}^MDM_T02`, controlId),
      `EVN|${event}|20261201090000`,
      pid(p),
      `TXA|${txa.slice(1).join('|')}`.replace(/\|+$/, ''),
      ...(options.text ? [`OBX|1|TX|18842-5^Discharge summary^LN||${options.text}||||||F`] : []),
    ].join('\r'),
  };
}

/** RDE^O11 for one order: ORC-1 `control` (NW, DC, XO…), ORC-2 placer `order`, the drug and dose (RXE). */
export function rde(
  control: string,
  p: Person,
  options: { order?: string; drug: string; code: string; dose: string; at?: string },
) {
  const controlId = id(`RDE-${control}`);
  const at = options.at ?? '20261201083000';
  return {
    controlId,
    text: [
      msh('RDE^O11^RDE_O11', controlId, at),
      pid(p),
      `ORC|${control}|${options.order ? `${options.order}^EPIC` : ''}|||||||${at}`,
      `RXE|1^BID^^20261201|${options.code}^${options.drug}^RXNORM|${options.dose}||mg^mg^UCUM`,
    ].join('\r'),
  };
}
