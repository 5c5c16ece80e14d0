import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../scenario/validate';
import type { ScenarioInput } from '../../scenario/schema';
import { US_PER_S } from '../../shared/units';
import { PacketType } from '../core/kinds';
import type { HopRecorder } from '../hops';
import { buildTopology } from '../net/topology';
import { Simulation } from '../simulation';
import { hourStartLabel } from './clock';
import { natCuForHour } from './hourly';
import { Meters } from './meters';

const GB = 1024 ** 3;
const HOUR_US = 3600 * US_PER_S;

/** Stops a run the moment a packet of `type` leaves `fromKind` for `toKind`: it is then in flight. */
class InFlightWatch implements HopRecorder {
  seen: { arriveUs: number } | undefined;
  constructor(
    private readonly nodes: { kind: string }[],
    private readonly fromKind: string,
    private readonly toKind: string,
    private readonly type: number,
  ) {}
  hop(from: number, to: number, _departUs: number, arriveUs: number, packetType: number): void {
    const nodes = this.nodes;
    if (nodes[from]!.kind === this.fromKind && nodes[to]!.kind === this.toKind && packetType === this.type) this.seen ??= { arriveUs };
  }
}

function runUntilInFlight(input: ScenarioInput, fromKind: string, toKind: string, type: number, afterUs = 0): Simulation {
  const scenario = parseScenario(input);
  const watch = new InFlightWatch(buildTopology(scenario).nodes, fromKind, toKind, type);
  const sim = new Simulation(scenario, { recorder: watch });
  sim.runUntil(afterUs);
  watch.seen = undefined;
  while (!watch.seen && sim.step());
  expect(watch.seen, 'a packet in flight').toBeDefined();
  expect(watch.seen!.arriveUs).toBeGreaterThan(sim.nowUs);
  return sim;
}

describe('NAT capacity units are metered where the bytes are', () => {
  // Large responses so the GB term decides the capacity units (sessions ÷ 1000 stay far below).
  const snat: ScenarioInput = {
    listeners: [{ ListenerPort: 80, HealthCheck: 'off' }],
    backendServers: [{ ServerId: 'i-a1', PrivateIp: '10.0.0.1' }],
    egress: {
      natGateways: [{ NatGatewayId: 'ngw-1', snatServerIds: ['i-a1'] }],
      workloads: [{ serverIds: ['i-a1'], callsPerSecond: 5, requestBytes: 2_000_000, responseBytes: 300_000_000 }],
    },
  };

  it('a run that ends with a response in flight (Internet → NAT) bills it in the capacity units as in bytes.inbound', () => {
    const sim = runUntilInFlight(snat, 'external', 'nat', PacketType.Data, 2 * US_PER_S);
    const bill = sim.bill();
    const metered = bill.bytesByNatGateway['ngw-1']!;
    // Nothing but the NAT's traffic comes in from the Internet here.
    expect(metered.in).toBe(bill.bytes.inbound);
    expect(metered.out).toBe(bill.bytes.natOut);
    const hour = bill.hourly[0]!.natGateways['ngw-1']!;
    expect(hour.inboundBytes).toBe(metered.in);
    expect(hour.outboundBytes).toBe(metered.out);
    const cu = bill.lineItems.find((l) => l.item === 'NAT capacity units')!;
    expect(cu.quantity).toBe((metered.in + metered.out) / GB);
  });

  it('two NAT gateways are billed each on its own sessions and bytes', () => {
    const sim = new Simulation(
      parseScenario({
        ...snat,
        backendServers: [
          { ServerId: 'i-a1', PrivateIp: '10.0.0.1' },
          { ServerId: 'i-b2', PrivateIp: '10.0.0.2' },
        ],
        egress: {
          natGateways: [
            { NatGatewayId: 'ngw-1', snatServerIds: ['i-a1'] },
            { NatGatewayId: 'ngw-2', snatServerIds: ['i-b2'] },
          ],
          workloads: [
            { serverIds: ['i-a1'], callsPerSecond: 50, requestBytes: 100, responseBytes: 100 },
            { serverIds: ['i-b2'], callsPerSecond: 5, requestBytes: 100, responseBytes: 100 },
          ],
        },
      }),
    );
    sim.runUntil(20 * US_PER_S);
    const bill = sim.bill();
    const [one, two] = ['ngw-1', 'ngw-2'].map((id) => bill.hourly[0]!.natGateways[id]!);
    expect(one!.peakSessionsPerSecond).toBeGreaterThan(two!.peakSessionsPerSecond);
    expect(one!.inboundBytes).toBeGreaterThan(5 * two!.inboundBytes);
    expect(bill.hourly[0]!.natInboundBytes).toBe(one!.inboundBytes + two!.inboundBytes);
    const cu = bill.lineItems.filter((l) => l.item === 'NAT capacity units');
    expect(cu.map((l) => [l.resource, l.quantity])).toEqual([
      ['ngw-1', natCuForHour(one!)],
      ['ngw-2', natCuForHour(two!)],
    ]);
    expect(cu[0]!.quantity).toBeGreaterThan(cu[1]!.quantity);
  });

  it('bytes metered at the instant that ends a window on the hour count in its last billed hour', () => {
    const scenario = parseScenario({ egress: { natGateways: [{ NatGatewayId: 'ngw-1' }] } });
    const topology = buildTopology(scenario);
    const meters = new Meters(topology, 0);
    const [external, nat] = [topology.byKind.external[0]!, topology.byKind.nat[0]!];
    meters.hop(external, nat, 1000, 10);
    meters.hop(nat, external, 700, HOUR_US);
    const snapshot = meters.snapshot(HOUR_US);
    expect(snapshot.hours).toHaveLength(1);
    expect(snapshot.hours[0]!.nat[0]).toMatchObject({ inboundBytes: 1000, outboundBytes: 700 });
    expect(snapshot.natGateways[0]).toEqual({ out: 700, in: 1000 });
  });
});

