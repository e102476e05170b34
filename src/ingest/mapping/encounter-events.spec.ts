import { foldEncounter, withEvent, type EncounterEvent } from './encounter-events.js';

const at = (day: number) => `2026-12-0${day}T08:00:00.000Z`;
const ev = (event: string, seq: number, extra: Partial<EncounterEvent> = {}): EncounterEvent => ({
  event,
  at: at(Math.min(seq, 9)),
  seq,
  ...extra,
});

describe('foldEncounter', () => {
  it('undoes exactly the newest live event a cancellation names', () => {
    const body = foldEncounter([
      ev('A01', 1, { type: 'inpatient', location: 'A' }),
      ev('A02', 2, { location: 'B' }),
      ev('A02', 3, { location: 'C' }),
      ev('A12', 4),
    ]);
    expect(body).toMatchObject({ location: 'B', status: 'in-progress' });
  });

  it('gives the same state whatever order the events were mapped in (they are ordered by arrival)', () => {
    const events = [ev('A01', 1, { type: 'inpatient' }), ev('A03', 2, { endedAt: at(3) }), ev('A13', 3)];
    const forwards = events.reduce<EncounterEvent[]>((h, e) => withEvent(h, e), []);
    const backwards = [...events].reverse().reduce<EncounterEvent[]>((h, e) => withEvent(h, e), []);
    expect(foldEncounter(backwards)).toEqual(foldEncounter(forwards));
    expect(foldEncounter(forwards)).toMatchObject({ status: 'in-progress' });
  });

  it('a cancelled admission leaves a cancelled encounter; a cancellation of nothing changes nothing', () => {
    expect(foldEncounter([ev('A01', 1), ev('A11', 2)]).status).toBe('cancelled');
    expect(foldEncounter([ev('A01', 1), ev('A13', 2)]).status).toBe('in-progress');
  });

  it('ignores an event already in the history (a replay)', () => {
    const history = [ev('A01', 1)];
    expect(withEvent(history, ev('A01', 1))).toBe(history);
  });
});
