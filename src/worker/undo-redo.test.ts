import { describe, expect, it } from 'vitest';
import { ok, pausedHost } from '../test/paused-host';
import type { SimHost } from './host';

const S = 1_000_000;
const LB = 'lb-bp1default0001';

/** The default run with the scheduler switched to rr at 2 s and the health-check interval at 4 s. */
function edited(): SimHost {
  const host = pausedHost();
  host.runUntil(2 * S);
  ok(host.api({ Action: 'SetLoadBalancerTCPListenerAttribute', LoadBalancerId: LB, ListenerPort: '80', Scheduler: 'rr' }));
  host.runUntil(4 * S);
  ok(host.api({ Action: 'SetLoadBalancerTCPListenerAttribute', LoadBalancerId: LB, ListenerPort: '80', HealthCheckInterval: '5' }));
  host.runUntil(6 * S);
  return host;
}

const hashAt = (host: SimHost, us: number) => host.runUntil(us).traceHash;

describe('undo and redo of configuration changes (the journal’s latest entry)', () => {
  it('undo takes the latest change back as if never made; redo puts it back at its own time; both keep the current time', () => {
    const host = edited();
    const both = hashAt(host, 6 * S);
    const first = pausedHost();
    first.runUntil(2 * S);
    ok(first.api({ Action: 'SetLoadBalancerTCPListenerAttribute', LoadBalancerId: LB, ListenerPort: '80', Scheduler: 'rr' }));
    const onlyFirst = hashAt(first, 6 * S);
    expect(onlyFirst).not.toBe(both); // the second change mattered, so the test can tell them apart

    const undone = host.undoChange();
    expect(undone.simTimeUs).toBe(6 * S);
    expect(undone.journal).toMatchObject({ entries: 1, undo: { action: 'SetLoadBalancerTCPListenerAttribute', atUs: 2 * S }, redo: { atUs: 4 * S } });
    expect(undone.traceHash).toBe(onlyFirst);

    host.undoChange();
    expect(host.runScenario().journal).toEqual([]);
    expect(hashAt(host, 6 * S)).toBe(hashAt(pausedHost(), 6 * S));

    host.redoChange();
    const redone = host.redoChange();
    expect(redone.journal.entries).toBe(2);
    expect(redone.journal.redo).toBeUndefined();
    expect(redone.traceHash).toBe(both);
    expect(host.runScenario().journal.map((e) => e.atUs)).toEqual([2 * S, 4 * S]);
  });

  it('a new change after an undo clears what could be redone; undo with an empty journal changes nothing', () => {
    const host = edited();
    host.undoChange();
    ok(host.api({ Action: 'SetLoadBalancerTCPListenerAttribute', LoadBalancerId: LB, ListenerPort: '80', Scheduler: 'wlc' }));
    const after = host.redoChange();
    expect(after.journal.entries).toBe(2);
    expect(after.journal.redo).toBeUndefined();
    expect(host.runScenario().journal.map((e) => e.params['Scheduler'])).toEqual(['rr', 'wlc']);

    const empty = pausedHost();
    empty.runUntil(S);
    const before = empty.runUntil(S).traceHash;
    const frame = empty.undoChange();
    expect(frame.journal.entries).toBe(0);
    expect(frame.journal.undo).toBeUndefined();
    expect(frame.traceHash).toBe(before);
  });
});
