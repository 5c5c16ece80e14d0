import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../../scenario/schema';
import { ChangeRun, firstSyns } from '../../test/change-run';
import { PacketType } from '../core/kinds';
import { Outcome } from '../metrics/outcomes';
import { oneLoadBalancer, loadBalancerInput, withLoadBalancer } from '../../scenario/examples/shared';

const MASTER = { ServerId: 'i-ma', PrivateIp: '10.0.0.1' };
const SLAVE = { ServerId: 'i-sl', PrivateIp: '10.0.0.2' };
const OTHER = { ServerId: 'i-ot', PrivateIp: '10.0.0.3' };
const GROUP = {
  MasterSlaveServerGroupId: 'rsp-pair',
  MasterSlaveBackendServers: [
    { ServerId: 'i-ma', Port: 8080, Weight: 100, ServerType: 'Master' as const },
    { ServerId: 'i-sl', Port: 9090, Weight: 100, ServerType: 'Slave' as const },
  ],
};

/**
 * One TCP listener on port 80 (checks every 1 s, timeout 1 s, thresholds 2/2), the default server
 * group holding only i-ot, and the pair i-ma (master) / i-sl (slave) — neither attached to the
 * default group. `useGroup` puts the listener on the pair.
 */
function scenario(useGroup: boolean, faults: ScenarioInput['faults'] = [], clients: Partial<NonNullable<ScenarioInput['clients']>[number]> = {}): ScenarioInput {
  return oneLoadBalancer({
    cluster: { lvsNodes: 2 },
    listeners: [
      {
        ListenerPort: 80,
        HealthCheckInterval: 1,
        HealthCheckConnectTimeout: 1,
        HealthyThreshold: 2,
        UnhealthyThreshold: 2,
        ...(useGroup ? { MasterSlaveServerGroupId: 'rsp-pair' } : {}),
      },
    ],
    ecsInstances: [MASTER, SLAVE, OTHER],
    backendServers: [{ ServerId: 'i-ot' }],
    masterSlaveServerGroups: [GROUP],
    clients: [{ id: 'web', ListenerPort: 80, clientIps: 500, arrival: { type: 'constant', connectionsPerSecond: 50 }, ...clients }],
    faults,
  });
}


const serversBetween = (syns: { server: string; atUs: number }[], fromUs: number, toUs: number): Set<string> =>
  new Set(syns.filter((s) => s.atUs > fromUs && s.atUs < toUs).map((s) => s.server));

/** When the listener's check of ECS index `b` last changed its verdict. */
const changedAt = (run: ChangeRun, b: number): number => run.sim.health.changedUs[b] as number;

