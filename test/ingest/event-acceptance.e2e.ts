import { parseHl7 } from '../../src/ingest/hl7/hl7-parser.js';
import { DEFAULT_HL7_LIMITS } from '../../src/ingest/hl7/hl7-limits.js';
import { typeHandling, UnmappedPolicy } from '../../src/ingest/hl7/message-types.js';
import { assessMessage } from '../../src/ingest/message-assessment.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { corpus } from './hl7-corpus.js';
import { integrationHeaders, postHl7, waitFor } from './ingest-fixtures.js';

const everyone = { allows: () => true };
const msa = (ack: string) => {
  const segment = parseHl7(ack).segment('MSA')!;
  return { code: segment.field(1).value, controlId: segment.field(2).value };
};
const SIU = [
  'MSH|^~\\&|EPIC|GENHOSP|ANAMNESIS|CLINIC|20261201083000||SIU^S12^SIU_S12|SIU-1|P|2.5.1',
  'SCH|APT1^EPIC|APT1^EPIC|||||ROUTINE|FOLLOWUP|30|min',
  'PID|1||E1001^^^GENHOSP^MR||EVERGREEN^ROSE||19620415|F',
].join('\r');

describe('every ADT event, orders and schedules are accepted', () => {
  it('accepts every event fixture (ADT A01–A62, ORU, MDM T01–T11, RDE, RAS, VXU, orders, SIU, BAR, DFT)', () => {
    const files = corpus('events');
    expect(files.length).toBeGreaterThan(90);
    const refused = files.filter((f) => !assessMessage(f.bytes, DEFAULT_HL7_LIMITS, everyone).ok);
    expect(refused.map((f) => f.name)).toEqual([]);
  });

  it('tells mapped, stored-only and unsupported types apart', () => {
    expect(typeHandling('ADT^A01')).toBe('mapped');
    expect(typeHandling('SIU^S12')).toBe('unmapped');
    expect(typeHandling('ADT^A20')).toBe('unmapped');
    expect(typeHandling('ZDT^Z01')).toBe('unsupported');
    expect(typeHandling('ACK^A01')).toBe('unsupported');
    expect(typeHandling('ADT^A99')).toBe('unsupported');
  });

  it('INGEST_UNMAPPED decides per type: the most specific entry wins', () => {
    const policy = new UnmappedPolicy('ack,SIU=reject,SIU^S14=ack');
    expect(policy.accepts('SIU^S12')).toBe(false);
    expect(policy.accepts('SIU^S14')).toBe(true);
    expect(policy.accepts('ORM^O01')).toBe(true);
    expect(new UnmappedPolicy('reject').accepts('ORM^O01')).toBe(false);
    const refused = assessMessage(Buffer.from(SIU), DEFAULT_HL7_LIMITS, everyone, policy);
    expect(refused).toMatchObject({ ok: false, error: { code: 'unsupported_type', ackCode: 'AR' } });
  });

  it('parses MSH-2 with three encoding characters (subcomponent separator defaulted)', () => {
    const file = corpus('events').find((f) => f.name === 'ADT_A01_three_encoding_chars.hl7')!;
    expect(assessMessage(file.bytes, DEFAULT_HL7_LIMITS, everyone)).toMatchObject({ ok: true, mapped: true });
  });
});

describe('over HTTP: unmapped types stored and listed, every ACK echoes MSH-10', () => {
  let t: TestApp;
  let headers: Record<string, string>;
  let admin: Record<string, string>;
  beforeAll(async () => {
    t = await createTestApp({ INGEST_UNMAPPED: 'ack,DFT=reject' });
    headers = await integrationHeaders(t);
    admin = await integrationHeaders(t, 'admin');
  });
  afterAll(() => t.close());

  it('ACKs an SIU^S12 AA, stores it, marks it unmapped with the reason, lists it and replays it', async () => {
    const response = (await postHl7(t, SIU, headers)).json();
    expect(msa(response.acks[0].ack)).toEqual({ code: 'AA', controlId: 'SIU-1' });
    const row = await waitFor(() =>
      t.prisma.ingestMessage.findFirst({ where: { controlId: 'SIU-1', status: 'unmapped' } }),
    );
    expect(row.reason).toBe('not_mapped: SIU^S12 is accepted and stored, but has no mapping into the record');
    const listed = (
      await t.app.inject({ method: 'GET', url: '/api/ingest/quarantine', headers: admin })
    ).json();
    expect(listed.messages).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: row.id, status: 'unmapped', ackCode: 'AA' })]),
    );
    const status = (await t.app.inject({ method: 'GET', url: '/api/ingest/status', headers })).json();
    expect(status.unmapped).toBeGreaterThanOrEqual(1);
    const replay = await t.app.inject({
      method: 'POST',
      url: `/api/ingest/quarantine/${row.id}/replay`,
      headers: admin,
    });
    expect(replay.json()).toMatchObject({ id: row.id, status: 'queued' });
    await waitFor(() =>
      t.prisma.ingestMessage.findFirst({ where: { id: row.id, status: 'unmapped', attempts: 2 } }),
    );
    // Staged by the mapping transaction, chained by the sequencer shortly after commit.
    const events = await waitFor(async () => {
      const found = await t.prisma.auditEvent.findMany({
        where: { type: 'ingest.process', entityIds: { has: row.id } },
      });
      return found.length === 2 && found;
    });
    expect(events.map((e) => [e.outcome, e.reason])).toEqual([
      ['success', 'not_mapped'],
      ['success', 'not_mapped'],
    ]);
  });

  it('answers AR to a type INGEST_UNMAPPED refuses, and to a type outside HL7 v2, echoing MSH-10', async () => {
    const dft = SIU.replace('SIU^S12^SIU_S12|SIU-1', 'DFT^P03^DFT_P03|DFT-1');
    const zdt = SIU.replace('SIU^S12^SIU_S12|SIU-1', 'ZDT^Z01|ZDT-1');
    const acks = (await postHl7(t, `${dft}\r${zdt}\r`, headers)).json().acks;
    expect(acks.map((a: { ack: string }) => msa(a.ack))).toEqual([
      { code: 'AR', controlId: 'DFT-1' },
      { code: 'AR', controlId: 'ZDT-1' },
    ]);
  });

  it('echoes MSH-10 in the AE of a message that does not parse', async () => {
    const broken = [
      'MSH|^~\\&|EPIC|GENHOSP|ANAMNESIS|CLINIC|20261201083000||ADT^A01^ADT_A01|BROKEN-7|P|2.5.1',
      'PID|1||E1001^^^GENHOSP^MR||EVERGREEN^ROSE\\Q\\||19620415|F',
    ].join('\r');
    const [ack] = (await postHl7(t, broken, headers)).json().acks;
    expect(msa(ack.ack)).toEqual({ code: 'AE', controlId: 'BROKEN-7' });
    expect(ack.controlId).toBe('BROKEN-7');
  });
});
