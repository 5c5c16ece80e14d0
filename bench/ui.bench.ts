/**
 * UI benchmark, one run, headless Chromium at 1600×900 against a production build:
 *   0. Calibration: the `ui-bench` example (default topology, 20,000 new connections/s) at each
 *      speed of 0.1×, 1×, 10×, 100×, 1,000× and 10,000×: the share of animation frames that show
 *      no traffic (no dot and no edge rate), fps, the longest main-thread task and the speed the
 *      engine reached. Phase 1 uses the lowest of them whose median dot count reaches 90 % of the
 *      overlay's 5,000-dot budget (or `--speed S`). Then the `default` example at 1×: the share of
 *      drawn dots on in-region links (not clients ↔ Internet, not Internet hosts), which visual
 *      time dilation is there to raise.
 *   1. ~5,000 dots: 10 s of requestAnimationFrame timestamps (median frame time, fps) and the
 *      overlay's own draw time (`__slbOverlay.drawMs`).
 *   2. The same page with animation off: fps.
 *   3. Maximum speed (10,000×) with animation on, 10 s: longest main-thread task (PerformanceObserver
 *      'longtask') and the longest gap between animation frames.
 *   4. The maximum-speed run continues to ~70 s: page (and engine worker) JS heap after a forced
 *      collection every ~10 s; growth between the second and the last sample.
 * Before all of them, the first load (bench/first-load.ts): fresh contexts loading `/`, the first
 * topology frame and the first frame with dots from navigation, and the gzipped JavaScript
 * requested before that first frame. `npx tsx bench/first-load.bench.ts` runs that phase alone.
 *
 * The bench builds the app into `dist-bench` and serves it with `vite preview` on 127.0.0.1 on a
 * free port; the server and the browser are closed on exit, on errors and on Ctrl-C, and the
 * build folder is deleted (keep it with `--keep-build`).
 *
 *   5. Worker memory (bench/worker-memory.ts): `ui-bench` at maximum speed to 10 simulated minutes
 *      (worker heap + array buffers over CDP: `workerMemoryPeakMB`; page heap at start and end),
 *      then seeks over a 10-minute run of `default` (median and max wall ms). `--phase memory` runs
 *      this phase alone; `--memory-wall-minutes M` caps its maximum-speed run (default 12).
 *
 * `npm run bench:ui` prints a table; `npm run bench:ui -- --json` prints one JSON object on stdout
 * (npm itself prints its `> script` banner there first; `npm run -s` or `npx tsx bench/ui.bench.ts`
 * leave stdout to the JSON alone). Progress always goes to stderr. `--speed S` skips the
 * calibration.
 */
import { availableParallelism } from 'node:os';
import type { Browser, Page } from '@playwright/test';
import { measureFirstLoad } from './first-load';
import { megabytes, oneMinuteLoadAverage, progress, roundTo } from './measure';
import {
  controls,
  droppedFramesFromToolbar,
  frameCountersFromReact,
  HeapProbe,
  launchBrowser,
  longTasksBetween,
  openApp,
  withPage,
  sampleFrames,
  VIEWPORT,
  type FrameCounters,
} from './ui-page';
import { buildResult, printTable, type CalibrationPoint } from './ui-report';
import { BENCH_OUT_DIR, buildApp, removeBuild, startPreview, type PreviewServer } from './ui-server';
import { summarizeFrames, type FrameStats } from './ui-stats';
import { measureWorkerMemory, workerMemoryLines } from './worker-memory';

const EXAMPLE = 'ui-bench';
const SEED = 1;
/** Dots the benchmark wants drawn individually. */
const DOT_BUDGET = 5000;
/**
 * The overlay's budget is raised above the target (URL `dotBudget`) so ~5,000 packets are drawn
 * one dot each: at the default budget of 5,000 the volume-mode hysteresis would halve them.
 */
const PAGE_DOT_BUDGET = 10_000;
const CALIBRATION_SPEEDS = [0.1, 1, 10, 100, 1000, 10_000];
const CALIBRATION_SAMPLE_MS = 3000;
/** The in-region dot share: `default` at 1×, sampled this long after a short warm-up. */
const IN_REGION_EXAMPLE = 'default';
const IN_REGION_SAMPLE_MS = 4000;
const IN_REGION_WARMUP_MS = 1500;
/** Calibration picks the lowest speed whose median dot count reaches this share of the budget. */
const CALIBRATION_DOT_SHARE = 0.9;
/** Simulated time the example needs to fill up (connections open, handshakes in flight). */
const WARMUP_SIM_S = 0.4;
const MIN_WARMUP_MS = 1500;
const MAX_WARMUP_MS = 6000;
const PHASE_MS = 10_000;
const MAX_SPEED = 10_000;
/**
 * The maximum-speed run: this many windows of PHASE_MS, a heap sample after each (plus one before).
 * About 70 s by default; `--memory-minutes M` runs it for M minutes of wall time instead.
 */
