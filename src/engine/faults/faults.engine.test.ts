import { describe, expect, it } from 'vitest';
import { attached, oneLoadBalancer } from '../../scenario/examples/shared';
import type { ScenarioInput } from '../../scenario/schema';
import { parseScenario } from '../../scenario/validate';
import { US_PER_S } from '../../shared/units';
import { decodeHops, entries, run } from '../../test/engine-harness';
import { Simulation } from '../simulation';

/**
 * Fault durations, backend-errors and link faults through the whole engine (issue 12, DOMAIN §2.4,
 * §2.5, §3): small deterministic scenarios, each probing one rule.
 */

const servers = [
  { ServerId: 'i-a1', PrivateIp: '10.0.0.1', serviceTimeDistribution: 'constant' as const, serviceTimeMs: 10 },
  { ServerId: 'i-a2', PrivateIp: '10.0.0.2', serviceTimeDistribution: 'constant' as const, serviceTimeMs: 10 },
];

/** A TCP listener (or HTTP with `http`), `perS` one-request connections a second for `maxConnections`. */
function scenario(faults: ScenarioInput['faults'], options: { http?: boolean; perS?: number; maxConnections?: number; backends?: typeof servers } = {}): ScenarioInput {
  const http = options.http ?? false;
  return oneLoadBalancer({
    cluster: { lvsNodes: 2, tengineNodes: 2, keyServers: 1, ecmpMode: 'modulo' },
    listeners: [http ? { ListenerProtocol: 'http', ListenerPort: 80, BackendServerPort: 8080, HealthCheck: 'off' } : { ListenerPort: 80, HealthCheck: 'off' }],
    ...attached(options.backends ?? servers),
    clients: [
      {
        ListenerPort: 80,
        clientIps: 50,
        arrival: { type: 'constant', connectionsPerSecond: options.perS ?? 10, maxConnections: options.maxConnections ?? 20 },
        requestBytes: 100,
        responseBytes: 100,
        exchanges: 1,
        ...(http ? { http: { mix: [{ host: 'www.example.com', path: '/', contentType: 'text/html' }] } } : {}),
      },
    ],
    faults,
  });
}

function simulation(input: ScenarioInput): Simulation {
  return new Simulation(parseScenario(input));
}

