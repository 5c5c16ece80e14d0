// Mutation testing of the simulation engine (StrykerJS + its Vitest runner). Run it through
// `npm run mutation` (scripts/mutation.mjs), which scopes the run to folders and keeps one
// incremental file per scope; see README "Mutation testing".
// scripts/mutation.mjs passes the scope as MUTATION_MUTATE (JSON array of globs) and the folder
// for this scope's reports and incremental file as MUTATION_OUT; run directly, the whole engine.
const out = process.env.MUTATION_OUT ?? 'reports/mutation/engine';
const mutate = process.env.MUTATION_MUTATE ? JSON.parse(process.env.MUTATION_MUTATE) : ['src/engine/**/*.ts'];

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  // Only the engine's own tests (Node environment): the jsdom/app tests never load engine code
  // that they could kill a mutant in, and would only slow every run.
  vitest: { configFile: 'vitest.engine.config.ts', related: true },
  // Each mutant runs only the tests that executed its code in the initial run.
  coverageAnalysis: 'perTest',
  mutate: [...mutate, '!src/**/*.test.ts'],
  // Reruns reuse the previous results of unchanged code and unchanged tests.
  incremental: true,
  incrementalFile: `${out}/stryker-incremental.json`,
  // Two cores shared with other work: one test process at a time.
  concurrency: 1,
  // A mutant that turns a bounded loop into an endless one is killed by the timeout.
  timeoutMS: 5000,
  timeoutFactor: 2,
  reporters: ['clear-text', 'progress', 'json', 'html'],
  jsonReporter: { fileName: `${out}/mutation.json` },
  htmlReporter: { fileName: `${out}/mutation.html` },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true, reportMutants: false },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  // The sandbox needs the sources, configs and test helpers, not the app's assets or outputs.
  ignorePatterns: [
    '.stryker-tmp',
    'dist',
    'dist-e2e',
    'dist-bench',
    'reports',
    'test-results',
    'playwright-report',
    'coverage',
    'e2e',
    'docs',
    'public',
    'bench',
  ],
  thresholds: { high: 80, low: 60, break: null },
};
