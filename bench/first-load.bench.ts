/**
 * The first-load phase of the UI bench on its own (a few seconds instead of minutes):
 * `npx tsx bench/first-load.bench.ts [--runs N] [--json] [--keep-build]`. Builds the app into the
 * UI bench's folder, serves it with `vite preview`, and prints what bench/first-load.ts measures.
 */
import type { Browser } from '@playwright/test';
import { verdict } from './format';
import { firstLoadLines, FIRST_LOAD_RUNS, measureFirstLoad } from './first-load';
import { progress } from './measure';
import { launchBrowser, VIEWPORT } from './ui-page';
import { BENCH_OUT_DIR, buildApp, removeBuild, startPreview, type PreviewServer } from './ui-server';

function runsFromArgs(argv: readonly string[]): number {
  const at = argv.indexOf('--runs');
  if (at < 0) return FIRST_LOAD_RUNS;
  const runs = Number(argv[at + 1]);
  if (!Number.isInteger(runs) || runs < 1 || runs > 100) throw new Error(`--runs must be a whole number from 1 to 100, got ${argv[at + 1]}`);
  return runs;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const runs = runsFromArgs(argv);
  const keepBuild = argv.includes('--keep-build');
  let server: PreviewServer | undefined;
  let browser: Browser | undefined;
  try {
    progress(`building the app into ${BENCH_OUT_DIR}/`);
    buildApp();
    server = await startPreview();
    browser = await launchBrowser();
    const result = await measureFirstLoad(browser, server.url, BENCH_OUT_DIR, VIEWPORT, runs);
    if (argv.includes('--json')) process.stdout.write(`${JSON.stringify({ ...result, chromium: `Chromium ${browser.version()}` })}\n`);
    else for (const line of firstLoadLines(result, verdict)) console.log(line);
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop().catch(() => undefined);
    if (!keepBuild) removeBuild();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
