import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { examples } from '../../scenario/examples';
import type { Scenario, ScenarioInput } from '../../scenario/schema';
import { parseScenario } from '../../scenario/validate';
import { US_PER_S } from '../../shared/units';
import { shortL4, type Generated } from '../../test/random-l4-scenarios';
import type { SimulationReport } from '../report';
import { Simulation } from '../simulation';
import { PRICE_REGIONS, PRICE_TABLES, type PriceRegion, type PriceTable } from './prices';

/**
 * Anyone can recompute the bill from the report: over random scenarios (layer-4 load on one to
 * three load balancers, each with its own charge type, address type, bandwidth and spec, plus
 * random EIPs, NAT gateways, public IPs, calls, Internet traffic, fee models, start times and price
 * overrides), a small calculator that reads only the report — `billing.hourly`, `billing.bytes`,
 * `bytesByLoadBalancer`, `bytesByEip`, `bytesByNatGateway`, `scenarioEffective` — and the
 * published price tables arrives at `billing.total`. It shares no code with the bill.
 */

const GB = 1024 ** 3;

/** DOMAIN §5, smallest first: [spec, max connections, new connections/s, QPS]. */
const SPEC_TABLE = [
  ['slb.s1.small', 5_000, 3_000, 1_000],
  ['slb.s2.small', 50_000, 5_000, 5_000],
  ['slb.s2.medium', 100_000, 10_000, 10_000],
  ['slb.s3.small', 200_000, 20_000, 20_000],
  ['slb.s3.medium', 500_000, 50_000, 30_000],
  ['slb.s3.large', 1_000_000, 100_000, 50_000],
] as const;

/** Each peak maps to the smallest spec covering it (the largest if none does); bill the largest, capped by the purchase. */
function specFor(h: { peakConnections: number; peakCps: number; peakQps: number }, purchased: string): string {
  const rank = (value: number, column: 1 | 2 | 3) => {
    const i = SPEC_TABLE.findIndex((row) => value <= row[column]);
    return i < 0 ? SPEC_TABLE.length - 1 : i;
  };
  const needed = Math.max(rank(h.peakConnections, 1), rank(h.peakCps, 2), rank(h.peakQps, 3));
  const cap = SPEC_TABLE.findIndex((row) => row[0] === purchased);
  return SPEC_TABLE[cap < 0 ? needed : Math.min(needed, cap)]![0];
}

/** The region's published table with the scenario's overrides applied, built by hand. */
function priceTable(region: PriceRegion, overrides: Scenario['billing']['priceOverrides']): PriceTable {
  const table: PriceTable = { ...PRICE_TABLES[region], specPerHour: { ...PRICE_TABLES[region].specPerHour } };
  for (const [key, value] of Object.entries(overrides)) {
    if (key === 'specPerHour' && typeof value === 'object') Object.assign(table.specPerHour, value);
    else if (typeof value === 'number' && key in table) (table as unknown as Record<string, number>)[key] = value;
  }
  return table;
}

/** The bill's total, from the report alone. */
function recompute(report: SimulationReport): number {
  const s = report.scenarioEffective;
  const b = report.billing;
  const p = priceTable(b.region, s.billing.priceOverrides);
  const hours = b.hourly.length;
  let total = 0;
  // Each load balancer on its own: its traffic, bandwidth, fee, and spec fee from its own peaks.
  for (const lb of s.loadBalancers) {
    const id = lb.LoadBalancerId;
    const internet = lb.AddressType === 'internet';
    if (internet && lb.InternetChargeType === 'paybytraffic') total += (b.bytesByLoadBalancer[id]! / GB) * p.slbTrafficPerGb;
    if (internet && lb.InternetChargeType === 'paybybandwidth') {
      total +=
        Math.min(lb.Bandwidth, 5) * hours * p.slbBandwidthUpTo5PerMbpsHour +
        Math.max(0, lb.Bandwidth - 5) * hours * p.slbBandwidthAbove5PerMbpsHour;
    }
    if (s.billing.feeModel === 'instance-2024') total += hours * p.slbInstancePerHour;
    else if (internet) total += hours * p.slbPublicIpPerHour;
    for (const h of b.hourly) total += p.specPerHour[specFor(h.instances[id]!, lb.LoadBalancerSpec)] ?? 0;
  }
  // Load balancers deleted during the run (none here, but the calculator follows the rule) and
  // SLB bytes metered without one: at the pay-by-traffic price.
  const configured = new Set(s.loadBalancers.map((lb) => lb.LoadBalancerId));
  for (const [id, bytes] of Object.entries(b.bytesByLoadBalancer)) if (!configured.has(id)) total += (bytes / GB) * p.slbTrafficPerGb;
  const unattributed = b.bytes.slbOut - Object.values(b.bytesByLoadBalancer).reduce((a, v) => a + v, 0);
  if (unattributed >= 1) total += (unattributed / GB) * p.slbTrafficPerGb;
  // EIPs bound to ECS: configuration fee waived, traffic at the EIP price.
  for (const bytes of Object.values(b.bytesByEip)) total += (bytes.out / GB) * p.eipTrafficPerGb;
  for (const nat of s.egress.natGateways) {
    const id = nat.NatGatewayId;
    total += hours * (p.natInstancePerHour + p.eipConfigPerHour);
    for (const h of b.hourly) {
      const n = h.natGateways[id]!;
      total += Math.max(n.peakSessionsPerSecond / 1000, n.peakSessions / 10_000, (n.inboundBytes + n.outboundBytes) / GB) * p.natCuPerHour;
    }
    total += (b.bytesByNatGateway[id]!.out / GB) * p.eipTrafficPerGb;
  }
  total += (b.bytes.publicIpOut / GB) * p.ecsPublicIpTrafficPerGb;
  return total;
}

