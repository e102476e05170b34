import { buildAck, buildErrorAck } from './hl7-ack.js';
import { Hl7Error } from './hl7-errors.js';
import { readHl7Header } from './hl7-header.js';
import { parseHl7 } from './hl7-parser.js';

const now = new Date('2026-11-29T10:11:12Z');
const ORIGINAL = parseHl7(
  'MSH|^~\\&|LAB^1.2.3^ISO|HOSP|ANAMNESIS|CLINIC|20260101120000||ORU^R01^ORU_R01|CTRL\\F\\42|P|2.5.1\rPID|1||123',
);

describe('buildAck', () => {
  it('answers AA with MSA-2 echoing MSH-10 and sender/receiver swapped', () => {
    const ack = parseHl7(buildAck(ORIGINAL, { code: 'AA', now, controlId: 'ACK1' }));
    const msh = ack.header;
    expect(msh.field(3).value).toBe('ANAMNESIS');
    expect(msh.field(4).value).toBe('CLINIC');
    expect(msh.field(5).component(2)).toBe('1.2.3');
    expect(msh.field(7).value).toBe('20261129101112+0000');
    expect(ack.messageType).toBe('ACK^R01');
    expect(ack.controlId).toBe('ACK1');
    expect(ack.version).toBe('2.5.1');
    expect(ack.segment('MSA')!.field(1).value).toBe('AA');
    expect(ack.segment('MSA')!.field(2).value).toBe('CTRL|42');
    expect(ack.segment('ERR')).toBeUndefined();
  });

  it('adds an ERR segment with code, location and reason for AE and AR', () => {
    const error = new Hl7Error('missing_field', 'PID-3 patient identifier is missing', 'PID^1^3');
    const ack = parseHl7(buildErrorAck(ORIGINAL, error, now));
    expect(ack.segment('MSA')!.field(1).value).toBe('AE');
    expect(ack.segment('MSA')!.field(3).value).toBe('PID-3 patient identifier is missing');
    const err = ack.segment('ERR')!;
    expect(err.field(2).component(1)).toBe('PID');
    expect(err.field(2).component(3)).toBe('3');
    expect(err.field(3).component(1)).toBe('101');
    expect(err.field(3).component(3)).toBe('HL70357');
    expect(err.field(4).value).toBe('E');
    expect(err.field(8).value).toBe('PID-3 patient identifier is missing');
  });

  it('answers unparseable input with an empty MSA-2', () => {
    const ack = parseHl7(buildErrorAck(null, new Hl7Error('no_msh', 'no MSH'), now));
    expect(ack.segment('MSA')!.field(1).value).toBe('AE');
    expect(ack.segment('MSA')!.field(2).value).toBe('');
  });
});

describe('readHl7Header', () => {
  it('reads the de-duplication key and type', () => {
    expect(readHl7Header(ORIGINAL)).toEqual({
      sendingApplication: 'LAB^1.2.3^ISO',
      sendingFacility: 'HOSP',
      controlId: 'CTRL|42',
      messageType: 'ORU^R01',
      version: '2.5.1',
    });
  });

  it.each([
    ['MSH|^~\\&|A|B|C|D|2026||^X|1|P|2.5', 'MSH-9'],
    ['MSH|^~\\&|A|B|C|D|2026||ADT^A01||P|2.5', 'MSH-10'],
  ])('rejects %j without %s', (text, field) => {
    expect(() => readHl7Header(parseHl7(text))).toThrow(
      expect.objectContaining({ code: 'missing_field', reason: expect.stringContaining(field) }),
    );
  });
});
