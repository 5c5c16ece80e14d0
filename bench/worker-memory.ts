/**
 * The UI bench's worker-memory phase (issue 15, "bounded worker memory"):
 *   a. `ui-bench` at maximum speed until 10 simulated minutes (or a wall-time cap): every ~10 s the
 *      engine worker's JS heap plus ArrayBuffer backing stores, read over CDP after a forced
 *      collection (Runtime.getHeapUsage usedSize + backingStorageSize: real figures, not the
 *      app's estimate), the worker's own estimate (frame.memory: table bytes) and the page heap.
 *      `workerMemoryPeakMB` is the largest CDP total; the page heap is reported at start and end.
 *   b. `default` run (paused) to 10 simulated minutes, then seeks to 20 times spread over the run
 *      in a scattered order, each timed in the page around `__slb.seek` (wall ms, the replay from
 *      the nearest checkpoint included): median and max.
 */
import type { Browser, Page } from '@playwright/test';
import { megabytes, progress, roundTo } from './measure';
import { controls, frameCountersFromReact, HeapProbe, openApp, withPage, type HeapReading } from './ui-page';
import type { SimControls } from '../src/app/sim-client';
import type { WorkerMemory } from '../src/worker/protocol';

const MEMORY_EXAMPLE = 'ui-bench';
const SEEK_EXAMPLE = 'default';
const MAX_SPEED = 10_000;
const RUN_SIM_US = 10 * 60 * 1e6;
const SAMPLE_EVERY_MS = 10_000;
const SEEK_TARGETS = 20;

interface BenchWindow {
  __slb?: SimControls;
}

export interface WorkerMemorySample {
  wallSeconds: number;
  simSeconds: number;
  /** CDP: worker JS heap used + ArrayBuffer backing stores, MB. */
  workerHeapMB: number | undefined;
  workerArrayBuffersMB: number | undefined;
  workerTotalMB: number | undefined;
  /** The worker's own estimate (frame.memory: live tables + checkpoint chunks), MB. */
  estimateMB: number | undefined;
  checkpoints: number | undefined;
  pageHeapMB: number;
}

export interface WorkerMemoryResult {
  example: string;
  /** Largest CDP total (heap + array buffers) of the worker over the run, MB. */
  workerMemoryPeakMB: number | undefined;
  workerMemoryBudgetMB: number | undefined;
  /** Largest estimate the worker reported, MB. */
  workerEstimatePeakMB: number | undefined;
  pageHeapStartMB: number;
  pageHeapEndMB: number;
  simSecondsReached: number;
  wallSeconds: number;
  samples: WorkerMemorySample[];
  source: string;
  note: string;
  seek: SeekResult;
}

