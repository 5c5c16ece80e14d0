/** The UI bench's report: the result `--json` prints and the table. */
import { firstLoadLines, type FirstLoadResult } from './first-load';
import { tableLine, verdict } from './format';
import { growthAfterFirstSample, megabytes, roundTo } from './measure';
import type { Measurement } from './ui.bench';

/** What the table judges against; the JSON carries them too. */
export const TARGETS = {
  fps: 55,
  longestTaskMs: 50,
  /** "Flat": relative growth between the second and the last heap sample. */
  heapGrowthRatio: 0.1,
  /** At every calibration speed: most frames may show traffic neither as dots nor as edge rates. */
  emptyFrameShare: 0.05,
  /** `default` at 1×: least share of drawn dots on in-region links. */
  inRegionDotShare: 0.3,
} as const;

export interface CalibrationPoint {
  speed: number;
  dotsMedian: number;
  packetsMedian: number;
  volumeModeShare: number;
  /** Share of frames with no dot and no edge rate drawn. */
  emptyFrameShare: number;
  /** Share of frames with edge rates drawn (dots a sample). */
  ratesShare: number;
  fps: number;
  frameMsMedian: number;
  drawMsMedian: number;
  /** Longest main-thread task during the sample, ms (0: none over 50 ms); undefined without longtask timing. */
  longestTaskMs: number | undefined;
  /** Simulated seconds per wall second reached (below `speed` when the engine falls behind). */
  achievedSpeed: number | undefined;
  droppedHops: number | undefined;
}

export interface UiBenchResult {
  speed: number;
  speedSource: 'calibration' | '--speed';
  dots: number;
  packets: number;
  perDot: number;
  volumeModeShare: number;
  fps: number;
  fpsMean: number;
  /** Share of frames over 25 ms (a missed vsync). */
  slowFrameShare: number;
  frameMsMedian: number;
  frameMsP95: number;
  drawMsMedian: number;
  drawMsP95: number;
  /** drawMsMedian / frameMsMedian. */
  drawShareOfFrame: number;
  fpsAnimationOff: number;
  fpsMeanAnimationOff: number;
  frameMsMedianAnimationOff: number;
  longestTaskMs: number;
  longTaskCount: number;
  longTaskTotalMs: number;
  longTasksSupported: boolean;
  maxFrameGapMs: number;
  fpsMaxSpeed: number;
  dotsMaxSpeed: number;
  emptyFrameShareMaxSpeed: number;
  heapSampleWallSeconds: number[];
  heapSamplesMB: number[];
  heapGrowthRatio: number;
  workerHeapSamplesMB: number[] | undefined;
  workerHeapGrowthRatio: number | undefined;
  /** The worker's ArrayBuffer backing stores (typed arrays live there, outside the JS heap). */
  workerBackingStoreSamplesMB: number[] | undefined;
  workerBackingStoreGrowthRatio: number | undefined;
  workerHeapNote: string | undefined;
  /** Set when the maximum-speed run could not finish (e.g. the renderer crashed). */
  memoryRunError: string | undefined;
  fpsMeanPerMemoryWindow: number[];
  maxFrameGapMsMemoryRun: number;
  longestTaskMsMemoryRun: number;
  /** Frames the worker skipped (toolbar "dropped frames"), counted during each phase. */
  droppedFrames: { dots: number; animationOff: number; maxSpeed: number; total: number };
  /** Hops the worker discarded (best effort, read from React's state; undefined when unreadable). */
  droppedHops: { dots: number; animationOff: number; maxSpeed: number } | undefined;
  simSecondsAtEnd: number | undefined;
  calibration: CalibrationPoint[];
  /** `default` at 1×: drawn dots on in-region links over all drawn dots. */
  inRegionDotShare: number;
  inRegionDotsMedian: number;
  inRegionFps: number;
  targets: typeof TARGETS;
  /** The first-load phase (bench/first-load.ts), medians over fresh loads; targets in `firstLoad.targets`. */
  firstFrameMs: number;
  firstDotsMs: number;
  firstLoadJsGzipBytes: number;
  firstLoad: FirstLoadResult;
  meta: {
    chromium: string;
    viewport: string;
    cpus: number;
    loadAverage1m: { start: number; end: number };
    totalWallSeconds: number;
    buildDir: string;
  };
}