describe('master-slave server groups (TCP)', () => {
  it('new connections go to the master while it is healthy, to the slave once its check fails, and back to the master once it passes again', () => {
    const run = new ChangeRun(scenario(true, [
      { atS: 10, action: 'backend-down', target: 'i-ma' },
      { atS: 30, action: 'backend-up', target: 'i-ma' },
    ]), [], { hops: true }).runUntil(20);
    const down = changedAt(run, 0);
    // Marked down after Timeout×U + Interval×(U−1) at most one round after the failure: 2 + 1 s (+ the round offset).
    expect(down).toBeGreaterThan(10e6 + 3e6 - 1);
    expect(down).toBeLessThan(10e6 + 5e6);
    expect(run.sim.health.isHealthy(0, 0)).toBe(false);
    run.runUntil(45);
    const up = changedAt(run, 0);
    expect(up).toBeGreaterThan(30e6);
    expect(up).toBeLessThan(30e6 + 3e6);
    const syns = firstSyns(run.hops());
    expect(serversBetween(syns, 0, 10e6)).toEqual(new Set(['i-ma']));
    // The detection window: new connections still go to the failing master (DOMAIN §2.5).
    expect(serversBetween(syns, 10e6, down)).toEqual(new Set(['i-ma']));
    expect(serversBetween(syns, down, up)).toEqual(new Set(['i-sl']));
    expect(serversBetween(syns, up, 45e6)).toEqual(new Set(['i-ma']));
    // The default server group (i-ot) never gets this listener's connections.
    expect(syns.some((s) => s.server === 'i-ot')).toBe(false);
  });

  it('probes both members, not the default server group', () => {
    const run = new ChangeRun(scenario(true), [], { hops: true }).runUntil(5.5);
    const probed = new Set(run.hops().filter((h) => h.type === PacketType.Probe).map((h) => h.to));
    expect(probed).toEqual(new Set(['ecs:i-ma', 'ecs:i-sl']));
    expect(run.sim.health.statusName(0, 1)).toBe('normal');
    expect(run.sim.health.statusName(0, 2)).toBe('unavailable');
  });

  it('master and slave both down: no backend; LVS answers the SYN itself and resets (no_healthy_backend)', () => {
    const run = new ChangeRun(scenario(true, [
      { atS: 5, action: 'backend-down', target: 'i-ma' },
      { atS: 5, action: 'backend-down', target: 'i-sl' },
    ]), [], { hops: true }).runUntil(30);
    const bothDown = Math.max(changedAt(run, 0), changedAt(run, 1));
    expect(run.sim.health.isHealthy(0, 0) || run.sim.health.isHealthy(0, 1)).toBe(false);
    const syns = firstSyns(run.hops());
    expect(syns.filter((s) => s.atUs > bothDown)).toHaveLength(0);
    expect(run.sim.outcomeCounts[Outcome.no_healthy_backend]).toBeGreaterThan(100);
  });

  it('the slave takes over only if its own check passes: a slave already down leaves no backend', () => {
    const run = new ChangeRun(scenario(true, [
      { atS: 2, action: 'backend-down', target: 'i-sl' },
      { atS: 10, action: 'backend-down', target: 'i-ma' },
    ]), [], { hops: true }).runUntil(30);
    const syns = firstSyns(run.hops());
    expect(syns.some((s) => s.server === 'i-sl' && s.atUs > changedAt(run, 1))).toBe(false);
    expect(syns.filter((s) => s.atUs > changedAt(run, 0))).toHaveLength(0);
  });

  it('a master of weight 0 takes no connections: the slave does (the API: weight 0 gets no requests)', () => {
    const input = scenario(true);
    loadBalancerInput(input).masterSlaveServerGroups = [{ ...GROUP, MasterSlaveBackendServers: [{ ...GROUP.MasterSlaveBackendServers[0]!, Weight: 0 }, GROUP.MasterSlaveBackendServers[1]!] }];
    const run = new ChangeRun(input, [], { hops: true }).runUntil(5);
    expect(serversBetween(firstSyns(run.hops()), 0, 5e6)).toEqual(new Set(['i-sl']));
  });

  it('the journey says the connection failed over to the slave, and why', () => {
    const run = new ChangeRun(scenario(true, [{ atS: 2, action: 'backend-down', target: 'i-ma' }]), [], { journal: true }).runUntil(12);
    const notes = run.journal!.entries.filter((e) => e.event === 'schedule').map((e) => e.reason);
    expect(notes.some((n) => n.includes('master-slave group rsp-pair: master i-ma fails its health check, failover to slave i-sl'))).toBe(true);
    expect(notes.some((n) => n.endsWith('master-slave group rsp-pair: master i-ma'))).toBe(true);
    // The FULLNAT rewrite names each member's own port.
    const rewrites = run.journal!.entries.filter((e) => e.event === 'fullnat').map((e) => e.reason);
    expect(rewrites.some((r) => r.includes('→ 10.0.0.1:8080;'))).toBe(true);
    expect(rewrites.some((r) => r.includes('→ 10.0.0.2:9090;'))).toBe(true);
  });

  it('a group no listener uses changes nothing: the same trace hash as without it', () => {
    const plain = scenario(false);
    const withGroup = withLoadBalancer(plain, (lb) => ({ ...lb, masterSlaveServerGroups: [GROUP] }));
    const without = withLoadBalancer(plain, (lb) => ({ ...lb, masterSlaveServerGroups: [] }));
    const a = new ChangeRun(withGroup, []).runUntil(20).sim.report();
    const b = new ChangeRun(without, []).runUntil(20).sim.report();
    expect(a.traceHash).toBe(b.traceHash);
    expect(a.events).toBeGreaterThan(1000);
  });
});

describe('master-slave server groups: live changes', () => {
  it('switching a listener onto a group at T sends new connections to the master after T; open ones keep their backend', () => {
    const long = { exchanges: 3, thinkTimeMs: 2000 };
    const run = new ChangeRun(scenario(false, [], long), [[10, scenario(true, [], long)], [20, scenario(false, [], long)]], { hops: true }).runUntil(80);
    const hops = run.hops();
    const syns = firstSyns(hops);
    expect(serversBetween(syns, 0, 10e6)).toEqual(new Set(['i-ot']));
    expect(serversBetween(syns, 10e6, 20e6)).toEqual(new Set(['i-ma']));
    expect(serversBetween(syns, 20e6, 30e6)).toEqual(new Set(['i-ot']));
    // Connections opened on i-ot before the switch still send their requests there after it.
    const dataToOther = hops.filter((h) => h.type === PacketType.Data && h.to === 'ecs:i-ot' && h.departUs > 11e6 && h.departUs < 20e6);
    expect(dataToOther.length).toBeGreaterThan(10);
    // …and those opened on the master keep going there after the switch back (it is not a removal).
    const dataToMaster = hops.filter((h) => h.type === PacketType.Data && h.to === 'ecs:i-ma' && h.departUs > 21e6);
    expect(dataToMaster.length).toBeGreaterThan(10);
    expect(run.sim.outcomeCounts[Outcome.backend_removed]).toBe(0);
    expect(run.sim.outcomeCounts[Outcome.completed]).toBeGreaterThan(2500);
  });
});
