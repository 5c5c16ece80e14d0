import { attached, oneLoadBalancer, flatOneLoadBalancer } from '../../scenario/examples/shared';
import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../../scenario/schema';
import { PacketType } from '../core/kinds';
import { decodeHops, entries, run } from '../../test/engine-harness';

/**
 * LVS in front of Tengine (DOMAIN §0, §3): a layer-7 listener's real servers are the Tengine nodes,
 * a layer-4 listener's the backends, side by side in one scenario; LVS health-checks the Tengine
 * nodes with SLB's fixed TCP check.
 */

const mixed: ScenarioInput = oneLoadBalancer({
  cluster: { lvsNodes: 2, tengineNodes: 2, ecmpMode: 'modulo' },
  listeners: [
    { ListenerProtocol: 'tcp', ListenerPort: 3306, BackendServerPort: 3306, HealthCheck: 'off' },
    { ListenerProtocol: 'http', ListenerPort: 80, BackendServerPort: 8080, HealthCheck: 'off', Scheduler: 'rr' },
  ],
  ...attached([
    { ServerId: 'i-a1', PrivateIp: '10.0.0.1' },
    { ServerId: 'i-a2', PrivateIp: '10.0.0.2' },
  ]),
  clients: [
    { id: 'db', ListenerPort: 3306, clientIps: 5, arrival: { type: 'constant', connectionsPerSecond: 4, maxConnections: 4 }, exchanges: 2 },
    { id: 'web', ListenerPort: 80, clientIps: 5, arrival: { type: 'constant', connectionsPerSecond: 4, maxConnections: 4 }, exchanges: 2 },
  ],
});

describe('real servers: backends for layer 4, Tengine nodes for layer 7', () => {
  it('in one scenario, TCP connections go LVS → ECS and HTTP connections LVS → Tengine → ECS', () => {
    const { sim, hops, journal, report } = run(mixed, 5);
    const decoded = decodeHops(sim, hops);
    const connsOf = (population: string) => new Set(journal.entries.filter((e) => e.event === 'open' && e.node === population).map((e) => e.conn));
    const db = connsOf('db');
    const web = connsOf('web');
    expect(db.size).toBe(4);
    expect(web.size).toBe(4);
    const fromLvs = (conns: Set<number>) => new Set(decoded.filter((h) => conns.has(h.conn) && h.from.startsWith('lvs-') && h.type !== PacketType.Probe && h.type !== PacketType.Sync).map((h) => h.to.replace(/\d+$/, '')));
    expect(fromLvs(db)).toEqual(new Set(['router', 'ecs:i-a']));
    expect(fromLvs(web)).toEqual(new Set(['router', 'tengine-']));
    // rr over the two Tengine nodes, and FULLNAT towards each Tengine node's own address.
    const scheduled = [...web].map((conn) => entries(journal, conn, 'schedule')[0]!.reason);
    expect(scheduled.every((r) => /^rr chose Tengine-[12]:/.test(r))).toBe(true);
    const rewrites = [...web].map((conn) => entries(journal, conn, 'fullnat')[0]!.reason);
    expect(rewrites.every((r) => /→ 100\.127\.0\.([12]):8080;/.test(r))).toBe(true);
    for (const i of scheduled.keys()) expect(rewrites[i]).toContain(`100.127.0.${scheduled[i]!.includes('Tengine-1') ? 1 : 2}:8080`);
    expect(report.connections.byOutcome).toEqual({ completed: 8 });
    expect(report.requests.byStatus).toEqual({ '200': 8 });
    expect(report.backends.reduce((sum, b) => sum + b.connections, 0)).toBe(4);
    expect(report.backends.reduce((sum, b) => sum + b.requests, 0)).toBe(16);
  });

  it('LVS marks a crashed Tengine node down Timeout × 3 + Interval × 2 = 19 s after its first failed probe, and says why', () => {
    const input: ScenarioInput = oneLoadBalancer({
      ...flatOneLoadBalancer(mixed),
      listeners: [{ ListenerProtocol: 'http', ListenerPort: 80, HealthCheck: 'off' }],
      clients: [],
      faults: [{ atS: 10, action: 'tengine-crash', target: 'tengine-1' }],
    });
    const { sim, hops } = run(input, 40);
    const firstFailedRound = decodeHops(sim, hops).find((h) => h.type === PacketType.Probe && h.to === 'tengine-1' && h.departUs >= 10_000_000)!.departUs;
    const check = 0 * sim.lvs.backends + sim.real.ecs; // listener 0, Tengine-1
    expect(sim.health.changedUs[check]! - firstFailedRound).toBe(19_000_000);
    expect(sim.health.statusName(0, sim.real.ecs)).toBe('abnormal');
    expect(sim.health.statusName(0, sim.real.ecs + 1)).toBe('normal');
    expect(sim.tengine.lastFailure[0]).toMatch(/^health check failed ×3 at /);
    // The layer-7 listener's LVS weights: 0 for the backends, 0 for the dead node, 100 for the other.
    expect(Array.from(sim.lvs.views.view(0, 0).weights)).toEqual([0, 0, 0, 100]);
  });

  it('Tengine nodes check a layer-7 listener’s backends with its HealthCheckTimeout: Timeout × Unhealthy + Interval × (Unhealthy − 1)', () => {
    const input: ScenarioInput = oneLoadBalancer({
      ...flatOneLoadBalancer(mixed),
      listeners: [{ ListenerProtocol: 'http', ListenerPort: 80, HealthCheckTimeout: 3, HealthCheckInterval: 1, UnhealthyThreshold: 2 }],
      clients: [],
      faults: [{ atS: 5, action: 'backend-down', target: 'i-a2' }],
    });
    const { sim, hops } = run(input, 20);
    const firstFailedRound = decodeHops(sim, hops).find((h) => h.type === PacketType.Probe && h.to === 'ecs:i-a2' && h.departUs >= 5_000_000)!.departUs;
    expect(sim.health.changedUs[1]! - firstFailedRound).toBe(3_000_000 * 2 + 1_000_000);
    expect(sim.servers.lastFailure[1]).toMatch(/^health check failed ×2 at /);
  });
});