const MEMORY_WINDOWS = memoryWindowsFromArgs(process.argv.slice(2));

function memoryWindowsFromArgs(argv: readonly string[]): number {
  const at = argv.indexOf('--memory-minutes');
  const minutes = at >= 0 ? Number(argv[at + 1]) : NaN;
  return Number.isFinite(minutes) && minutes > 0 ? Math.ceil((minutes * 60_000) / PHASE_MS) : 7;
}

// --- helpers -----------------------------------------------------------------------------------

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function warmupMs(speed: number): number {
  return Math.min(MAX_WARMUP_MS, Math.max(MIN_WARMUP_MS, (WARMUP_SIM_S * 1000) / speed));
}

const mb = megabytes;

/**
 * A fresh browser context per page load: no service-worker registration, cache or heap carried
 * over from the previous load (MSW otherwise calls `registration.update()` on every reload).
 */
async function counters(page: Page): Promise<FrameCounters | undefined> {
  return frameCountersFromReact(page).catch(() => undefined);
}

function delta(after: FrameCounters | undefined, before: FrameCounters | undefined, key: 'droppedHops'): number | undefined {
  return after && before ? after[key] - before[key] : undefined;
}

// --- 0. calibration ----------------------------------------------------------------------------

async function calibrate(browser: Browser, baseUrl: string): Promise<{ speed: number; points: CalibrationPoint[] }> {
  const points: CalibrationPoint[] = [];
  for (const speed of CALIBRATION_SPEEDS) points.push(await withPage(browser, (page) => calibrationPoint(page, baseUrl, speed)));
  const enough = points.find((p) => p.dotsMedian >= CALIBRATION_DOT_SHARE * DOT_BUDGET);
  const chosen = enough ?? points.reduce((best, p) => (p.dotsMedian > best.dotsMedian ? p : best));
  return { speed: chosen.speed, points };
}

/** Calibration runs with the app's own dot budget (5,000): what a user sees at each speed. */
async function calibrationPoint(page: Page, baseUrl: string, speed: number): Promise<CalibrationPoint> {
  await openApp(page, baseUrl, { example: EXAMPLE, seed: SEED, speed });
  await sleep(warmupMs(speed));
  const before = await counters(page);
  const wallBefore = performance.now();
  const samples = await sampleFrames(page, CALIBRATION_SAMPLE_MS);
  const stats = summarizeFrames(samples);
  const tasks = await longTasksBetween(page, samples.startMs, samples.endMs);
  const after = await counters(page);
  const wallSeconds = (performance.now() - wallBefore) / 1000;
  const point: CalibrationPoint = {
    speed,
    dotsMedian: stats.dotsMedian,
    packetsMedian: stats.packetsMedian,
    volumeModeShare: stats.volumeModeShare,
    emptyFrameShare: stats.emptyFrameShare,
    ratesShare: stats.ratesShare,
    fps: stats.fpsMedian,
    frameMsMedian: stats.frameMsMedian,
    drawMsMedian: stats.drawMsMedian,
    longestTaskMs: tasks === undefined ? undefined : roundTo(Math.max(0, ...tasks.map((t) => t.duration)), 1),
    achievedSpeed: after && before ? roundTo((after.simTimeUs - before.simTimeUs) / 1e6 / wallSeconds, 3) : undefined,
    droppedHops: after?.droppedHops,
  };
  progress(
    `calibration: speed ${speed}× → median ${point.dotsMedian} dots (${point.packetsMedian} packets), no traffic in ${(point.emptyFrameShare * 100).toFixed(1)} % of frames, rates in ${(point.ratesShare * 100).toFixed(0)} %, ${point.fps} fps, longest task ${point.longestTaskMs ?? '?'} ms, draw ${point.drawMsMedian} ms` +
      (point.achievedSpeed === undefined ? '' : `, engine at ${point.achievedSpeed}×`) +
      (point.droppedHops ? `, ${point.droppedHops} hops dropped so far` : ''),
  );
  return point;
}

/** The share of drawn dots on in-region links, `default` at 1× with the app's own dot budget. */
async function inRegionShare(page: Page, baseUrl: string): Promise<{ share: number; dotsMedian: number; fps: number }> {
  await openApp(page, baseUrl, { example: IN_REGION_EXAMPLE, seed: SEED, speed: 1 });
  await sleep(IN_REGION_WARMUP_MS);
  const stats = summarizeFrames(await sampleFrames(page, IN_REGION_SAMPLE_MS));
  progress(`in-region dots: ${IN_REGION_EXAMPLE} at 1× → ${(stats.inRegionDotShare * 100).toFixed(0)} % of ${stats.dotsMedian} dots (median) on in-region links, ${stats.fpsMedian} fps`);
  return { share: stats.inRegionDotShare, dotsMedian: stats.dotsMedian, fps: stats.fpsMedian };
}