export interface SeekResult {
  example: string;
  runSimSeconds: number;
  /** Wall ms to run the example (paused, from 0) to the end of the run. */
  runWallMs: number;
  targetsS: number[];
  wallMs: number[];
  medianMs: number;
  maxMs: number;
  /** The worker's estimate after the run: checkpoints and their interval. */
  memory: WorkerMemory | undefined;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The toolbar's simulated time (React state) and the worker's memory estimate (the run controls' data attributes). */
async function workerState(page: Page): Promise<{ simTimeUs: number; memory: WorkerMemory | undefined }> {
  const counters = await frameCountersFromReact(page).catch(() => undefined);
  const memory = await page.evaluate(() => {
    const dd = document.querySelector<HTMLElement>('[data-testid="worker-memory"]');
    if (!dd) return undefined;
    const n = (key: string): number => Number(dd.dataset[key]);
    return { liveBytes: n('liveBytes'), checkpointBytes: n('checkpointBytes'), checkpoints: n('checkpoints'), budgetBytes: n('budgetBytes'), intervalUs: n('intervalUs') };
  });
  return { simTimeUs: counters?.simTimeUs ?? NaN, memory };
}

async function sample(probe: HeapProbe, page: Page, startMs: number): Promise<WorkerMemorySample> {
  const reading: HeapReading = await probe.read();
  const state = await workerState(page);
  const total = reading.workerBytes !== undefined && reading.workerBackingStoreBytes !== undefined ? reading.workerBytes + reading.workerBackingStoreBytes : undefined;
  const estimate = state.memory ? state.memory.liveBytes + state.memory.checkpointBytes : undefined;
  return {
    wallSeconds: roundTo((performance.now() - startMs) / 1000, 1),
    simSeconds: roundTo(state.simTimeUs / 1e6, 1),
    workerHeapMB: reading.workerBytes === undefined ? undefined : megabytes(reading.workerBytes),
    workerArrayBuffersMB: reading.workerBackingStoreBytes === undefined ? undefined : megabytes(reading.workerBackingStoreBytes),
    workerTotalMB: total === undefined ? undefined : megabytes(total),
    estimateMB: estimate === undefined ? undefined : megabytes(estimate),
    checkpoints: state.memory?.checkpoints,
    pageHeapMB: megabytes(reading.pageBytes),
  };
}

async function memoryRun(page: Page, baseUrl: string, maxWallMinutes: number): Promise<Omit<WorkerMemoryResult, 'seek'>> {
  progress(`memory: /?example=${MEMORY_EXAMPLE} at ${MAX_SPEED}× until ${RUN_SIM_US / 60e6} simulated minutes (at most ${maxWallMinutes} wall minutes)`);
  await openApp(page, baseUrl, { example: MEMORY_EXAMPLE, seed: 1, speed: 1 });
  const probe = await HeapProbe.attach(page);
  try {
    const startMs = performance.now();
    const samples = [await sample(probe, page, startMs)];
    await controls(page, { setSpeed: MAX_SPEED });
    while (performance.now() - startMs < maxWallMinutes * 60_000) {
      await sleep(SAMPLE_EVERY_MS);
      const s = await sample(probe, page, startMs);
      samples.push(s);
      progress(`memory: ${s.wallSeconds} s wall, ${s.simSeconds} s simulated: worker ${s.workerTotalMB ?? '?'} MB (heap ${s.workerHeapMB ?? '?'}, array buffers ${s.workerArrayBuffersMB ?? '?'}), estimate ${s.estimateMB ?? '?'} MB, ${s.checkpoints ?? '?'} checkpoints, page heap ${s.pageHeapMB} MB`);
      if (s.simSeconds * 1e6 >= RUN_SIM_US) break;
    }
    const totals = samples.map((s) => s.workerTotalMB).filter((v): v is number => v !== undefined);
    const estimates = samples.map((s) => s.estimateMB).filter((v): v is number => v !== undefined);
    const budget = (await workerState(page)).memory?.budgetBytes;
    return {
      example: MEMORY_EXAMPLE,
      workerMemoryPeakMB: totals.length > 0 ? Math.max(...totals) : undefined,
      workerMemoryBudgetMB: budget === undefined ? undefined : megabytes(budget),
      workerEstimatePeakMB: estimates.length > 0 ? Math.max(...estimates) : undefined,
      pageHeapStartMB: samples[0]!.pageHeapMB,
      pageHeapEndMB: samples.at(-1)!.pageHeapMB,
      simSecondsReached: samples.at(-1)!.simSeconds,
      wallSeconds: samples.at(-1)!.wallSeconds,
      samples,
      source: 'CDP on the worker target: Runtime.getHeapUsage usedSize + backingStorageSize after HeapProfiler.collectGarbage',
      note: probe.workerNote,
    };
  } finally {
    await probe.detach();
  }
}

async function seekRun(page: Page, baseUrl: string): Promise<SeekResult> {
  progress(`seek: /?example=${SEEK_EXAMPLE}, run to ${RUN_SIM_US / 60e6} simulated minutes, then ${SEEK_TARGETS} seeks`);
  await openApp(page, baseUrl, { example: SEEK_EXAMPLE, seed: 1, speed: 1 });
  const targetsS = Array.from({ length: SEEK_TARGETS }, (_, k) => roundTo(((((k * 7) % SEEK_TARGETS) + 1) * RUN_SIM_US) / SEEK_TARGETS / 1e6 - 3.3, 3));
  const result = await page.evaluate(
    async ({ endUs, targets }) => {
      const slb = (window as unknown as BenchWindow).__slb;
      if (!slb) throw new Error('window.__slb is not exposed');
      await slb.pause();
      const runStart = performance.now();
      await slb.runUntil(endUs);
      const runWallMs = performance.now() - runStart;
      const wallMs: number[] = [];
      let memory: WorkerMemory | undefined;
      for (const t of targets) {
        const start = performance.now();
        const summary = await slb.seek(t * 1e6);
        wallMs.push(performance.now() - start);
        memory = summary?.memory ?? memory;
      }
      return { runWallMs, wallMs, memory };
    },
    { endUs: RUN_SIM_US, targets: targetsS },
  );
  const wallMs = result.wallMs.map((v) => roundTo(v, 1));
  progress(`seek: ran to ${RUN_SIM_US / 1e6} s in ${roundTo(result.runWallMs, 0)} ms; seeks median ${roundTo(median(wallMs), 1)} ms, max ${Math.max(...wallMs)} ms`);
  return {
    example: SEEK_EXAMPLE,
    runSimSeconds: RUN_SIM_US / 1e6,
    runWallMs: roundTo(result.runWallMs, 0),
    targetsS,
    wallMs,
    medianMs: roundTo(median(wallMs), 1),
    maxMs: Math.max(...wallMs),
    memory: result.memory,
  };
}

/** Both parts, each on a fresh page (its own browser context). */
export async function measureWorkerMemory(browser: Browser, baseUrl: string, options: { maxWallMinutes: number }): Promise<WorkerMemoryResult> {
  const memory = await withPage(browser, (page) => memoryRun(page, baseUrl, options.maxWallMinutes));
  const seek = await withPage(browser, (page) => seekRun(page, baseUrl));
  return { ...memory, seek };
}

/** One line per figure for the bench's table. */
export function workerMemoryLines(r: WorkerMemoryResult): string[] {
  return [
    `worker memory peak (CDP heap + array buffers): ${r.workerMemoryPeakMB ?? '?'} MB (target ≤ 256 MB; tables and checkpoints budget ${r.workerMemoryBudgetMB ?? '?'} MB; the worker's estimate peaked at ${r.workerEstimatePeakMB ?? '?'} MB) over ${r.simSecondsReached} simulated s of ${r.example} in ${r.wallSeconds} wall s`,
    `page heap: ${r.pageHeapStartMB} MB at start, ${r.pageHeapEndMB} MB at end`,
    `seek on ${r.seek.example} (${r.seek.runSimSeconds} s run, ${r.seek.wallMs.length} targets): median ${r.seek.medianMs} ms, max ${r.seek.maxMs} ms`,
  ];
}
