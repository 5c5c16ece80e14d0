import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../../scenario/schema';
import { ChangeRun, firstSyns } from '../../test/change-run';
import { PacketType } from '../core/kinds';
import { oneLoadBalancer } from '../../scenario/examples/shared';

/**
 * One TCP listener on port 80 whose VServer group holds i-aa (port 8080, weight 75) and i-bb (port
 * 9090, weight 25); i-ot is the default server group's only instance and not in the group.
 */
function scenario(faults: ScenarioInput['faults'] = []): ScenarioInput {
  return oneLoadBalancer({
    cluster: { lvsNodes: 2 },
    listeners: [{ ListenerPort: 80, HealthCheckInterval: 1, HealthCheckConnectTimeout: 1, HealthyThreshold: 2, UnhealthyThreshold: 2, VServerGroupId: 'rsp-web' }],
    ecsInstances: [
      { ServerId: 'i-aa', PrivateIp: '10.0.0.1' },
      { ServerId: 'i-bb', PrivateIp: '10.0.0.2' },
      { ServerId: 'i-ot', PrivateIp: '10.0.0.3' },
    ],
    backendServers: [{ ServerId: 'i-ot' }],
    vServerGroups: [
      {
        VServerGroupId: 'rsp-web',
        BackendServers: [
          { ServerId: 'i-aa', Port: 8080, Weight: 75 },
          { ServerId: 'i-bb', Port: 9090, Weight: 25 },
        ],
      },
    ],
    clients: [{ id: 'web', ListenerPort: 80, clientIps: 500, arrival: { type: 'constant', connectionsPerSecond: 50 } }],
    faults,
  });
}


describe('TCP listener on a VServer group', () => {
  it('schedules only onto the members, in proportion to their weights', () => {
    const run = new ChangeRun(scenario(), [], { hops: true }).runUntil(20);
    const syns = firstSyns(run.hops());
    const count = (s: string): number => syns.filter((x) => x.server === s).length;
    expect(syns.length).toBeGreaterThan(500);
    expect(count('i-ot')).toBe(0);
    // wrr 75:25 → three of every four to i-aa.
    expect(count('i-aa') / syns.length).toBeGreaterThan(0.7);
    expect(count('i-aa') / syns.length).toBeLessThan(0.8);
    expect(count('i-bb')).toBeGreaterThan(0);
  });

  it('forwards to each member on its own Port', () => {
    const run = new ChangeRun(scenario(), [], { journal: true }).runUntil(5);
    const rewrites = run.journal!.entries.filter((e) => e.event === 'fullnat').map((e) => e.reason);
    expect(rewrites.some((r) => r.includes('→ 10.0.0.1:8080;'))).toBe(true);
    expect(rewrites.some((r) => r.includes('→ 10.0.0.2:9090;'))).toBe(true);
    expect(rewrites.some((r) => r.includes(':80;'))).toBe(false);
  });

  it('probes the members only; an unhealthy member gets no new connections', () => {
    const run = new ChangeRun(scenario([{ atS: 5, action: 'backend-down', target: 'i-aa' }]), [], { hops: true }).runUntil(25);
    const probed = new Set(run.hops().filter((h) => h.type === PacketType.Probe).map((h) => h.to));
    expect(probed).toEqual(new Set(['ecs:i-aa', 'ecs:i-bb']));
    expect(run.sim.health.isHealthy(0, 0)).toBe(false);
    const down = run.sim.health.changedUs[0] as number;
    const after = firstSyns(run.hops()).filter((s) => s.atUs > down);
    expect(after.length).toBeGreaterThan(100);
    expect(new Set(after.map((s) => s.server))).toEqual(new Set(['i-bb']));
  });
});
