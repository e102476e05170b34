import fc from 'fast-check';
import { DomainError } from '../common/errors/domain-error.js';
import { EntryKind } from '../generated/prisma/enums.js';
import { ENTRY_KINDS, parseEntryBody } from './entry-kinds.js';
import { decodeCursor, encodeCursor } from './timeline-cursor.js';

describe('entry bodies per kind', () => {
  it.each([
    ['note', { text: 'Seen in clinic.' }],
    ['problem', { codeSystem: 'ICD-10', code: 'N18.3', display: 'CKD stage 3' }],
    ['medication', { name: 'Ramipril', dose: '5 mg', route: 'oral', frequency: 'daily' }],
    ['allergy', { substance: 'Penicillin', reaction: 'rash', severity: 'moderate' }],
    [
      'observation',
      {
        code: '2160-0',
        value: 1.9,
        unit: 'mg/dL',
        referenceRange: { low: 0.6, high: 1.2 },
        abnormalFlag: 'H',
      },
    ],
    ['encounter', { type: 'outpatient', reason: 'review' }],
    ['procedure', { display: 'Coronary angiography' }],
    ['document', { title: 'Discharge letter', text: 'Discharged home.' }],
  ])('accepts a valid %s', (kind, body) => {
    expect(parseEntryBody(kind, body)).toMatchObject(body);
  });

  it('covers every kind of the EntryKind enum', () => {
    expect(ENTRY_KINDS).toEqual(Object.values(EntryKind));
  });

  it('refuses anything else with a message naming a field and never echoing the value', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ENTRY_KINDS),
        fc.dictionary(fc.string({ minLength: 1 }), fc.string({ minLength: 6 })),
        (kind, body) => {
          try {
            parseEntryBody(kind, { ...body, secretField: 'SECRET-VALUE-42' });
            throw new Error('accepted');
          } catch (error) {
            expect(error).toBeInstanceOf(DomainError);
            expect((error as Error).message).toMatch(/^body\./);
            expect((error as Error).message).not.toContain('SECRET-VALUE-42');
          }
        },
      ),
    );
  });
});

describe('timeline cursor', () => {
  it('round-trips and refuses forgeries', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true }),
        fc.uuid(),
        (occurredAt, id) => {
          expect(decodeCursor(encodeCursor({ occurredAt, id }))).toEqual({ occurredAt, id });
        },
      ),
    );
    for (const bad of ['', 'nope', Buffer.from('2026-01-01|1 OR 1=1').toString('base64url')]) {
      expect(() => decodeCursor(bad)).toThrow(/cursor/);
    }
  });
});
