import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/database/paths.js';
import { ageOn, parseCalendarDate, utcDayStart } from '../../web/src/ui/dates.js';

/** The client's date helper (web/src/ui/dates.ts) under zones east and west of UTC. */
describe('web dates: calendar dates never pass through a time zone', () => {
  /**
   * Evaluates `expression` (over the helper as `d`) in a Node process running in `zone`: Jest's
   * sandbox cannot change the zone of its own process. Node 24 strips the module's types itself.
   */
  const inZone = (zone: string, expression: string): unknown => {
    const module = join(PROJECT_ROOT, 'web', 'src', 'ui', 'dates.ts');
    const script = `import * as d from ${JSON.stringify(module)}; console.log(JSON.stringify(${expression}));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '--no-warnings', '-e', script], {
      env: { PATH: process.env.PATH, TZ: zone },
      encoding: 'utf8',
    });
    return JSON.parse(out);
  };

  it('parses YYYY-MM-DD (and midnight-UTC timestamps of one) as calendar parts, and refuses impossible days', () => {
    expect(parseCalendarDate('1951-03-14')).toEqual({ year: 1951, month: 3, day: 14 });
    expect(parseCalendarDate('1951-03-14T00:00:00.000Z')).toEqual({ year: 1951, month: 3, day: 14 });
    expect(parseCalendarDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
    for (const bad of [
      '2023-02-29',
      '1951-13-01',
      '1951-04-31',
      '1951-3-14',
      '14/03/1951',
      '',
      '1951-03-14T05:00:00Z',
    ])
      expect(parseCalendarDate(bad)).toBeNull();
    expect(parseCalendarDate(undefined)).toBeNull();
  });

  for (const zone of ['America/New_York', 'Asia/Shanghai', 'Pacific/Kiritimati', 'Pacific/Pago_Pago']) {
    it(`${zone}: formats the birth date as written`, () => {
      expect(
        inZone(
          zone,
          `[
          new Date(2026, 0, 1).getTimezoneOffset() !== 0,
          d.formatCalendarDate('1951-03-14'),
          d.formatCalendarDate('1951-03-14T00:00:00.000Z'),
          d.formatCalendarDate('1951-03-14', 'zh-CN'),
          d.formatCalendarDate('1951-03-14', 'en-US'),
          d.formatCalendarDate('0099-01-02'),
        ]`,
        ),
      ).toEqual([true, '14 Mar 1951', '14 Mar 1951', '1951年3月14日', 'Mar 14, 1951', '2 Jan 99']);
    });
  }

  it('counts the age against the local calendar day, turning on the birthday itself', () => {
    const birth = '1951-03-14';
    expect(ageOn(birth, { year: 2026, month: 3, day: 13 })).toBe(74);
    expect(ageOn(birth, { year: 2026, month: 3, day: 14 })).toBe(75);
    expect(ageOn(birth, { year: 2026, month: 12, day: 31 })).toBe(75);
    expect(ageOn('2024-02-29', { year: 2025, month: 2, day: 28 })).toBe(0);
    expect(ageOn('2024-02-29', { year: 2025, month: 3, day: 1 })).toBe(1);
    expect(ageOn(birth, { year: 1950, month: 1, day: 1 })).toBeNull();
    expect(ageOn('not a date')).toBeNull();
  });

  it("takes today from the user's zone: the same instant is a different day in New York and Shanghai", () => {
    const at = `new Date('2026-03-14T02:00:00Z')`;
    const probe = `[d.localCalendarDate(${at}), d.ageOn('1951-03-14', d.localCalendarDate(${at})), d.localDayKey(${at})]`;
    expect(inZone('America/New_York', probe)).toEqual([{ year: 2026, month: 3, day: 13 }, 74, '2026-03-13']);
    expect(inZone('Asia/Shanghai', probe)).toEqual([{ year: 2026, month: 3, day: 14 }, 75, '2026-03-14']);
  });

  it('shows a UTC column in UTC, named, and other timestamps in the zone, named, whatever the zone', () => {
    const probe = `[
      d.formatDateTime('2026-12-04T14:15:00Z', 'en-GB', { timeZone: 'UTC' }),
      d.formatDateTime('2026-12-04T14:15:00Z', 'en-US'),
      d.formatDateTime('2026-12-04T14:15:00Z', 'zh-CN'),
      d.zoneLabel('en-GB', new Date('2026-12-04T14:15:00Z')),
      d.formatDateTime('not a time'),
    ]`;
    expect(inZone('America/New_York', probe)).toEqual([
      '4 Dec 2026, 14:15 UTC',
      'Dec 4, 2026, 09:15 AM EST',
      '2026年12月4日 GMT-5 09:15',
      'America/New_York (GMT-5)',
      '—',
    ]);
    expect(inZone('Asia/Shanghai', probe)).toEqual([
      '4 Dec 2026, 14:15 UTC',
      'Dec 4, 2026, 10:15 PM GMT+8',
      '2026年12月4日 GMT+8 22:15',
      'Asia/Shanghai (GMT+8)',
      '—',
    ]);
  });

  it('turns an audit filter day into the UTC instant it starts (the next day for an inclusive end)', () => {
    expect(utcDayStart('2026-12-31')).toBe('2026-12-31T00:00:00.000Z');
    expect(utcDayStart('2026-12-31', 1)).toBe('2027-01-01T00:00:00.000Z');
    expect(utcDayStart('2026-02-30')).toBeUndefined();
  });
});
