import { parserProperties } from '../../../test/ingest/hl7-parser-properties.js';

// The unit tier's share: enough random cases to catch a broken property in seconds. The int tier
// runs the same properties at fuzzing scale (test/ingest/hl7-parser-fuzz.e2e.ts).
describe('parseHl7 properties', () => {
  parserProperties({ roundTrips: 200, arbitrary: 5_000, mutations: 10_000 });
});
