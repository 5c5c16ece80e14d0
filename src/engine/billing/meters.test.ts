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
import { smallTopology, withOneLoadBalancer } from './test-inputs';

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
  const snat: Parameters<typeof withOneLoadBalancer>[0] = {
    listeners: [{ ListenerPort: 80, HealthCheck: 'off' }],
    servers: [{ ServerId: 'i-a1', PrivateIp: '10.0.0.1' }],
    egress: {
      natGateways: [{ NatGatewayId: 'ngw-1', snatServerIds: ['i-a1'] }],
      workloads: [{ serverIds: ['i-a1'], callsPerSecond: 5, requestBytes: 2_000_000, responseBytes: 300_000_000 }],
    },
  };

  it('a run that ends with a response in flight (Internet → NAT) bills it in the capacity units as in bytes.inbound', () => {
    const sim = runUntilInFlight(withOneLoadBalancer(snat), 'external', 'nat', PacketType.Data, 2 * US_PER_S);
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
      parseScenario(withOneLoadBalancer({
        ...snat,
        servers: [
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
      })),
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
    const { topology, external, nat } = smallTopology();
    const meters = new Meters(topology, 0, []);
    meters.hop(external, nat, 1000, 10, -1);
    meters.hop(nat, external, 700, HOUR_US, -1);
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
    const scenario = parseScenario(withOneLoadBalancer({
      listeners: [{ ListenerPort: 80, HealthCheck: 'off' }],
      servers: [
        { ServerId: 'i-a1', PrivateIp: '10.0.0.1' },
        { ServerId: 'i-b2', PrivateIp: '10.0.0.2' },
      ],
      // 5 keep-alive exchanges per connection: counting every request would give about 5× the peak.
      clients: [
        { ListenerPort: 80, arrival: { type: 'poisson', connectionsPerSecond: 80, stopAfterSeconds: 6 }, exchanges: 5, thinkTimeMs: 10 },
      ],
    }));
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
      parseScenario(withOneLoadBalancer({
        loadBalancer: { LoadBalancerSpec: 'slb.s3.large' },
        listeners: [{ ListenerPort: 80, HealthCheck: 'off' }],
        servers: [{ ServerId: 'i-a1', PrivateIp: '10.0.0.1' }],
        clients: [{ ListenerPort: 80, arrival: { type: 'constant', connectionsPerSecond: 1500, stopAfterSeconds: 2 }, responseBytes: 100 }],
      })),
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
      parseScenario(withOneLoadBalancer({
        billing: { startTime: '2026-12-31T23:59:58' },
        listeners: [{ ListenerPort: 80, HealthCheck: 'off' }],
        servers: [{ ServerId: 'i-a1', PrivateIp: '10.0.0.1' }],
        clients: [{ ListenerPort: 80, arrival: { type: 'constant', connectionsPerSecond: 10 } }],
      })),
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
      parseScenario(withOneLoadBalancer({
        listeners: [{ ListenerPort: 80, HealthCheck: 'off' }],
        servers: [{ ServerId: 'i-a1', PrivateIp: '10.0.0.1' }],
        clients: [{ ListenerPort: 80, arrival: { type: 'poisson', connectionsPerSecond: 50 }, exchanges: 2 }],
        egress: {
          natGateways: [{ NatGatewayId: 'ngw-1', snatServerIds: ['i-a1'] }],
          workloads: [{ serverIds: ['i-a1'], callsPerSecond: 10 }],
        },
      })),
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

describe('Meters: which bucket each link direction lands in', () => {
  // Layer 4 and layer 7 listeners (LVS → ECS and LVS → Tengine → ECS), two EIPs, two NAT gateways,
  // and one ECS with a public IP of its own.
  /** Built by each test that uses it, so that a topology that fails to build fails those tests only. */
  const network = () => {
    const scenario = parseScenario(withOneLoadBalancer({
      listeners: [{ ListenerPort: 80 }, { ListenerPort: 8080, ListenerProtocol: 'http' }],
      clients: [{ ListenerPort: 80 }],
      servers: [
        { ServerId: 'i-a1', PrivateIp: '10.0.0.1' },
        { ServerId: 'i-b2', PrivateIp: '10.0.0.2', publicIp: '47.1.1.2' },
        { ServerId: 'i-c3', PrivateIp: '10.0.0.3' },
      ],
      egress: {
        eips: [
          { AllocationId: 'eip-1', IpAddress: '47.1.1.1', InstanceId: 'i-a1' },
          { AllocationId: 'eip-3', IpAddress: '47.1.1.3', InstanceId: 'i-c3' },
        ],
        natGateways: [
          { NatGatewayId: 'ngw-1', snatServerIds: ['i-a1'] },
          { NatGatewayId: 'ngw-2', snatServerIds: ['i-b2'] },
        ],
      },
    }));
    const topology = buildTopology(scenario);
    const k = topology.byKind;
    const [internet, router, lvs, tengine, sync, external] = [k.internet[0]!, k.router[0]!, k.lvs[0]!, k.tengine[0]!, k.sync[0]!, k.external[0]!];
    const [clients, a1, b2, c3] = [k.clients[0]!, k.ecs[0]!, k.ecs[1]!, k.ecs[2]!];
    const [eip1, eip3, ngw1, ngw2] = [k.eip[0]!, k.eip[1]!, k.nat[0]!, k.nat[1]!];
    const linked = (from: number, to: number) => topology.links.some((l) => (l.from === from && l.to === to) || (l.from === to && l.to === from));
    return { topology, internet, router, lvs, tengine, sync, external, clients, a1, b2, c3, eip1, eip3, ngw1, ngw2, linked };
  };

  it('the topology has every link these cases name', () => {
    const { topology, internet, router, lvs, tengine, sync, external, clients, a1, b2, c3, eip1, eip3, ngw1, ngw2, linked } = network();
    for (const [from, to] of [
      [clients, internet],
      [internet, router],
      [router, lvs],
      [lvs, sync],
      [lvs, a1],
      [lvs, tengine],
      [tengine, a1],
      [a1, eip1],
      [c3, eip3],
      [eip1, external],
      [eip3, external],
      [a1, ngw1],
      [b2, ngw2],
      [ngw1, external],
      [ngw2, external],
      [b2, external],
    ] as const)
      expect(linked(from, to), `${topology.nodes[from]!.key} – ${topology.nodes[to]!.key}`).toBe(true);
    expect(linked(internet, a1)).toBe(false);
  });

  it('meters each direction in its own bucket, per EIP and per NAT gateway, and nothing on unmetered links', () => {
    const { topology, internet, router, lvs, tengine, sync, external, clients, a1, b2, eip1, eip3, ngw1, ngw2 } = network();
    const meters = new Meters(topology, 0, ['lb-sim0000000001']);
    // Powers of two: each bucket's total says exactly which hops it holds.
    const metered: [number, number, number][] = [
      [router, internet, 1],
      [internet, router, 2],
      [lvs, a1, 4],
      [a1, lvs, 8],
      [tengine, b2, 16],
      [b2, tengine, 32],
      [eip1, external, 64],
      [external, eip1, 128],
      [eip3, external, 256],
      [external, eip3, 512],
      [ngw1, external, 1024],
      [external, ngw1, 2048],
      [ngw2, external, 4096],
      [external, ngw2, 8192],
      [b2, external, 16_384],
      [external, b2, 32_768],
    ];
    for (const [from, to, bytes] of metered) meters.hop(from, to, bytes, 10, 0);
    // Client ↔ Internet, inside the SLB cluster, ECS ↔ its EIP or NAT gateway: not billed paths.
    const unmetered: [number, number][] = [
      [clients, internet],
      [internet, clients],
      [router, lvs],
      [lvs, router],
      [lvs, sync],
      [sync, lvs],
      [lvs, tengine],
      [tengine, lvs],
      [a1, eip1],
      [eip1, a1],
      [b2, ngw2],
      [ngw2, b2],
      // No link at all between these.
      [internet, a1],
      [a1, internet],
      [clients, router],
    ];
    for (const [from, to] of unmetered) meters.hop(from, to, 1 << 20, 10, 0);
    const snapshot = meters.snapshot(HOUR_US);
    expect(snapshot.bytes).toEqual({
      slbOut: 1,
      eipOut: 64 + 256,
      natOut: 1024 + 4096,
      publicIpOut: 16_384,
      internal: 4 + 8 + 16 + 32,
      inbound: 2 + 128 + 512 + 2048 + 8192 + 32_768,
    });
    expect(snapshot.eips).toEqual([
      { out: 64, in: 128 },
      { out: 256, in: 512 },
    ]);
    expect(snapshot.natGateways).toEqual([
      { out: 1024, in: 2048 },
      { out: 4096, in: 8192 },
    ]);
    // Only the SLB outbound bytes count towards the load balancer too.
    expect(snapshot.instances.map((i) => [i.LoadBalancerId, i.slbOut])).toEqual([['lb-sim0000000001', 1]]);
    // NAT capacity units see the same NAT bytes, per gateway, in the hour they were metered.
    expect(snapshot.hours).toHaveLength(1);
    expect(snapshot.hours[0]!.nat).toEqual([
      { peakSessionsPerSecond: 0, peakSessions: 0, outboundBytes: 1024, inboundBytes: 2048 },
      { peakSessionsPerSecond: 0, peakSessions: 0, outboundBytes: 4096, inboundBytes: 8192 },
    ]);
  });

  it('samples cumulative billable bytes once per second that saw metered traffic, before that traffic', () => {
    const { topology, internet, router, lvs, external, a1, b2, eip1, ngw1 } = network();
    const meters = new Meters(topology, 0, ['lb-sim0000000001']);
    meters.hop(router, lvs, 999, 0.5e6, 0); // unmetered: no sample
    meters.hop(router, internet, 100, 1.2e6, 0);
    meters.hop(router, internet, 50, 1.7e6, 0); // same second: no new sample
    meters.hop(eip1, external, 30, 2e6, -1); // exactly on the next second
    meters.hop(ngw1, external, 20, 5.5e6, -1);
    meters.hop(b2, external, 10, 5.9e6, -1);
    meters.hop(lvs, a1, 5, 6.5e6, 0); // internal bytes are metered (sampled) but not billable
    meters.hop(router, internet, 1, 7e6, 0);
    const series = meters.snapshot(8e6).series;
    // The last column is the load balancer's own SLB outbound bytes.
    expect(series).toEqual([
      [1, 0, 0, 0, 0, 0],
      [2, 150, 0, 0, 0, 150],
      [5, 150, 30, 0, 0, 150],
      [6, 150, 30, 20, 10, 150],
      [7, 150, 30, 20, 10, 150],
    ]);
    // A snapshot is a copy: changing it does not change the next one.
    series[0]![1] = 12345;
    expect(meters.snapshot(8e6).series[0]).toEqual([1, 0, 0, 0, 0, 0]);
  });
});

describe('Meters: per-hour peaks', () => {
  const { topology, external, nat } = smallTopology();

  it('keeps the largest connection and session counts, and the most events in one calendar second', () => {
    const meters = new Meters(topology, 0, ['lb-sim0000000001']);
    meters.newConnection(0.1e6, 0, 1);
    meters.newConnection(0.2e6, 0, 2);
    meters.newConnection(0.3e6, 0, 3);
    meters.newConnection(1.5e6, 0, 2);
    meters.request(2.1e6, 0);
    meters.request(2.2e6, 0);
    meters.request(3.1e6, 0);
    meters.natSession(4.1e6, 0, 6);
    meters.natSession(5.1e6, 0, 4);
    meters.natSession(5.2e6, 0, 5);
    const hour = meters.snapshot(10e6).hours[0]!;
    expect(hour).toMatchObject({ peakConnections: 3, peakCps: 3, peakQps: 2 });
    expect(hour.nat[0]).toMatchObject({ peakSessions: 6, peakSessionsPerSecond: 2 });
  });

  it('puts each event in the UTC+8 clock hour it happens in', () => {
    // Starts at 09:59:00: the second clock hour begins 60 s in.
    const meters = new Meters(topology, 59 * 60 * US_PER_S, ['lb-sim0000000001']);
    meters.newConnection(59.9e6, 0, 4);
    meters.newConnection(60e6, 0, 1);
    meters.natSession(61e6, 0, 2);
    const hours = meters.snapshot(120e6).hours;
    expect(hours.map((h) => [h.peakConnections, h.peakCps, h.nat[0]!.peakSessions])).toEqual([
      [4, 1, 0],
      [1, 1, 2],
    ]);
  });

  it('folds everything at the instant a window ends on the hour into its last hour: peaks take the larger, bytes add', () => {
    const meters = new Meters(topology, 0, ['lb-sim0000000001']);
    meters.newConnection(10, 0, 2);
    meters.request(20, 0);
    meters.natSession(30, 0, 3);
    meters.hop(external, nat, 1000, 40, 0);
    meters.hop(nat, external, 300, 50, 0);
    // At exactly the end of the 1-hour window: the next clock hour, which is not billed.
    meters.newConnection(HOUR_US, 0, 7);
    meters.newConnection(HOUR_US + 1, 0, 8);
    meters.request(HOUR_US, 0);
    meters.request(HOUR_US + 1, 0);
    meters.natSession(HOUR_US, 0, 9);
    meters.natSession(HOUR_US + 1, 0, 10);
    meters.hop(external, nat, 500, HOUR_US, 0);
    meters.hop(nat, external, 200, HOUR_US, 0);
    const hours = meters.snapshot(HOUR_US).hours;
    expect(hours).toHaveLength(1);
    expect(hours[0]).toEqual({
      peakConnections: 8,
      peakCps: 2,
      peakQps: 2,
      nat: [{ peakSessionsPerSecond: 2, peakSessions: 10, inboundBytes: 1500, outboundBytes: 500 }],
    });
    // Smaller figures after the end do not lower the hour's peaks.
    const quieter = new Meters(topology, 0, ['lb-sim0000000001']);
    quieter.newConnection(10, 0, 9);
    quieter.newConnection(20, 0, 1);
    quieter.newConnection(30, 0, 1);
    quieter.request(10, 0);
    quieter.request(20, 0);
    quieter.natSession(10, 0, 9);
    quieter.natSession(20, 0, 9);
    quieter.newConnection(HOUR_US, 0, 1);
    quieter.request(HOUR_US, 0);
    quieter.natSession(HOUR_US, 0, 1);
    expect(quieter.snapshot(HOUR_US).hours).toEqual([
      { peakConnections: 9, peakCps: 3, peakQps: 2, nat: [{ peakSessionsPerSecond: 2, peakSessions: 9, inboundBytes: 0, outboundBytes: 0 }] },
    ]);
  });
});
