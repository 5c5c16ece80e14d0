import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LiveRun } from '../run/live-run';
import { parseScenario } from '../scenario/validate';
import { pausedHost } from '../test/paused-host';
import type { SimHost } from './host';

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const MAIN = join(process.cwd(), 'src', 'cli', 'main.ts');
const S = 1_000_000;

/** The default scenario with LVS node 1 crashed live at 5 s and recovered at 12 s. */
function crashedLive(): SimHost {
  const host = pausedHost();
  host.runUntil(5 * S);
  expect(host.injectFault({ action: 'crash', target: 'lvs-1' })).toMatchObject({ ok: true });
  host.runUntil(12 * S);
  expect(host.injectFault({ action: 'recover', target: 'lvs-1' })).toMatchObject({ ok: true });
  return host;
}

describe('faults injected while the run plays (journal source "fault")', () => {
  it('are journaled at their simulated times with their fields, and change the run', () => {
    const host = crashedLive();
    expect(host.runScenario().journal).toEqual([
      { atUs: 5 * S, source: 'fault', action: 'crash', params: { target: 'lvs-1' } },
      { atUs: 12 * S, source: 'fault', action: 'recover', params: { target: 'lvs-1' } },
    ]);
    const faulted = host.runUntil(20 * S);
    const plain = pausedHost().runUntil(20 * S);
    expect(faulted.traceHash).not.toBe(plain.traceHash);
    expect(faulted.connections.reset + faulted.connections.dropped).toBeGreaterThan(plain.connections.reset + plain.connections.dropped);
  });

  it('the engine applies them at once: the crashed node is down, the recovered one up again', () => {
    const host = pausedHost();
    host.runUntil(5 * S);
    host.injectFault({ action: 'crash', target: 'lvs-1' });
    expect(host.runUntil(5 * S + 1).nodes.lvs[0]).toMatchObject({ up: false });
    host.injectFault({ action: 'recover', target: 'lvs-1' });
    expect(host.runUntil(5 * S + 2).nodes.lvs[0]).toMatchObject({ up: true });
  });

  it('seeking back before a live fault and playing on gives the uninterrupted run\'s counters and trace hash', () => {
    const end = crashedLive().runUntil(20 * S);
    const travelled = crashedLive();
    travelled.runUntil(16 * S);
    travelled.seek(3 * S);
    const again = travelled.runUntil(20 * S);
    expect(again.traceHash).toBe(end.traceHash);
    expect(again.connections).toEqual(end.connections);
  });

  it('a refused fault names its field and the rule, and changes nothing', () => {
    const host = pausedHost();
    host.runUntil(2 * S);
    expect(host.injectFault({ action: 'crash', target: 'lvs-9' })).toMatchObject({ ok: false, field: 'target', message: expect.stringContaining('lvs-1') });
    expect(host.injectFault({ action: 'melt', target: 'lvs-1' })).toMatchObject({ ok: false, field: 'action' });
    expect(host.injectFault({ action: 'backend-down', target: 'i-nope' })).toMatchObject({ ok: false, field: 'target' });
    expect(host.runScenario().journal).toEqual([]);
    expect(host.runUntil(10 * S).traceHash).toBe(pausedHost().runUntil(10 * S).traceHash);
  });

  it('a fault after seeking back starts a new branch: later entries are discarded', () => {
    const host = crashedLive();
    host.runUntil(14 * S);
    host.seek(8 * S);
    host.injectFault({ action: 'partition-sync' });
    expect(host.runScenario().journal.map((e) => [e.atUs, e.action])).toEqual([
      [5 * S, 'crash'],
      [8 * S, 'partition-sync'],
    ]);
  });

  it('a saved fault entry the rules refuse stops the load with the entry and the rule named', () => {
    const saved = JSON.parse(JSON.stringify(pausedHost().runScenario())) as Record<string, unknown>;
    saved['journal'] = [{ atUs: S, source: 'fault', action: 'crash', params: { target: 'lvs-9' } }];
    expect(() => new LiveRun(parseScenario(saved))).toThrow(/journal\.0: fault crash at 1000000 µs: target: must name an LVS node lvs-1…lvs-\d/);
  });

  it('the CLI replays a saved run with live faults to the same trace hash', () => {
    const host = crashedLive();
    const live = host.runUntil(20 * S);
    const file = join(mkdtempSync(join(tmpdir(), 'slb-faults-')), 'run.json');
    writeFileSync(file, JSON.stringify(host.runScenario()));
    const report = JSON.parse(execFileSync(TSX, [MAIN, 'run', file, '--duration', '20s', '--json'], { encoding: 'utf8' })) as { traceHash: string; events: number };
    expect(report.traceHash).toBe(live.traceHash);
    expect(report.events).toBe(live.events);
  }, 60_000); // a CLI process on a loaded machine
});
