import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { SimulationReport } from '../engine/report';
import { CodedError } from '../shared/errors';
import { loadScenario } from './load-scenario';
import { planSweep, runJob, shardOf, type RunJob, type SweepArgs, type SweepRow } from './sweep-plan';

/** What a sweep measured of itself: how long it took, and how long its runs took one after another. */
export interface SweepTiming {
  jobs: number;
  wallSeconds: number;
  /** Σ of the runs' own wall times: roughly what one core would have taken (inflated by contention). */
  runSeconds: number;
}

/**
 * Runs the sweep's slice (`--shard`) on `jobs` worker threads (one per core by default; 1 runs
 * in this thread), and returns its rows in index order.
 */
export async function runSweep(args: SweepArgs, onRow?: (done: number, total: number) => void): Promise<{ rows: SweepRow[]; timing: SweepTiming }> {
  // The first seed: --seed, else the scenario's own (loading it also validates it before any thread starts).
  const firstSeed = args.seed ?? loadScenario(args.scenario).seed;
  const plan = planSweep(args.axes, args.seeds, firstSeed);
  const runs = shardOf(plan, args.shard);
  const axes = args.axes.map(({ name, path }) => ({ name, path }));
  const jobsOf = (run: (typeof runs)[number]): RunJob => ({ scenario: args.scenario, axes, run, durationUs: args.durationUs });
  const jobs = Math.max(1, Math.min(args.jobs === 0 ? availableParallelism() : args.jobs, runs.length));
  const started = process.hrtime.bigint();
  const reports = new Map<number, SimulationReport>();
  const note = (index: number, report: SimulationReport): void => {
    reports.set(index, report);
    onRow?.(reports.size, runs.length);
  };
  if (jobs === 1) for (const run of runs) note(run.index, runJob(jobsOf(run)));
  else await inWorkers(runs.map(jobsOf), jobs, note);
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rows = runs.map((run) => ({ ...run, of: plan.length, report: reports.get(run.index)! }));
  return { rows, timing: { jobs, wallSeconds, runSeconds: rows.reduce((sum, row) => sum + row.report.wallSeconds, 0) } };
}

const FROM_SOURCES = import.meta.url.endsWith('.ts');
const WORKER_FILE = new URL(`./sweep-worker${FROM_SOURCES ? '.ts' : '.js'}`, import.meta.url);
/**
 * Run from TypeScript sources (`npm run sim`), a thread does not inherit tsx's loader: its entry
 * registers tsx first, then loads the worker's source.
 */
const WORKER_URL = FROM_SOURCES ? `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_FILE.href)}); });` : WORKER_FILE;
const WORKER_OPTIONS = { eval: FROM_SOURCES };

/** A pool of `size` worker threads taking jobs in order; the first run that fails stops the sweep with its error. */
function inWorkers(jobs: RunJob[], size: number, note: (index: number, report: SimulationReport) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let next = 0;
    let running = 0;
    let failed = false;
    const workers: Worker[] = [];
    const finish = (error?: Error): void => {
      if (failed) return;
      if (error) failed = true;
      if (error || (next >= jobs.length && running === 0)) {
        for (const worker of workers) void worker.terminate();
        if (error) reject(error);
        else resolve();
      }
    };
    const feed = (worker: Worker): void => {
      if (next >= jobs.length) return finish();
      running++;
      worker.postMessage(jobs[next++]);
    };
    for (let i = 0; i < size; i++) {
      const worker = new Worker(WORKER_URL, WORKER_OPTIONS);
      workers.push(worker);
      worker.on('message', (message: { index: number; report?: SimulationReport; error?: string }) => {
        running--;
        if (message.error !== undefined) return finish(new CodedError('SweepRunFailed', `sweep: run ${message.index}: ${message.error}`, '--grid'));
        note(message.index, message.report!);
        feed(worker);
      });
      worker.on('error', (error) => finish(error));
      feed(worker);
    }
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
