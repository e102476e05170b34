/** GB 18030 encoding for tests, by inverting Node's decoder over its two-byte range (Node has no encoder). */
export function gb18030Encode(text: string): Buffer {
  const decoder = new TextDecoder('gb18030');
  const table = new Map<string, number[]>();
  for (let lead = 0x81; lead <= 0xfe; lead++)
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const char = decoder.decode(Uint8Array.from([lead, trail]));
      if (char.length === 1 && !table.has(char)) table.set(char, [lead, trail]);
    }
  const bytes: number[] = [];
  for (const char of text) {
    if (char.charCodeAt(0) < 0x80) bytes.push(char.charCodeAt(0));
    else {
      const encoded = table.get(char);
      if (!encoded) throw new Error(`test encoder: no two-byte GB 18030 form for ${char}`);
      bytes.push(...encoded);
    }
  }
  return Buffer.from(bytes);
}
