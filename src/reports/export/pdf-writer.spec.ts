import { pdfString, writePdf } from './pdf-writer.js';

/** Every xref offset must point at "n 0 obj": a reader finds each object where the table says. */
function checkXref(pdf: Buffer): number {
  const text = pdf.toString('latin1');
  const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)![1]);
  expect(text.slice(startxref, startxref + 4)).toBe('xref');
  const [, count] = /xref\n0 (\d+)\n/.exec(text.slice(startxref))!;
  const entries = text
    .slice(startxref)
    .split('\n')
    .slice(3, 2 + Number(count));
  entries.forEach((line, i) => {
    const offset = Number(line.slice(0, 10));
    expect(text.slice(offset, offset + `${i + 1} 0 obj`.length)).toBe(`${i + 1} 0 obj`);
  });
  return entries.length;
}

describe('PDF writer', () => {
  it('writes a valid single-page document with escaped WinAnsi text', () => {
    const pdf = writePdf([
      { style: 'title', text: 'Diagnosis report' },
      { style: 'body', text: 'Creatinine 1.4 mg/dL (ref 0.6–1.2) H — 5 µg, 38.9 °C \\ done' },
    ]);
    const text = pdf.toString('latin1');
    expect(text.startsWith('%PDF-1.4\n')).toBe(true);
    expect(text).toContain(
      '(Creatinine 1.4 mg/dL \\(ref 0.6\x961.2\\) H \x97 5 \xb5g, 38.9 \xb0C \\\\ done) Tj',
    );
    expect(checkXref(pdf)).toBe(6);
    expect(text).toContain('/Count 1');
  });

  it('wraps long text and breaks pages', () => {
    const long = Array.from(
      { length: 400 },
      (_, i) => `Sentence ${i} about renal function and potassium.`,
    ).join(' ');
    const pdf = writePdf([{ style: 'body', text: long }]);
    const pages = Number(/\/Count (\d+)/.exec(pdf.toString('latin1'))![1]);
    expect(pages).toBeGreaterThan(3);
    checkXref(pdf);
    for (const line of pdf.toString('latin1').match(/\((.*)\) Tj/g)!) expect(line.length).toBeLessThan(140);
  });

  it('replaces characters WinAnsi cannot show', () => {
    expect(pdfString('日本 ok (x)')).toBe('?? ok \\(x\\)');
  });
});
