// `npm test`: every gate in one command, ending with one plain line "N passed, N failed".
// Gates that are not test runners (typecheck, lint, build) count as one check each; vitest and
// Playwright contribute their own test counts from their JSON reports. Every step runs even when
// an earlier one failed, so one run shows everything that is wrong; the exit status is non-zero
// if anything failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

mkdirSync('reports', { recursive: true });
let passed = 0;
let failed = 0;

function run(title, command, args) {
  console.log(`\n▶ ${title}: ${command} ${args.join(' ')}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit', env: process.env });
  const ok = result.status === 0;
  console.log(`${ok ? '✔' : '✘'} ${title} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return ok;
}

function gate(title, command, args) {
  if (run(title, command, args)) passed++;
  else failed++;
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

function runner(title, command, args, reportPath, count) {
  rmSync(reportPath, { force: true });
  const ok = run(title, command, args);
  const report = existsSync(reportPath) ? readJson(reportPath) : undefined;
  if (!report) {
    console.log(`  ${title}: no report at ${reportPath}; counting the step as one failure`);
    failed++;
    return;
  }
  const counts = count(report);
  passed += counts.passed;
  failed += counts.failed;
  // A runner that failed without failing a test (crash, config error) still fails the suite.
  if (!ok && counts.failed === 0) failed++;
}

gate('typecheck', 'npx', ['tsc', '-b']);
gate('lint', 'npx', ['eslint', '.', '--max-warnings=0']);
runner('unit and property tests', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=reports/vitest.json'], 'reports/vitest.json', (r) => ({
  passed: r.numPassedTests ?? 0,
  failed: (r.numFailedTests ?? 0) + (r.numRuntimeErrorTestSuites ?? 0),
}));
gate('production build', 'npx', ['vite', 'build', '--logLevel', 'warn']);
runner('end-to-end tests (Playwright, Chromium)', 'node', ['scripts/e2e.mjs'], 'reports/playwright.json', (r) => ({
  passed: (r.stats?.expected ?? 0) + (r.stats?.flaky ?? 0),
  failed: (r.stats?.unexpected ?? 0) + (r.errors?.length ?? 0),
}));

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
