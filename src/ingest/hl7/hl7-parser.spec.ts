import { Hl7Error } from './hl7-errors.js';
import { DEFAULT_HL7_LIMITS } from './hl7-limits.js';
import { parseHl7 } from './hl7-parser.js';

const ADT = [
  'MSH|^~\\&|LAB|HOSP|ANAMNESIS|HOSP|20260101120000||ADT^A01^ADT_A01|MSG0001|P|2.5.1',
  'EVN|A01|20260101120000',
  'PID|1||12345^^^HOSP^MR~67890^^^NATION^NI||DOE^JANE^Q||19800101|F',
].join('\r');

/** ADT with MSH-18 set to `charset`. */
const withCharset = (charset: string) => ADT.replace('|P|2.5.1', `|P|2.5.1||||||${charset}`);

function errorOf(input: Uint8Array | string, limits = DEFAULT_HL7_LIMITS): Hl7Error {
  try {
    parseHl7(input, limits);
  } catch (error) {
    if (error instanceof Hl7Error) return error;
    throw error;
  }
  throw new Error('expected an Hl7Error');
}

describe('parseHl7', () => {
  it('reads fields 1-based, with repetitions, components and sub-components', () => {
    const message = parseHl7(`${ADT}\rZXX|a&b^c~d`);
    const pid = message.segment('PID')!;
    expect(message.messageType).toBe('ADT^A01');
    expect(message.controlId).toBe('MSG0001');
    expect(pid.field(3).component(1)).toBe('12345');
    expect(pid.field(3).component(4)).toBe('HOSP');
    expect(pid.field(3).component(1, 1, 2)).toBe('67890');
    expect(pid.field(3).all()).toHaveLength(2);
    expect(pid.field(5).component(2)).toBe('JANE');
    expect(pid.field(99).value).toBe('');
    const z = message.segment('ZXX')!;
    expect(z.field(1).component(1, 2)).toBe('b');
    expect(z.field(1).component(2)).toBe('c');
    expect(z.field(1).component(1, 1, 2)).toBe('d');
  });

  it('treats MSH-1 and MSH-2 as the delimiters, not as data', () => {
    const header = parseHl7(ADT).header;
    expect(header.field(1).value).toBe('|');
    expect(header.field(2).value).toBe('^~\\&');
    expect(header.field(3).value).toBe('LAB');
  });

  it('accepts any legal delimiters', () => {
    const message = parseHl7('MSH#:*!@#A#B#####X:Y#1#P#2.3\rPID#1##id1@sub:aa*id2#x!F!y');
    expect(message.delimiters).toMatchObject({ field: '#', component: ':', repetition: '*', escape: '!' });
    expect(message.messageType).toBe('X^Y');
    const pid = message.segment('PID')!;
    expect(pid.field(3).component(1, 2)).toBe('sub');
    expect(pid.field(3).component(2)).toBe('aa');
    expect(pid.field(3).component(1, 1, 2)).toBe('id2');
    expect(pid.field(4).value).toBe('x#y');
  });

  it('decodes each escape exactly once', () => {
    const message = parseHl7(
      `${ADT}\rNTE|1||a\\F\\b\\S\\c\\T\\d\\R\\e\\E\\f|\\E\\F\\E\\|x\\.br\\y|\\X4869C3A9\\|\\H\\bold\\N\\|\\Zlocal\\`,
    );
    const nte = message.segment('NTE')!;
    expect(nte.field(3).value).toBe('a|b^c&d~e\\f');
    expect(nte.field(4).value).toBe('\\F\\'); // \E\F\E\ is a literal backslash-F-backslash, not a pipe
    expect(nte.field(5).value).toBe('x\ny');
    expect(nte.field(6).value).toBe('Hié');
    expect(nte.field(7).value).toBe('bold');
    expect(nte.field(8).value).toBe('\\Zlocal\\');
  });

  it('tolerates \\n and \\r\\n segment terminators and a UTF-8 BOM', () => {
    const crlf = Buffer.from(`\uFEFF${ADT.replaceAll('\r', '\r\n')}\r\n`);
    expect(parseHl7(crlf).segments.map((s) => s.name)).toEqual(['MSH', 'EVN', 'PID']);
    expect(parseHl7(ADT.replaceAll('\r', '\n')).segments).toHaveLength(3);
  });

  it('decodes the declared MSH-18 character set', () => {
    const latin1 = Buffer.from(`${withCharset('8859/1')}\rNTE|1||Müller`, 'latin1');
    expect(parseHl7(latin1).segment('NTE')!.field(3).value).toBe('Müller');
    const utf8 = Buffer.from(`${withCharset('UNICODE UTF-8')}\rNTE|1||Müller µg`);
    expect(parseHl7(utf8).segment('NTE')!.field(3).value).toBe('Müller µg');
  });

  it('rejects invalid UTF-8 in a UTF-8 message instead of repairing it', () => {
    const bytes = Buffer.concat([
      Buffer.from(`${withCharset('UNICODE UTF-8')}\rNTE|1||M`),
      Buffer.from([0xfc]),
      Buffer.from('ller'),
    ]);
    expect(errorOf(bytes)).toMatchObject({ code: 'bad_charset', ackCode: 'AE' });
    expect(errorOf(Buffer.concat([Buffer.from(`${ADT}\rNTE|1||`), Buffer.from([0xc3, 0x28])])).code).toBe(
      'bad_charset',
    );
  });

  it('rejects non-ASCII bytes in a message declared ASCII, and unknown character sets', () => {
    expect(errorOf(Buffer.from(`${withCharset('ASCII')}\rNTE|1||Müller`, 'latin1')).code).toBe('bad_charset');
    expect(errorOf(withCharset('ISO IR87'))).toMatchObject({ code: 'unsupported_charset', ackCode: 'AR' });
  });

  it.each([
    ['', 'empty'],
    ['\r\n\r\n', 'empty'],
    ['PID|1||x', 'no_msh'],
    ['MSHH0\r', 'bad_delimiters'],
    ['MSH|^~|A', 'bad_delimiters'],
    ['MSH|^~&|A', 'bad_delimiters'],
    ['MSH|^~\\&#$|A', 'bad_delimiters'],
    ['MSH|^&&^|A|B|C|D|20080115||ADT^A01|1|P|2.6', 'bad_delimiters'],
    ['MSH|^|||||||ADT^A40|||2.8IN2|', 'bad_delimiters'],
    ['MSH|^|||||||^A|||2.2^AA', 'bad_delimiters'],
    ['MSH|0|||||||||||0', 'bad_delimiters'],
    [`${ADT}\rOBX|1|ST|x||\\X41`, 'bad_escape'],
    [`${ADT}\rOBX|1|ST|x||\\X4\\`, 'bad_escape'],
    [`${ADT}\rOBX|1|ST|x||\\Q\\`, 'bad_escape'],
    [`${ADT}\rMSH|^~\\&|X`, 'bad_segment'],
    [`${ADT}\rBHS|^~\\&|X`, 'bad_segment'],
    [`${ADT}\r\rpid|1`, 'bad_segment'],
  ])('rejects %j as %s', (input, code) => {
    expect(errorOf(input).code).toBe(code);
  });

  it('defaults the subcomponent separator when MSH-2 holds only three characters (as HAPI does)', () => {
    const message = parseHl7('MSH|^~\\|LAB|HOSP|A|B|20261129||ADT^A01|C3|P|2.5.1\rPID|1||M1&X^^^HOSP||DOE^J');
    expect(message.delimiters.subcomponent).toBe('&');
    expect(message.controlId).toBe('C3');
    expect(message.segment('PID')!.field(3).component(1, 2)).toBe('X');
  });

  it('names positions, never values, in its reasons', () => {
    const error = errorOf(`${ADT}\rOBX|1|ST|x||SECRET\\X41`);
    expect(error.reason).not.toContain('SECRET');
    expect(error.location).toBe('OBX^1^5');
  });

  it('enforces the byte, segment and field limits', () => {
    const limits = { ...DEFAULT_HL7_LIMITS, maxMessageBytes: 10_000, maxSegments: 50, maxFieldLength: 100 };
    expect(errorOf(`${ADT}\rOBX|1|TX|x||${'a'.repeat(20_000)}`, limits)).toMatchObject({
      code: 'too_large',
      ackCode: 'AR',
    });
    expect(errorOf(`${ADT}${'\rOBX|1|NM|x||1'.repeat(60)}`, limits).code).toBe('too_many_segments');
    expect(errorOf(`${ADT}\rOBX|1|TX|x||${'a'.repeat(101)}`, limits)).toMatchObject({
      code: 'field_too_long',
      location: 'OBX^1^5',
    });
  });

  it('rejects a 50 MB OBX-5 and 100,000 OBX segments with the default limits', () => {
    expect(errorOf(`${ADT}\rOBX|1|TX|x||${'a'.repeat(50 * 1024 * 1024)}`).code).toBe('too_large');
    expect(errorOf(`${ADT}${'\rOBX|1|NM|x||1'.repeat(100_000)}`).code).toBe('too_many_segments');
  });

  it('stops at the parse-time limit', () => {
    const limits = { ...DEFAULT_HL7_LIMITS, parseTimeoutMs: -1 };
    expect(errorOf(ADT, limits).code).toBe('parse_timeout');
  });

  it('joins a line that cannot start a segment to the previous field as a line break', () => {
    const message = parseHl7(`${ADT}\rPV1|1|O|(608)258-\r8866|x`);
    expect(message.segment('PV1')!.field(3).value).toBe('(608)258-\n8866');
    expect(message.segment('PV1')!.field(4).value).toBe('x');
  });
});