describe('peak QPS (layer 4: a connection’s first request at a backend)', () => {
  it('is the most first requests reaching backends in one calendar second, counted once per connection', () => {
    const requestArrivals: number[] = [];
    const seen = new Set<number>();
    const scenario = parseScenario({
      listeners: [{ ListenerPort: 80, HealthCheck: 'off' }],
      backendServers: [
        { ServerId: 'i-a1', PrivateIp: '10.0.0.1' },
        { ServerId: 'i-b2', PrivateIp: '10.0.0.2' },
      ],
      // 5 keep-alive exchanges per connection: counting every request would give about 5× the peak.
      clients: [
        { ListenerPort: 80, arrival: { type: 'poisson', connectionsPerSecond: 80, stopAfterSeconds: 6 }, exchanges: 5, thinkTimeMs: 10 },
      ],
    });
    const nodes = buildTopology(scenario).nodes;
    const recorder: HopRecorder = {
      hop(_from, to, _depart, arriveUs, type, conn) {
        // Recomputed independently from the hops: the first data packet of each connection to an ECS.
        if (type === PacketType.Data && nodes[to]!.kind === 'ecs' && conn > 0 && !seen.has(conn)) {
          seen.add(conn);
          requestArrivals.push(arriveUs);
        }
      },
    };
    const sim = new Simulation(scenario, { recorder });
    sim.runUntil(10 * US_PER_S);
    const perSecond = new Map<number, number>();
    for (const t of requestArrivals) perSecond.set(Math.floor(t / US_PER_S), (perSecond.get(Math.floor(t / US_PER_S)) ?? 0) + 1);
    const expected = Math.max(...perSecond.values());
    expect(expected).toBeGreaterThan(50);
    expect(sim.servers.requests.reduce((a, b) => a + b, 0)).toBeGreaterThan(4 * requestArrivals.length);
    expect(sim.bill().hourly[0]!.peakQps).toBe(expected);
  });

  it('feeds the spec fee: 1,500 new connections/s fit slb.s1.small by connections and CPS, but not by QPS', () => {
    const sim = new Simulation(
      parseScenario({
        loadBalancer: { LoadBalancerSpec: 'slb.s3.large' },
        listeners: [{ ListenerPort: 80, HealthCheck: 'off' }],
        backendServers: [{ ServerId: 'i-a1', PrivateIp: '10.0.0.1' }],
        clients: [{ ListenerPort: 80, arrival: { type: 'constant', connectionsPerSecond: 1500, stopAfterSeconds: 2 }, responseBytes: 100 }],
      }),
    );
    sim.runUntil(3 * US_PER_S);
    const hour = sim.bill().hourly[0]!;
    expect(hour.peakConnections).toBeLessThanOrEqual(5000);
    expect(hour.peakCps).toBeLessThanOrEqual(3000);
    expect(hour.peakQps).toBeGreaterThan(1000);
    expect(hour.billedSpec).toBe('slb.s2.small');
    expect(sim.bill().lineItems.map((l) => l.item)).toContain('Spec fee (slb.s2.small)');
  });
});

