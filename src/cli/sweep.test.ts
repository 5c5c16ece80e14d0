import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArgs } from './args';
import { formatSweep, mergeSweepRows, runSweep, SweepPool, warmUpJob, withoutWallTime } from './sweep';
import { parseGrid, planSweep, shardOf, type SweepArgs, type SweepRow } from './sweep-plan';

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const MAIN = join(process.cwd(), 'src', 'cli', 'main.ts');

function sweepArgs(...argv: string[]): SweepArgs {
  const args = parseArgs(['sweep', ...argv]);
  if (args.command !== 'sweep') throw new Error('not a sweep');
  return args;
}

describe('sweep arguments', () => {
  it('--grid values split at commas and parse like --set values; --grid-json takes a JSON array', () => {
    expect(parseGrid('cluster.lvsNodes=2,4', false)).toEqual({ name: 'cluster.lvsNodes', path: ['cluster', 'lvsNodes'], values: [2, 4] });
    expect(parseGrid('cluster.ecmpMode=modulo,resilient', false).values).toEqual(['modulo', 'resilient']);
    expect(parseGrid('cluster.sync.threshold=[[3,50],[1,2]]', true).values).toEqual([
      [3, 50],
      [1, 2],
    ]);
  });

  it('names the option and the rule when one is wrong', () => {
    expect(() => sweepArgs('l4-basic')).toThrow(/at least one --grid/);
    expect(() => sweepArgs('--grid', 'a=1')).toThrow(/needs a scenario/);
    expect(() => sweepArgs('l4-basic', '--grid', 'a=1', '--shard', '3/2')).toThrow(/--shard: "3\/2" must be i\/n with 1 ≤ i ≤ n/);
    expect(() => sweepArgs('l4-basic', '--grid', 'a=1', '--seeds', '0')).toThrow(/--seeds: "0" must be a positive integer/);
    expect(() => sweepArgs('l4-basic', '--grid-json', 'a=[1')).toThrow(/--grid-json a: not JSON/);
    expect(() => sweepArgs('l4-basic', '--grid-json', 'a={"b":1}')).toThrow(/must be a JSON array/);
    expect(() => sweepArgs('l4-basic', '--grid', 'a=1', '--grid', 'a=2')).toThrow(/given twice/);
    expect(() => parseArgs(['sweep', 'merge'])).toThrow(/needs the files/);
  });
});

describe('sweep plan', () => {
  const axes = [parseGrid('a=1,2', false), parseGrid('b=x,y,z', false)];

  it('is the cartesian product, the first --grid slowest, each point with its seeds', () => {
    const plan = planSweep(axes, 2, 7);
    expect(plan).toHaveLength(12);
    expect(plan.slice(0, 3)).toEqual([
      { index: 0, grid: { a: 1, b: 'x' }, seed: 7 },
      { index: 1, grid: { a: 1, b: 'x' }, seed: 8 },
      { index: 2, grid: { a: 1, b: 'y' }, seed: 7 },
    ]);
    expect(plan[11]).toEqual({ index: 11, grid: { a: 2, b: 'z' }, seed: 8 });
  });

  it('shards cover the plan exactly once', () => {
    const plan = planSweep(axes, 1, 1);
    const slices = [1, 2, 3].map((i) => shardOf(plan, [i, 3]));
    expect(slices.map((s) => s.length)).toEqual([2, 2, 2]);
    expect(
      slices
        .flat()
        .map((r) => r.index)
        .sort((x, y) => x - y),
    ).toEqual(plan.map((r) => r.index));
  });
});