/** The books the calculator relies on: per-resource bytes add up to the path totals, hours to the window. */
function checkBooks(report: SimulationReport, durationUs: number): void {
  const s = report.scenarioEffective;
  const b = report.billing;
  const sum = (values: number[]) => values.reduce((a, v) => a + v, 0);
  expect(Object.keys(b.bytesByEip)).toEqual(s.egress.eips.map((e) => e.AllocationId));
  // Every SLB → Internet byte belongs to a load balancer: the engine meters replies with their connection's.
  expect(Object.keys(b.bytesByLoadBalancer)).toEqual(s.loadBalancers.map((lb) => lb.LoadBalancerId));
  expect(sum(Object.values(b.bytesByLoadBalancer))).toBe(b.bytes.slbOut);
  expect(Object.keys(b.bytesByNatGateway)).toEqual(s.egress.natGateways.map((n) => n.NatGatewayId));
  expect(sum(Object.values(b.bytesByEip).map((x) => x.out))).toBe(b.bytes.eipOut);
  expect(sum(Object.values(b.bytesByNatGateway).map((x) => x.out))).toBe(b.bytes.natOut);
  expect(sum([...Object.values(b.bytesByEip), ...Object.values(b.bytesByNatGateway)].map((x) => x.in))).toBeLessThanOrEqual(
    b.bytes.inbound,
  );
  for (const nat of s.egress.natGateways) {
    const id = nat.NatGatewayId;
    expect(sum(b.hourly.map((h) => h.natGateways[id]!.inboundBytes)), `${id} in`).toBe(b.bytesByNatGateway[id]!.in);
    expect(sum(b.hourly.map((h) => h.natGateways[id]!.outboundBytes)), `${id} out`).toBe(b.bytesByNatGateway[id]!.out);
  }
  expect(sum(b.hourly.map((h) => h.natInboundBytes))).toBe(sum(Object.values(b.bytesByNatGateway).map((x) => x.in)));
  expect(sum(b.hourly.map((h) => h.natOutboundBytes))).toBe(b.bytes.natOut);
  for (const h of b.hourly) {
    expect(Object.keys(h.instances)).toEqual(s.loadBalancers.map((lb) => lb.LoadBalancerId));
    for (const lb of s.loadBalancers)
      expect(h.instances[lb.LoadBalancerId]!.billedSpec).toBe(specFor(h.instances[lb.LoadBalancerId]!, lb.LoadBalancerSpec));
    expect(h.billedSpec).toBe(h.instances[s.loadBalancers[0]!.LoadBalancerId]!.billedSpec);
    // All instances together: at least the busiest one's peak, at most the sum of their peaks.
    const own = Object.values(h.instances);
    for (const field of ['peakConnections', 'peakCps', 'peakQps'] as const) {
      expect(h[field], field).toBeGreaterThanOrEqual(Math.max(...own.map((i) => i[field])));
      expect(h[field], field).toBeLessThanOrEqual(sum(own.map((i) => i[field])));
    }
  }
  // Clock hours (UTC+8 local labels, checked here with Date, which the engine may not use).
  const start = Date.parse(`${s.billing.startTime}Z`);
  const firstHour = start - (start % 3_600_000);
  const touched = Math.floor((start - firstHour + durationUs / 1000 - 0.001) / 3_600_000) + 1;
  expect(b.hours).toBe(touched);
  expect(b.hourly.map((h) => h.hourStart)).toEqual(
    Array.from({ length: touched }, (_, i) => new Date(firstHour + i * 3_600_000).toISOString().slice(0, 19)),
  );
}

// --- random egress and billing on top of the layer-4 scenarios ---------------------------------

