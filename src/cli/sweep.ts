import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { SimulationReport } from '../engine/report';
import { CodedError } from '../shared/errors';
import { loadScenario } from './load-scenario';
import { planSweep, runJob, shardOf, type PlannedRun, type RunJob, type SweepArgs, type SweepRow } from './sweep-plan';

/** What a sweep measured of itself: how long it took, and how long its runs took one after another. */
export interface SweepTiming {
  jobs: number;
  wallSeconds: number;
  /** Σ of the runs' own wall times: roughly what one core would have taken (inflated by contention). */
  runSeconds: number;
}

/**
 * Runs the sweep's slice (`--shard`) on `jobs` worker threads (one per core by default; 1 runs
 * in this thread), and returns its rows in index order. Given a started `pool`, the runs go to
 * its threads instead, and the pool stays open; otherwise the threads this sweep starts are part
 * of its wall time.
 */
export async function runSweep(args: SweepArgs, onRow?: (done: number, total: number) => void, pool?: SweepPool): Promise<{ rows: SweepRow[]; timing: SweepTiming }> {
  const plan = sweepPlan(args);
  const runs = shardOf(plan, args.shard);
  const jobs = pool ? Math.min(pool.size, runs.length) : Math.max(1, Math.min(args.jobs === 0 ? availableParallelism() : args.jobs, runs.length));
  const started = process.hrtime.bigint();
  const reports = new Map<number, SimulationReport>();
  const note = (index: number, report: SimulationReport): void => {
    reports.set(index, report);
    onRow?.(reports.size, runs.length);
  };
  if (pool) await pool.run(runs.map((run) => jobOf(args, run)), note);
  else if (jobs === 1) for (const run of runs) note(run.index, runJob(jobOf(args, run)));
  else {
    const own = await SweepPool.start(jobs);
    try {
      await own.run(runs.map((run) => jobOf(args, run)), note);
    } finally {
      await own.close();
    }
  }
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rows = runs.map((run) => ({ ...run, of: plan.length, report: reports.get(run.index)! }));
  return { rows, timing: { jobs, wallSeconds, runSeconds: rows.reduce((sum, row) => sum + row.report.wallSeconds, 0) } };
}

/** Every run of the whole sweep; the first seed is --seed, else the scenario's own (loading it also validates it before any thread starts). */
function sweepPlan(args: SweepArgs): PlannedRun[] {
  return planSweep(args.axes, args.seeds, args.seed ?? loadScenario(args.scenario).seed);
}

function jobOf(args: SweepArgs, run: PlannedRun): RunJob {
  return { scenario: args.scenario, axes: args.axes.map(({ name, path }) => ({ name, path })), run, durationUs: args.durationUs };
}

/**
 * A run that warms a thread up for this sweep: its first run (of the shard), at most
 * `maxDurationUs` long. Its report is thrown away.
 */
export function warmUpJob(args: SweepArgs, maxDurationUs: number): RunJob {
  const first = shardOf(sweepPlan(args), args.shard)[0];
  if (!first) throw new CodedError('SweepEmpty', 'sweep: the shard has no runs', '--shard');
  return { ...jobOf(args, first), durationUs: Math.min(args.durationUs, maxDurationUs) };
}

const FROM_SOURCES = import.meta.url.endsWith('.ts');
const WORKER_FILE = new URL(`./sweep-worker${FROM_SOURCES ? '.ts' : '.js'}`, import.meta.url);
/**
 * Run from TypeScript sources (`npm run sim`), a thread does not inherit tsx's loader: its entry
 * registers tsx first, then loads the worker's source.
 */
const WORKER_URL = FROM_SOURCES ? `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_FILE.href)}); });` : WORKER_FILE;
const WORKER_OPTIONS = { eval: FROM_SOURCES };

/** What a sweep thread answers: once `ready` (the engine is loaded), then one message per run. */
type WorkerMessage = { ready: true } | { index: number; report: SimulationReport } | { index: number; error: string };

/**
 * Worker threads that stay up across runs and sweeps: each loads tsx and the engine once, so a
 * thread pays its start-up (and the JIT's warm-up, with `warmUp`) once, not once per run.
 * Runs go out from one shared queue, each to the next thread that is free.
 */
export class SweepPool {
  /** An error a thread raised between runs; the next run fails with it. */
  private failure: Error | undefined;

  private constructor(private readonly workers: Worker[]) {
    for (const worker of workers) worker.on('error', (error) => (this.failure ??= error));
  }

  /** Starts `size` threads; resolves once every one has loaded the engine and, if given, run `warmUp`. */
  static async start(size: number, warmUp?: RunJob): Promise<SweepPool> {
    const pool = new SweepPool(Array.from({ length: size }, () => new Worker(WORKER_URL, WORKER_OPTIONS)));
    try {
      await Promise.all(pool.workers.map((worker) => untilReady(worker)));
      if (warmUp) await pool.run(pool.workers.map(() => warmUp), () => {});
    } catch (error) {
      await pool.close();
      throw error;
    }
    return pool;
  }

  get size(): number {
    return this.workers.length;
  }

