import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../../scenario/schema';
import { parseScenario } from '../../scenario/validate';
import { US_PER_S } from '../../shared/units';
import { computeBill, costSeries, type Bill, type LineItem } from './bill';
import { Meters } from './meters';
import { loadBalancer, smallTopology, type LoadBalancerInput } from './test-inputs';

/**
 * Each load balancer is billed on its own: its SLB outbound traffic, bandwidth, fee and spec lines
 * come from its own meters and configuration. The meters are driven by hand (no engine).
 */

const GB = 1024 ** 3;
const HOUR_US = 3600 * US_PER_S;

/** Two internet-facing load balancers in cn-hangzhou: lb-shop (shop, slb.s2.small) and lb-api1 (api, slb.s3.large, 12 Mbps). */
const twoInput = (
  a: Partial<LoadBalancerInput> = {},
  b: Partial<LoadBalancerInput> = {},
  region: Partial<ScenarioInput> = {},
): ScenarioInput => ({
  loadBalancers: [
    loadBalancer({ LoadBalancerId: 'lb-shop', LoadBalancerName: 'shop', Address: '47.100.10.1', LoadBalancerSpec: 'slb.s2.small', ...a }),
    loadBalancer({
      LoadBalancerId: 'lb-api1',
      LoadBalancerName: 'api',
      Address: '47.100.10.2',
      LoadBalancerSpec: 'slb.s3.large',
      Bandwidth: 12,
      ...b,
    }),
  ],
  // Round prices so the amounts are exact.
  billing: {
    startTime: '2026-01-01T09:00:00',
    priceOverrides: {
      slbTrafficPerGb: 1,
      slbPublicIpPerHour: 0.5,
      specPerHour: { 'slb.s1.small': 0.25, 'slb.s2.small': 2, 'slb.s2.medium': 4 },
    },
  },
  ...region,
});
const two = (a: Partial<LoadBalancerInput> = {}, b: Partial<LoadBalancerInput> = {}, region: Partial<ScenarioInput> = {}) =>
  parseScenario(twoInput(a, b, region));

const A = 0;
const B = 1;

/** Lines of one resource, as [item, quantity]. */
const linesOf = (bill: Bill, resource: string) => bill.lineItems.filter((l) => l.resource === resource).map((l) => [l.item, l.quantity]);
const trafficLines = (bill: Bill): LineItem[] => bill.lineItems.filter((l) => l.item === 'SLB outbound traffic');

