import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const nonDeterminism = {
  'no-restricted-globals': [
    'error',
    { name: 'Date', message: 'The engine takes time from the simulation clock.' },
    { name: 'performance', message: 'The engine takes time from the simulation clock.' },
    { name: 'setTimeout', message: 'The engine schedules events on its queue, not timers.' },
    { name: 'setInterval', message: 'The engine schedules events on its queue, not timers.' },
    { name: 'requestAnimationFrame', message: 'The engine has no frames.' },
  ],
  'no-restricted-properties': [
    'error',
    { object: 'Math', property: 'random', message: 'Use a seeded RandomStream (engine/core/prng).' },
  ],
};

export default tseslint.config(
  { ignores: ['dist', 'dist-e2e', 'dist-bench', 'node_modules', 'public/mockServiceWorker.js', 'reports', 'test-results', 'playwright-report', '.stryker-tmp'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/app/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // The engine is pure and deterministic: no UI, no wall clock, no unseeded randomness.
    files: ['src/engine/**/*.ts', 'src/shared/**/*.ts', 'src/scenario/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      ...nonDeterminism,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/app/**', '**/worker/**', '**/api/**', '**/cli/**'], message: 'The engine imports only engine/, shared/ and scenario/.' },
            { group: ['react', 'react-dom', '@xyflow/*', 'zustand', 'comlink', 'msw', 'node:*'], message: 'The engine has no UI, worker or Node dependencies.' },
          ],
        },
      ],
    },
  },
  {
    // The UI sees the engine only as types; it talks to it through the worker.
    files: ['src/app/**/*.{ts,tsx}'],
    ignores: ['**/*.test.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/engine/**'], allowTypeImports: true, message: 'The app imports the engine only as types; run it through the worker.' }] },
      ],
    },
  },
  {
    // (the engine block above already bans app imports for engine, shared and scenario)
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/app/**', 'src/engine/**', 'src/shared/**', 'src/scenario/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/app/**', '**/app'], message: 'Nothing imports the app.' }] }],
    },
  },
);