// --- 1–4. measurement --------------------------------------------------------------------------

export type Measurement = Awaited<ReturnType<typeof measure>>;

async function measure(page: Page, baseUrl: string, speed: number) {
  progress(`1. opening /?example=${EXAMPLE}&seed=${SEED}&speed=${speed}`);
  await openApp(page, baseUrl, { example: EXAMPLE, seed: SEED, speed, dotBudget: PAGE_DOT_BUDGET });
  const probe = await HeapProbe.attach(page);
  try {
    await sleep(warmupMs(speed) + 1000);
    const dropped0 = await droppedFramesFromToolbar(page);
    const counters0 = await counters(page);
    progress(`1. animation on, ${PHASE_MS / 1000} s`);
    const on = summarizeFrames(await sampleFrames(page, PHASE_MS));
    const dropped1 = await droppedFramesFromToolbar(page);
    const counters1 = await counters(page);

    progress(`2. animation off, ${PHASE_MS / 1000} s`);
    await controls(page, { setAnimation: false });
    await sleep(1000);
    const dropped1b = await droppedFramesFromToolbar(page);
    const counters1b = await counters(page);
    const off = summarizeFrames(await sampleFrames(page, PHASE_MS));
    const dropped2 = await droppedFramesFromToolbar(page);
    const counters2 = await counters(page);

    await controls(page, { setAnimation: true });
    const heap = [await probe.read()];
    const runStart = performance.now();
    const heapSampleWallSeconds = [0];
    progress(`3. maximum speed (${MAX_SPEED}×), animation on: long tasks over ${PHASE_MS / 1000} s`);
    await controls(page, { setSpeed: MAX_SPEED });
    const windows: { stats: FrameStats; from: number; to: number }[] = [];
    let memoryRunError: string | undefined;
    let firstWindowTasks: Awaited<ReturnType<typeof longTasksBetween>>;
    for (let k = 0; k < MEMORY_WINDOWS; k++) {
      try {
        const samples = await sampleFrames(page, PHASE_MS);
        windows.push({ stats: summarizeFrames(samples), from: samples.startMs, to: samples.endMs });
        if (k === 0) firstWindowTasks = await longTasksBetween(page, samples.startMs, samples.endMs);
        heap.push(await probe.read());
      } catch (error) {
        // e.g. the renderer ran out of memory: keep what was measured so far
        if (windows.length === 0) throw error;
        memoryRunError = `stopped after ${windows.length} of ${MEMORY_WINDOWS} windows: ${(error as Error).message.split('\n')[0]}`;
        progress(`4. ${memoryRunError}`);
        break;
      }
      heapSampleWallSeconds.push(roundTo((performance.now() - runStart) / 1000, 1));
      const h = heap.at(-1);
      progress(
        `${k === 0 ? '3' : '4'}. max speed ${heapSampleWallSeconds.at(-1)} s: ${windows.at(-1)?.stats.fpsMean} fps (mean), page heap ${mb(h?.pageBytes ?? NaN)} MB` +
          (h?.workerBytes === undefined ? '' : `, worker heap ${mb(h.workerBytes)} MB`) +
          (h?.workerBackingStoreBytes === undefined ? '' : `, worker array buffers ${mb(h.workerBackingStoreBytes)} MB`),
      );
    }
    const alive = memoryRunError === undefined;
    const dropped3 = alive ? await droppedFramesFromToolbar(page) : NaN;
    const counters3 = alive ? await counters(page) : undefined;
    const first = windows[0] as { stats: FrameStats };
    const firstTasks = firstWindowTasks;
    const allTasks: number[] = [];
    if (alive) for (const w of windows) for (const t of (await longTasksBetween(page, w.from, w.to)) ?? []) allTasks.push(t.duration);
    return {
      on,
      off,
      maxSpeed: first.stats,
      windows: windows.map((w) => w.stats),
      firstTasks,
      longestTaskMsMemoryRun: allTasks.length > 0 ? Math.max(...allTasks) : 0,
      memoryRunError,
      heap,
      heapSampleWallSeconds,
      workerNote: probe.workerNote,
      droppedFrames: { dots: dropped1 - dropped0, animationOff: dropped2 - dropped1b, maxSpeed: dropped3 - dropped2, total: dropped3 },
      droppedHops:
        counters0 && counters1 && counters1b && counters2 && counters3
          ? {
              dots: delta(counters1, counters0, 'droppedHops') as number,
              animationOff: delta(counters2, counters1b, 'droppedHops') as number,
              maxSpeed: delta(counters3, counters2, 'droppedHops') as number,
            }
          : undefined,
      simSecondsAtEnd: counters3 ? roundTo(counters3.simTimeUs / 1e6, 3) : undefined,
    };
  } finally {
    await probe.detach();
  }
}

