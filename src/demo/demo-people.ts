import type { DemoPerson } from './hl7-demo-messages.js';

/** A small seeded PRNG (mulberry32): the same seed gives the same hospital on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Random = () => number;
export const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
export const between = (random: Random, low: number, high: number) => low + random() * (high - low);

// Invented names; any likeness to a real person is chance.
const FAMILY = [
  'Hartmann',
  'Okafor',
  'Lindqvist',
  'Moreau',
  'Novak',
  'Silva',
  'Brennan',
  'Haddad',
  'Kowalski',
  'Andersen',
  'Osei',
  'Rossi',
  'Fischer',
  'Nakamura',
  'Petrov',
  'Duarte',
];
const GIVEN_F = ['Ilse', 'Maja', 'Amara', 'Claire', 'Elena', 'Ruth', 'Sofia', 'Nadia', 'Helen', 'Ingrid'];
const GIVEN_M = ['Daniel', 'Tomas', 'Kwame', 'Jonas', 'Marco', 'Peter', 'Samir', 'Lukas', 'Owen', 'Viktor'];
const ZH_FAMILY = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '周', '吴'];
const ZH_GIVEN_F = ['秀英', '桂兰', '丽华', '美玲', '淑珍', '雅琴'];
const ZH_GIVEN_M = ['建国', '志强', '文博', '国华', '海涛', '德明'];
const STREETS = ['Elm St', 'Harbour Rd', 'Mill Lane', 'Station Rd', 'Park Ave'];
const ZH_STREETS = ['上海市浦东新区张杨路', '北京市海淀区中关村大街', '广州市天河区体育西路'];

/** Patient `index`: every fourth one Chinese (name, address and notes). */
export function demoPerson(random: Random, index: number, now: Date): DemoPerson & { chinese: boolean } {
  const chinese = index % 4 === 3;
  const sex = random() < 0.5 ? 'F' : 'M';
  const age = Math.round(between(random, 38, 88));
  const birth = new Date(
    Date.UTC(now.getUTCFullYear() - age, Math.floor(random() * 12), 1 + Math.floor(random() * 28)),
  );
  const number = `${Math.floor(between(random, 1, 300))}`;
  return {
    mrn: `DEMO-${String(1001 + index)}`,
    family: chinese ? pick(random, ZH_FAMILY) : pick(random, FAMILY),
    given: chinese
      ? pick(random, sex === 'F' ? ZH_GIVEN_F : ZH_GIVEN_M)
      : pick(random, sex === 'F' ? GIVEN_F : GIVEN_M),
    birthDate: birth.toISOString().slice(0, 10),
    sex,
    address: chinese
      ? `${pick(random, ZH_STREETS)}${number}号`
      : `${number} ${pick(random, STREETS)}, Springfield`,
    chinese,
  };
}
