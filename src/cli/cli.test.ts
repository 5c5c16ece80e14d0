import { attached, oneLoadBalancer } from '../scenario/examples/shared';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const MAIN = join(process.cwd(), 'src', 'cli', 'main.ts');

function sim(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(TSX, [MAIN, ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function runJson(...args: string[]): Record<string, unknown> {
  return JSON.parse(execFileSync(TSX, [MAIN, 'run', ...args, '--json'], { encoding: 'utf8' })) as Record<string, unknown>;
}

describe('npm run sim -- run', () => {
  it('prints one JSON report with the required fields', () => {
    const report = runJson('default', '--duration', '5s', '--seed', '3');
    expect(report).toMatchObject({ seed: 3, scenario: 'default', simulatedSeconds: 5 });
    expect(report['events']).toEqual(expect.any(Number));
    expect(report['wallSeconds']).toEqual(expect.any(Number));
    expect(report['traceHash']).toMatch(/^[0-9a-f]{16}$/);
  });

  it('same seed twice gives the same trace hash; another seed a different one', () => {
    const a = runJson('default', '--duration', '3s', '--seed', '5');
    const b = runJson('default', '--duration', '3s', '--seed', '5');
    const c = runJson('default', '--duration', '3s', '--seed', '6');
    expect(a['traceHash']).toBe(b['traceHash']);
    expect(a['events']).toBe(b['events']);
    expect(c['traceHash']).not.toBe(a['traceHash']);
  }, 30_000); // three CLI processes: vitest's 5 s default is too tight on a loaded machine

  it('prints a human-readable report by default', () => {
    const { status, stdout } = sim('run', 'default', '--duration', '1s');
    expect(status).toBe(0);
    expect(stdout).toMatch(/trace hash\s+[0-9a-f]{16}/);
  });

  it('runs a scenario from a JSON file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'slb-cli-'));
    const file = join(dir, 'tiny.json');
    writeFileSync(
      file,
      JSON.stringify(
        oneLoadBalancer({
          name: 'tiny',
          listeners: [{ ListenerPort: 80 }],
          ...attached([{ ServerId: 'i-one', PrivateIp: '10.0.0.1' }]),
          clients: [{ ListenerPort: 80, arrival: { connectionsPerSecond: 10 } }],
        }),
      ),
    );
    const report = runJson(file, '--duration', '2s');
    expect(report['scenario']).toBe('tiny');
    expect((report['connections'] as { completed: number }).completed).toBeGreaterThan(0);
  });

  it('--set overrides scenario fields (JSON or string values) and the report reflects them', () => {
    const report = runJson('l4-failover', '--duration', '25s', '--set', 'cluster.lvsNodes=6', '--set', 'loadBalancers.0.listeners.0.Scheduler=rr', '--set', 'faults=[]');
    expect((report['lvs'] as unknown[]).length).toBe(6);
    expect(report['faults']).toEqual([]);
    expect((report['invariants'] as { ok: boolean }).ok).toBe(true);
  });

  it('--set with an invalid value names the field and the rule', () => {
    const { status, stderr } = sim('run', 'default', '--set', 'loadBalancers.0.listeners.0.Scheduler=fastest');
    expect(status).toBe(2);
    expect(stderr).toContain('loadBalancers.0.listeners.0.Scheduler');
  });

  it('--trace writes the ordered journey of one connection with the reason for each decision', () => {
    const dir = mkdtempSync(join(tmpdir(), 'slb-cli-'));
    const file = join(dir, 'trace.ndjson');
    const { status, stderr } = sim('run', 'l4-failover', '--duration', '30s', '--set', 'cluster.withdrawalDelayS=0', '--trace', file, '--conn', '5000');
    expect(status).toBe(0);
    expect(stderr).toMatch(/trace: \d+ entries written/);
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { timeUs: number; conn: number; node: string; event: string; reason: string });
    expect(lines.every((l) => l.conn === 5000)).toBe(true);
    const times = lines.map((l) => l.timeUs);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const events = lines.map((l) => l.event);
    expect(events).toEqual(expect.arrayContaining(['open', 'ecmp', 'schedule', 'sync sent', 'synced', 'outcome']));
    expect(lines.find((l) => l.event === 'schedule')!.reason).toMatch(/^wlc chose i-ecs\d: weight 100/);
    expect(lines.find((l) => l.event === 'ecmp')!.reason).toMatch(/^modulo hash \d+ → LVS-\d$/);
  });

  it.each([
    [['run'], /needs a scenario/],
    [['run', 'default', '--set', 'cluster.lvsNodes'], /--set/],
    [['run', 'default', '--conn', '3'], /--conn only applies with --trace/],
    [['run', 'default', '--seed', 'abc'], /--seed: "abc" must be a non-negative integer/],
    [['run', 'default', '--duration', 'soon'], /--duration: "soon" is not a duration/],
    [['run', 'default', '--frobnicate'], /unknown option --frobnicate/],
    [['run', 'no-such-example'], /neither an example/],
    [['launch'], /unknown command "launch"/],
  ])('exits 2 with a message naming the argument: %j', (args, message) => {
    const { status, stderr } = sim(...args);
    expect(status).toBe(2);
    expect(stderr).toMatch(message);
  });

  it('exits 2 naming the field and rule for an invalid scenario file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'slb-cli-'));
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ loadBalancers: [{ listeners: [{ ListenerPort: 80, Scheduler: 'fastest' }] }] }));
    const { status, stderr } = sim('run', file);
    expect(status).toBe(2);
    expect(stderr).toContain('loadBalancers.0.listeners.0.Scheduler');
    writeFileSync(file, '{ not json');
    const broken = sim('run', file);
    expect(broken.status).toBe(2);
    expect(broken.stderr).toContain('is not valid JSON');
  });

  it('exits 2 on an unknown field, naming its path and the closest valid name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'slb-cli-'));
    const file = join(dir, 'typo.json');
    writeFileSync(file, JSON.stringify({ nmae: 'typo', loadBalancers: [{ listeners: [{ ListenerPort: 80, Schedular: 'wlc' }] }] }));
    const { status, stdout, stderr } = sim('run', file, '--duration', '1s');
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('nmae: unknown field; did you mean "name"?');
    expect(stderr).toContain('loadBalancers.0.listeners.0.Schedular: unknown field; did you mean "Scheduler"?');
    const viaSet = sim('run', 'default', '--set', 'cluster.lvsNode=8');
    expect(viaSet.status).toBe(2);
    expect(viaSet.stderr).toContain('cluster.lvsNode: unknown field; did you mean "lvsNodes"?');
  }, 30_000);
});
