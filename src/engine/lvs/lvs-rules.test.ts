import { attached, type ServerSpec, oneLoadBalancer, type OneLoadBalancerInput, flatOneLoadBalancer } from '../../scenario/examples/shared';
import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../../scenario/schema';
import { entries, outcomeOf, run } from '../../test/engine-harness';

const backends = (weights: number[]): ServerSpec[] =>
  weights.map((Weight, i) => ({ ServerId: `i-s${i + 1}`, PrivateIp: `10.0.0.${i + 1}`, Weight, serviceTimeDistribution: 'constant' as const, serviceTimeMs: 1 }));

/** Connections one after another (1 per 100 ms) through a single LVS node. */
function steady(overrides: Partial<OneLoadBalancerInput> & { client?: Partial<NonNullable<ScenarioInput['clients']>[number]> }): ScenarioInput {
  const { client, ...rest } = overrides;
  return oneLoadBalancer({
    cluster: { lvsNodes: 1, sync: { batching: false } },
    listeners: [{ ListenerPort: 80, HealthCheck: 'off' }],
    ...attached(backends([100])),
    clients: [{ ListenerPort: 80, arrival: { type: 'constant', connectionsPerSecond: 10 }, requestBytes: 100, responseBytes: 1000, ...client }],
    ...rest,
  });
}

/** The ServerId each connection was scheduled to, in connection order, from the journal. */
function scheduledBackends(journal: ReturnType<typeof run>['journal']): string[] {
  return journal.entries.filter((e) => e.event === 'schedule').map((e) => /chose (\S+):|stays on (\S+)/.exec(e.reason)!.slice(1).find(Boolean)!);
}

