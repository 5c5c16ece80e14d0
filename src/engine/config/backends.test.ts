import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../../scenario/schema';
import { ChangeRun, tcpScenario, type SeenHop } from '../../test/change-run';
import { PacketType } from '../core/kinds';
import { Outcome } from '../metrics/outcomes';

const A1 = { ServerId: 'i-a1', PrivateIp: '10.0.0.1' };
const B2 = { ServerId: 'i-b2', PrivateIp: '10.0.0.2' };
const C3 = { ServerId: 'i-c3', PrivateIp: '10.0.0.3' };

/**
 * Connections of 3 exchanges 8 s apart (about 16 s long) to the instances `servers` (i-a1, i-b2
 * always exist; others only when listed); only those attached to the load balancer; drain as given.
 */
function scenario(servers: { ServerId: string; PrivateIp: string }[], drain: 'on' | 'off' = 'off', drainTimeoutS = 10): ScenarioInput {
  const instances = [A1, B2, ...servers.filter((s) => s !== A1 && s !== B2)];
  return tcpScenario({
    listeners: [{ ListenerPort: 80, ConnectionDrain: drain, ConnectionDrainTimeout: drainTimeoutS, HealthCheckInterval: 1, HealthCheckConnectTimeout: 1 }],
    ecsInstances: instances,
    backendServers: servers.map(({ ServerId }) => ({ ServerId })),
    clients: [{ id: 'web', ListenerPort: 80, clientIps: 500, arrival: { type: 'constant', connectionsPerSecond: 20 }, exchanges: 3, thinkTimeMs: 8000 }],
  });
}

const lvsTo = (server: string, type: number) => (h: SeenHop): boolean => h.type === type && h.from.startsWith('lvs-') && h.to === `ecs:${server}`;
const between = (hops: SeenHop[], f: (h: SeenHop) => boolean, fromS: number, toS: number): SeenHop[] => hops.filter((h) => h.departUs > fromS * 1e6 && h.departUs < toS * 1e6 && f(h));

describe('RemoveBackendServers at run time', () => {
  it('without ConnectionDrain: no new connections, the open ones' + "' packets are dropped until their clients give up (backend_removed)", () => {
    const run = new ChangeRun(scenario([A1, B2]), [[10, scenario([A1])]], { hops: true }).runUntil(90);
    const hops = run.hops();
    expect(between(hops, lvsTo('i-b2', PacketType.Syn), 0, 10).length).toBeGreaterThan(50);
    expect(between(hops, lvsTo('i-b2', PacketType.Syn), 10.001, 90)).toHaveLength(0);
    expect(between(hops, lvsTo('i-b2', PacketType.Data), 10.001, 90)).toHaveLength(0);
    expect(run.sim.outcomeCounts[Outcome.backend_removed]).toBeGreaterThan(50);
    expect(run.sim.outcomeCounts[Outcome.drain_timeout]).toBe(0);
  });

  it('with ConnectionDrain: open connections continue until ConnectionDrainTimeout, then are reset (drain_timeout)', () => {
    const run = new ChangeRun(scenario([A1, B2], 'on', 10), [[10, scenario([A1], 'on', 10)]], { hops: true }).runUntil(40);
    const hops = run.hops();
    expect(between(hops, lvsTo('i-b2', PacketType.Syn), 10.001, 40)).toHaveLength(0);
    expect(between(hops, lvsTo('i-b2', PacketType.Data), 10.001, 20).length).toBeGreaterThan(20);
    expect(between(hops, lvsTo('i-b2', PacketType.Data), 20.001, 40)).toHaveLength(0);
    expect(run.sim.outcomeCounts[Outcome.drain_timeout]).toBeGreaterThan(20);
    expect(run.sim.outcomeCounts[Outcome.backend_removed]).toBe(0);
  });

  it('its health checks stop at their next round', () => {
    const run = new ChangeRun(scenario([A1, B2]), [[10, scenario([A1])]], { hops: true }).runUntil(20);
    const probesOf = (server: string) => (h: SeenHop): boolean => h.type === PacketType.Probe && h.to === `ecs:${server}`;
    expect(between(run.hops(), probesOf('i-b2'), 5, 10).length).toBeGreaterThan(0);
    expect(between(run.hops(), probesOf('i-b2'), 11.5, 20)).toHaveLength(0);
    expect(between(run.hops(), probesOf('i-a1'), 11.5, 20).length).toBeGreaterThan(0);
  });
});

describe('AddBackendServers at run time', () => {
  const run = new ChangeRun(scenario([A1, B2]), [
    [10, scenario([A1])],
    [20, scenario([A1, B2])],
  ], { hops: true }).runUntil(30);
  const hops = run.hops();

  it('a backend attached again takes new connections at once (checks start afresh, backends start usable)', () => {
    expect(between(hops, lvsTo('i-b2', PacketType.Syn), 10.001, 20)).toHaveLength(0);
    const after = between(hops, lvsTo('i-b2', PacketType.Syn), 20, 30);
    expect(after.length).toBeGreaterThan(80);
    expect(Math.min(...after.map((h) => h.departUs))).toBeLessThan(20.1e6);
  });

  it('its first probe goes out at the moment it is attached, and it is reported unavailable until then', () => {
    const probes = between(hops, (h) => h.type === PacketType.Probe && h.to === 'ecs:i-b2', 19, 30);
    expect(Math.min(...probes.map((h) => h.departUs))).toBe(20e6);
    const fresh = new ChangeRun(scenario([A1, B2]), [[10, scenario([A1])], [20, scenario([A1, B2])]]).runUntil(20);
    expect(fresh.sim.health.statusName(0, 1)).toBe('unavailable');
    fresh.runUntil(21);
    expect(fresh.sim.health.statusName(0, 1)).toBe('normal');
  });

  it('attaching a backend during its drain ends the drain: its connections are not reset later', () => {
    const r = new ChangeRun(scenario([A1, B2], 'on', 30), [[10, scenario([A1], 'on', 30)], [15, scenario([A1, B2], 'on', 30)]]).runUntil(60);
    expect(r.sim.outcomeCounts[Outcome.drain_timeout]).toBe(0);
    expect(r.sim.outcomeCounts[Outcome.completed]).toBeGreaterThan(500);
  });

  it('an ECS instance no snapshot had at first is attached at its time and serves from then on', () => {
    const r = new ChangeRun(scenario([A1, B2]), [[10, scenario([A1, B2, C3])]], { hops: true }).runUntil(20);
    expect(between(r.hops(), lvsTo('i-c3', PacketType.Syn), 0, 10)).toHaveLength(0);
    expect(between(r.hops(), lvsTo('i-c3', PacketType.Syn), 10, 20).length).toBeGreaterThan(50);
  });
});