describe('durationS: a fault clears itself at atS + durationS with its inverse (issue 12)', () => {
  it('a crashed LVS node recovers and is announced again exactly durationS later', () => {
    const sim = simulation(scenario([{ atS: 2, action: 'crash', target: 'lvs-2', durationS: 3 }]));
    const id = sim.lvs.ids[1] as number;
    sim.runUntil(5 * US_PER_S - 1);
    expect(sim.lvs.up[1]).toBe(0);
    expect(sim.faults.applied).toEqual([{ atS: 2, action: 'crash', target: 'lvs-2', durationS: 3 }]);
    sim.runUntil(5 * US_PER_S);
    expect(sim.lvs.up[1]).toBe(1);
    expect(sim.lvs.ecmp.isAnnounced(id)).toBe(true);
    expect(sim.faults.applied[1]).toEqual({ atS: 5, action: 'recover', target: 'lvs-2', clears: 0 });
  });

  it('an upgrade clears with recover; a fault without durationS does not clear', () => {
    const sim = simulation(scenario([{ atS: 1, action: 'upgrade', target: 'lvs-1', durationS: 0.5 }, { atS: 1, action: 'crash', target: 'lvs-2' }]));
    sim.runUntil(10 * US_PER_S);
    expect(sim.faults.applied.map((f) => [f.atS, f.action, f.target])).toEqual([
      [1, 'upgrade', 'lvs-1'],
      [1, 'crash', 'lvs-2'],
      [1.5, 'recover', 'lvs-1'],
    ]);
    expect([sim.lvs.up[0], sim.lvs.up[1]]).toEqual([1, 0]);
  });

  it.each([
    ['backend-down', 'down'],
    ['backend-slow', 'slow'],
    ['backend-refuse', 'refusing'],
  ] as const)('%s clears with backend-up', (action, condition) => {
    const sim = simulation(scenario([{ atS: 1, action, target: 'i-a1', durationS: 2 }]));
    sim.runUntil(2.5 * US_PER_S);
    expect(sim.servers.conditionName(0)).toBe(condition);
    sim.runUntil(3 * US_PER_S);
    expect(sim.servers.conditionName(0)).toBe('healthy');
    expect(sim.faults.applied[1]).toEqual({ atS: 3, action: 'backend-up', target: 'i-a1', clears: 0 });
  });

  it('partition-sync clears with heal-sync on the same target (a node, or the whole link)', () => {
    const sim = simulation(scenario([{ atS: 1, action: 'partition-sync', target: 'lvs-1', durationS: 1 }, { atS: 1, action: 'partition-sync', durationS: 2 }]));
    sim.runUntil(1.5 * US_PER_S);
    expect([sim.sync.nodePartitioned[0], sim.sync.partitioned]).toEqual([1, true]);
    sim.runUntil(3 * US_PER_S);
    expect([sim.sync.nodePartitioned[0], sim.sync.partitioned]).toEqual([0, false]);
    expect(sim.faults.applied.slice(2)).toEqual([
      { atS: 2, action: 'heal-sync', target: 'lvs-1', clears: 0 },
      { atS: 3, action: 'heal-sync', target: undefined, clears: 1 },
    ]);
  });

  it('backend-remove clears by attaching the backend again where it was attached', () => {
    const sim = simulation(scenario([{ atS: 1, action: 'backend-remove', target: 'i-a2', durationS: 2 }]));
    sim.runUntil(2 * US_PER_S);
    expect(sim.servers.removed[sim.servers.instanceSlot(0, 1)]).toBe(1);
    sim.runUntil(3 * US_PER_S);
    expect(sim.servers.removed[sim.servers.instanceSlot(0, 1)]).toBe(0);
    expect(sim.faults.applied[1]).toEqual({ atS: 3, action: 'backend-attach', target: 'i-a2', clears: 0 });
  });

  it('backend-up attaches again a backend a backend-remove fault took out (Clear all), and ends its report', () => {
    const sim = simulation(
      scenario([
        { atS: 1, action: 'backend-remove', target: 'i-a2' },
        { atS: 2, action: 'backend-up', target: 'i-a2' },
      ]),
    );
    sim.runUntil(1.5 * US_PER_S);
    expect(sim.servers.removed[sim.servers.instanceSlot(0, 1)]).toBe(1);
    sim.runUntil(2.5 * US_PER_S);
    expect(sim.servers.removed[sim.servers.instanceSlot(0, 1)]).toBe(0);
    expect(sim.report().faults[0]).toMatchObject({ action: 'backend-remove', endS: 2 });
  });

  it('backend-up leaves alone a backend it never removed, and attaches no more than the fault removed', () => {
    const sim = simulation(scenario([{ atS: 1, action: 'backend-up', target: 'i-a2' }]));
    sim.servers.removed[sim.servers.instanceSlot(0, 1)] = 1;
    sim.runUntil(2 * US_PER_S);
    expect(sim.servers.removed[sim.servers.instanceSlot(0, 1)]).toBe(1);
  });

  it('backend-weight clears to the weight the backend had before', () => {
    const sim = simulation(scenario([{ atS: 1, action: 'backend-weight', target: 'i-a1', weight: 5, durationS: 1 }]));
    const before = sim.servers.weight[sim.servers.instanceSlot(0, 0)];
    sim.runUntil(1.5 * US_PER_S);
    expect(sim.servers.weight[sim.servers.instanceSlot(0, 0)]).toBe(5);
    sim.runUntil(2 * US_PER_S);
    expect(sim.servers.weight[sim.servers.instanceSlot(0, 0)]).toBe(before);
    expect(sim.faults.applied[1]).toEqual({ atS: 2, action: 'backend-weight', target: 'i-a1', clears: 0, weight: before });
  });

  it('tengine-crash and keyserver-down clear with tengine-recover and keyserver-up', () => {
    const sim = simulation(scenario([{ atS: 1, action: 'tengine-crash', target: 'tengine-1', durationS: 1 }, { atS: 1, action: 'keyserver-down', target: 'keyserver-1', durationS: 2 }], { http: true }));
    sim.runUntil(4 * US_PER_S);
    expect(sim.faults.applied.slice(2).map((f) => [f.atS, f.action, f.target])).toEqual([
      [2, 'tengine-recover', 'tengine-1'],
      [3, 'keyserver-up', 'keyserver-1'],
    ]);
  });

  it('a live fault honours durationS too', () => {
    const sim = simulation(scenario([]));
    sim.runUntil(2 * US_PER_S);
    sim.faults.applyLive({ action: 'crash', target: 'lvs-1', durationS: 1.25 });
    sim.runUntil(3.25 * US_PER_S - 1);
    expect(sim.lvs.up[0]).toBe(0);
    sim.runUntil(3.25 * US_PER_S);
    expect(sim.lvs.up[0]).toBe(1);
    expect(sim.faults.applied[1]).toEqual({ atS: 3.25, action: 'recover', target: 'lvs-1', clears: 0 });
  });

  it('a checkpoint taken while a clear is pending replays to the same hash', () => {
    const sim = simulation(scenario([{ atS: 1, action: 'crash', target: 'lvs-1', durationS: 2 }, { atS: 1, action: 'link-loss', target: 'internet->router', lossRate: 0.3, durationS: 3 }], { maxConnections: 40 }));
    sim.runUntil(2 * US_PER_S);
    const copy = sim.fork();
    sim.runUntil(20 * US_PER_S);
    copy.runUntil(20 * US_PER_S);
    expect(copy.traceHash).toBe(sim.traceHash);
    expect(copy.faults.applied).toEqual(sim.faults.applied);
    expect(sim.faults.applied).toHaveLength(4);
  });

  it('is deterministic: the same scenario gives the same trace hash, a different duration another', () => {
    const hash = (d: number) => run(scenario([{ atS: 0.5, action: 'crash', target: 'lvs-1', durationS: d }]), 5).sim.traceHash;
    expect(hash(1)).toBe(hash(1));
    expect(hash(1)).not.toBe(hash(1.5));
  });
});

