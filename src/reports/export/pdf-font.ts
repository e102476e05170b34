import { existsSync, readFileSync } from 'node:fs';
import { extname } from 'node:path';

/** The face taken from a collection (.ttc) when `PDF_FONT_FILE` names none after a `#`. */
const DEFAULT_COLLECTION_FACE = 'NotoSansCJKsc-Regular';

export interface PdfFontFace {
  data: Buffer;
  /** PostScript name of the face inside a collection; absent for a single-face file. */
  face?: string;
}

export interface PdfFonts {
  regular: PdfFontFace;
  bold: PdfFontFace;
}

/**
 * Loads the embedded font named by `PDF_FONT_FILE` (`/path/font.ttc#FaceName` picks a face in a
 * collection). Its bold sibling (`…-Bold.…`) is used for headings when it exists. Returns null when
 * the file is absent: the exporter then falls back to the Latin-only standard fonts.
 */
export function loadPdfFonts(spec: string): PdfFonts | null {
  const [file, named] = spec.split('#', 2) as [string, string | undefined];
  if (!existsSync(file)) return null;
  const collection = extname(file).toLowerCase() === '.ttc';
  const face = (name: string | undefined, bold: boolean) =>
    collection ? (name ?? DEFAULT_COLLECTION_FACE).replace(/Regular$/, bold ? 'Bold' : 'Regular') : undefined;
  const regular: PdfFontFace = { data: readFileSync(file), face: face(named, false) };
  const boldFile = file.replace(/Regular(\.\w+)$/, 'Bold$1');
  const bold =
    boldFile !== file && existsSync(boldFile)
      ? { data: readFileSync(boldFile), face: face(named, true) }
      : regular;
  return { regular, bold };
}

/** Characters the standard PDF fonts (WinAnsi) can show; anything else needs the embedded font. */
export function fitsStandardFonts(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /^[\x09\x0a\x0d\x20-\x7e\xa0-\xff\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u20ac]*$/.test(
    text,
  );
}