describe('meters per load balancer', () => {
  it('count SLB → Internet bytes per instance as well as in the total; other buckets and instance -1 only in the totals', () => {
    const t = smallTopology();
    const meters = new Meters(t.topology, 0, ['lb-shop', 'lb-api1']);
    meters.hop(t.router, t.internet, 1000, 10, A);
    meters.hop(t.router, t.internet, 300, 20, B);
    meters.hop(t.router, t.internet, 200, 30, A);
    // Not SLB outbound: the instance is ignored.
    meters.hop(t.internet, t.router, 5000, 40, A);
    meters.hop(t.lvs, t.ecs, 7000, 50, B);
    meters.hop(t.eip, t.external, 64, 60, -1);
    // SLB outbound without an instance, or with one the meters were not told of: the total only.
    meters.hop(t.router, t.internet, 7, 70, -1);
    meters.hop(t.router, t.internet, 9, 80, 2);
    const snapshot = meters.snapshot(HOUR_US);
    expect(snapshot.bytes).toMatchObject({ slbOut: 1516, inbound: 5000, internal: 7000, eipOut: 64 });
    expect(snapshot.instances.map((i) => [i.LoadBalancerId, i.slbOut])).toEqual([
      ['lb-shop', 1200],
      ['lb-api1', 300],
    ]);
  });

  it('keep each instance’s own peaks (connections, new connections and requests per calendar second), and all instances’ together', () => {
    const t = smallTopology();
    const meters = new Meters(t.topology, 0, ['lb-shop', 'lb-api1']);
    // Second 0: A admits 3 connections, B 2; second 1: B admits 1.
    meters.newConnection(0.1e6, A, 10);
    meters.newConnection(0.2e6, B, 4);
    meters.newConnection(0.3e6, A, 11);
    meters.newConnection(0.4e6, A, 12);
    meters.newConnection(0.5e6, B, 5);
    meters.newConnection(1.5e6, B, 6);
    // Second 2: A's backends see 1 first request, B's 3.
    meters.request(2.1e6, A);
    meters.request(2.2e6, B);
    meters.request(2.3e6, B);
    meters.request(2.4e6, B);
    const snapshot = meters.snapshot(10e6);
    expect(snapshot.instances.map((i) => i.hours)).toEqual([
      [{ peakConnections: 12, peakCps: 3, peakQps: 1 }],
      [{ peakConnections: 6, peakCps: 2, peakQps: 3 }],
    ]);
    // All instances: 5 new connections and 4 requests in one second; open connections as last
    // reported by each (12 of A + 5 of B at 0.5 s, 12 + 6 at 1.5 s).
    expect(snapshot.hours[0]).toMatchObject({ peakConnections: 18, peakCps: 5, peakQps: 4 });
  });

  it('count connections of all instances only from counts reported within the same clock hour', () => {
    const t = smallTopology();
    // Starts at 09:59:00: the 10:00 hour begins 60 s in.
    const meters = new Meters(t.topology, 59 * 60 * US_PER_S, ['lb-shop', 'lb-api1']);
    meters.newConnection(10e6, A, 900);
    meters.newConnection(70e6, B, 3);
    meters.newConnection(80e6, A, 2);
    const snapshot = meters.snapshot(120e6);
    expect(snapshot.hours.map((h) => h.peakConnections)).toEqual([900, 5]);
    expect(snapshot.instances.map((i) => i.hours.map((h) => h.peakConnections))).toEqual([
      [900, 2],
      [0, 3],
    ]);
    // Between the busiest instance's peak and the sum of the instances' peaks.
    snapshot.hours.forEach((hour, h) => {
      const own = snapshot.instances.map((i) => i.hours[h]!.peakConnections);
      expect(hour.peakConnections).toBeGreaterThanOrEqual(Math.max(...own));
      expect(hour.peakConnections).toBeLessThanOrEqual(own.reduce((a, b) => a + b, 0));
    });
  });

  it('fold each instance’s events at the instant a window ends on the hour into its last billed hour', () => {
    const t = smallTopology();
    const meters = new Meters(t.topology, 0, ['lb-shop', 'lb-api1']);
    meters.newConnection(10, A, 2);
    meters.newConnection(HOUR_US, B, 7);
    meters.request(HOUR_US, B);
    const snapshot = meters.snapshot(HOUR_US);
    expect(snapshot.instances.map((i) => i.hours)).toEqual([
      [{ peakConnections: 2, peakCps: 1, peakQps: 0 }],
      [{ peakConnections: 7, peakCps: 1, peakQps: 1 }],
    ]);
  });

  it('sample each instance’s SLB bytes with the totals, after the five total columns', () => {
    const t = smallTopology();
    const meters = new Meters(t.topology, 0, ['lb-shop', 'lb-api1']);
    meters.hop(t.router, t.internet, 100, 0.5e6, A);
    meters.hop(t.router, t.internet, 40, 1.5e6, B);
    meters.hop(t.eip, t.external, 30, 2.5e6, -1);
    expect(meters.snapshot(3e6).series).toEqual([
      [0, 0, 0, 0, 0, 0, 0],
      [1, 100, 0, 0, 0, 100, 0],
      [2, 140, 0, 0, 0, 100, 40],
    ]);
  });
});