  /**
   * Runs `jobs` (a free thread takes the next one), reporting each report as it comes. The first
   * run that fails stops the sweep with its error, and closes the pool.
   */
  run(jobs: readonly RunJob[], note: (index: number, report: SimulationReport) => void): Promise<void> {
    return new Promise((resolve, reject) => {
      let next = 0;
      let running = 0;
      let settled = false;
      const detach: (() => void)[] = [];
      const finish = (error?: Error): void => {
        if (settled || (!error && (next < jobs.length || running > 0))) return;
        settled = true;
        for (const off of detach) off();
        if (error) void this.close().then(() => reject(error));
        else resolve();
      };
      if (this.failure) return finish(this.failure);
      const feed = (worker: Worker): void => {
        if (next >= jobs.length) return finish();
        running++;
        worker.postMessage(jobs[next++]);
      };
      for (const worker of this.workers) {
        const onMessage = (message: WorkerMessage): void => {
          if ('ready' in message) return;
          running--;
          if ('error' in message) return finish(new CodedError('SweepRunFailed', `sweep: run ${message.index}: ${message.error}`, '--grid'));
          note(message.index, message.report);
          feed(worker);
        };
        const onError = (error: Error): void => finish(error);
        const onExit = (code: number): void => finish(new CodedError('SweepRunFailed', `sweep: a worker thread stopped (exit code ${code})`, '--jobs'));
        worker.on('message', onMessage);
        worker.on('error', onError);
        worker.on('exit', onExit);
        detach.push(() => {
          worker.off('message', onMessage);
          worker.off('error', onError);
          worker.off('exit', onExit);
        });
        feed(worker);
      }
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}

/** Resolves when the thread says it has loaded the engine; rejects if it fails first. */
function untilReady(worker: Worker): Promise<void> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: WorkerMessage): void => {
      if (!('ready' in message)) return;
      worker.off('error', reject);
      worker.off('message', onMessage);
      resolve();
    };
    worker.on('message', onMessage);
    worker.once('error', reject);
  });
}

/** The wall-time fields of a report: all that may differ between a sharded and an unsharded sweep. */
const WALL_FIELDS = ['wallSeconds', 'eventsPerWallSecond'] as const;

/** A row without its wall-time fields (for comparing sweeps). */
export function withoutWallTime(row: SweepRow): unknown {
  const report: Record<string, unknown> = { ...row.report };
  for (const field of WALL_FIELDS) delete report[field];
  return { ...row, report };
}

/**
 * Joins the rows the shards wrote (`--json`, one object per line) into the whole sweep's rows, in
 * index order; every index of the sweep must be there exactly once.
 */
export function mergeSweepRows(texts: readonly { name: string; text: string }[]): SweepRow[] {
  const rows: SweepRow[] = [];
  for (const { name, text } of texts) {
    text.split('\n').forEach((line, i) => {
      if (line.trim() === '') return;
      let row: SweepRow;
      try {
        row = JSON.parse(line) as SweepRow;
      } catch (error) {
        throw new CodedError('SweepMergeInvalid', `sweep merge: ${name}:${i + 1}: not JSON: ${(error as Error).message}`, 'files');
      }
      if (!Number.isInteger(row.index) || !Number.isInteger(row.of) || typeof row.report !== 'object') throw new CodedError('SweepMergeInvalid', `sweep merge: ${name}:${i + 1}: not a sweep row (index, of, grid, seed, report)`, 'files');
      rows.push(row);
    });
  }
  if (rows.length === 0) throw new CodedError('SweepMergeInvalid', 'sweep merge: the files hold no rows', 'files');
  const of = rows[0]!.of;
  if (rows.some((row) => row.of !== of)) throw new CodedError('SweepMergeInvalid', `sweep merge: the files come from different sweeps (${[...new Set(rows.map((r) => r.of))].join(' and ')} runs)`, 'files');
  rows.sort((a, b) => a.index - b.index);
  const seen = new Set<number>();
  for (const row of rows) {
    if (seen.has(row.index)) throw new CodedError('SweepMergeInvalid', `sweep merge: run ${row.index} appears twice`, 'files');
    seen.add(row.index);
  }
  const missing = Array.from({ length: of }, (_, i) => i).filter((i) => !seen.has(i));
  if (missing.length > 0) throw new CodedError('SweepMergeInvalid', `sweep merge: ${missing.length} of ${of} runs missing (first: run ${missing[0]}); is a shard's file left out?`, 'files');
  return rows;
}

export function readSweepFiles(files: readonly string[]): SweepRow[] {
  return mergeSweepRows(
    files.map((name) => {
      try {
        return { name, text: readFileSync(name, 'utf8') };
      } catch (error) {
        throw new CodedError('SweepMergeInvalid', `sweep merge: cannot read ${name}: ${(error as Error).message}`, 'files');
      }
    }),
  );
}

/** `--json`: one row per line. Otherwise a table of the key figures, one line per run. */
export function formatSweep(rows: readonly SweepRow[], json: boolean): string {
  if (json) return rows.map((row) => JSON.stringify(row)).join('\n');
  const names = [...new Set(rows.flatMap((row) => Object.keys(row.grid)))];
  const header = ['run', ...names, 'seed', 'opened', 'completed', 'reset', 'timed out', 'events', 'bill USD', 'trace hash'];
  const body = rows.map((row) => {
    const c = row.report.connections;
    return [String(row.index), ...names.map((n) => JSON.stringify(row.grid[n])), String(row.seed), String(c.opened), String(c.completed), String(c.reset), String(c.timedOut), String(row.report.events), row.report.billing.total.toFixed(6), row.report.traceHash];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => cells[i]!.length)));
  return [header, ...body].map((cells) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}
