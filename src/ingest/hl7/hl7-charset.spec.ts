import { gb18030Encode } from '../../../test/terminology/gb18030.js';
import { parseHl7 } from './hl7-parser.js';
import { charsetFromMsh18, decodeBytes } from './hl7-charset.js';

const NOTE = '胸痛3小时，肌钙蛋白 0.09 ng/mL，诊断：非ST段抬高型心肌梗死。';

function message(msh18: string): string {
  return [
    `MSH|^~\\&|LAB|HOSP|ANAMNESIS|HOSP|20260120083000||ORU^R01^ORU_R01|ZH-1|P|2.5.1|||||CHN|${msh18}`,
    'PID|1||MRN-ZH-1^^^HOSP^MR||张^伟||19640301|M',
    `OBX|1|TX|11506-3^Progress note^LN||${NOTE}||||||F`,
  ].join('\r');
}

describe('HL7 character sets for Chinese records', () => {
  it('reads MSH-18 UNICODE UTF-8 with Chinese names and notes', () => {
    const parsed = parseHl7(Buffer.from(message('UNICODE UTF-8'), 'utf8'));
    expect(parsed.charset).toBe('UTF-8');
    expect(parsed.segment('PID')!.field(5).component(1)).toBe('张');
    expect(parsed.segment('OBX')!.field(5).value).toBe(NOTE);
  });

  it('decodes GB 18030 with the TextDecoder Node ships (full ICU)', () => {
    expect(charsetFromMsh18('GB 18030-2000')).toBe('GB18030');
    // 中文 in GB 18030 (and GBK): D6 D0 CE C4; the same bytes are not valid UTF-8 text.
    expect(decodeBytes(Uint8Array.from([0xd6, 0xd0, 0xce, 0xc4]), 'GB18030', 'test')).toBe('中文');
    const gbBytes = gb18030Encode(message('GB 18030-2000'));
    const parsed = parseHl7(gbBytes);
    expect(parsed.charset).toBe('GB18030');
    expect(parsed.segment('PID')!.field(5).component(2)).toBe('伟');
    expect(parsed.segment('OBX')!.field(5).value).toBe(NOTE);
  });

  it('rejects bytes that are not valid in the declared charset, never repairing them', () => {
    expect(() => decodeBytes(Uint8Array.from([0x81]), 'GB18030', 'test')).toThrow(/invalid GB 18030/);
    expect(() => decodeBytes(Uint8Array.from([0xd6, 0xd0]), 'UTF-8', 'test')).toThrow(/invalid UTF-8/);
  });
});