describe('clock hours', () => {
  it('labels each billed hour with its UTC+8 start, across days, months, years and leap days', () => {
    expect(hourStartLabel('2026-01-01T09:30:00', 0)).toBe('2026-01-01T09:00:00');
    expect(hourStartLabel('2026-01-01T09:30', 3)).toBe('2026-01-01T12:00:00');
    expect(hourStartLabel('2026-12-31T23:59:58', 1)).toBe('2027-01-01T00:00:00');
    expect(hourStartLabel('2028-02-28T23:10:00', 1)).toBe('2028-02-29T00:00:00');
    expect(hourStartLabel('2027-02-28T23:10:00', 25)).toBe('2027-03-02T00:00:00');
  });

  it('a run across midnight on New Year’s Eve bills both hours, each with its own label and peaks', () => {
    const sim = new Simulation(
      parseScenario({
        billing: { startTime: '2026-12-31T23:59:58' },
        listeners: [{ ListenerPort: 80, HealthCheck: 'off' }],
        backendServers: [{ ServerId: 'i-a1', PrivateIp: '10.0.0.1' }],
        clients: [{ ListenerPort: 80, arrival: { type: 'constant', connectionsPerSecond: 10 } }],
      }),
    );
    sim.runUntil(4 * US_PER_S);
    const hourly = sim.bill().hourly;
    expect(hourly.map((h) => h.hourStart)).toEqual(['2026-12-31T23:00:00', '2027-01-01T00:00:00']);
    expect(hourly.every((h) => h.peakCps > 0 && h.peakQps > 0)).toBe(true);
  });
});

describe('meters in checkpoints', () => {
  it('a fork carries the meters: run on, it bills exactly what the original bills', () => {
    const sim = new Simulation(
      parseScenario({
        listeners: [{ ListenerPort: 80, HealthCheck: 'off' }],
        backendServers: [{ ServerId: 'i-a1', PrivateIp: '10.0.0.1' }],
        clients: [{ ListenerPort: 80, arrival: { type: 'poisson', connectionsPerSecond: 50 }, exchanges: 2 }],
        egress: {
          natGateways: [{ NatGatewayId: 'ngw-1', snatServerIds: ['i-a1'] }],
          workloads: [{ serverIds: ['i-a1'], callsPerSecond: 10 }],
        },
      }),
    );
    sim.runUntil(2 * US_PER_S);
    const copy = sim.fork();
    sim.runUntil(5 * US_PER_S);
    copy.runUntil(5 * US_PER_S);
    expect(copy.bill()).toEqual(sim.bill());
    expect(sim.bill().hourly[0]!.peakQps).toBeGreaterThan(0);
    expect(sim.bill().bytesByNatGateway['ngw-1']!.in).toBeGreaterThan(0);
  });
});
