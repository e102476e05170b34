import { demoPerson, seededRandom } from './demo-people.js';
import { STORIES } from './demo-stories.js';
import { resetControlIds, type DemoMessage, type DemoPerson } from './hl7-demo-messages.js';

export interface DemoPatientPlan {
  person: DemoPerson;
  chinese: boolean;
  story: string;
  /** What to ask the report draft about this patient (in the patient's language). */
  question: string;
}

export interface DemoHospital {
  patients: DemoPatientPlan[];
  /** Every message, oldest first, as one HL7 file (segments `\r`, messages `\n`). */
  messages: DemoMessage[];
}

const DAY_MS = 86_400_000;

/**
 * The synthetic hospital: `count` patients, each with years of history from one of the stories
 * (cycled), all as HL7 v2 messages. Deterministic: the same seed, count and day give the same file.
 */
export function buildDemoHospital(count: number, now: Date, seed = 20): DemoHospital {
  resetControlIds();
  const random = seededRandom(seed);
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const counters = new Map<string, number>();
  const patients: DemoPatientPlan[] = [];
  const messages: DemoMessage[] = [];
  for (let index = 0; index < count; index++) {
    const { chinese, ...person } = demoPerson(random, index, now);
    const story = STORIES[index % STORIES.length]!;
    const written = story.write({
      person,
      chinese,
      random,
      at(daysAgo, fromHour = 8, toHour = 17) {
        const minutes = Math.floor((fromHour + random() * (toHour - fromHour)) * 60);
        return new Date(today - Math.round(daysAgo) * DAY_MS + minutes * 60_000);
      },
      next(prefix) {
        const n = (counters.get(prefix) ?? 0) + 1;
        counters.set(prefix, n);
        return `${prefix}${String(n).padStart(6, '0')}`;
      },
      t: (en, zh) => (chinese ? zh : en),
    });
    patients.push({
      person,
      chinese,
      story: story.name,
      question: chinese ? story.question.zh : story.question.en,
    });
    messages.push(...written.filter((m) => m.at.getTime() <= now.getTime()));
  }
  messages.sort((a, b) => a.at.getTime() - b.at.getTime());
  return { patients, messages };
}
