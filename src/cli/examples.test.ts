import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LiveRun } from '../run/live-run';
import { exampleNames } from '../scenario/examples';
import { gallery } from '../scenario/examples/gallery';
import { US_PER_S } from '../shared/units';
import { parseArgs } from './args';
import { formatExamples, listExamples } from './examples';
import { loadScenario } from './load-scenario';

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const MAIN = join(process.cwd(), 'src', 'cli', 'main.ts');

function sim(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(TSX, [MAIN, ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm run sim -- examples', () => {
  it('parses examples and its alias gallery, with --json or --names', () => {
    expect(parseArgs(['examples'])).toEqual({ command: 'examples', format: 'text' });
    expect(parseArgs(['gallery', '--json'])).toEqual({ command: 'examples', format: 'json' });
    expect(parseArgs(['examples', '--names'])).toEqual({ command: 'examples', format: 'names' });
    expect(() => parseArgs(['examples', '--yaml'])).toThrow(/examples: unknown argument "--yaml"/);
    expect(() => parseArgs(['examples', '--json', '--names'])).toThrow(/exclude each other/);
  });

  it('lists every example with its title and both lines of what to watch', () => {
    const text = formatExamples('text');
    for (const name of exampleNames()) {
      const { title, watch } = gallery[name]!;
      expect(text).toContain(`${name} — ${title}\n  ${watch[0]}\n  ${watch[1]}`);
    }
    expect(formatExamples('names').split('\n')).toEqual(exampleNames());
  });

  it('prints the list as JSON from the command line', () => {
    const { status, stdout } = sim('examples', '--json');
    expect(status).toBe(0);
    const list = JSON.parse(stdout) as ReturnType<typeof listExamples>;
    expect(list.map((e) => e.name)).toEqual(exampleNames());
    expect(list).toEqual(JSON.parse(JSON.stringify(listExamples())));
    expect(list.find((e) => e.name === 'l4-failover')).toMatchObject({ title: gallery['l4-failover']!.title, watch: gallery['l4-failover']!.watch });
  }, 30_000);

  it('run with an unknown name fails with exit 2 and lists every example name', () => {
    const { status, stderr } = sim('run', 'no-such-example', '--duration', '1s');
    expect(status).toBe(2);
    for (const name of exampleNames()) expect(stderr).toContain(name);
  }, 30_000);
});

describe('every gallery example runs in the CLI', () => {
  // The CLI's `run` path in-process (main.ts: loadScenario, then LiveRun), for a few simulated seconds.
  it.each(exampleNames())('%s runs 3 simulated seconds with traffic and no invariant violation', (name) => {
    const run = new LiveRun(loadScenario(name));
    run.sim.runUntil(3 * US_PER_S);
    const report = run.sim.report();
    expect(report.scenario).toBe(name);
    expect(report.simulatedSeconds).toBe(3);
    expect(report.connections.opened).toBeGreaterThan(0);
    expect(report.invariants.violations).toEqual([]);
  }, 120_000);
});
