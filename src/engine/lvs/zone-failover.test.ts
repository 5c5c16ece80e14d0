import { describe, expect, it } from 'vitest';
import { attached, oneLoadBalancer } from '../../scenario/examples/shared';
import type { ScenarioInput } from '../../scenario/schema';
import { parseScenario } from '../../scenario/validate';
import { US_PER_S } from '../../shared/units';
import { Simulation } from '../simulation';
import { PRIMARY, SECONDARY } from './zone-failover';

/**
 * Multi-zone failover (DOMAIN §5, issue 12): two primary LVS nodes in cn-hangzhou-h, two standby
 * ones in cn-hangzhou-g; the VIP moves only when every primary node is down, zoneFailoverDelayS
 * (10 s here) later, and back as long after one is up again.
 */
const DELAY_S = 10;
const WITHDRAW_S = 2;

function scenario(faults: ScenarioInput['faults'], options: { http?: boolean; standbyTengine?: number } = {}): ScenarioInput {
  const http = options.http ?? false;
  return oneLoadBalancer({
    loadBalancer: { MasterZoneId: 'cn-hangzhou-h', SlaveZoneId: 'cn-hangzhou-g' },
    cluster: { lvsNodes: 2, tengineNodes: http ? 2 : 0, standby: { lvsNodes: 2, tengineNodes: options.standbyTengine ?? 0 }, withdrawalDelayS: WITHDRAW_S, zoneFailoverDelayS: DELAY_S, sync: { batching: false } },
    listeners: [http ? { ListenerProtocol: 'http', ListenerPort: 80, BackendServerPort: 8080, HealthCheck: 'off' } : { ListenerPort: 80, HealthCheck: 'on', HealthCheckInterval: 2, HealthCheckConnectTimeout: 1, UnhealthyThreshold: 2 }],
    ...attached([
      { ServerId: 'i-h1', PrivateIp: '10.0.0.1', ZoneId: 'cn-hangzhou-h' },
      { ServerId: 'i-g1', PrivateIp: '10.0.1.1', ZoneId: 'cn-hangzhou-g' },
      { ServerId: 'i-g2', PrivateIp: '10.0.1.2', ZoneId: 'cn-hangzhou-g' },
    ]),
    clients: [
      {
        ListenerPort: 80,
        clientIps: 200,
        arrival: { type: 'constant', connectionsPerSecond: 20 },
        exchanges: 4,
        thinkTimeMs: 500,
        ...(http ? { http: { mix: [{ host: 'www.example.com', path: '/', contentType: 'text/html' }] } } : {}),
      },
    ],
    faults,
  });
}

const sim = (faults: ScenarioInput['faults'], options?: Parameters<typeof scenario>[1]) => new Simulation(parseScenario(scenario(faults, options)));
const at = (s: Simulation, seconds: number) => s.runUntil(Math.round(seconds * US_PER_S));
const announced = (s: Simulation) => s.lvs.ecmp.announced.map((id) => s.topology.nodes[id]!.key);

describe('zones: the standby cluster (issue 12)', () => {
  it('stands in the secondary zone, numbered after the primary nodes, silent while the primary zone holds the VIP', () => {
    const s = sim([]);
    expect(s.topology.byKind.lvs.map((id) => [s.topology.nodes[id]!.key, s.topology.nodes[id]!.zone])).toEqual([
      ['lvs-1', 'cn-hangzhou-h'],
      ['lvs-2', 'cn-hangzhou-h'],
      ['lvs-3', 'cn-hangzhou-g'],
      ['lvs-4', 'cn-hangzhou-g'],
    ]);
    at(s, 5);
    expect(announced(s)).toEqual(['lvs-1', 'lvs-2']);
    expect(s.lvs.flows[2]! + s.lvs.flows[3]!).toBe(0);
  });

  it('session sync stays within a zone: the standby nodes hold no copy of the primary nodes’ sessions', () => {
    const s = sim([]);
    at(s, 5);
    expect(s.lvs.syncedHeld[0]! + s.lvs.syncedHeld[1]!).toBeGreaterThan(0);
    expect(s.lvs.syncedHeld[2]! + s.lvs.syncedHeld[3]!).toBe(0);
  });
});

