import { optionValue, seedValue, usageError } from './option-values';
import type { SimulationReport } from '../engine/report';
import { LiveRun } from '../run/live-run';
import { parseDurationUs } from '../shared/units';
import { loadScenario } from './load-scenario';
import { parseSetArgument, type SetPath } from './set-path';

/** One axis of a sweep: a scenario path and the values it takes, in order. */
export interface GridAxis {
  /** As written (`cluster.ecmpMode`): the key of the row's `grid` object. */
  name: string;
  path: SetPath;
  values: unknown[];
}

export interface SweepArgs {
  command: 'sweep';
  scenario: string;
  axes: GridAxis[];
  /** Runs per grid point, with seeds firstSeed, firstSeed + 1, … */
  seeds: number;
  /** `--seed`, else the scenario's own seed. */
  seed: number | undefined;
  durationUs: number;
  json: boolean;
  /** Worker threads; 0: one per core. */
  jobs: number;
  /** `--shard i/n`: the runs whose index ≡ i − 1 (mod n); [1, 1] is the whole sweep. */
  shard: [number, number];
}

export interface SweepMergeArgs {
  command: 'sweep-merge';
  files: string[];
  json: boolean;
}

/** One run of a sweep: its place in the whole grid (the same in every shard), its grid point and seed. */
export interface PlannedRun {
  index: number;
  grid: Record<string, unknown>;
  seed: number;
}

/** What a sweep prints per run (`--json`: one object per line). */
export interface SweepRow extends PlannedRun {
  /** How many runs the whole (unsharded) sweep has: `sweep merge` checks the slices add up to it. */
  of: number;
  report: SimulationReport;
}

export const SWEEP_USAGE = `  npm run sim -- sweep <scenario.json | example-name> --grid path=v1,v2,… [--grid …] [--grid-json path='[v1, v2]']
                    [--seeds N] [--seed S] [--duration 60s] [--jobs N] [--shard i/n] [--json]
  npm run sim -- sweep merge FILE… [--json]`;


function positiveInteger(text: string, option: string): number {
  if (!/^[1-9]\d*$/.test(text) || !Number.isSafeInteger(Number(text))) throw usageError(`${option}: "${text}" must be a positive integer`, option);
  return Number(text);
}

/** `--grid path=v1,v2`: values split at commas, each parsed as `--set` parses its value (JSON, else the string). */
export function parseGrid(text: string, json: boolean): GridAxis {
  const eq = text.indexOf('=');
  const option = json ? '--grid-json' : '--grid';
  if (eq <= 0) throw usageError(`${option}: "${text}" must have the form path=${json ? "'[v1, v2]'" : 'v1,v2,…'}`, option);
  const name = text.slice(0, eq);
  const raw = text.slice(eq + 1);
  let values: unknown[];
  if (json) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch (error) {
      throw usageError(`--grid-json ${name}: not JSON: ${(error as Error).message}`, option);
    }
    if (!Array.isArray(parsed)) throw usageError(`--grid-json ${name}: must be a JSON array of values`, option);
    values = parsed;
  } else {
    values = raw.split(',').map((value) => parseSetArgument(`${name}=${value}`).value);
  }
  if (values.length === 0) throw usageError(`${option} ${name}: needs at least one value`, option);
  return { name, path: parseSetArgument(`${name}=0`).path, values };
}

export function parseSweepArgs(rest: readonly string[]): SweepArgs | SweepMergeArgs {
  if (rest[0] === 'merge') {
    const files = rest.slice(1).filter((arg) => arg !== '--json');
    const unknown = files.find((file) => file.startsWith('--'));
    if (unknown !== undefined) throw usageError(`sweep merge: unknown option ${unknown}`, unknown);
    if (files.length === 0) throw usageError('sweep merge needs the files the shards wrote (sweep … --shard i/n --json > FILE)', 'files');
    return { command: 'sweep-merge', files, json: rest.includes('--json') };
  }
  const args: SweepArgs = { command: 'sweep', scenario: '', axes: [], seeds: 1, seed: undefined, durationUs: parseDurationUs('60s'), json: false, jobs: 0, shard: [1, 1] };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const value = (): string => optionValue(rest, ++i, arg);
    switch (arg) {
      case '--grid':
      case '--grid-json':
        args.axes.push(parseGrid(value(), arg === '--grid-json'));
        break;
      case '--seeds':
        args.seeds = positiveInteger(value(), arg);
        break;
      case '--seed':
        args.seed = seedValue(value());
        break;
      case '--duration':
        args.durationUs = parseDurationUs(value(), '--duration');
        break;
      case '--jobs':
        args.jobs = positiveInteger(value(), arg);
        break;
      case '--shard': {
        const text = value();
        const match = /^(\d+)\/(\d+)$/.exec(text);
        const [i, n] = match ? [Number(match[1]), Number(match[2])] : [0, 0];
        if (!match || n < 1 || i < 1 || i > n) throw usageError(`--shard: "${text}" must be i/n with 1 ≤ i ≤ n (e.g. 2/4: the second of four slices)`, '--shard');
        args.shard = [i, n];
        break;
      }
      case '--json':
        args.json = true;
        break;
      default:
        if (arg.startsWith('--')) throw usageError(`unknown option ${arg}`, arg);
        if (args.scenario !== '') throw usageError(`unexpected argument "${arg}": only one scenario may be given`, 'scenario');
        args.scenario = arg;
    }
  }
  if (args.scenario === '') throw usageError('sweep needs a scenario: a JSON file or an example name', 'scenario');
  if (args.axes.length === 0) throw usageError('sweep needs at least one --grid path=v1,v2,…: what varies', '--grid');
  const names = args.axes.map((a) => a.name);
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice !== undefined) throw usageError(`--grid ${twice} is given twice: list all its values in one --grid`, '--grid');
  return args;
}

/**
 * Every run of the whole sweep, in a fixed order: grid points as the cartesian product of the axes
 * (the first --grid varies slowest), each with its seeds. Every shard computes the same plan and
 * keeps its own slice, so the slices' indices together cover it exactly once.
 */
export function planSweep(axes: readonly GridAxis[], seeds: number, firstSeed: number): PlannedRun[] {
  let points: Record<string, unknown>[] = [{}];
  for (const axis of axes) points = points.flatMap((point) => axis.values.map((value) => ({ ...point, [axis.name]: value })));
  const runs: PlannedRun[] = [];
  for (const grid of points) for (let s = 0; s < seeds; s++) runs.push({ index: runs.length, grid, seed: firstSeed + s });
  return runs;
}

/** The runs of shard i of n (1-based i). */
export function shardOf<T extends { index: number }>(runs: readonly T[], [i, n]: readonly [number, number]): T[] {
  return runs.filter((run) => run.index % n === i - 1);
}

/** What one run needs (all plain data: it crosses to a worker thread). */
export interface RunJob {
  scenario: string;
  axes: { path: SetPath; name: string }[];
  run: PlannedRun;
  durationUs: number;
}

/** Runs one grid point with one seed, here. Bad values (a --grid the scenario rejects) throw with the field named. */
export function runJob(job: RunJob): SimulationReport {
  const sets = job.axes.map((axis) => ({ path: axis.path, value: job.run.grid[axis.name] }));
  const scenario = loadScenario(job.scenario, sets);
  const sim = new LiveRun(scenario, { seed: job.run.seed }).sim;
  const started = process.hrtime.bigint();
  sim.runUntil(job.durationUs);
  return sim.report(Number(process.hrtime.bigint() - started) / 1e9);
}