describe('backend-errors (issue 12)', () => {
  it('layer 4: the backend resets the connection after the request; every one at errorRate 1', () => {
    const { report, journal } = run(scenario([{ atS: 0, action: 'backend-errors', target: 'i-a1', errorRate: 1 }], { backends: servers.slice(0, 1) }), 10);
    expect(report.connections.byOutcome).toEqual({ backend_refused: 20 });
    expect(report.invariants.violations).toEqual([]);
    expect(entries(journal, 1, 'error')).toHaveLength(1);
  });

  it('layer 4: about errorRate of them, the same ones on every run; backend-up clears it', () => {
    const input = scenario([{ atS: 0, action: 'backend-errors', target: 'i-a1', errorRate: 0.5 }], { backends: servers.slice(0, 1), perS: 50, maxConnections: 200 });
    const first = run(input, 10).report.connections.byOutcome;
    expect(first['backend_refused']).toBeGreaterThan(60);
    expect(first['backend_refused']).toBeLessThan(140);
    expect(run(input, 10).report.connections.byOutcome).toEqual(first);
    const cleared = run(scenario([{ atS: 0, action: 'backend-errors', target: 'i-a1', errorRate: 1, durationS: 1 }], { backends: servers.slice(0, 1) }), 10).report.connections.byOutcome;
    // Connections start every 0.1 s from 0.1 s; responses before 1 s are errors, later ones not.
    expect(cleared['backend_refused']).toBeGreaterThan(0);
    expect(cleared['completed']).toBeGreaterThan(0);
  });

  it('layer 7: Tengine relays the backend 500 (no passive marking, no retry)', () => {
    const { report, sim, journal } = run(scenario([{ atS: 0, action: 'backend-errors', target: 'i-a1', errorRate: 1 }], { http: true, backends: servers.slice(0, 1) }), 10);
    expect(report.requests.byStatus).toEqual({ '500': 20 });
    // The requests reached the backend and took its service time: the application answered.
    expect(sim.servers.requests[0]).toBe(20);
    const sent = entries(journal, 1, 'upstream')[0]!;
    const answered = entries(journal, 1, 'response')[0]!;
    expect(answered.reason).toBe('i-a1 answered 500 (backend-errors)');
    expect(answered.timeUs - sent.timeUs).toBeGreaterThanOrEqual(10_000);
    expect(report.connections.byOutcome).toEqual({ completed: 20 });
    expect(report.invariants.violations).toEqual([]);
  });
});

