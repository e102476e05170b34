import { buildDemoHospital } from '../../src/demo/demo-hospital.js';
import { parseHl7 } from '../../src/ingest/hl7/hl7-parser.js';

const now = new Date('2026-12-04T15:37:23Z');
const hospital = buildDemoHospital(60, now);
const DAY = 86_400_000;

/** OBX-14 times of one test code per patient MRN, oldest first. */
function series(loinc: string): Map<string, Date[]> {
  const byPatient = new Map<string, Date[]>();
  for (const { text, at } of hospital.messages) {
    if (!text.includes(`|${loinc}^`)) continue;
    const mrn = /PID\|1\|\|([^^]+)/.exec(text)![1]!;
    const draw = /OBX\|\d+\|NM\|[^|]+\|\|[^|]*\|[^|]*\|[^|]*\|[^|]*\|\|\|F\|\|\|(\d{14})/.exec(text)![1]!;
    const when = new Date(
      `${draw.slice(0, 4)}-${draw.slice(4, 6)}-${draw.slice(6, 8)}T${draw.slice(8, 10)}:${draw.slice(10, 12)}:00Z`,
    );
    expect(when.getTime()).toBeLessThan(at.getTime()); // reported after the draw
    byPatient.set(mrn, [...(byPatient.get(mrn) ?? []), when]);
  }
  return byPatient;
}

describe('the demo hospital (HL7 messages built by demo:seed)', () => {
  it('has 60 patients, a quarter of them Chinese, with years of history each', () => {
    expect(hospital.patients).toHaveLength(60);
    expect(hospital.patients.filter((p) => p.chinese)).toHaveLength(15);
    expect(hospital.messages.length).toBeGreaterThan(60 * 15);
    const first = new Map<string, number>();
    for (const { text, at } of hospital.messages) {
      const mrn = /PID\|1\|\|([^^]+)/.exec(text)![1]!;
      if (!first.has(mrn)) first.set(mrn, at.getTime());
    }
    for (const start of first.values()) expect((now.getTime() - start) / DAY / 365).toBeGreaterThan(0.9);
    expect(
      [...first.values()].filter((start) => (now.getTime() - start) / DAY > 3 * 365).length,
    ).toBeGreaterThan(40);
  });

  it('parses with the import parser, UTF-8 declared, and is the same for the same seed', () => {
    for (const { text } of hospital.messages)
      expect(parseHl7(Buffer.from(text, 'utf8')).segment('MSH')).toBeDefined();
    expect(hospital.messages.every((m) => m.text.includes('||UNICODE UTF-8'))).toBe(true);
    expect(buildDemoHospital(60, now).messages).toEqual(hospital.messages);
    expect(buildDemoHospital(60, now, 21).messages).not.toEqual(hospital.messages);
  });

  it('draws HbA1c every 3 to 6 months, in the morning', () => {
    const hba1c = series('4548-4');
    expect(hba1c.size).toBe(15);
    for (const dates of hba1c.values()) {
      expect(dates.length).toBeGreaterThan(4);
      for (let i = 1; i < dates.length; i++) {
        const days = (dates[i]!.getTime() - dates[i - 1]!.getTime()) / DAY;
        expect(days).toBeGreaterThanOrEqual(89);
        expect(days).toBeLessThanOrEqual(181);
      }
      for (const d of dates) expect(d.getUTCHours()).toBeGreaterThanOrEqual(7);
      for (const d of dates) expect(d.getUTCHours()).toBeLessThan(10);
    }
  });

  it('stamps messages at many times of day, never the seeding time', () => {
    const minutes = new Set(hospital.messages.map((m) => m.at.getUTCHours() * 60 + m.at.getUTCMinutes()));
    expect(minutes.size).toBeGreaterThan(300);
    const seedingTime = now.getUTCHours() * 3600 + now.getUTCMinutes() * 60 + now.getUTCSeconds();
    const atSeedingTime = hospital.messages.filter(
      (m) => m.at.getUTCHours() * 3600 + m.at.getUTCMinutes() * 60 + m.at.getUTCSeconds() === seedingTime,
    );
    expect(atSeedingTime).toEqual([]);
    expect(hospital.messages.every((m) => m.at.getTime() <= now.getTime())).toBe(true);
  });

  it('admits, transfers and discharges the heart-failure patients', () => {
    const events = hospital.messages.map((m) => /\|ADT\^(A0[123])\^/.exec(m.text)?.[1]).filter(Boolean);
    expect(events.filter((e) => e === 'A01')).toHaveLength(15);
    expect(events.filter((e) => e === 'A02')).toHaveLength(30);
    expect(events.filter((e) => e === 'A03')).toHaveLength(15);
  });
});