const sizeArb = fc.oneof(
  { arbitrary: fc.integer({ min: 1, max: 200_000 }), weight: 3 },
  { arbitrary: fc.integer({ min: 10_000_000, max: 500_000_000 }), weight: 1 },
);
const priceArb = fc.integer({ min: 0, max: 5000 }).map((n) => n / 1000);
const SCALAR_KEYS = Object.keys(PRICE_TABLES.us).filter((k) => k !== 'specPerHour');

function egressArb(servers: number) {
  const pick = fc.array(fc.boolean(), { minLength: servers, maxLength: servers });
  return fc.record({
    publicIp: fc.array(
      fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
      { minLength: servers, maxLength: servers },
    ),
    eip: pick,
    nats: fc.array(fc.record({ snat: pick, dnat: fc.array(fc.integer({ min: 0, max: servers - 1 }), { maxLength: 2 }) }), { maxLength: 2 }),
    workloads: fc.array(
      fc.record({ servers: pick, callsPerSecond: fc.integer({ min: 1, max: 40 }), requestBytes: sizeArb, responseBytes: sizeArb }),
      { maxLength: 2 },
    ),
    inbound: fc.array(
      fc.record({ target: fc.nat(), requestsPerSecond: fc.integer({ min: 1, max: 20 }), requestBytes: sizeArb, responseBytes: sizeArb }),
      { maxLength: 2 },
    ),
  });
}

const billingArb = fc.record({
  priceRegion: fc.option(fc.constantFrom(...PRICE_REGIONS), { nil: undefined }),
  // Often a few seconds before the hour (or midnight) so short runs cross clock hours.
  startTime: fc.oneof(
    fc.constantFrom('2026-01-01T09:30:00', '2026-12-31T23:59:57', '2028-02-28T23:59:58'),
    fc
      .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 }))
      .map(([h, m, s]) => `2026-06-15T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`),
    fc.integer({ min: 50, max: 59 }).map((s) => `2026-03-01T10:59:${s}`),
  ),
  feeModel: fc.constantFrom('spec-2021' as const, 'instance-2024' as const),
  overrides: fc.dictionary(fc.constantFrom(...SCALAR_KEYS), priceArb),
  specOverrides: fc.dictionary(fc.constantFrom(...SPEC_TABLE.map((row) => row[0])), priceArb),
  /** Per load balancer (the scenarios hold up to three): each its own charge type, address type, bandwidth and spec. */
  instances: fc.array(
    fc.record({
      chargeType: fc.constantFrom('paybytraffic' as const, 'paybybandwidth' as const),
      addressType: fc.oneof(
        { arbitrary: fc.constant('internet' as const), weight: 4 },
        { arbitrary: fc.constant('intranet' as const), weight: 1 },
      ),
      bandwidth: fc.integer({ min: 1, max: 20 }),
      spec: fc.option(fc.constantFrom(...SPEC_TABLE.map((row) => row[0])), { nil: undefined }),
    }),
    { minLength: 3, maxLength: 3 },
  ),
});

type EgressDraw = ReturnType<typeof egressArb> extends fc.Arbitrary<infer T> ? T : never;
type BillingDraw = ReturnType<(typeof billingArb)['generate']>['value'];

function withEgressAndBilling(g: Generated, e: EgressDraw, bill: BillingDraw): Generated {
  const servers = g.scenario.ecsInstances ?? [];
  const ids = servers.map((s) => s.ServerId);
  const chosen = (flags: boolean[]) => ids.filter((_, i) => flags[i]);
  const eips = chosen(e.eip).map((id) => ({ AllocationId: `eip-${id}`, IpAddress: `47.0.2.${ids.indexOf(id) + 1}`, InstanceId: id }));
  const natGateways = e.nats.map((n, j) => ({
    NatGatewayId: `ngw-${j + 1}`,
    eipAddress: `47.0.3.${j + 1}`,
    snatServerIds: chosen(n.snat),
    dnatEntries: n.dnat.map((server, k) => ({ ExternalPort: 8000 + k, ServerId: ids[server]! })),
  }));
  const targets = [
    ...eips.map((x) => x.AllocationId),
    ...natGateways.flatMap((n) => n.dnatEntries.map((d) => `${n.NatGatewayId}:${d.ExternalPort}`)),
  ];
  const scenario: ScenarioInput = {
    ...g.scenario,
    loadBalancers: (g.scenario.loadBalancers ?? [{}]).map((lb, b) => {
      const own = bill.instances[b % bill.instances.length]!;
      return {
        ...lb,
        AddressType: own.addressType,
        InternetChargeType: own.chargeType,
        Bandwidth: own.bandwidth,
        ...(own.spec ? { LoadBalancerSpec: own.spec } : {}),
      };
    }),
    ecsInstances: servers.map((s, i) => (e.publicIp[i] ? { ...s, publicIp: `47.0.1.${i + 1}` } : s)),
    egress: {
      eips,
      natGateways,
      workloads: e.workloads.map((w, i) => ({
        id: `calls-${i}`,
        serverIds: chosen(w.servers).length > 0 ? chosen(w.servers) : [ids[0]!],
        callsPerSecond: w.callsPerSecond,
        requestBytes: w.requestBytes,
        responseBytes: w.responseBytes,
      })),
      inbound:
        targets.length === 0
          ? []
          : e.inbound.map((f, i) => ({
              id: `in-${i}`,
              target: targets[f.target % targets.length]!,
              requestsPerSecond: f.requestsPerSecond,
              requestBytes: f.requestBytes,
              responseBytes: f.responseBytes,
            })),
    },
    billing: {
      ...(bill.priceRegion ? { priceRegion: bill.priceRegion } : {}),
      startTime: bill.startTime,
      feeModel: bill.feeModel,
      priceOverrides: { ...bill.overrides, ...(Object.keys(bill.specOverrides).length > 0 ? { specPerHour: bill.specOverrides } : {}) },
    },
  };
  return { ...g, scenario };
}