/** What the bench knows besides the measurement: the speed it ran at, and where. */
export interface RunSettings {
  speed: number;
  speedSource: UiBenchResult['speedSource'];
  calibration: CalibrationPoint[];
  inRegion: { share: number; dotsMedian: number; fps: number };
  firstLoad: FirstLoadResult;
  meta: UiBenchResult['meta'];
}

/** The JSON result from one measurement run. */
export function buildResult(m: Measurement, run: RunSettings): UiBenchResult {
  const pageHeap = m.heap.map((h) => megabytes(h.pageBytes));
  const workerHeap = m.heap.every((h) => h.workerBytes !== undefined) ? m.heap.map((h) => megabytes(h.workerBytes as number)) : undefined;
  const workerBuffers = m.heap.every((h) => h.workerBackingStoreBytes !== undefined)
    ? m.heap.map((h) => megabytes(h.workerBackingStoreBytes as number))
    : undefined;
  const tasks = m.firstTasks ?? [];
  return {
    speed: run.speed,
    speedSource: run.speedSource,
    dots: m.on.dotsMedian,
    packets: m.on.packetsMedian,
    perDot: m.on.perDotMedian,
    volumeModeShare: m.on.volumeModeShare,
    fps: m.on.fpsMedian,
    fpsMean: m.on.fpsMean,
    slowFrameShare: m.on.slowFrameShare,
    frameMsMedian: m.on.frameMsMedian,
    frameMsP95: m.on.frameMsP95,
    drawMsMedian: m.on.drawMsMedian,
    drawMsP95: m.on.drawMsP95,
    drawShareOfFrame: roundTo(m.on.drawMsMedian / m.on.frameMsMedian, 3),
    fpsAnimationOff: m.off.fpsMedian,
    fpsMeanAnimationOff: m.off.fpsMean,
    frameMsMedianAnimationOff: m.off.frameMsMedian,
    longestTaskMs: tasks.length > 0 ? roundTo(Math.max(...tasks.map((t) => t.duration)), 1) : 0,
    longTaskCount: tasks.length,
    longTaskTotalMs: roundTo(
      tasks.reduce((sum, t) => sum + t.duration, 0),
      1,
    ),
    longTasksSupported: m.firstTasks !== undefined,
    maxFrameGapMs: m.maxSpeed.maxFrameGapMs,
    fpsMaxSpeed: m.maxSpeed.fpsMean,
    dotsMaxSpeed: m.maxSpeed.dotsMedian,
    emptyFrameShareMaxSpeed: m.maxSpeed.emptyFrameShare,
    heapSampleWallSeconds: m.heapSampleWallSeconds,
    heapSamplesMB: pageHeap,
    heapGrowthRatio: growthAfterFirstSample(pageHeap),
    workerHeapSamplesMB: workerHeap,
    workerHeapGrowthRatio: workerHeap ? growthAfterFirstSample(workerHeap) : undefined,
    workerBackingStoreSamplesMB: workerBuffers,
    workerBackingStoreGrowthRatio: workerBuffers ? growthAfterFirstSample(workerBuffers) : undefined,
    workerHeapNote: m.workerNote || undefined,
    memoryRunError: m.memoryRunError,
    fpsMeanPerMemoryWindow: m.windows.map((w) => w.fpsMean),
    maxFrameGapMsMemoryRun: Math.max(...m.windows.map((w) => w.maxFrameGapMs)),
    longestTaskMsMemoryRun: roundTo(m.longestTaskMsMemoryRun, 1),
    droppedFrames: m.droppedFrames,
    droppedHops: m.droppedHops,
    simSecondsAtEnd: m.simSecondsAtEnd,
    calibration: run.calibration,
    inRegionDotShare: run.inRegion.share,
    inRegionDotsMedian: run.inRegion.dotsMedian,
    inRegionFps: run.inRegion.fps,
    targets: TARGETS,
    firstFrameMs: run.firstLoad.firstFrameMs,
    firstDotsMs: run.firstLoad.firstDotsMs,
    firstLoadJsGzipBytes: run.firstLoad.firstLoadJsGzipBytes,
    firstLoad: run.firstLoad,
    meta: run.meta,
  };
}

/** What the table names but the result does not carry: the bench's own settings. */
export interface TablePlan {
  example: string;
  seed: number;
  dotBudget: number;
  maxSpeed: number;
}

