const DIGITS: Record<string, number> = {
  〇: 0,
  零: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/**
 * A number written in Chinese numerals, as dates write them: digit by digit for a year
 * (`二〇二六` → 2026, with `digitwise`), or with 十 for tens (`十二` → 12, `二十` → 20,
 * `三十一` → 31). Undefined when the text is not such a number.
 */
export function chineseNumber(text: string, digitwise = false): number | undefined {
  const chars = [...text];
  if (digitwise) {
    if (chars.some((c) => DIGITS[c] === undefined)) return undefined;
    return Number(chars.map((c) => DIGITS[c]).join(''));
  }
  const ten = chars.indexOf('十');
  if (ten < 0) return chars.length === 1 ? DIGITS[chars[0]!] : undefined;
  const tens = ten === 0 ? 1 : DIGITS[chars[0]!];
  const units = ten === chars.length - 1 ? 0 : DIGITS[chars[ten + 1]!];
  if (tens === undefined || units === undefined || ten > 1 || chars.length - ten > 2) return undefined;
  return tens * 10 + units;
}