const billedScenarios = shortL4.chain((g) =>
  fc.tuple(egressArb(g.scenario.ecsInstances?.length ?? 1), billingArb).map(([e, bill]) => withEgressAndBilling(g, e, bill)),
);

function runReport(g: Generated): { report: SimulationReport; durationUs: number } {
  const sim = new Simulation(parseScenario(g.scenario), { seed: g.seed });
  const durationUs = g.durationS * US_PER_S;
  sim.runUntil(durationUs);
  return { report: sim.report(), durationUs };
}

function expectRecomputed(report: SimulationReport): void {
  const recomputed = recompute(report);
  // The bill sums exact products in another order: equal up to floating-point rounding, far below a cent.
  expect(Math.abs(recomputed - report.billing.total)).toBeLessThanOrEqual(1e-9 * Math.max(1, report.billing.total));
}

describe('the bill recomputed from the report alone', () => {
  it('matches billing.total over random scenarios with egress, charge types and price overrides (seed 6006)', () => {
    let withNat = 0;
    let multiHour = 0;
    let several = 0;
    fc.assert(
      fc.property(billedScenarios, (g) => {
        const { report, durationUs } = runReport(g);
        checkBooks(report, durationUs);
        expectRecomputed(report);
        if (report.scenarioEffective.egress.natGateways.length > 0 && report.billing.bytes.natOut > 0) withNat++;
        if (report.billing.hours > 1) multiHour++;
        if (report.scenarioEffective.loadBalancers.filter((lb) => report.billing.bytesByLoadBalancer[lb.LoadBalancerId]! > 0).length > 1)
          several++;
      }),
      { seed: 6006, numRuns: 60 },
    );
    // The draws reach what the calculator must get right.
    expect(withNat).toBeGreaterThan(5);
    expect(multiHour).toBeGreaterThan(5);
    expect(several, 'runs with SLB traffic on more than one load balancer').toBeGreaterThan(3);
  }, 180_000);

  it('matches on the egress-billing example, priced so every path differs', () => {
    const base = examples['egress-billing']!;
    const input: ScenarioInput = {
      ...base,
      ecsInstances: base.ecsInstances!.map((s, i) => (i === 3 ? { ...s, publicIp: '47.100.40.40' } : s)),
      // A one-second rush of 1,500 connections/s: fits slb.s1.small by connections and CPS, but its peak QPS needs slb.s2.small.
      clients: [
        ...base.clients!,
        {
          id: 'rush',
          ListenerPort: 80,
          arrival: { type: 'constant', connectionsPerSecond: 1500, stopAfterSeconds: 1 },
          responseBytes: 100,
        },
      ],
      billing: {
        startTime: '2026-01-01T09:59:50',
        priceOverrides: {
          slbTrafficPerGb: 1,
          eipTrafficPerGb: 2,
          ecsPublicIpTrafficPerGb: 3,
          natCuPerHour: 4,
          natInstancePerHour: 5,
          eipConfigPerHour: 6,
          slbPublicIpPerHour: 7,
        },
      },
    };
    const { report, durationUs } = runReport({ scenario: input, seed: 1, durationS: 20 });
    checkBooks(report, durationUs);
    expect(report.billing.hours).toBe(2);
    expect(report.billing.hourly[0]!.billedSpec).toBe('slb.s2.small');
    expect(specFor({ ...report.billing.hourly[0]!, peakQps: 0 }, 'slb.s2.medium')).toBe('slb.s1.small');
    for (const bucket of ['slbOut', 'eipOut', 'natOut', 'publicIpOut'] as const)
      expect(report.billing.bytes[bucket], bucket).toBeGreaterThan(0);
    expectRecomputed(report);
  });
});