describe('link faults (issue 12)', () => {
  it('link-oneway router->lvs-N drops what goes to the node; the client gives up (no_response)', () => {
    const input = scenario(
      [
        { atS: 0, action: 'link-oneway', target: 'router->lvs-1' },
        { atS: 0, action: 'link-oneway', target: 'router->lvs-2' },
      ],
      { maxConnections: 3 },
    );
    const { report, journal } = run(input, 200);
    expect(report.connections.byOutcome).toEqual({ no_response: 3 });
    expect(report.invariants.violations).toEqual([]);
    expect(entries(journal, 1, 'lost').length).toBeGreaterThan(1);
  });

  it('link-oneway lets the other direction pass: lvs->router replies are lost, requests arrive', () => {
    const input = scenario([{ atS: 0, action: 'link-oneway', target: 'lvs-1->router' }, { atS: 0, action: 'link-oneway', target: 'lvs-2->router' }], { maxConnections: 1 });
    const { sim, hops, report } = run(input, 200);
    const decoded = decodeHops(sim, hops);
    expect(decoded.some((h) => h.from === 'router' && h.to.startsWith('lvs-'))).toBe(true);
    expect(decoded.some((h) => h.from.startsWith('lvs-') && h.to === 'router')).toBe(false);
    expect(report.connections.byOutcome).toEqual({ no_response: 1 });
  });

  it('link-latency adds its milliseconds in both directions; link-heal takes them away', () => {
    const input = scenario(
      [
        { atS: 0, action: 'link-latency', target: 'internet->router', addedMs: 40 },
        { atS: 1.5, action: 'link-heal', target: 'router->internet' },
      ],
      { perS: 1, maxConnections: 2 },
    );
    const { sim, hops } = run(input, 10);
    const internalUs = Math.round(sim.scenario.network.internalLatencyMs * 1000);
    const legs = decodeHops(sim, hops).filter((h) => (h.from === 'internet' && h.to === 'router') || (h.from === 'router' && h.to === 'internet'));
    const first = legs.filter((h) => h.conn === 1);
    const second = legs.filter((h) => h.conn === 2);
    expect(first.length).toBeGreaterThan(0);
    expect(first.every((h) => h.arriveUs - h.departUs === internalUs + 40_000)).toBe(true);
    expect(second.every((h) => h.arriveUs - h.departUs === internalUs)).toBe(true);
  });

  it('link-loss loses about lossRate of the packets, the same ones on every run, in both directions', () => {
    const input = scenario([{ atS: 0, action: 'link-loss', target: 'lvs-1->ecs:i-a1', lossRate: 0.5 }, { atS: 0, action: 'link-loss', target: 'lvs-2->ecs:i-a1', lossRate: 0.5 }], { backends: servers.slice(0, 1), maxConnections: 30 });
    const a = run(input, 300);
    const b = run(input, 300);
    expect(a.sim.traceHash).toBe(b.sim.traceHash);
    expect(a.report.connections.byOutcome).toEqual(b.report.connections.byOutcome);
    expect(a.report.connections.byOutcome['no_response'] ?? 0).toBeGreaterThan(0);
    expect(a.report.invariants.violations).toEqual([]);
    const lost = Array.from({ length: 30 }, (_, i) => entries(a.journal, i + 1, 'lost')).flat();
    expect(lost.some((e) => e.reason.includes('lvs-'))).toBe(true);
  });

  it('tengine->ecs links: a one-way failure silences the upstream (504 at RequestTimeout); added latency delays each answer', () => {
    const both = (action: 'link-oneway' | 'link-latency', extra: { addedMs?: number } = {}) =>
      (['tengine-1', 'tengine-2'] as const).map((t) => ({ atS: 0, action, target: `${t}->ecs:i-a1`, ...extra }));
    const silent = run(scenario(both('link-oneway'), { http: true, backends: servers.slice(0, 1), maxConnections: 2 }), 100);
    expect(silent.report.requests.byStatus).toEqual({ '504': 2 });
    expect(silent.sim.servers.requests[0]).toBe(0);
    expect(entries(silent.journal, 1, 'lost')).toHaveLength(1);
    const reverse = run(scenario([{ atS: 0, action: 'link-oneway', target: 'ecs:i-a1->tengine-1' }, { atS: 0, action: 'link-oneway', target: 'ecs:i-a1->tengine-2' }], { http: true, backends: servers.slice(0, 1), maxConnections: 2 }), 100);
    expect(reverse.report.requests.byStatus).toEqual({ '504': 2 });
    expect(reverse.sim.servers.requests[0]).toBe(2);
    const upstreamMs = (input: ScenarioInput) => {
      const { journal } = run(input, 10);
      return (entries(journal, 1, 'response')[0]!.timeUs - entries(journal, 1, 'upstream')[0]!.timeUs) / 1000;
    };
    const plain = upstreamMs(scenario([], { http: true, backends: servers.slice(0, 1), maxConnections: 1 }));
    const slowed = upstreamMs(scenario(both('link-latency', { addedMs: 25 }), { http: true, backends: servers.slice(0, 1), maxConnections: 1 }));
    // A fresh upstream connection: handshake (2 one-way trips) + request, then the response: 4 × 25 ms.
    expect(slowed - plain).toBeCloseTo(100, 6);
  });

  it('the failover report counts the connections a link fault hit, by how they ended; nobody detects a link fault', () => {
    const input = scenario(
      [
        { atS: 0, action: 'link-oneway', target: 'router->lvs-1' },
        { atS: 0, action: 'link-oneway', target: 'router->lvs-2' },
      ],
      { maxConnections: 3 },
    );
    const { report } = run(input, 200);
    const [one, two] = report.faults;
    expect(one!.detectedBy).toBeNull();
    expect((one!.affected['no_response'] ?? 0) + (two!.affected['no_response'] ?? 0)).toBe(3);
    expect(one!.survived + two!.survived).toBe(0);
    expect([...(one!.examples['no_response'] ?? []), ...(two!.examples['no_response'] ?? [])].sort()).toEqual([1, 2, 3]);
  });

  it('a link-loss report holds exactly the connections that lost a packet on the link: broken or survived', () => {
    const input = scenario([{ atS: 0, action: 'link-loss', target: 'lvs-1->ecs:i-a1', lossRate: 0.5 }], { backends: servers.slice(0, 1), maxConnections: 30 });
    const { report, journal } = run(input, 300);
    const hit = Array.from({ length: 30 }, (_, i) => i + 1).filter((serial) => entries(journal, serial, 'lost').some((e) => e.reason.includes('lvs-1->ecs:i-a1') || e.reason.includes('ecs:i-a1->lvs-1')));
    const fault = report.faults[0]!;
    const counted = Object.values(fault.affected).reduce((a, b) => a + b, 0) + fault.survived;
    expect(hit.length).toBeGreaterThan(0);
    expect(counted).toBe(hit.length);
    expect(fault.affected['no_response'] ?? 0).toBe(report.connections.byOutcome['no_response'] ?? 0);
  });

  it('a link-latency report counts the connections it delayed while it lasted, not those after link-heal (named either way round)', () => {
    const input = scenario(
      [
        { atS: 0, action: 'link-latency', target: 'internet->router', addedMs: 40 },
        { atS: 1.5, action: 'link-heal', target: 'router->internet' },
      ],
      { perS: 1, maxConnections: 3 },
    );
    const { report } = run(input, 10);
    expect(report.faults[0]).toMatchObject({ action: 'link-latency', endS: 1.5, survived: 1, affected: {}, examples: { completed: [1] } });
  });

  it('no link fault in force: the single check is off', () => {
    const sim = simulation(scenario([{ atS: 1, action: 'link-loss', target: 'internet->router', lossRate: 0.2, durationS: 1 }]));
    expect(sim.links.active).toBe(false);
    sim.runUntil(1.5 * US_PER_S);
    expect(sim.links.active).toBe(true);
    sim.runUntil(2 * US_PER_S);
    expect(sim.links.active).toBe(false);
    expect(sim.faults.applied[1]).toEqual({ atS: 2, action: 'link-heal', target: 'internet->router', clears: 0 });
  });
});
