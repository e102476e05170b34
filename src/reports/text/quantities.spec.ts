import { findQuantities } from './quantities.js';

const values = (text: string) => findQuantities(text).map((q) => [q.value, q.unit]);

describe('findQuantities: the decimal mark', () => {
  it('reads decimal commas in French, German and Spanish text', () => {
    expect(values('Créatinine 1,9 mg/dL, en hausse.')).toEqual([[1.9, 'mg/dl']]);
    expect(values('Hämoglobin 10,8 g/dL')).toEqual([[10.8, 'g/dl']]);
    expect(values('Creatinina 1,9 mg/dL con aumento')).toEqual([[1.9, 'mg/dl']]);
    expect(values('Kreatinin 1,9 mg/dl, steigend')).toEqual([[1.9, 'mg/dl']]);
    expect(values('Dosis 0,125 mg por día')).toEqual([[0.125, 'mg']]);
  });

  it('keeps English thousands, and lists with or without spaces, in every language', () => {
    expect(values('Platelets 1,900 and 12,500,000 cells')).toEqual([
      [1900, undefined],
      [12_500_000, undefined],
    ]);
    expect(values('Doses 1, 2 and 3 mg')).toEqual([
      [1, undefined],
      [2, undefined],
      [3, 'mg'],
    ]);
    expect(values('Doses de 1, 2 et 3 mg pour la patiente')).toEqual([
      [1, undefined],
      [2, undefined],
      [3, 'mg'],
    ]);
    expect(values('Werte 1,2,3 mg')).toEqual([
      [1, undefined],
      [2, undefined],
      [3, 'mg'],
    ]);
  });

  it('takes the decimal mark the caller names over the guess', () => {
    expect(findQuantities('1,900', [], true)[0]!.value).toBe(1.9);
    expect(findQuantities('1,9 mg', [], false).map((q) => q.value)).toEqual([1, 9]);
  });
});