describe('billing per load balancer', () => {
  /** lb-shop sends 3 GB, lb-api1 1 GB; lb-shop peaks at 60,000 connections, lb-api1 at 10 (in the same second); 09:00–09:30. */
  const metered = () => {
    const t = smallTopology();
    const meters = new Meters(t.topology, 0, ['lb-shop', 'lb-api1']);
    meters.hop(t.router, t.internet, 3 * GB, 10e6, A);
    meters.hop(t.router, t.internet, GB, 20e6, B);
    meters.newConnection(30e6, A, 60_000);
    meters.newConnection(30.5e6, B, 10);
    meters.request(31e6, B);
    return meters.snapshot(HOUR_US / 2);
  };

  it('gives two load balancers with different specs and traffic their own lines; their traffic adds up to the metered slbOut', () => {
    const snapshot = metered();
    const bill = computeBill(two(), snapshot);
    expect(linesOf(bill, 'lb-shop (shop)')).toEqual([
      ['SLB outbound traffic', 3],
      ['SLB public IP retention', 1],
      ['Spec fee (slb.s2.small)', 1],
    ]);
    expect(linesOf(bill, 'lb-api1 (api)')).toEqual([
      ['SLB outbound traffic', 1],
      ['SLB public IP retention', 1],
      ['Spec fee (slb.s1.small)', 1],
    ]);
    const traffic = trafficLines(bill);
    expect(traffic.reduce((sum, l) => sum + l.quantity, 0) * GB).toBe(snapshot.bytes.slbOut);
    expect(bill.bytesByLoadBalancer).toEqual({ 'lb-shop': 3 * GB, 'lb-api1': GB });
    // 3 + 1 GB × 1, 2 × 0.5 h of IP retention, slb.s2.small 2 + slb.s1.small 0.25.
    expect(bill.total).toBe(4 + 1 + 2.25);
  });

  it('bills each spec fee by its own peaks, capped by its own purchased spec: lb-shop’s peaks do not raise lb-api1’s spec', () => {
    const bill = computeBill(two(), metered());
    // 60,000 connections need slb.s2.medium; lb-shop bought slb.s2.small, which caps it. lb-api1's 10 fit slb.s1.small.
    expect(bill.hourly[0]!.instances).toEqual({
      'lb-shop': { peakConnections: 60_000, peakCps: 1, peakQps: 0, billedSpec: 'slb.s2.small' },
      'lb-api1': { peakConnections: 10, peakCps: 1, peakQps: 1, billedSpec: 'slb.s1.small' },
    });
    // The flat fields: all instances' peaks, and the first load balancer's spec.
    expect(bill.hourly[0]).toMatchObject({ peakConnections: 60_010, peakCps: 2, peakQps: 1, billedSpec: 'slb.s2.small' });
    // Swap the purchased specs: lb-shop is billed at what its peaks need, lb-api1 stays at slb.s1.small.
    const swapped = computeBill(two({ LoadBalancerSpec: 'slb.s3.large' }, { LoadBalancerSpec: 'slb.s2.small' }), metered());
    expect(swapped.lineItems.filter((l) => l.item.startsWith('Spec fee')).map((l) => [l.resource, l.item])).toEqual([
      ['lb-shop (shop)', 'Spec fee (slb.s2.medium)'],
      ['lb-api1 (api)', 'Spec fee (slb.s1.small)'],
    ]);
  });

  it('applies the charge type switch to every load balancer, each at its own bandwidth', () => {
    const bill = computeBill(two({ Bandwidth: 3 }), metered(), { chargeType: 'paybybandwidth' });
    expect(trafficLines(bill)).toEqual([]);
    expect(bill.lineItems.filter((l) => l.item.startsWith('SLB bandwidth')).map((l) => [l.resource, l.item, l.quantity])).toEqual([
      ['lb-shop (shop)', 'SLB bandwidth (1–5 Mbps)', 3],
      ['lb-api1 (api)', 'SLB bandwidth (1–5 Mbps)', 5],
      ['lb-api1 (api)', 'SLB bandwidth (> 5 Mbps)', 7],
    ]);
    // Without the switch, each load balancer's own charge type.
    const mixed = computeBill(two({}, { InternetChargeType: 'paybybandwidth' }), metered());
    expect(trafficLines(mixed).map((l) => [l.resource, l.quantity])).toEqual([['lb-shop (shop)', 3]]);
    expect(mixed.lineItems.filter((l) => l.item.startsWith('SLB bandwidth')).map((l) => l.resource)).toEqual([
      'lb-api1 (api)',
      'lb-api1 (api)',
    ]);
  });

  it('an intranet load balancer has no traffic or IP retention line, the internet-facing one beside it does', () => {
    const bill = computeBill(two({}, { AddressType: 'intranet' }), metered());
    expect(linesOf(bill, 'lb-api1 (api)')).toEqual([['Spec fee (slb.s1.small)', 1]]);
    expect(linesOf(bill, 'lb-shop (shop)').map(([item]) => item)).toEqual([
      'SLB outbound traffic',
      'SLB public IP retention',
      'Spec fee (slb.s2.small)',
    ]);
    // Its bytes are still reported.
    expect(bill.bytesByLoadBalancer['lb-api1']).toBe(GB);
  });

  it('the 2024 instance fee is billed per load balancer', () => {
    const bill = computeBill(two({}, {}, { billing: { feeModel: 'instance-2024' } }), metered());
    expect(bill.lineItems.filter((l) => l.item === 'SLB instance fee').map((l) => [l.resource, l.quantity, l.unitPrice])).toEqual([
      ['lb-shop (shop)', 1, 0.021],
      ['lb-api1 (api)', 1, 0.021],
    ]);
  });

  it('bills the traffic of a load balancer deleted during the run, by its id, at the pay-by-traffic price, and no hourly fee for it', () => {
    const t = smallTopology();
    // lb-gone existed at some point of the run (the engine numbers it), but not in the scenario any more.
    const meters = new Meters(t.topology, 0, ['lb-shop', 'lb-gone', 'lb-api1']);
    meters.hop(t.router, t.internet, GB, 10e6, 0);
    meters.hop(t.router, t.internet, 2 * GB, 20e6, 1);
    meters.hop(t.router, t.internet, GB / 2, 30e6, 2);
    meters.newConnection(40e6, 1, 90_000);
    const snapshot = meters.snapshot(HOUR_US);
    const bill = computeBill(two(), snapshot);
    expect(trafficLines(bill).map((l) => [l.resource, l.quantity, l.unitPrice])).toEqual([
      ['lb-shop (shop)', 1, 1],
      ['lb-api1 (api)', 0.5, 1],
      ['lb-gone', 2, 1],
    ]);
    expect(trafficLines(bill).at(-1)!.rule).toContain('deleted during the run');
    expect(linesOf(bill, 'lb-gone')).toEqual([['SLB outbound traffic', 2]]);
    expect(Object.keys(bill.hourly[0]!.instances)).toEqual(['lb-shop', 'lb-api1']);
    expect(bill.bytesByLoadBalancer).toEqual({ 'lb-shop': GB, 'lb-api1': GB / 2, 'lb-gone': 2 * GB });
    expect(trafficLines(bill).reduce((sum, l) => sum + l.quantity, 0) * GB).toBe(snapshot.bytes.slbOut);
    // Its charge type is unknown: its traffic stays billed whatever the switch says.
    expect(trafficLines(computeBill(two(), snapshot, { chargeType: 'paybybandwidth' })).map((l) => l.resource)).toEqual(['lb-gone']);
  });

  it('bills SLB bytes metered without a load balancer on a line of their own, so no metered byte goes unbilled', () => {
    const t = smallTopology();
    const meters = new Meters(t.topology, 0, ['lb-shop', 'lb-api1']);
    meters.hop(t.router, t.internet, GB, 10e6, A);
    meters.hop(t.router, t.internet, GB / 4, 20e6, -1);
    const bill = computeBill(two(), meters.snapshot(HOUR_US));
    expect(trafficLines(bill).map((l) => [l.resource, l.quantity])).toEqual([
      ['lb-shop (shop)', 1],
      ['lb-api1 (api)', 0],
      ['SLB', 0.25],
    ]);
    expect(bill.bytes.slbOut).toBe(1.25 * GB);
  });

  it('the cost chart bills each load balancer’s bytes by its own charge type, and ends at the bill’s total', () => {
    const t = smallTopology();
    const meters = new Meters(t.topology, 0, ['lb-shop', 'lb-api1']);
    meters.hop(t.router, t.internet, GB, 1e6, A);
    meters.hop(t.router, t.internet, 8 * GB, 2e6, B);
    meters.hop(t.router, t.internet, GB, 3e6, A);
    const snapshot = meters.snapshot(4e6);
    // lb-api1 pays by bandwidth: its 8 GB are not billed, at any point.
    const s = two(
      {},
      { InternetChargeType: 'paybybandwidth', Bandwidth: 2 },
      {
        billing: {
          startTime: '2026-01-01T09:00:00',
          priceOverrides: {
            slbTrafficPerGb: 1,
            slbPublicIpPerHour: 0,
            slbBandwidthUpTo5PerMbpsHour: 0,
            specPerHour: { 'slb.s1.small': 0 },
          },
        },
      },
    );
    const series = costSeries(s, snapshot);
    expect(series).toEqual({ timeS: [1, 2, 3, 4], total: [0, 1, 1, 2] });
    expect(series.total.at(-1)).toBe(computeBill(s, snapshot).total);
  });
});
