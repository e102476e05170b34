import { parseHl7 } from '../../src/ingest/hl7/hl7-parser.js';
import { Hl7Error } from '../../src/ingest/hl7/hl7-errors.js';
import { readHl7Header } from '../../src/ingest/hl7/hl7-header.js';
import { corpus } from './hl7-corpus.js';

describe('HL7 corpus', () => {
  it.each(corpus('good').map((file) => [file.name, file.bytes] as const))(
    'parses good/%s',
    (_name, bytes) => {
      const message = parseHl7(bytes);
      expect(message.header.name).toBe('MSH');
      expect(message.segments.length).toBeGreaterThan(0);
    },
  );

  it.each(corpus('bad').map((file) => [file.name, file.bytes] as const))(
    'ends bad/%s in a clean Hl7Error',
    (_name, bytes) => {
      let error: unknown;
      try {
        readHl7Header(parseHl7(bytes));
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(Hl7Error);
    },
  );
});