describe('npm run sim -- sweep (issue 15)', () => {
  it('runs every grid point and seed in this thread; each row is the plain run of that point', async () => {
    const args = sweepArgs('l4-basic', '--grid', 'cluster.lvsNodes=2,3', '--seeds', '2', '--seed', '5', '--duration', '2s', '--jobs', '1');
    const { rows, timing } = await runSweep(args);
    expect(timing.jobs).toBe(1);
    expect(rows.map((r) => [r.index, r.grid, r.seed, r.of])).toEqual([
      [0, { 'cluster.lvsNodes': 2 }, 5, 4],
      [1, { 'cluster.lvsNodes': 2 }, 6, 4],
      [2, { 'cluster.lvsNodes': 3 }, 5, 4],
      [3, { 'cluster.lvsNodes': 3 }, 6, 4],
    ]);
    expect(rows[2]!.report.lvs).toHaveLength(3);
    expect(rows[0]!.report.seed).toBe(5);
    expect(new Set(rows.map((r) => r.report.traceHash)).size).toBe(4);
    expect(formatSweep(rows, false).split('\n')[0]).toMatch(/^run\s+cluster\.lvsNodes\s+seed\s+opened/);
  });

  it('a grid value the scenario refuses stops the sweep with the field named', async () => {
    await expect(runSweep(sweepArgs('l4-basic', '--grid', 'cluster.lvsNodes=2,99', '--duration', '1s', '--jobs', '1'))).rejects.toThrow(/cluster\.lvsNodes/);
  });

  it('merge joins shards in index order and refuses gaps, duplicates and mixed sweeps', () => {
    const row = (index: number, of = 3): SweepRow => ({ index, of, grid: { a: index }, seed: 1, report: { wallSeconds: index } as unknown as SweepRow['report'] });
    const line = (r: SweepRow) => JSON.stringify(r);
    const merged = mergeSweepRows([
      { name: 'b', text: `${line(row(1))}\n` },
      { name: 'a', text: `${line(row(2))}\n${line(row(0))}\n` },
    ]);
    expect(merged.map((r) => r.index)).toEqual([0, 1, 2]);
    expect(() => mergeSweepRows([{ name: 'a', text: line(row(0)) }])).toThrow(/2 of 3 runs missing \(first: run 1\)/);
    expect(() => mergeSweepRows([{ name: 'a', text: [row(0), row(1), row(1), row(2)].map(line).join('\n') }])).toThrow(/run 1 appears twice/);
    expect(() => mergeSweepRows([{ name: 'a', text: [row(0), row(1, 4)].map(line).join('\n') }])).toThrow(/different sweeps/);
    expect(() => mergeSweepRows([{ name: 'f.ndjson', text: '{"index":0}\nnot json' }])).toThrow(/f\.ndjson:1: not a sweep row/);
  });

  it('a pool of threads started once serves sweep after sweep with the rows of the run in one thread; a refused value fails the run and names the field', async () => {
    const args = sweepArgs('l4-basic', '--grid', 'cluster.lvsNodes=2,3,4', '--duration', '1s', '--seed', '4', '--jobs', '1');
    const reference = (await runSweep(args)).rows.map(withoutWallTime);
    const warmUp = warmUpJob(args, 500_000);
    expect(warmUp.durationUs).toBe(500_000);
    expect(warmUp.run).toEqual({ index: 0, grid: { 'cluster.lvsNodes': 2 }, seed: 4 });
    const pool = await SweepPool.start(2, warmUp);
    try {
      expect(pool.size).toBe(2);
      for (let sweep = 0; sweep < 2; sweep++) {
        const { rows, timing } = await runSweep(args, undefined, pool);
        expect(timing.jobs).toBe(2);
        expect(rows.map(withoutWallTime)).toEqual(reference);
      }
      await expect(runSweep(sweepArgs('l4-basic', '--grid', 'cluster.lvsNodes=2,99', '--duration', '1s'), undefined, pool)).rejects.toThrow(/run 1: [\s\S]*cluster\.lvsNodes/);
    } finally {
      await pool.close();
    }
  }, 240_000);

  it('on worker threads, sharded and merged, gives the rows of the run in one thread, apart from wall time', async () => {
    const grid = ['l4-basic', '--grid', 'cluster.ecmpMode=modulo,resilient', '--grid', 'cluster.lvsNodes=2,3', '--duration', '2s', '--seed', '3'];
    const reference = (await runSweep(sweepArgs(...grid, '--jobs', '1'))).rows;
    const dir = mkdtempSync(join(tmpdir(), 'slb-sweep-'));
    const files = [1, 2].map((i) => {
      const result = spawnSync(TSX, [MAIN, 'sweep', ...grid, '--jobs', '2', '--shard', `${i}/2`, '--json'], { encoding: 'utf8', timeout: 240_000 });
      expect(result.stderr).toMatch(/sweep: 2 runs on 2 threads/);
      expect(result.status).toBe(0);
      const file = join(dir, `shard-${i}.ndjson`);
      writeFileSync(file, result.stdout);
      return file;
    });
    const merged = spawnSync(TSX, [MAIN, 'sweep', 'merge', ...files, '--json'], { encoding: 'utf8', timeout: 60_000 });
    expect(merged.status).toBe(0);
    const rows = merged.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as SweepRow);
    expect(rows.map(withoutWallTime)).toEqual(reference.map(withoutWallTime));
  }, 300_000);
});
