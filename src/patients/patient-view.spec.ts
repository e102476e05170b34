import type { Demographics } from './demographics.js';
import { matchesName } from './patient-view.js';

const patient = (family: string, given: string[]): Demographics => ({
  mrn: 'MRN-1',
  name: { family, given },
  birthDate: '1962-08-05',
  sex: 'male',
});

describe('matchesName', () => {
  it('finds a Chinese name written whole, family name first, and by either part', () => {
    const wang = patient('王', ['小明']);
    for (const query of ['王小明', '王', '小明', '王 小明', '小明王'])
      expect(matchesName(wang, query)).toBe(true);
    expect(matchesName(wang, '王小红')).toBe(false);
    expect(matchesName(patient('欧阳', ['娜娜']), '欧阳娜娜')).toBe(true);
  });

  it('keeps Latin word matching: case and accents ignored, every word must match a name', () => {
    const okonkwo = patient('Okonkwo', ['Adaeze']);
    expect(matchesName(okonkwo, 'okonkwo, adaeze')).toBe(true);
    expect(matchesName(okonkwo, 'ADA')).toBe(true);
    expect(matchesName(okonkwo, 'okonkwo smith')).toBe(false);
    expect(matchesName(patient('Müller', ['Zoë']), 'muller zoe')).toBe(true);
  });
});
