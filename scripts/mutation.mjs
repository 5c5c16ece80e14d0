// `npm run mutation [-- <folder|glob>... | --mutate <globs>] [--tests <folder|glob>] [other Stryker options]`
//
// Mutation testing of src/engine with StrykerJS (config: stryker.config.mjs). Each scope — the
// whole engine by default, or the folders/globs given (also via MUTATION_SCOPE, comma-separated) —
// keeps its own incremental file and reports under reports/mutation/<scope>/, so rerunning one
// folder only retests the mutants whose code or covering tests changed. Ends with the score per
// folder (scripts/mutation-summary.mjs).
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const args = process.argv.slice(2);
const scope = [];
const tests = [];
const passThrough = [];
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  if (arg === '--mutate' || arg === '-m') scope.push(...(args[++i] ?? '').split(','));
  else if (arg.startsWith('--mutate=')) scope.push(...arg.slice('--mutate='.length).split(','));
  else if (arg === '--tests') tests.push(...(args[++i] ?? '').split(','));
  else if (arg.startsWith('--tests=')) tests.push(...arg.slice('--tests='.length).split(','));
  else if (arg.startsWith('-')) {
    passThrough.push(arg);
    // An option's value (`--concurrency 2`) goes along with it.
    if (!arg.includes('=') && args[i + 1] !== undefined && !args[i + 1].startsWith('-')) passThrough.push(args[++i]);
  } else scope.push(arg);
}
if (scope.length === 0 && process.env.MUTATION_SCOPE) scope.push(...process.env.MUTATION_SCOPE.split(','));
if (scope.length === 0) scope.push('src/engine');

// A folder means every .ts file under it; tests are excluded by the config.
const globs = scope
  .map((s) => s.trim().replace(/\/+$/, ''))
  .filter(Boolean)
  .map((s) => (existsSync(s) && statSync(s).isDirectory() ? `${s}/**/*.ts` : s));
const slug =
  globs
    .map((g) =>
      g
        .replace(/^src\//, '')
        .replace(/\/\*\*\/\*\.ts$/, '')
        .replace(/[^A-Za-z0-9._-]+/g, '-'),
    )
    .join('+')
    .slice(0, 120) || 'engine';
// With --tests the run only uses those tests (a folder: its *.test.ts files): a faster, stricter
// "unit" score, kept apart from the full-suite one.
const testGlobs = tests
  .map((s) => s.trim().replace(/\/+$/, ''))
  .filter(Boolean)
  .map((s) => (existsSync(s) && statSync(s).isDirectory() ? `${s}/**/*.test.ts` : s));
const out = `reports/mutation/${slug}${testGlobs.length > 0 ? '.unit' : ''}`;

console.log(`Mutation testing ${globs.join(', ')}${testGlobs.length > 0 ? ` with ${testGlobs.join(', ')}` : ''} → ${out}/ (incremental)`);
const env = {
  ...process.env,
  MUTATION_OUT: out,
  MUTATION_MUTATE: JSON.stringify(globs),
  ...(testGlobs.length > 0 ? { MUTATION_TESTS: JSON.stringify(testGlobs) } : {}),
};
const stryker = spawnSync('npx', ['stryker', 'run', 'stryker.config.mjs', ...passThrough], { stdio: 'inherit', env });
const summary = spawnSync('node', ['scripts/mutation-summary.mjs', `${out}/mutation.json`], { stdio: 'inherit' });
process.exit(stryker.status || summary.status || 0);
