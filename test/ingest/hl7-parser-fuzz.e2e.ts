import { parserProperties } from './hl7-parser-properties.js';

// Fuzzing scale, in the int tier (no database; the unit tier runs a few thousand of these cases).
describe('parseHl7 properties at fuzzing scale', () => {
  parserProperties({
    roundTrips: 2_000,
    arbitrary: 5_000,
    mutations: Number(process.env.HL7_FUZZ_RUNS ?? 100_000),
  });
});
