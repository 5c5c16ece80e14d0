import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../../scenario/schema';
import { ChangeRun } from '../../test/change-run';
import { run } from '../../test/engine-harness';
import { defaultGroupWeights, NOT_ATTACHED } from '../../scenario/attachments';
import { parseScenario } from '../../scenario/validate';
import { ipv4ToInt } from '../net/ipv4';
import { Instances } from './instances';
import { SPEC_LIMITS } from './specs';

/**
 * Several load balancers on the shared LVS cluster (docs/LAYER4.md, "Several load balancers"):
 * each instance has its own VIP, listeners (ports are per instance), default server group,
 * specification limits and status.
 */

const ecsInstances = [
  { ServerId: 'i-a1', PrivateIp: '10.0.0.11' },
  { ServerId: 'i-a2', PrivateIp: '10.0.0.12' },
  { ServerId: 'i-b1', PrivateIp: '10.0.0.21' },
];

function twoInstances(overrides: { aSpec?: string; bStatus?: 'active' | 'inactive'; aRate?: number; bRate?: number } = {}): ScenarioInput {
  const listener = { ListenerPort: 80, ListenerProtocol: 'tcp', BackendServerPort: 80, Status: 'running', HealthCheck: 'off' } as const;
  return {
    name: 'two instances',
    ecsInstances,
    loadBalancers: [
      {
        LoadBalancerId: 'lb-aaaa',
        Address: '47.100.10.10',
        LoadBalancerSpec: (overrides.aSpec ?? 'slb.s2.small') as 'slb.s2.small',
        listeners: [listener],
        backendServers: [{ ServerId: 'i-a1' }, { ServerId: 'i-a2' }],
      },
      {
        LoadBalancerId: 'lb-bbbb',
        Address: '47.100.10.20',
        ...(overrides.bStatus ? { LoadBalancerStatus: overrides.bStatus } : {}),
        listeners: [listener],
        backendServers: [{ ServerId: 'i-b1', Weight: 50 }],
      },
    ],
    clients: [
      { id: 'to-a', LoadBalancerId: 'lb-aaaa', ListenerPort: 80, arrival: { type: 'constant', connectionsPerSecond: overrides.aRate ?? 20 } },
      { id: 'to-b', LoadBalancerId: 'lb-bbbb', ListenerPort: 80, arrival: { type: 'constant', connectionsPerSecond: overrides.bRate ?? 20 } },
    ],
  };
}

/** Connections each backend accepted, by ServerId. */
function accepted(report: ReturnType<typeof run>['report']): Record<string, number> {
  return Object.fromEntries(report.backends.map((b) => [b.id, b.connections]));
}

describe('several load balancers', () => {
  it('two instances listen on the same port, each forwarding only to its own default server group', () => {
    const { report, sim } = run(twoInstances(), 5);
    const counts = accepted(report);
    expect(counts['i-a1']).toBeGreaterThan(20);
    expect(counts['i-a2']).toBeGreaterThan(20);
    expect(counts['i-b1']).toBeGreaterThan(60);
    // B's connections never reach A's servers and the other way round: 3 servers, 2 groups.
    expect(counts['i-a1']! + counts['i-a2']!).toBeCloseTo(counts['i-b1']!, -1);
    expect(sim.instances.ids).toEqual(['lb-aaaa', 'lb-bbbb']);
    expect(report.backends.find((b) => b.id === 'i-b1')?.weight).toBe(50);
    expect(report.invariants.violations).toEqual([]);
  });

  it('clients address each instance at its own VIP', () => {
    const { journal } = run(twoInstances({ aRate: 1, bRate: 1 }), 2);
    const opens = journal.entries.filter((e) => e.event === 'open').map((e) => e.reason);
    expect(opens.some((d) => d.includes('→ 47.100.10.10:80'))).toBe(true);
    expect(opens.some((d) => d.includes('→ 47.100.10.20:80'))).toBe(true);
  });

  it("one instance's specification limits drop only its own new connections", () => {
    // slb.s1.small admits 3,000 new connections a second; A is offered 5,000, B 5,000 on slb.s2.small (5,000/s).
    const { report } = run(twoInstances({ aSpec: 'slb.s1.small', aRate: 5000, bRate: 4000 }), 1.5);
    const [a, b] = report.instances;
    expect(a).toMatchObject({ LoadBalancerId: 'lb-aaaa', spec: 'slb.s1.small' });
    expect(a!.InstanceDropConnection).toBeGreaterThan(1000);
    expect(b).toMatchObject({ LoadBalancerId: 'lb-bbbb', spec: 'slb.s2.small', InstanceDropConnection: 0 });
  });

  it('an inactive instance forwards nothing while the other carries on', () => {
    // B's clients retransmit their SYNs (1 s, then doubling, 5 retries) and give up after 63 s.
    const { report } = run(twoInstances({ bStatus: 'inactive', bRate: 1 }), 70);
    expect(accepted(report)['i-b1']).toBe(0);
    expect(accepted(report)['i-a1']).toBeGreaterThan(100);
    expect(report.connections.byOutcome['listener_stopped']).toBeGreaterThan(0);
  });

  it('an instance created during the run starts forwarding once its listener runs; a deleted one stops', () => {
    const before = twoInstances();
    const onlyA: ScenarioInput = { ...before, loadBalancers: [before.loadBalancers![0]!], clients: [before.clients![0]!] };
    const changes = [
      [2, before],
      [4, onlyA],
    ] as const;
    const live = new ChangeRun(onlyA, changes);
    live.runUntil(2);
    expect(accepted(live.sim.report())['i-b1']).toBe(0);
    live.runUntil(4);
    const atFour = accepted(live.sim.report())['i-b1']!;
    expect(atFour).toBeGreaterThan(20);
    live.runUntil(6);
    // Deleted at 4 s: no new connection reaches B's server after that (those in flight may still land).
    expect(accepted(live.sim.report())['i-b1']! - atFour).toBeLessThanOrEqual(1);
    expect(live.sim.report().invariants.violations).toEqual([]);
  });
});

