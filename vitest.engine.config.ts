import { defineConfig } from 'vitest/config';

/**
 * The engine's tests alone (Node environment, no jsdom/app tests): what mutation testing runs
 * against `src/engine`. `npm run test:unit` still runs everything through vitest.config.ts.
 */
// `npm run mutation -- --tests <glob>` narrows the tests (MUTATION_TESTS, a JSON array of globs).
const include = process.env.MUTATION_TESTS ? (JSON.parse(process.env.MUTATION_TESTS) as string[]) : ['src/engine/**/*.test.ts'];

export default defineConfig({
  test: {
    include,
    environment: 'node',
    // Mutation runs keep both cores busy: the few multi-second engine tests must not trip the 5 s
    // default there (Stryker's own per-mutant timeout catches endless loops).
    testTimeout: 30_000,
  },
});
