// Jest runs in ESM mode (NestJS 12 is ESM-only): `npm test` sets --experimental-vm-modules.
const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    target: 'es2023',
    keepClassNames: true,
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
  },
  module: { type: 'es6' },
};

const shared = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', swc] },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  roots: ['<rootDir>/src', '<rootDir>/test'],
  // onnxruntime's native outputs are main-realm typed arrays; see test/support/onnx-realm.ts.
  setupFiles: ['<rootDir>/test/support/onnx-realm.ts'],
  testTimeout: 30000,
};

/** Migrates a template database once per run (embedded PostgreSQL unless DATABASE_URL is set). */
const database = {
  globalSetup: '<rootDir>/test/support/global-setup.mjs',
  globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
};

/**
 * Four tiers, each test file in exactly one; `npm test` runs all of them (.ci/run calls it), and
 * `npm run test:<tier> -- <paths>` one of them.
 * - unit (`npm run test:unit`): `*.spec.ts`, no database, no server: runs in seconds.
 * - eval: `*evaluation.spec.ts`, the report and retrieval evaluations (no database, but they score
 *   whole fixture sets: the slowest of the no-database files), kept out of the unit tier.
 * - int (`npm run test:int`): `*.e2e.ts` outside test/web, on real PostgreSQL and sockets.
 * - web (`npm run test:web`): test/web, the built client in real Chromium.
 * A test that needs PostgreSQL is an `*.e2e.ts` (test/architecture/test-tiers.spec.ts checks it).
 */
const tiers = [
  {
    ...shared,
    displayName: 'unit',
    testMatch: ['**/*.spec.ts'],
    testPathIgnorePatterns: ['/node_modules/', '/test/bench/', 'evaluation\\.spec\\.ts$'],
  },
  {
    ...shared,
    displayName: 'eval',
    testMatch: ['**/*evaluation.spec.ts'],
    testPathIgnorePatterns: ['/node_modules/', '/test/bench/'],
  },
  {
    ...shared,
    ...database,
    displayName: 'int',
    testMatch: ['**/*.e2e.ts'],
    testPathIgnorePatterns: ['/node_modules/', '/test/bench/', '/test/web/'],
  },
  {
    ...shared,
    ...database,
    displayName: 'web',
    testMatch: ['<rootDir>/test/web/**/*.e2e.ts'],
  },
];

/** `npm run test:unit` etc. set TEST_TIER (a --selectProjects flag would swallow the paths after it). */
const tier = process.env.TEST_TIER;
const selected = tier ? tiers.filter((project) => project.displayName === tier) : tiers;
if (selected.length === 0)
  throw new Error(`TEST_TIER=${tier} is no tier: ${tiers.map((project) => project.displayName).join(', ')}`);

// Jest in ESM mode keeps each test file's module graph until its process ends: run the files in a
// worker that is replaced once it holds more than this after a file (one process for all 172 files
// reached V8's 4 GB heap limit in CI).
export default { testTimeout: 30000, workerIdleMemoryLimit: '1GB', projects: selected };