export function printTable(r: UiBenchResult, plan: TablePlan): void {
  const rows: [string, string, string, string][] = [
    ['speed (simulated s per wall s)', `${r.speed}×`, `(${r.speedSource})`, ''],
    ['dots drawn (median)', String(r.dots), `~${plan.dotBudget.toLocaleString('en-US')}`, ''],
    ['packets in flight (median)', String(r.packets), '', ''],
    ['packets per dot (median)', String(r.perDot), '', `volume mode in ${(r.volumeModeShare * 100).toFixed(0)} % of frames`],
    ['fps (1000 / median frame time)', r.fps.toFixed(1), `≥ ${TARGETS.fps}`, verdict(r.fps >= TARGETS.fps)],
    ['fps (mean over the window)', r.fpsMean.toFixed(1), '', `${(r.slowFrameShare * 100).toFixed(0)} % of frames over 25 ms`],
    ['frame time median / p95, ms', `${r.frameMsMedian} / ${r.frameMsP95}`, '', ''],
    [
      'overlay draw median / p95, ms',
      `${r.drawMsMedian} / ${r.drawMsP95}`,
      '',
      `${(r.drawShareOfFrame * 100).toFixed(0)} % of the median frame`,
    ],
    ['fps, animation off', r.fpsAnimationOff.toFixed(1), `≥ ${TARGETS.fps}`, verdict(r.fpsAnimationOff >= TARGETS.fps)],
    ['fps mean, animation off', r.fpsMeanAnimationOff.toFixed(1), '', ''],
    [
      `longest main-thread task at ${plan.maxSpeed}×, ms`,
      r.longTasksSupported ? (r.longestTaskMs > 0 ? r.longestTaskMs.toFixed(0) : '0 (none > 50)') : 'n/a',
      `≤ ${TARGETS.longestTaskMs}`,
      r.longTasksSupported ? verdict(r.longestTaskMs <= TARGETS.longestTaskMs) : 'no longtask timing',
    ],
    ['  long tasks: count / total ms', `${r.longTaskCount} / ${r.longTaskTotalMs.toFixed(0)}`, '', ''],
    [
      `max frame gap at ${plan.maxSpeed}×, ms`,
      r.maxFrameGapMs.toFixed(1),
      `≤ ${TARGETS.longestTaskMs}`,
      verdict(r.maxFrameGapMs <= TARGETS.longestTaskMs),
    ],
    [
      `fps / dots at ${plan.maxSpeed}×`,
      `${r.fpsMaxSpeed} / ${r.dotsMaxSpeed}`,
      '',
      `no dots in ${(r.emptyFrameShareMaxSpeed * 100).toFixed(0)} % of frames`,
    ],
    [
      'page JS heap growth, 2nd → last sample',
      `${(r.heapGrowthRatio * 100).toFixed(1)} %`,
      `≤ ${TARGETS.heapGrowthRatio * 100} % (flat)`,
      verdict(Math.abs(r.heapGrowthRatio) <= TARGETS.heapGrowthRatio),
    ],
  ];
  const change = (samples: readonly number[]): string => `${((samples.at(-1) as number) - (samples[1] as number)).toFixed(1)} MB`;
  if (r.workerHeapGrowthRatio !== undefined && r.workerHeapSamplesMB)
    rows.push([
      'worker JS heap growth, 2nd → last sample',
      `${(r.workerHeapGrowthRatio * 100).toFixed(1)} %`,
      '(information)',
      `${change(r.workerHeapSamplesMB)} on a heap of a few MB`,
    ]);
  if (r.workerBackingStoreGrowthRatio !== undefined && r.workerBackingStoreSamplesMB)
    rows.push([
      'worker array buffers growth, 2nd → last',
      `${(r.workerBackingStoreGrowthRatio * 100).toFixed(1)} %`,
      `≤ ${TARGETS.heapGrowthRatio * 100} % (flat)`,
      `${verdict(Math.abs(r.workerBackingStoreGrowthRatio) <= TARGETS.heapGrowthRatio)} (${change(r.workerBackingStoreSamplesMB)})`,
    ]);
  rows.push([
    'dropped frames (toolbar), whole run',
    String(r.droppedFrames.total),
    '',
    `dots ${r.droppedFrames.dots}, off ${r.droppedFrames.animationOff}, ${plan.maxSpeed}× ${r.droppedFrames.maxSpeed}`,
  ]);
  if (r.droppedHops)
    rows.push([
      'hops dropped by the worker',
      '',
      '',
      `dots ${r.droppedHops.dots}, off ${r.droppedHops.animationOff}, ${plan.maxSpeed}× ${r.droppedHops.maxSpeed}`,
    ]);

  const cells = tableLine(rows);
  const line = (row: readonly string[]): string => cells(row).trimEnd();
  console.log(
    `\nSLB UI bench (${plan.example}, seed ${plan.seed}, ${r.meta.chromium}, headless, ${r.meta.viewport}, software rendering)\n`,
  );
  console.log(line(['measure', 'value', 'target', '']));
  for (const row of rows) console.log(line(row));

  console.log(
    `\nin-region dots (default, 1×): ${(r.inRegionDotShare * 100).toFixed(0)} % of drawn dots (target ≥ ${TARGETS.inRegionDotShare * 100} %) ${verdict(r.inRegionDotShare >= TARGETS.inRegionDotShare)}; median ${r.inRegionDotsMedian} dots, ${r.inRegionFps} fps`,
  );
  for (const text of firstLoadLines(r.firstLoad, verdict)) console.log(text);
  console.log(`\ncalibration (ui-bench, 3 s each after warm-up; empty = no dot and no edge rate, target ≤ ${TARGETS.emptyFrameShare * 100} %):`);
  console.log('      speed   dots   packets   volume   rates   empty    fps   longest task ms   draw ms   engine ×   hops dropped');
  for (const p of r.calibration)
    console.log(
      `   ${`${p.speed}×`.padStart(8)} ${String(p.dotsMedian).padStart(6)} ${String(p.packetsMedian).padStart(9)} ${`${(p.volumeModeShare * 100).toFixed(0)} %`.padStart(8)} ${`${(p.ratesShare * 100).toFixed(0)} %`.padStart(7)} ${`${(p.emptyFrameShare * 100).toFixed(1)} %`.padStart(7)} ${p.fps.toFixed(1).padStart(6)} ${(p.longestTaskMs === undefined ? '?' : p.longestTaskMs.toFixed(0)).padStart(17)} ${p.drawMsMedian.toFixed(1).padStart(9)} ${(p.achievedSpeed === undefined ? '?' : String(p.achievedSpeed)).padStart(10)} ${(p.droppedHops === undefined ? '?' : String(p.droppedHops)).padStart(14)}`,
    );
  console.log(`\nmaximum-speed run (${plan.maxSpeed}×, animation on), forced GC before each heap sample:`);
  console.log(`   wall s            ${r.heapSampleWallSeconds.map((v) => String(v).padStart(8)).join('')}`);
  console.log(`   page heap MB      ${r.heapSamplesMB.map((v) => v.toFixed(1).padStart(8)).join('')}`);
  if (r.workerHeapSamplesMB) console.log(`   worker heap MB    ${r.workerHeapSamplesMB.map((v) => v.toFixed(1).padStart(8)).join('')}`);
  if (r.workerBackingStoreSamplesMB)
    console.log(`   worker buffers MB ${r.workerBackingStoreSamplesMB.map((v) => v.toFixed(1).padStart(8)).join('')}`);
  console.log(`   fps (mean)                ${r.fpsMeanPerMemoryWindow.map((v) => v.toFixed(1).padStart(8)).join('')}`);
  console.log(
    `   max frame gap ${r.maxFrameGapMsMemoryRun} ms, longest task ${r.longestTaskMsMemoryRun} ms over the whole run (GC between windows excluded)`,
  );
  if (r.simSecondsAtEnd !== undefined) console.log(`   simulated time at the end: ${r.simSecondsAtEnd} s`);
  if (r.workerHeapNote) console.log(`   worker heap: ${r.workerHeapNote}`);
  if (r.memoryRunError) console.log(`   the run ${r.memoryRunError}`);
  console.log(
    `\ntotal wall time ${r.meta.totalWallSeconds} s; 1-minute load average ${r.meta.loadAverage1m.start} at start, ${r.meta.loadAverage1m.end} at end (${r.meta.cpus} CPUs; the engine worker, the page and Chromium's raster threads share them)`,
  );
}
