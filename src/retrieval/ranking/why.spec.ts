import { explainMatch } from './why.js';

describe('explainMatch', () => {
  const query = new Map([
    ['creatinine', 1],
    ['rising', 1],
    ['cr', 0.6],
    ['egfr', 0.3],
  ]);

  it("separates the question's own words from the lexicon synonyms, and says so in words", () => {
    const why = explainMatch(new Set(['creatinine', 'cr', 'stable']), query, {
      dense: 0.61234,
      kindMatch: true,
      ageDays: 95.7,
    });
    expect(why).toMatchObject({
      matchedTerms: ['creatinine'],
      synonymsUsed: ['cr'],
      similarity: 0.612,
      kindMatch: true,
      ageDays: 95,
    });
    expect(why.summary).toBe(
      "Contains the question's words “creatinine”; contains the synonyms “cr”; meaning similarity 0.61; its kind is one the question asks about; recorded 3 months ago.",
    );
  });

  it('says when nothing matched and leaves similarity out without vectors', () => {
    const why = explainMatch(new Set(['knee']), query, { kindMatch: false, ageDays: 800 });
    expect(why.similarity).toBeUndefined();
    expect(why.summary).toBe('Shares no word with the question; recorded 2 years ago.');
  });
});
