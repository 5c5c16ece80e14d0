/**
 * The UI bench's first-load phase (issue 15, "First load"): fresh browser contexts navigate to the
 * production build and measure, from navigation start (= 0 in the page's clock):
 * - `firstFrameMs`: the first painted frame showing the topology's nodes (the app's
 *   `slb:first-topology-frame` mark, src/app/first-load.ts);
 * - `firstDotsMs`: the first painted frame with a packet dot (`slb:first-dots-frame`);
 * - `firstLoadJsGzipBytes`: every JavaScript file the page requested before the first topology
 *   frame (Playwright's network log), each gzipped at level 9 from the served build and summed;
 * - `firstLoadWorkerJsGzipBytes`: the same for the engine's Web Worker, which the first frame also
 *   waits for: its script and the chunks it imports before the mark. Chunks it imports on demand
 *   (the interop code, at the first export or import) come later and are not counted. It runs off
 *   the main thread and belongs to the engine (its size is the engine's), so it is reported on its
 *   own and not judged against the page's budget.
 * A request counts when it started before the mark, on the page's clock: the page's Resource
 * Timing gives its own requests (the worker's script among them); a dedicated worker's Resource
 * Timing gives the files the worker fetched itself, shifted by the two time origins. Which side
 * fetched a file comes from those timelines, not from Playwright: Playwright gives a dedicated
 * worker's requests the page's frame. Requests of the API mock's Service Worker (its script, and
 * its pass-through copies of the page's and the worker's fetches) are neither's and not counted.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page, Request } from '@playwright/test';
import { median, progress, roundTo } from './measure';
import { REPO_ROOT } from './ui-server';

export const FIRST_LOAD_TARGETS = {
  /** Navigation → first painted topology frame, production build. */
  firstFrameMs: 1000,
  /** Gzipped JavaScript the page requests before the first topology frame. */
  firstLoadJsGzipBytes: 250_000,
} as const;

/** How many fresh loads the phase measures; the report gives their medians. */
export const FIRST_LOAD_RUNS = 5;
const MARK_TIMEOUT_MS = 60_000;
const SETTLE_TIMEOUT_MS = 10_000;
const FRAME_MARK = 'slb:first-topology-frame';
const DOTS_MARK = 'slb:first-dots-frame';

export interface FirstLoadScript {
  /** Path on the server, e.g. /assets/index-abc.js. */
  path: string;
  gzipBytes: number;
  /** Requested by a worker (its script or its imports), not by the page. */
  worker: boolean;
  /** Page clock, ms after navigation start. */
  startMs: number;
}

export interface FirstLoadSample {
  firstFrameMs: number;
  firstDotsMs: number;
  jsGzipBytes: number;
  workerJsGzipBytes: number;
  /** Every JS file requested before the first topology frame. */
  scripts: FirstLoadScript[];
  /** JS files requested after it (deferred chunks, the API's Service Worker), by path. */
  later: string[];
}

export interface FirstLoadResult {
  runs: number;
  firstFrameMs: number;
  firstDotsMs: number;
  firstLoadJsGzipBytes: number;
  firstLoadWorkerJsGzipBytes: number;
  samplesFirstFrameMs: number[];
  samplesFirstDotsMs: number[];
  /** The first run's scripts before the first frame (page ones), largest first. */
  scripts: { path: string; gzipBytes: number }[];
  /** The first run's worker scripts before the first frame, largest first. */
  workerScripts: { path: string; gzipBytes: number }[];
  targets: typeof FIRST_LOAD_TARGETS;
}

const gzipCache = new Map<string, number>();

/** Gzip (level 9) size of a file of the served build; 0 for what the build does not hold. */
function gzipBytesOf(buildDir: string, path: string): number {
  const file = join(REPO_ROOT, buildDir, decodeURIComponent(path));
  let size = gzipCache.get(file);
  if (size === undefined) {
    try {
      size = gzipSync(readFileSync(file), { level: 9 }).length;
    } catch {
      size = 0;
    }
    gzipCache.set(file, size);
  }
  return size;
}

