import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../../scenario/schema';
import { ChangeRun, tcpScenario, type SeenHop } from '../../test/change-run';
import { PacketType } from '../core/kinds';
import { Outcome } from '../metrics/outcomes';
import { type OneLoadBalancerInput } from '../../scenario/examples/shared';

type Listener = NonNullable<OneLoadBalancerInput['listeners']>[number];

/** One client address opening short connections to two equal backends; the listener as given. */
function scenario(listener: Partial<Listener>, extra: Partial<OneLoadBalancerInput> = {}): ScenarioInput {
  return tcpScenario({
    listeners: [{ ListenerPort: 80, ...listener }],
    clients: [{ id: 'one', ListenerPort: 80, clientIps: 1, arrival: { type: 'constant', connectionsPerSecond: 50 } }],
    ...extra,
  });
}

/** New connections per backend scheduled between the two times (s). */
function scheduled(hops: SeenHop[], fromS: number, toS: number): Record<string, number> {
  const counts: Record<string, number> = { 'ecs:i-a1': 0, 'ecs:i-b2': 0 };
  const seen = new Set<number>();
  for (const h of hops) {
    if (h.type !== PacketType.Syn || !h.from.startsWith('lvs-') || seen.has(h.serial)) continue;
    seen.add(h.serial);
    if (h.departUs > fromS * 1e6 && h.departUs < toS * 1e6) counts[h.to] = (counts[h.to] ?? 0) + 1;
  }
  return counts;
}

describe('listener settings changed at run time: new connections use them', () => {
  it('Scheduler sch → rr: one client address stops sticking to one backend from the change on', () => {
    const run = new ChangeRun(scenario({ Scheduler: 'sch' }), [[5, scenario({ Scheduler: 'rr' })]], { hops: true }).runUntil(10);
    const before = scheduled(run.hops(), 0, 5);
    const after = scheduled(run.hops(), 5.001, 10);
    expect(Math.min(before['ecs:i-a1']!, before['ecs:i-b2']!)).toBe(0);
    expect(Math.min(after['ecs:i-a1']!, after['ecs:i-b2']!)).toBeGreaterThan(100);
  });

  it('PersistenceTimeout 0 → 60 pins the client to one backend from then on; back to 0 it spreads again', () => {
    // One LVS node, so one template (each node keeps its own).
    const oneNode = { cluster: { lvsNodes: 1 } };
    const run = new ChangeRun(scenario({ PersistenceTimeout: 0 }, oneNode), [
      [5, scenario({ PersistenceTimeout: 60 }, oneNode)],
      [10, scenario({ PersistenceTimeout: 0 }, oneNode)],
    ], { hops: true }).runUntil(15);
    const hops = run.hops();
    const spread = (c: Record<string, number>): number => Math.min(c['ecs:i-a1']!, c['ecs:i-b2']!);
    expect(spread(scheduled(hops, 0, 5))).toBeGreaterThan(100);
    const pinned = scheduled(hops, 5.001, 10);
    expect(pinned['ecs:i-a1']! + pinned['ecs:i-b2']!).toBeGreaterThan(200);
    expect(spread(pinned)).toBe(0);
    expect(spread(scheduled(hops, 10.001, 15))).toBeGreaterThan(100);
  });

  it('LoadBalancerSpec: a smaller spec’s connection-rate limit applies to new connections from the change', () => {
    const fast = (spec: 'slb.s3.large' | 'slb.s1.small'): ScenarioInput =>
      tcpScenario({ loadBalancer: { LoadBalancerSpec: spec }, clients: [{ id: 'web', ListenerPort: 80, clientIps: 5000, arrival: { type: 'constant', connectionsPerSecond: 5000 } }] });
    const run = new ChangeRun(fast('slb.s3.large'), [[3, fast('slb.s1.small')]]);
    run.runUntil(2.9);
    expect(run.sim.instances.droppedSyns[0]).toBe(0);
    run.runUntil(5);
    expect(run.sim.instances.droppedSyns[0]).toBeGreaterThan(1000);
  });

  it('EstablishedTimeout 900 → 10: an entry takes the new timeout at its next packet, so 20 s pauses now end in expiry', () => {
    const pauses = (timeoutS: number): ScenarioInput =>
      tcpScenario({
        listeners: [{ ListenerPort: 80, EstablishedTimeout: timeoutS }],
        clients: [{ id: 'web', ListenerPort: 80, clientIps: 500, arrival: { type: 'constant', connectionsPerSecond: 10, stopAfterSeconds: 30 }, exchanges: 4, thinkTimeMs: 20_000 }],
      });
    const kept = new ChangeRun(pauses(900), []).runUntil(120);
    expect(kept.sim.outcomeCounts[Outcome.session_expired]).toBe(0);
    const changed = new ChangeRun(pauses(900), [[30, pauses(10)]]).runUntil(120);
    expect(changed.sim.outcomeCounts[Outcome.session_expired]).toBeGreaterThan(250);
  });

  it('ConnectionDrain turned on before a removal: that removal drains (the setting is read when the backend is removed)', () => {
    const drain = (on: 'on' | 'off', servers: string[]): ScenarioInput =>
      tcpScenario({
        listeners: [{ ListenerPort: 80, ConnectionDrain: on, ConnectionDrainTimeout: 10 }],
        backendServers: servers.map((ServerId) => ({ ServerId })),
        clients: [{ id: 'web', ListenerPort: 80, clientIps: 500, arrival: { type: 'constant', connectionsPerSecond: 20 }, exchanges: 3, thinkTimeMs: 8000 }],
      });
    const run = new ChangeRun(drain('off', ['i-a1', 'i-b2']), [
      [5, drain('on', ['i-a1', 'i-b2'])],
      [10, drain('on', ['i-a1'])],
    ]).runUntil(40);
    expect(run.sim.outcomeCounts[Outcome.drain_timeout]).toBeGreaterThan(20);
    expect(run.sim.outcomeCounts[Outcome.backend_removed]).toBe(0);
  });
});
