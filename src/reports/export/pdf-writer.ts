/**
 * A small PDF 1.4 writer (no dependency): A4 pages of wrapped text in the standard Helvetica
 * fonts with WinAnsi encoding. Enough for a report with headings, bullets and references; no
 * images, links or scripts, so nothing in it is ever fetched or run.
 */
export interface PdfBlock {
  text: string;
  style: 'title' | 'heading' | 'body';
}

const PAGE = { width: 595, height: 842, margin: 56 };
const STYLE = {
  title: { font: 'F2', size: 16 },
  heading: { font: 'F2', size: 12 },
  body: { font: 'F1', size: 10 },
};
/** Average Helvetica glyph width as a share of the font size; wraps conservatively. */
const AVERAGE_WIDTH = 0.53;

interface Line {
  text: string;
  font: string;
  size: number;
  gapBefore: number;
}

export function writePdf(blocks: PdfBlock[]): Buffer {
  const pages = paginate(blocks.flatMap(wrap));
  const objects: string[] = [];
  const add = (body: string) => objects.push(body); // object number = position, from 1
  const catalog = add('');
  const pagesObj = add('');
  const helvetica = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  const bold = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>');
  const kids: number[] = [];
  pages.forEach((lines, index) => {
    const stream = contentStream(lines, index + 1, pages.length);
    const content = add(`<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`);
    kids.push(
      add(
        `<< /Type /Page /Parent ${pagesObj} 0 R /MediaBox [0 0 ${PAGE.width} ${PAGE.height}] ` +
          `/Resources << /Font << /F1 ${helvetica} 0 R /F2 ${bold} 0 R >> >> /Contents ${content} 0 R >>`,
      ),
    );
  });
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pagesObj} 0 R >>`;
  objects[pagesObj - 1] =
    `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;

  let out = '%PDF-1.4\n%\xE2\xE3\xCF\xD3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

function wrap(block: PdfBlock): Line[] {
  const { font, size } = STYLE[block.style];
  const max = Math.floor((PAGE.width - 2 * PAGE.margin) / (size * AVERAGE_WIDTH));
  const words = block.text.replace(/\s+/g, ' ').trim().split(' ');
  const lines: Line[] = [];
  let current = '';
  for (const word of words) {
    for (let piece = word; piece.length; piece = piece.slice(max)) {
      const part = piece.slice(0, max);
      if (current && current.length + 1 + part.length > max) {
        lines.push({ text: current, font, size, gapBefore: 0 });
        current = part;
      } else current = current ? `${current} ${part}` : part;
    }
  }
  lines.push({ text: current, font, size, gapBefore: 0 });
  lines[0]!.gapBefore = block.style === 'body' ? size * 0.4 : size;
  return lines;
}

function paginate(lines: Line[]): Line[][] {
  const pages: Line[][] = [[]];
  let y = PAGE.height - PAGE.margin;
  for (const line of lines) {
    const needed = line.gapBefore + line.size * 1.35;
    if (y - needed < PAGE.margin + 20 && pages[pages.length - 1]!.length) {
      pages.push([]);
      y = PAGE.height - PAGE.margin;
    }
    y -= needed;
    pages[pages.length - 1]!.push(line);
  }
  return pages;
}

function contentStream(lines: Line[], page: number, pages: number): string {
  const parts: string[] = [];
  let y = PAGE.height - PAGE.margin;
  for (const line of lines) {
    y -= line.gapBefore + line.size * 1.35;
    parts.push(
      `BT /${line.font} ${line.size} Tf ${PAGE.margin} ${y.toFixed(2)} Td (${pdfString(line.text)}) Tj ET`,
    );
  }
  parts.push(
    `BT /F1 8 Tf ${PAGE.margin} ${PAGE.margin / 2} Td (${pdfString(`Page ${page} of ${pages}`)}) Tj ET`,
  );
  return parts.join('\n');
}

const WIN_ANSI: Record<string, number> = {
  '€': 0x80,
  '…': 0x85,
  '‘': 0x91,
  '’': 0x92,
  '“': 0x93,
  '”': 0x94,
  '•': 0x95,
  '–': 0x96,
  '—': 0x97,
  '™': 0x99,
};

/** A PDF literal string in WinAnsi: parentheses and backslashes escaped, unmappable characters '?'. */
export function pdfString(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    let byte: number;
    if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff)) byte = code;
    else byte = WIN_ANSI[char] ?? 0x3f;
    const c = String.fromCharCode(byte);
    out += c === '(' || c === ')' || c === '\\' ? `\\${c}` : c;
  }
  return out;
}
