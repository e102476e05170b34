import { FieldCipher } from '../../src/crypto/field-cipher.js';
import { ENTRY_BODY } from '../../src/records/entry-view.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { corpus } from './hl7-corpus.js';
import { integrationHeaders, postHl7, waitFor } from './ingest-fixtures.js';

const MSH = (type: string, id: string) =>
  `MSH|^~\\&|LAB|HOSP|ANAMNESIS|CLINIC|20261129101112||${type}|${id}|P|2.5.1||||||UNICODE UTF-8`;
const PID =
  'PID|1||MRN777^^^HOSP^MR~X1^^^OTHER^NI||Müller^Anna^B||19750314|F|||Hauptstr. 1^^Bern^BE^3000^CH||031 555 00 00';

describe('mapping stored messages into the record', () => {
  let t: TestApp;
  let headers: Record<string, string>;
  beforeAll(async () => {
    t = await createTestApp();
    headers = await integrationHeaders(t);
  });
  afterAll(() => t.close());

  async function mapped(text: string | Buffer) {
    const response = (await postHl7(t, text, headers)).json();
    expect(response.acks[0].code).toBe('AA');
    const id = (
      await t.prisma.ingestMessage.findFirstOrThrow({ where: { controlId: response.acks[0].controlId } })
    ).id;
    return waitFor(() =>
      t.prisma.ingestMessage.findFirst({ where: { id, status: { in: ['processed', 'quarantined'] } } }),
    );
  }

  async function bodies(messageId: string) {
    const versions = await t.prisma.entryVersion.findMany({
      where: { sourceMessageId: messageId },
      include: { entry: true },
    });
    const cipher = t.app.get(FieldCipher);
    return Promise.all(
      versions.map(async (v) => ({
        kind: v.entry.kind,
        sourceRef: v.entry.sourceRef,
        body: await cipher.decryptForPatient<Record<string, unknown>>(
          v.patientId,
          ENTRY_BODY(v.id, { entryId: v.entryId, version: v.version, kind: v.entry.kind }),
          v.body,
        ),
      })),
    );
  }

  it('ADT^A01: patient (MRN with authority), encounter, problem, allergy — with provenance to message and segment', async () => {
    const row = await mapped(
      [
        MSH('ADT^A01^ADT_A01', 'MAP-ADT'),
        'EVN|A01|20261129101112',
        PID,
        'PV1|1|I|WARD^101^1^HOSP||||||||||||||||V1|||||||||||||||||||||||||20261129100000',
        'DG1|1||I10^Essential hypertension^I10||20200101|A',
        'AL1|1|DA|70618^Penicillin^RXNORM|SV|Hives~Rash',
      ].join('\r'),
    );
    expect(row).toMatchObject({ status: 'processed' });
    const patient = await t.prisma.patient.findFirstOrThrow({ where: { sourceMessageId: row.id } });
    expect(patient.assigningAuthority).toBe('HOSP');
    const entries = await bodies(row.id);
    const byKind = Object.fromEntries(entries.map((e) => [e.kind, e]));
    // The visit (PV1-19) names the encounter across ADT events: its key is a blind index, not the number.
    expect(byKind.encounter).toMatchObject({
      sourceRef: expect.stringMatching(/^visit:[0-9a-f]{40}$/),
      body: { type: 'inpatient', location: 'WARD 101 1 HOSP', status: 'in-progress' },
    });
    expect(byKind.problem!.body).toEqual({
      codeSystem: 'ICD-10',
      code: 'I10',
      display: 'Essential hypertension',
      status: 'active',
      onset: '2020-01-01',
    });
    expect(byKind.allergy!.body).toEqual({
      codeSystem: 'RxNorm',
      code: '70618',
      substance: 'Penicillin',
      severity: 'severe',
      reaction: 'Hives, Rash',
    });
  });

  it('ORU^R01: NM with unit, range and flag; coded and text results; NTE comments', async () => {
    const row = await mapped(
      [
        MSH('ORU^R01^ORU_R01', 'MAP-ORU'),
        PID,
        'OBR|1|A1|B1|24323-8^Panel^LN|||20261128080000',
        'OBX|1|NM|2345-7^Glucose^LN||7.2|mmol/L^mmol/L^UCUM|3.9-5.5|H|||F',
        'OBX|2|CWE|600-7^Culture^LN||3092008^Staphylococcus aureus^SCT||||||P',
        'OBX|3|TX|11526-1^Pathology^LN||First line.~Second line.',
        'NTE|1||Fasting \\T\\ rested',
      ].join('\r'),
    );
    expect(row).toMatchObject({ status: 'processed' });
    const entries = await bodies(row.id);
    const observations = entries.filter((e) => e.kind === 'observation').map((e) => e.body);
    expect(observations).toEqual(
      expect.arrayContaining([
        {
          codeSystem: 'LOINC',
          code: '2345-7',
          display: 'Glucose',
          value: 7.2,
          unit: 'mmol/L',
          referenceRange: { low: 3.9, high: 5.5 },
          abnormalFlag: 'H',
          status: 'final',
        },
        {
          codeSystem: 'LOINC',
          code: '600-7',
          display: 'Culture',
          value: 'Staphylococcus aureus',
          status: 'preliminary',
        },
      ]),
    );
    const notes = entries.filter((e) => e.kind === 'note').map((e) => e.body);
    expect(notes).toEqual(
      expect.arrayContaining([
        { title: 'Pathology', text: 'First line.\nSecond line.' },
        { title: 'Comment', text: 'Fasting & rested' },
      ]),
    );
    // Results of an order (OBR-3) are keyed by order + OBX-3 + OBX-4 (blind index), the rest by message/segment.
    expect(
      entries.every(
        (e) => e.sourceRef!.startsWith(`${row.id}/`) || /^result:[0-9a-f]{40}$/.test(e.sourceRef!),
      ),
    ).toBe(true);
  });

  it('ED and RP results become documents: text decoded, binaries described, pointers never fetched', async () => {
    const ORDER = ['Lab report', 'Discharge summary', 'Progress note', 'Imaging report', 'Broken'];
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(3000, 7)]).toString('base64');
    const row = await mapped(
      [
        MSH('ORU^R01^ORU_R01', 'MAP-ED'),
        PID,
        'OBR|1|A2|B2|11502-2^Lab report^LN|||20261128090000',
        `OBX|1|ED|11502-2^Lab report^LN||LAB^AP^PDF^Base64^${pdf}||||||F`,
        `OBX|2|ED|18842-5^Discharge summary^LN||LAB^TEXT^PLAIN^Base64^${Buffer.from('Discharged home.\r\nReview in 2 weeks.').toString('base64')}||||||F`,
        `OBX|3|ED|11506-3^Progress note^LN||LAB^TEXT^^Hex^${Buffer.from('Stable overnight.').toString('hex')}||||||F`,
        'OBX|4|RP|18748-4^Imaging report^LN||https://pacs.example/study/42^PACS^IM^JPEG||||||F',
        'OBX|5|ED|11502-2^Broken^LN||LAB^AP^PDF^Base64^not*base64||||||F',
      ].join('\r'),
    );
    expect(row).toMatchObject({ status: 'processed' });
    const documents = (await bodies(row.id))
      .filter((e) => e.kind === 'document')
      .map((e) => e.body)
      .sort((a, b) => ORDER.indexOf(a.title as string) - ORDER.indexOf(b.title as string));
    expect(documents).toEqual([
      {
        title: 'Lab report',
        contentType: 'text/plain',
        text: 'Attached document (AP/PDF), 3,009 bytes: kept in the source message, not shown as text.',
      },
      { title: 'Discharge summary', contentType: 'text/plain', text: 'Discharged home.\nReview in 2 weeks.' },
      { title: 'Progress note', contentType: 'text/plain', text: 'Stable overnight.' },
      {
        title: 'Imaging report',
        contentType: 'text/plain',
        text: 'External document (IM/JPEG): https://pacs.example/study/42 (held by PACS). Not retrieved by Anamnesis.',
      },
      {
        title: 'Broken',
        contentType: 'text/plain',
        text: 'Attached document (AP/PDF) could not be decoded (encoding "BASE64").',
      },
    ]);
  });

  it('maps the corpus messages of every supported type, or quarantines them with a field-level reason', async () => {
    const supported = corpus('good').filter(
      (f) =>
        /ADT-A0[148]|ADT-A28|ADT-A31|ORU|MDM-T02|RDE|VXU/.test(f.name) && !f.name.includes('LargeEmbedded'),
    );
    const outcomes = [];
    for (const file of supported) {
      const response = (await postHl7(t, file.bytes, headers)).json();
      if (response.acks[0].code !== 'AA') continue;
      const id = (
        await t.prisma.ingestMessage.findFirstOrThrow({
          where: { controlId: response.acks[0].controlId, ackCode: 'AA' },
        })
      ).id;
      const row = await waitFor(() =>
        t.prisma.ingestMessage.findFirst({ where: { id, status: { in: ['processed', 'quarantined'] } } }),
      );
      outcomes.push({
        name: file.name,
        status: row.status,
        reason: row.reason,
        entries: await t.prisma.entryVersion.count({ where: { sourceMessageId: id } }),
      });
    }
    if (process.env.SHOW_OUTCOMES) console.log(JSON.stringify(outcomes, null, 1));
    expect(outcomes.length).toBeGreaterThan(10);
    const processed = outcomes.filter((o) => o.status === 'processed');
    expect(processed.length / outcomes.length).toBeGreaterThan(0.7);
    expect(processed.filter((o) => o.entries > 0).length).toBeGreaterThan(5);
    for (const o of outcomes.filter((o) => o.status === 'quarantined'))
      expect(o.reason).toMatch(/^(mapping_failed|invalid_body|invalid_demographics|[a-z_]+): /);
  }, 60_000);

  it('VXU immunizations become procedures; RDE orders become medications', async () => {
    const vxu = await mapped(
      [
        MSH('VXU^V04^VXU_V04', 'MAP-VXU'),
        PID,
        'RXA|0|1|20261101||08^Hep B, adolescent or pediatric^CVX|0.5|mL|||||||||||||CP',
      ].join('\r'),
    );
    const rde = await mapped(
      [
        MSH('RDE^O11^RDE_O11', 'MAP-RDE'),
        PID,
        'ORC|NW|1',
        'RXE|^^^20261129^^R|197361^Amlodipine 5 MG Oral Tablet^RXNORM|5||mg^mg',
      ].join('\r'),
    );
    expect((await bodies(vxu.id)).map((e) => [e.kind, e.body])).toEqual([
      [
        'procedure',
        {
          codeSystem: 'local',
          code: '08',
          display: 'Immunization: Hep B, adolescent or pediatric',
          outcome: 'CP',
        },
      ],
    ]);
    expect((await bodies(rde.id)).map((e) => [e.kind, e.body])).toEqual([
      [
        'medication',
        {
          codeSystem: 'RxNorm',
          code: '197361',
          name: 'Amlodipine 5 MG Oral Tablet',
          dose: '5 mg',
          status: 'active',
        },
      ],
    ]);
  });

  it('quarantines a message the record refuses, naming the field', async () => {
    const row = await mapped([MSH('ADT^A04^ADT_A04', 'MAP-NOBIRTH'), PID.replace('19750314', '')].join('\r'));
    expect(row).toMatchObject({
      status: 'quarantined',
      reason: 'mapping_failed: PID-7 birth date is missing or invalid',
    });
  });
});