describe('LVS scheduling in the engine (DOMAIN §2.2–2.3)', () => {
  it('wrr with weights 4, 3, 2 schedules A A B A B C A B C', () => {
    const { journal } = run(steady({ ...attached(backends([4, 3, 2]) )}), 1);
    expect(scheduledBackends(journal).slice(0, 9)).toEqual(['i-s1', 'i-s1', 'i-s2', 'i-s1', 'i-s2', 'i-s3', 'i-s1', 'i-s2', 'i-s3']);
  });

  it('wlc picks the lowest overhead/weight and explains it', () => {
    // Long connections (think 10 s) so earlier ones are still active when later ones arrive.
    const { journal } = run(steady({ listeners: [{ ListenerPort: 80, HealthCheck: 'off', Scheduler: 'wlc' }], ...attached(backends([100, 50])), client: { exchanges: 3, thinkTimeMs: 10_000 } }), 1);
    const picks = scheduledBackends(journal).slice(0, 6);
    // 0/100 vs 0/50 → s1 (tie to the earlier); then s1 has 1 conn (overhead ≥ 1): s2 at 0 wins; …
    expect(picks.slice(0, 2)).toEqual(['i-s1', 'i-s2']);
    // With weights 2:1 the long-run split is 2:1.
    const counts = picks.reduce<Record<string, number>>((acc, id) => ({ ...acc, [id]: (acc[id] ?? 0) + 1 }), {});
    expect(counts['i-s1']).toBe(4);
    expect(counts['i-s2']).toBe(2);
    expect(journal.entries.find((e) => e.event === 'schedule')!.reason).toMatch(/^wlc chose i-s1: weight 100, active 0, inactive 0 \(overhead 0\)$/);
  });

  it('a weight-0 backend is quiesced: no new connections, existing ones finish', () => {
    const { journal, report } = run(
      steady({ ...attached(backends([100, 100])), client: { exchanges: 5, thinkTimeMs: 300 }, faults: [{ atS: 1, action: 'backend-weight', target: 'i-s2', weight: 0 }] }),
      10,
    );
    const after = journal.entries.filter((e) => e.event === 'schedule' && e.timeUs > 1_100_000);
    expect(after.length).toBeGreaterThan(50);
    expect(after.every((e) => e.reason.includes('chose i-s1'))).toBe(true);
    expect(report.connections.reset + report.connections.timedOut).toBe(0);
  });

  it('PersistenceTimeout keeps a client IP on one backend even with rr', () => {
    const input = steady({
      listeners: [{ ListenerPort: 80, HealthCheck: 'off', Scheduler: 'rr', PersistenceTimeout: 60 }],
      ...attached(backends([100, 100, 100])),
      client: { clientIps: 1 },
    });
    const picks = scheduledBackends(run(input, 3).journal);
    expect(picks.length).toBeGreaterThan(20);
    expect(new Set(picks)).toEqual(new Set(['i-s1']));
    const withoutPersistence = scheduledBackends(run(oneLoadBalancer({ ...flatOneLoadBalancer(input), listeners: [{ ListenerPort: 80, HealthCheck: 'off', Scheduler: 'rr' }] }), 3).journal);
    expect(new Set(withoutPersistence).size).toBe(3);
  });

  it('a persistence template lives while a connection it controls is alive (n_control), however long', () => {
    // One client IP, a connection every 5 s lasting ~8 s, PersistenceTimeout 1 s, rr over three
    // backends: each new connection comes 5 s after the template's last use, but an earlier
    // connection it controls is still alive, so the template holds and every pick stays.
    const input = steady({
      listeners: [{ ListenerPort: 80, HealthCheck: 'off', Scheduler: 'rr', PersistenceTimeout: 1 }],
      ...attached(backends([100, 100, 100])),
      client: { clientIps: 1, exchanges: 2, thinkTimeMs: 8000, arrival: { type: 'constant', connectionsPerSecond: 0.2 } },
    });
    const picks = scheduledBackends(run(input, 40).journal);
    expect(picks.length).toBeGreaterThanOrEqual(7);
    expect(new Set(picks)).toEqual(new Set(['i-s1']));
  });

  it('a persistence template expires PersistenceTimeout after the last connection it controls ends', () => {
    // One short connection every 20 s; each leaves a TIME_WAIT entry for 7 s (Alibaba preset), so
    // the template's clock starts ~7.04 s after the connection opened.
    const input = (PersistenceTimeout: number) =>
      steady({
        cluster: { lvsNodes: 1, timeoutPreset: 'alibaba', sync: { batching: false } },
        listeners: [{ ListenerPort: 80, HealthCheck: 'off', Scheduler: 'rr', PersistenceTimeout }],
        ...attached(backends([100, 100, 100])),
        client: { clientIps: 1, arrival: { type: 'constant', connectionsPerSecond: 0.05 } },
      });
    // 7.04 + 15 > 20: the next connection finds the template.
    expect(scheduledBackends(run(input(15), 70).journal)).toEqual(['i-s1', 'i-s1', 'i-s1']);
    // 7.04 + 12 < 20: it has expired, rr picks the next backend.
    expect(scheduledBackends(run(input(12), 70).journal)).toEqual(['i-s1', 'i-s2', 'i-s3']);
  });

  it('a connection idle past EstablishedTimeout finds no session and is reset (session_expired)', () => {
    const input = steady({
      listeners: [{ ListenerPort: 80, HealthCheck: 'off', EstablishedTimeout: 10 }],
      client: { exchanges: 2, thinkTimeMs: 12_000, arrival: { type: 'constant', connectionsPerSecond: 1, maxConnections: 1 } },
    });
    const { journal } = run(input, 30);
    expect(outcomeOf(journal, 1)).toBe('session_expired');
    const ok = run({ ...input, clients: [{ ...input.clients![0]!, thinkTimeMs: 8000 }] }, 30).journal;
    expect(outcomeOf(ok, 1)).toBe('completed');
  });

  it('a node that restarted lost the session: the flow coming back to it is a failover, not session_expired', () => {
    // One node, so the flow returns to the node that scheduled it; the restart at 2–3 s emptied its table.
    const input = steady({
      client: { exchanges: 2, thinkTimeMs: 5000, arrival: { type: 'constant', connectionsPerSecond: 1, maxConnections: 1 } },
      faults: [
        { atS: 2, action: 'upgrade', target: 'lvs-1' },
        { atS: 3, action: 'recover', target: 'lvs-1' },
      ],
    });
    const { journal } = run(input, 20);
    expect(outcomeOf(journal, 1)).toBe('failover_unsynced');
    expect(outcomeOf(run({ ...input, faults: [] }, 20).journal, 1)).toBe('completed');
  });

  it('active counts only ESTABLISHED; closing states are inactive', () => {
    const { report } = run(steady({ client: { exchanges: 2, thinkTimeMs: 5000 } }), 10.05);
    // Connections think for 5 s between requests (ESTABLISHED); finished ones sit in TIME_WAIT (120 s).
    expect(report.lvs[0]!.active).toBeGreaterThanOrEqual(49);
    expect(report.lvs[0]!.active).toBeLessThanOrEqual(51);
    expect(report.lvs[0]!.inactive).toBeGreaterThanOrEqual(48);
  });

  it('FULLNAT local ports run out: further connections to that backend are refused (port_exhausted)', () => {
    const { report } = run(steady({ cluster: { lvsNodes: 1, localAddressesPerNode: 1, portsPerLocalAddress: 5 }, client: { exchanges: 2, thinkTimeMs: 60_000 } }), 2.05);
    expect(report.connections.byOutcome['port_exhausted']).toBe(report.connections.opened - 5);
    expect(report.portExhausted).toBe(report.connections.opened - 5);
  });

  it('over the spec CPS limit new connections are dropped (InstanceDropConnection); established ones continue', () => {
    const input: ScenarioInput = oneLoadBalancer({
      loadBalancer: { LoadBalancerSpec: 'slb.s1.small' },
      cluster: { lvsNodes: 2 },
      listeners: [{ ListenerPort: 80, HealthCheck: 'off' }],
      ...attached(backends([100])),
      clients: [{ ListenerPort: 80, clientIps: 50_000, arrival: { type: 'constant', connectionsPerSecond: 4000, stopAfterSeconds: 0.95 }, maxRetries: 0, rtoMs: 500 }],
    });
    const { report } = run(input, 5);
    // All 3800 SYNs reach the LVS layer within the first second; the s1.small allows 3000 new per second.
    expect(report.connections.opened).toBe(3800);
    expect(report.instances[0]!.InstanceDropConnection).toBe(800);
    expect(report.connections.byOutcome['instance_limit']).toBe(800);
    expect(report.connections.completed).toBe(3000);
  });

  it('a removed backend (no drain) drops its connections; with ConnectionDrain they finish or are reset at the timeout', () => {
    const base = steady({ ...attached(backends([100, 100])), client: { exchanges: 4, thinkTimeMs: 4000, maxRetries: 2, rtoMs: 500 } });
    const removal: ScenarioInput['faults'] = [{ atS: 2, action: 'backend-remove', target: 'i-s2' }];
    const dropped = run({ ...base, faults: removal }, 40).report;
    expect(dropped.connections.byOutcome['backend_removed']).toBeGreaterThan(0);
    const drained = run(oneLoadBalancer({ ...flatOneLoadBalancer(base), listeners: [{ ListenerPort: 80, HealthCheck: 'off', ConnectionDrain: 'on', ConnectionDrainTimeout: 10 }], faults: removal }), 40).report;
    expect(drained.connections.byOutcome['backend_removed']).toBeUndefined();
    expect(drained.connections.byOutcome['drain_timeout']).toBeGreaterThan(0);
    expect(drained.invariants.violations).toEqual([]);
  });

  it('UDP is scheduled on any packet: a flow moved to a node without a session continues', () => {
    const input: ScenarioInput = oneLoadBalancer({
      cluster: { lvsNodes: 4, sync: { batching: true } },
      listeners: [{ ListenerProtocol: 'udp', ListenerPort: 53, HealthCheck: 'off' }],
      ...attached(backends([100, 100])),
      clients: [{ ListenerPort: 53, clientIps: 100, arrival: { type: 'constant', connectionsPerSecond: 20, stopAfterSeconds: 2 }, datagrams: 30, datagramIntervalMs: 100 }],
      faults: [{ atS: 1.5, action: 'upgrade', target: 'lvs-1' }],
    });
    const { report } = run(input, 20);
    expect(report.connections.opened).toBeGreaterThan(30);
    expect(report.connections.completed).toBe(report.connections.opened);
  });

  it('TCP is scheduled only on SYN: a stray ACK gets an RST naming the missing session', () => {
    const { journal } = run(
      steady({
        cluster: { lvsNodes: 2, sync: { batching: false, threshold: [200, 250] } },
        client: { exchanges: 3, thinkTimeMs: 300 },
        faults: [{ atS: 0.55, action: 'upgrade', target: 'lvs-1' }],
      }),
      3,
    );
    const resets = journal.entries.filter((e) => e.event === 'reset');
    expect(resets.length).toBeGreaterThan(0);
    expect(resets.every((e) => /^no session on LVS-2/.test(e.reason))).toBe(true);
    expect(entries(journal, resets[0]!.conn, 'outcome')[0]!.reason).toMatch(/^failover_/);
  });

  it('re-arming the session timer never shortens another node\'s session (regression)', () => {
    // Sessions synced to LVS-2 expire before LVS-1's own: the timer must not copy that expiry onto LVS-1.
    const { report } = run(
      oneLoadBalancer({
        cluster: { lvsNodes: 2, ecmpMode: 'modulo' },
        listeners: [{ ListenerPort: 80, EstablishedTimeout: 10, HealthCheck: 'off' }],
        ...attached(backends([100])),
        clients: [{ ListenerPort: 80, clientIps: 10, arrival: { type: 'constant', connectionsPerSecond: 1, maxConnections: 10 }, exchanges: 4, thinkTimeMs: 7000 }],
      }),
      200,
    );
    expect(report.connections.completed).toBe(10);
    expect(report.connections.byOutcome['session_expired']).toBeUndefined();
  });

  it('a SYN that reaches the backend after the client gave up opens nothing (regression)', () => {
    const { sim, report } = run(
      oneLoadBalancer({
        cluster: { lvsNodes: 1 },
        network: { internalLatencyMs: 40 },
        listeners: [{ ListenerPort: 80, HealthCheck: 'off' }],
        ...attached([{ ServerId: 'i-s1', PrivateIp: '10.0.0.1', maxConnections: 1 }]),
        clients: [
          { id: 'impatient', ListenerPort: 80, arrival: { type: 'constant', connectionsPerSecond: 1, maxConnections: 1 }, rtoMs: 110, maxRetries: 0 },
          { id: 'later', ListenerPort: 80, arrival: { type: 'constant', connectionsPerSecond: 0.2, maxConnections: 1 } },
        ],
      }),
      100,
    );
    expect(sim.servers.open[0]).toBe(0);
    expect(report.connections.byOutcome).toEqual({ completed: 1, no_response: 1 });
  });
});