function isScript(url: URL): boolean {
  return url.pathname.endsWith('.js') || url.pathname.endsWith('.mjs');
}

interface Timeline {
  timeOrigin: number;
  resources: { name: string; startTime: number }[];
}

interface PageTimes extends Timeline {
  frameMs: number;
  dotsMs: number;
}

/**
 * What the page's dedicated workers fetched themselves (their module imports), by URL, with the
 * start on the page's clock. A worker that has already ended tells nothing (the engine's does not end).
 */
async function workerFetches(page: Page, pageOrigin: number): Promise<Map<string, number>> {
  const starts = new Map<string, number>();
  for (const worker of page.workers()) {
    const timeline: Timeline | undefined = await worker
      .evaluate(() => ({ timeOrigin: performance.timeOrigin, resources: performance.getEntriesByType('resource').map((e) => ({ name: e.name, startTime: e.startTime })) }))
      .catch(() => undefined);
    if (!timeline) continue;
    for (const r of timeline.resources) if (!starts.has(r.name)) starts.set(r.name, timeline.timeOrigin + r.startTime - pageOrigin);
  }
  return starts;
}

/** One fresh context: no cache, no Service Worker registration carried over. */
async function oneLoad(browser: Browser, baseUrl: string, buildDir: string, viewport: { width: number; height: number }): Promise<FirstLoadSample> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  try {
    const page: Page = await context.newPage();
    const requests: Request[] = [];
    // The context sees the page's and its workers' requests (a dedicated worker's too).
    const pending = new Set<Request>();
    context.on('request', (request) => {
      requests.push(request);
      pending.add(request);
    });
    context.on('requestfinished', (request) => pending.delete(request));
    context.on('requestfailed', (request) => pending.delete(request));
    const workerScripts = new Set<string>();
    page.on('worker', (worker) => workerScripts.add(worker.url()));
    await page.goto(`${baseUrl}/`);
    await page.waitForFunction(
      ([frame, dots]) => performance.getEntriesByName(frame).length > 0 && performance.getEntriesByName(dots).length > 0,
      [FRAME_MARK, DOTS_MARK] as const,
      { timeout: MARK_TIMEOUT_MS },
    );
    // A Resource Timing entry appears when its response ends: let the requests made so far finish.
    const settleBy = Date.now() + SETTLE_TIMEOUT_MS;
    while (pending.size > 0 && Date.now() < settleBy) await new Promise((resolve) => setTimeout(resolve, 50));
    const times: PageTimes = await page.evaluate(
      ([frame, dots]) => ({
        timeOrigin: performance.timeOrigin,
        frameMs: performance.getEntriesByName(frame)[0]?.startTime ?? NaN,
        dotsMs: performance.getEntriesByName(dots)[0]?.startTime ?? NaN,
        resources: performance.getEntriesByType('resource').map((e) => ({ name: e.name, startTime: e.startTime })),
      }),
      [FRAME_MARK, DOTS_MARK] as const,
    );
    const resourceStart = new Map(times.resources.map((r) => [r.name, r.startTime]));
    const workerStart = await workerFetches(page, times.timeOrigin);
    const scripts: FirstLoadScript[] = [];
    const later: string[] = [];
    const seen = new Set<string>();
    for (const request of requests) {
      if (request.serviceWorker()) continue; // the API mock's: see the top of this file
      const url = new URL(request.url());
      if (!url.href.startsWith(baseUrl) || !isScript(url) || seen.has(url.pathname)) continue;
      seen.add(url.pathname);
      const worker = workerScripts.has(url.href) || workerStart.has(url.href);
      const startMs = resourceStart.get(url.href) ?? workerStart.get(url.href) ?? request.timing().startTime - times.timeOrigin;
      // The later phase starts its imports in the task that sets the mark: at or after it is later.
      if (startMs >= times.frameMs) {
        later.push(url.pathname);
        continue;
      }
      scripts.push({ path: url.pathname, gzipBytes: gzipBytesOf(buildDir, url.pathname), worker, startMs: roundTo(startMs, 1) });
    }
    const sum = (worker: boolean): number => scripts.filter((s) => s.worker === worker).reduce((total, s) => total + s.gzipBytes, 0);
    return {
      firstFrameMs: roundTo(times.frameMs, 1),
      firstDotsMs: roundTo(times.dotsMs, 1),
      jsGzipBytes: sum(false),
      workerJsGzipBytes: sum(true),
      scripts,
      later,
    };
  } finally {
    await context.close().catch(() => undefined);
  }
}

