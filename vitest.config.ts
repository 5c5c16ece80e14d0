import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.{ts,tsx}'],
    environment: 'node',
    // CI runners are shared and loaded: no test here measures speed, so a slow machine must not
    // fail one. Simulation-heavy tests take seconds on an idle core and several times that when busy.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
