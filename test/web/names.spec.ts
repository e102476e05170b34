import { displayName, sexKey } from '../../web/src/ui/format.js';

/** web/src/ui/format.ts: a name is written the way its own script writes it. */
describe('web names: by the script of the name', () => {
  it('writes Chinese names family name first, with no comma and no space', () => {
    expect(displayName({ family: '王', given: ['小明'] })).toBe('王小明');
    expect(displayName({ family: '欧阳', given: ['娜', '娜'] })).toBe('欧阳娜娜');
    expect(displayName({ family: '王', given: [] })).toBe('王');
    expect(displayName({ family: 'Wang', given: ['小明'] })).toBe('Wang小明');
  });

  it('keeps Latin names as FAMILY, Given (accents kept)', () => {
    expect(displayName({ family: 'Okonkwo', given: ['Adaeze'] })).toBe('OKONKWO, Adaeze');
    expect(displayName({ family: 'Müller', given: ['Zoë', 'Anne'] })).toBe('MÜLLER, Zoë Anne');
    expect(displayName({ family: 'Okonkwo', given: [] })).toBe('OKONKWO');
    expect(displayName(undefined)).toBeNull();
    expect(displayName({ family: ' ', given: [] })).toBeNull();
  });

  it('maps HL7 and FHIR sex codes to one set of catalogue keys', () => {
    expect(['M', 'male', 'F', 'female', 'U', 'O'].map(sexKey)).toEqual([
      'male',
      'male',
      'female',
      'female',
      'unknown',
      'other',
    ]);
    expect(sexKey('toString')).toBeUndefined();
    expect(sexKey('X')).toBeUndefined();
  });
});
