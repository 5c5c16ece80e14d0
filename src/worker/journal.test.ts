import { describe, expect, it } from 'vitest';
import { LiveRun } from '../run/live-run';
import { defaultScenario } from '../scenario/examples/default';
import { parseScenario } from '../scenario/validate';
import { ok, pausedHost } from '../test/paused-host';
import type { SimHost } from './host';

const S = 1_000_000;
const LB = 'lb-bp1default0001';



/** The edits of the scenario: a listener setting at 10 s, a new listener at 15 s, a stop at 20 s. */
function edit(host: SimHost, atS: number): void {
  host.runUntil(atS * S);
  if (atS === 10) ok(host.api({ Action: 'SetLoadBalancerTCPListenerAttribute', LoadBalancerId: LB, ListenerPort: '80', Scheduler: 'rr', HealthCheckInterval: '5' }));
  if (atS === 15) {
    ok(host.api({ Action: 'CreateLoadBalancerTCPListener', LoadBalancerId: LB, ListenerPort: '8080', BackendServerPort: '8080', Bandwidth: '-1' }));
    ok(host.api({ Action: 'StartLoadBalancerListener', LoadBalancerId: LB, ListenerPort: '8080' }));
  }
  if (atS === 20) ok(host.api({ Action: 'StopLoadBalancerListener', LoadBalancerId: LB, ListenerPort: '80' }));
}

function editedRun(): SimHost {
  const host = pausedHost();
  for (const atS of [10, 15, 20]) edit(host, atS);
  return host;
}

describe('the command journal', () => {
  it('records every accepted change at the simulated time it was made, and nothing for reads or rejections', () => {
    const host = pausedHost();
    host.runUntil(3 * S);
    expect(host.api({ Action: 'DescribeLoadBalancerAttribute', LoadBalancerId: LB }).status).toBe(200);
    expect(host.api({ Action: 'SetLoadBalancerTCPListenerAttribute', LoadBalancerId: LB, ListenerPort: '80', HealthCheckInterval: '99' }).body['Code']).toBe('InvalidParameter');
    expect(host.runScenario().journal).toEqual([]);
    const host2 = editedRun();
    const journal = host2.runScenario().journal;
    expect(journal.map((e) => [e.atUs, e.action])).toEqual([
      [10 * S, 'SetLoadBalancerTCPListenerAttribute'],
      [15 * S, 'CreateLoadBalancerTCPListener'],
      [15 * S, 'StartLoadBalancerListener'],
      [20 * S, 'StopLoadBalancerListener'],
    ]);
    expect(journal[0]!.params).toEqual({ LoadBalancerId: LB, ListenerPort: '80', Scheduler: 'rr', HealthCheckInterval: '5' });
  });

  it('edits at 10 s and 20 s, seeked back to 5 s and played to 30 s: the same counters and trace hash as the uninterrupted run', () => {
    const straight = editedRun();
    const end = straight.runUntil(30 * S);

    const travelled = editedRun();
    travelled.runUntil(25 * S);
    const at5 = travelled.seek(5 * S);
    expect(at5.simTimeUs).toBe(5 * S);
    const again = travelled.runUntil(30 * S);
    expect(again.traceHash).toBe(end.traceHash);
    expect(again.events).toBe(end.events);
    expect(again.connections).toEqual(end.connections);
  });

  it('the saved run (scenario + journal) replayed headless, as the CLI does, gives the same hash', () => {
    const host = editedRun();
    const end = host.runUntil(30 * S);
    const saved = JSON.parse(JSON.stringify(host.runScenario())) as unknown;
    const replay = new LiveRun(parseScenario(saved)).sim;
    replay.runUntil(30 * S);
    expect(replay.traceHash).toBe(end.traceHash);
    expect(replay.stats().connections).toEqual(end.connections);
  });

  it('the changes take effect: after the stop no connection is established, and the refused ones say why', () => {
    const host = editedRun();
    const stoppedAt = host.runUntil(20 * S + 500_000);
    expect(host.configuration().listeners.find((l) => l.ListenerPort === 80)!.Status).toBe('stopped');
    const later = host.runUntil(90 * S); // past the clients' retries (1 + 2 + … + 32 s)
    expect(later.connections.opened).toBeGreaterThan(stoppedAt.connections.opened); // clients keep trying
    expect(later.connections.established).toBe(stoppedAt.connections.established);
    expect(later.connections.byOutcome['listener_stopped']).toBeGreaterThan(0);
  });

  it('a change after seeking back starts a new branch: later entries are discarded, and undo brings them back', () => {
    const host = editedRun();
    host.runUntil(30 * S);
    host.seek(12 * S);
    ok(host.api({ Action: 'SetLoadBalancerTCPListenerAttribute', LoadBalancerId: LB, ListenerPort: '80', HealthCheckInterval: '7' }));
    const branched = host.runScenario().journal;
    expect(branched.map((e) => e.atUs)).toEqual([10 * S, 12 * S]);
    const frame = host.runUntil(12 * S);
    expect(frame.journal).toMatchObject({ entries: 2, discarded: 3 });

    const undone = host.undoBranch();
    expect(undone.simTimeUs).toBe(12 * S);
    expect(host.runScenario().journal.map((e) => e.atUs)).toEqual([10 * S, 15 * S, 15 * S, 20 * S]);
    expect(undone.journal.discarded).toBe(0);
    const end = host.runUntil(30 * S);
    expect(end.traceHash).toBe(editedRun().runUntil(30 * S).traceHash);
  });

  it('reads answer from the configuration in force at the current time, also after seeking back', () => {
    const host = editedRun();
    host.runUntil(25 * S);
    const ports = () => (host.api({ Action: 'DescribeLoadBalancerAttribute', LoadBalancerId: LB }).body['ListenerPorts'] as { ListenerPort: number[] }).ListenerPort;
    expect(ports()).toEqual([80, 8080]);
    host.seek(12 * S);
    expect(ports()).toEqual([80]);
    expect(host.runScenario().journal).toHaveLength(4); // reading never branches
  });
});

describe('LiveRun', () => {
  it('rejects a journal the API does not accept, naming the entry and the API error', () => {
    const scenario = parseScenario({
      ...defaultScenario,
      journal: [{ atUs: 1, source: 'api', action: 'StartLoadBalancerListener', params: { LoadBalancerId: LB, ListenerPort: '9999' } }],
    });
    expect(() => new LiveRun(scenario)).toThrow(/journal\.0: StartLoadBalancerListener at 1 µs is rejected by the API: ListenerNotFound/);
  });

  it('a journal entry changes the trace hash only from its time on', () => {
    const plain = new LiveRun(parseScenario(defaultScenario)).sim;
    const entry = { atUs: 4 * S, source: 'api' as const, action: 'StopLoadBalancerListener', params: { LoadBalancerId: LB, ListenerPort: '80' } };
    const edited = new LiveRun(parseScenario({ ...defaultScenario, journal: [entry] })).sim;
    plain.runUntil(4 * S - 1);
    edited.runUntil(4 * S - 1);
    expect(edited.changesApplied).toBe(0);
    expect(edited.traceHash).toBe(plain.traceHash);
    edited.runUntil(4 * S);
    expect(edited.changesApplied).toBe(1);
    plain.runUntil(6 * S);
    edited.runUntil(6 * S);
    expect(edited.traceHash).not.toBe(plain.traceHash);
  });
});