// --- main --------------------------------------------------------------------------------------

/** `--phase memory`: only the worker-memory phase; `--memory-wall-minutes M`: its wall-time cap. */
function memoryArgs(argv: readonly string[]): { only: boolean; wallMinutes: number } {
  const at = argv.indexOf('--memory-wall-minutes');
  const minutes = at >= 0 ? Number(argv[at + 1]) : NaN;
  return { only: argv[argv.indexOf('--phase') + 1] === 'memory' && argv.includes('--phase'), wallMinutes: Number.isFinite(minutes) && minutes > 0 ? minutes : 12 };
}

function parseArgs(argv: readonly string[]): { json: boolean; keepBuild: boolean; speed: number | undefined } {
  const json = argv.includes('--json');
  const keepBuild = argv.includes('--keep-build');
  const at = argv.indexOf('--speed');
  const inline = argv.find((a) => a.startsWith('--speed='));
  const text = inline ? inline.slice('--speed='.length) : at >= 0 ? argv[at + 1] : undefined;
  if (text === undefined) return { json, keepBuild, speed: undefined };
  const speed = Number(text);
  if (!(speed >= 0.1 && speed <= MAX_SPEED)) throw new Error(`--speed must be between 0.1 and ${MAX_SPEED}, got ${text}`);
  return { json, keepBuild, speed };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const benchStart = performance.now();
  const loadStart = roundTo(oneMinuteLoadAverage(), 2);
  let server: PreviewServer | undefined;
  let browser: Browser | undefined;
  let cleaning: Promise<void> | undefined;
  const cleanup = (): Promise<void> =>
    (cleaning ??= (async () => {
      await browser?.close().catch(() => undefined);
      await server?.stop().catch(() => undefined);
      if (!args.keepBuild) removeBuild();
    })());
  const onSignal = (signal: NodeJS.Signals): void => {
    progress(`${signal}: stopping`);
    void cleanup().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const onExit = (): void => {
    if (!args.keepBuild) removeBuild();
  };
  process.on('exit', onExit);
  try {
    progress(`building the app into ${BENCH_OUT_DIR}/`);
    buildApp();
    server = await startPreview();
    const baseUrl = server.url;
    progress(`vite preview on ${baseUrl}`);
    browser = await launchBrowser();
    const memoryPhase = memoryArgs(process.argv.slice(2));
    if (memoryPhase.only) {
      const workerMemory = await measureWorkerMemory(browser, baseUrl, { maxWallMinutes: memoryPhase.wallMinutes });
      if (args.json) process.stdout.write(`${JSON.stringify({ workerMemoryPeakMB: workerMemory.workerMemoryPeakMB, workerMemory })}\n`);
      else for (const line of workerMemoryLines(workerMemory)) process.stdout.write(`${line}\n`);
      return;
    }
    const firstLoad = await measureFirstLoad(browser, baseUrl, BENCH_OUT_DIR, VIEWPORT);
    const found = args.speed === undefined ? await calibrate(browser, baseUrl) : undefined;
    const inRegion = await withPage(browser, (page) => inRegionShare(page, baseUrl));
    const speed = found?.speed ?? (args.speed as number);
    const calibration = found?.points ?? [];
    if (found) progress(`calibration: using speed ${speed}×`);
    const m = await withPage(browser, (page) => measure(page, baseUrl, speed));
    const workerMemory = await measureWorkerMemory(browser, baseUrl, { maxWallMinutes: memoryPhase.wallMinutes });
    const result = buildResult(m, {
      speed,
      speedSource: args.speed === undefined ? 'calibration' : '--speed',
      calibration,
      inRegion,
      firstLoad,
      meta: {
        chromium: `Chromium ${browser.version()}`,
        viewport: `${VIEWPORT.width}×${VIEWPORT.height}`,
        cpus: availableParallelism(),
        loadAverage1m: { start: loadStart, end: roundTo(oneMinuteLoadAverage(), 2) },
        totalWallSeconds: roundTo((performance.now() - benchStart) / 1000, 1),
        buildDir: BENCH_OUT_DIR,
      },
    });
    if (args.json) process.stdout.write(`${JSON.stringify({ ...result, workerMemoryPeakMB: workerMemory.workerMemoryPeakMB, workerMemory })}\n`);
    else {
      printTable(result, { example: EXAMPLE, seed: SEED, dotBudget: DOT_BUDGET, maxSpeed: MAX_SPEED });
      for (const line of workerMemoryLines(workerMemory)) process.stdout.write(`${line}\n`);
    }
  } finally {
    await cleanup();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('exit', onExit);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
