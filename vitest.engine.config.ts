import { defineConfig } from 'vitest/config';

/**
 * The engine's tests alone (Node environment, no jsdom/app tests): what mutation testing runs
 * against `src/engine`. `npm run test:unit` still runs everything through vitest.config.ts.
 */
export default defineConfig({
  test: {
    include: ['src/engine/**/*.test.ts'],
    environment: 'node',
  },
});
