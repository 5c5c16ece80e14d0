import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultScenario } from '../scenario/examples/default';
import { SimHost, type HostClock } from '../worker/host';

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const MAIN = join(process.cwd(), 'src', 'cli', 'main.ts');
const S = 1_000_000;
const LB = 'lb-bp1default0001';

describe('npm run sim -- run, on a run saved with live edits', () => {
  it('replays the journal and prints the trace hash the browser host reached', () => {
    const clock: HostClock = { nowMs: () => 0, every: () => () => undefined };
    const host = new SimHost(clock);
    host.load(defaultScenario);
    host.runUntil(10 * S);
    expect(host.api({ Action: 'SetBackendServers', LoadBalancerId: LB, BackendServers: JSON.stringify([{ ServerId: 'i-ecs1', Weight: 10 }]) }).status).toBe(200);
    host.runUntil(20 * S);
    expect(host.api({ Action: 'StopLoadBalancerListener', LoadBalancerId: LB, ListenerPort: '80' }).status).toBe(200);
    const live = host.runUntil(30 * S);

    const file = join(mkdtempSync(join(tmpdir(), 'slb-journal-')), 'run.json');
    writeFileSync(file, JSON.stringify(host.runScenario()));
    const report = JSON.parse(execFileSync(TSX, [MAIN, 'run', file, '--duration', '30s', '--json'], { encoding: 'utf8' })) as { traceHash: string; events: number };
    expect(report.traceHash).toBe(live.traceHash);
    expect(report.events).toBe(live.events);
  }, 60_000); // a CLI process on a loaded machine
});