function scriptsOf(sample: FirstLoadSample, worker: boolean): { path: string; gzipBytes: number }[] {
  return sample.scripts
    .filter((s) => s.worker === worker)
    .map((s) => ({ path: s.path, gzipBytes: s.gzipBytes }))
    .sort((a, b) => b.gzipBytes - a.gzipBytes);
}

/** `runs` fresh loads of `/`; medians of the times, and the bytes (the same every run unless a chunk raced the mark). */
export async function measureFirstLoad(
  browser: Browser,
  baseUrl: string,
  buildDir: string,
  viewport: { width: number; height: number },
  runs = FIRST_LOAD_RUNS,
): Promise<FirstLoadResult> {
  const samples: FirstLoadSample[] = [];
  for (let k = 0; k < runs; k++) {
    const sample = await oneLoad(browser, baseUrl, buildDir, viewport);
    samples.push(sample);
    progress(
      `first load ${k + 1}/${runs}: topology frame ${sample.firstFrameMs} ms, dots ${sample.firstDotsMs} ms, page JS ${sample.jsGzipBytes.toLocaleString('en-US')} B gzip in ${sample.scripts.filter((s) => !s.worker).length} files, worker JS ${sample.workerJsGzipBytes.toLocaleString('en-US')} B gzip; ${sample.later.length} files after the frame`,
    );
  }
  const first = samples[0] as FirstLoadSample;
  return {
    runs,
    firstFrameMs: roundTo(median(samples.map((s) => s.firstFrameMs)), 1),
    firstDotsMs: roundTo(median(samples.map((s) => s.firstDotsMs)), 1),
    firstLoadJsGzipBytes: median(samples.map((s) => s.jsGzipBytes)),
    firstLoadWorkerJsGzipBytes: median(samples.map((s) => s.workerJsGzipBytes)),
    samplesFirstFrameMs: samples.map((s) => s.firstFrameMs),
    samplesFirstDotsMs: samples.map((s) => s.firstDotsMs),
    scripts: scriptsOf(first, false),
    workerScripts: scriptsOf(first, true),
    targets: FIRST_LOAD_TARGETS,
  };
}

/** The table's lines for the phase, each measure with its target. */
export function firstLoadLines(r: FirstLoadResult, verdict: (ok: boolean) => string): string[] {
  const bytes = (n: number): string => `${n.toLocaleString('en-US')} B`;
  return [
    `\nfirst load (production build, fresh context, navigation start = 0; median of ${r.runs}):`,
    `   first topology frame    ${`${r.firstFrameMs} ms`.padStart(12)}   target ≤ ${r.targets.firstFrameMs} ms   ${verdict(r.firstFrameMs <= r.targets.firstFrameMs)}   (runs: ${r.samplesFirstFrameMs.join(', ')})`,
    `   first frame with dots   ${`${r.firstDotsMs} ms`.padStart(12)}   (reported)          (runs: ${r.samplesFirstDotsMs.join(', ')})`,
    `   page JS before frame    ${bytes(r.firstLoadJsGzipBytes).padStart(12)}   target ≤ ${bytes(r.targets.firstLoadJsGzipBytes)}   ${verdict(r.firstLoadJsGzipBytes <= r.targets.firstLoadJsGzipBytes)}   gzip -9, ${r.scripts.length} files`,
    ...r.scripts.map((s) => `      ${bytes(s.gzipBytes).padStart(10)}  ${s.path}`),
    `   engine worker JS        ${bytes(r.firstLoadWorkerJsGzipBytes).padStart(12)}   (reported; off the main thread)   ${r.workerScripts.length} files`,
    ...r.workerScripts.map((s) => `      ${bytes(s.gzipBytes).padStart(10)}  ${s.path}`),
  ];
}