describe('Instances (the per-instance counts and limits)', () => {
  const scenario = () =>
    parseScenario({
      loadBalancers: [
        { LoadBalancerId: 'lb-aaaa', Address: '47.100.10.10', LoadBalancerSpec: 'slb.s1.small', listeners: [{ ListenerPort: 80, ListenerProtocol: 'tcp', BackendServerPort: 80 }] },
        { LoadBalancerId: 'lb-bbbb', Address: '47.100.10.20', LoadBalancerStatus: 'inactive', listeners: [{ ListenerPort: 80, ListenerProtocol: 'tcp', BackendServerPort: 80 }] },
      ],
    });

  it('maps listeners to their instance and knows each VIP, spec and status', () => {
    const instances = new Instances(scenario());
    expect([...instances.ofListener]).toEqual([0, 1]);
    expect([...instances.vip]).toEqual([ipv4ToInt('47.100.10.10'), ipv4ToInt('47.100.10.20')]);
    expect(instances.specs).toEqual(['slb.s1.small', 'slb.s2.small']);
    expect(instances.limits[0]).toEqual(SPEC_LIMITS['slb.s1.small']);
    expect([...instances.active]).toEqual([1, 0]);
    // Present but inactive, active but absent (deleted): neither forwards.
    instances.configure(scenario(), Uint8Array.of(0, 1));
    expect([...instances.active]).toEqual([0, 0]);
  });

  it('admits up to the spec’s new connections per second, counted per calendar second and per instance', () => {
    const instances = new Instances(scenario());
    const cps = SPEC_LIMITS['slb.s1.small']!.newConnectionsPerSecond;
    for (let n = 0; n < cps; n++) {
      expect(instances.overLimit(0, 500_000)).toBe(false);
      instances.admitted(0);
      instances.released(0); // concurrency stays 0: only the rate counts here
    }
    expect(instances.overLimit(0, 999_999)).toBe(true);
    expect(instances.overLimit(1, 999_999)).toBe(false);
    expect(instances.overLimit(0, 1_000_000)).toBe(false); // a new second
  });

  it('caps concurrent connections at the spec and keeps the peak', () => {
    const instances = new Instances(scenario());
    const max = SPEC_LIMITS['slb.s1.small']!.maxConnections;
    for (let n = 1; n <= max; n++) expect(instances.admitted(0)).toBe(n);
    // The second's rate limit would also refuse: look past it to the concurrency cap.
    expect(instances.overLimit(0, 10_000_000)).toBe(true);
    instances.released(0);
    expect(instances.concurrent[0]).toBe(max - 1);
    expect(instances.overLimit(0, 20_000_000)).toBe(false);
    expect(instances.peakConcurrent[0]).toBe(max);
    expect(instances.admitted(0)).toBe(max);
    expect(instances.peakConcurrent[0]).toBe(max);
    expect([...instances.concurrent.slice(1)]).toEqual([0]);
  });

  it('refuses a listener whose load balancer it does not know', () => {
    const s = scenario();
    expect(() => new Instances({ ...s, listeners: [{ ...s.listeners[0]!, LoadBalancerId: 'lb-gone' }] })).toThrow('listener 80: no load balancer lb-gone');
  });
});

describe('defaultGroupWeights (attachments per load balancer and ECS instance)', () => {
  it('gives each (load balancer, instance) slot its weight, NOT_ATTACHED (-1) where unattached, and ignores unknown ids', () => {
    const s = parseScenario({
      ecsInstances: [
        { ServerId: 'i-one', PrivateIp: '10.0.0.1' },
        { ServerId: 'i-two', PrivateIp: '10.0.0.2' },
      ],
      loadBalancers: [
        { LoadBalancerId: 'lb-aaaa', Address: '47.100.10.10', backendServers: [{ ServerId: 'i-two', Weight: 0 }] },
        { LoadBalancerId: 'lb-bbbb', Address: '47.100.10.20', backendServers: [{ ServerId: 'i-one', Weight: 30 }] },
      ],
    });
    expect(NOT_ATTACHED).toBe(-1);
    expect([...defaultGroupWeights(s)]).toEqual([-1, 0, 30, -1]);
    const stray = { ...s, backendServers: [...s.backendServers, { ServerId: 'i-one', Weight: 5, Type: 'ecs' as const, LoadBalancerId: 'lb-gone' }, { ServerId: 'i-none', Weight: 5, Type: 'ecs' as const, LoadBalancerId: 'lb-aaaa' }] };
    expect([...defaultGroupWeights(stray)]).toEqual([-1, 0, 30, -1]);
  });
});