describe('zones: the VIP moves only when the whole primary cluster is down (DOMAIN §5)', () => {
  it('zone-down of the primary zone: the VIP moves exactly zoneFailoverDelayS later, to the up standby nodes', () => {
    const s = sim([{ atS: 5, action: 'zone-down', target: 'cn-hangzhou-h' }]);
    at(s, 5 + DELAY_S - 1e-6);
    expect(s.lvs.zones.active).toBe(PRIMARY);
    expect(announced(s)).toEqual([]);
    at(s, 5 + DELAY_S);
    expect(s.lvs.zones.active).toBe(SECONDARY);
    expect(announced(s)).toEqual(['lvs-3', 'lvs-4']);
    at(s, 25);
    expect(s.lvs.flows[2]! + s.lvs.flows[3]!).toBeGreaterThan(0);
  });

  it('one primary node left up: no move, however long', () => {
    const s = sim([{ atS: 5, action: 'crash', target: 'lvs-1' }]);
    at(s, 60);
    expect(s.lvs.zones.active).toBe(PRIMARY);
    expect(announced(s)).toEqual(['lvs-2']);
  });

  it('a primary node back before the delay ends cancels the move', () => {
    const s = sim([
      { atS: 5, action: 'crash', target: 'lvs-1' },
      { atS: 5, action: 'crash', target: 'lvs-2' },
      { atS: 8, action: 'recover', target: 'lvs-1' },
    ]);
    at(s, 40);
    expect(s.lvs.zones.active).toBe(PRIMARY);
    expect(announced(s)).toEqual(['lvs-1']);
  });

  it('moves back zoneFailoverDelayS after the primary recovers; a standby node that recovers meanwhile stays silent', () => {
    const s = sim([
      { atS: 2, action: 'crash', target: 'lvs-4' },
      { atS: 5, action: 'zone-down', target: 'cn-hangzhou-h', durationS: 20 },
    ]);
    at(s, 16);
    expect(announced(s)).toEqual(['lvs-3']);
    at(s, 25 + DELAY_S - 1e-6);
    expect(s.lvs.zones.active).toBe(SECONDARY);
    at(s, 25 + DELAY_S);
    expect(s.lvs.zones.active).toBe(PRIMARY);
    expect(announced(s)).toEqual(['lvs-1', 'lvs-2']);
  });

  it('zone-down takes the zone’s backends down too (health checks see it) and zone-up restores them', () => {
    const s = sim([{ atS: 5, action: 'zone-down', target: 'cn-hangzhou-g', durationS: 10 }]);
    at(s, 14);
    expect(s.report().backends.map((b) => [b.id, b.condition])).toEqual([
      ['i-h1', 'healthy'],
      ['i-g1', 'down'],
      ['i-g2', 'down'],
    ]);
    // The secondary zone failing moves nothing: the primary still holds the VIP.
    expect(s.lvs.zones.active).toBe(PRIMARY);
    expect(announced(s)).toEqual(['lvs-1', 'lvs-2']);
    const fault = s.report().faults[0]!;
    expect(fault.detectedBy).toBe('health-check');
    at(s, 16);
    expect(s.report().backends.map((b) => b.condition)).toEqual(['healthy', 'healthy', 'healthy']);
    expect(s.report().faults[0]!.endS).toBe(15);
  });
});

describe('zones: the failover report of a zone outage', () => {
  it('detected at the route withdrawal, ended by zone-up; it counts the flows reset when the VIP moves and when it moves back', () => {
    const s = sim([{ atS: 5, action: 'zone-down', target: 'cn-hangzhou-h', durationS: 30 }]);
    at(s, 34);
    const away = s.report().faults[0]!;
    expect(away).toMatchObject({ target: 'cn-hangzhou-h', atS: 5, endS: null, detectedAtS: 5 + WITHDRAW_S, detectedBy: 'route-withdrawal' });
    const movedAway = away.affected['failover_unsynced'] ?? 0;
    expect(movedAway).toBeGreaterThan(0);
    at(s, 35 + DELAY_S + 10);
    const report = s.report();
    const fault = report.faults[0]!;
    expect(fault.endS).toBe(35);
    // The standby zone's sessions were never synced to the primary: failing back resets flows too, and they are this outage's.
    expect(fault.affected['failover_unsynced']).toBeGreaterThan(movedAway);
    for (const outcome of ['failover_unsynced', 'failover_handshake', 'route_blackhole']) expect(fault.affected[outcome] ?? 0, outcome).toBe(report.connections.byOutcome[outcome] ?? 0);
    expect(fault.recoveredAtS).toBeGreaterThan(35 + DELAY_S);
    expect(report.invariants.violations).toEqual([]);
  });

  it('without a standby cluster the VIP has nowhere to go: unreachable until the zone is back', () => {
    const input = scenario([{ atS: 5, action: 'zone-down', target: 'cn-hangzhou-h', durationS: 30 }]);
    input.cluster = { ...input.cluster, standby: { lvsNodes: 0 } };
    const s = new Simulation(parseScenario(input));
    at(s, 30);
    expect(announced(s)).toEqual([]);
    at(s, 36);
    expect(announced(s)).toEqual(['lvs-1', 'lvs-2']);
  });
});

describe('zones: layer 7', () => {
  it('LVS schedules onto the Tengine nodes of the zone holding the VIP', () => {
    const s = sim([{ atS: 5, action: 'zone-down', target: 'cn-hangzhou-h', durationS: 30 }], { http: true, standbyTengine: 2 });
    at(s, 5);
    const before = Array.from(s.tengine.requests);
    expect(before[0]! + before[1]!).toBeGreaterThan(0);
    expect(before[2]! + before[3]!).toBe(0);
    at(s, 30);
    expect(s.tengine.requests[2]! + s.tengine.requests[3]!).toBeGreaterThan(0);
  });
});

describe('zones: determinism', () => {
  it('the same run twice gives the same hash; a fork taken while a move is pending continues exactly like the original', () => {
    const faults: ScenarioInput['faults'] = [{ atS: 5, action: 'zone-down', target: 'cn-hangzhou-h', durationS: 20 }];
    const a = sim(faults);
    const b = sim(faults);
    at(a, 10);
    const fork = a.fork();
    at(a, 45);
    at(b, 45);
    at(fork, 45);
    expect(a.traceHash).toBe(b.traceHash);
    expect(fork.traceHash).toBe(a.traceHash);
    expect(fork.lvs.zones.active).toBe(PRIMARY);
    expect(fork.lvs.zones.movedAtUs).toBe(a.lvs.zones.movedAtUs);
  });
});
