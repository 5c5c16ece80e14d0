import { describe, expect, it } from 'vitest';
import { examples } from '../../scenario/examples';
import type { Scenario } from '../../scenario/schema';
import { parseScenario } from '../../scenario/validate';
import { specForHour } from '../billing/hourly';
import { Simulation } from '../simulation';
import type { SimulationReport } from '../report';
import { estimateFlow, type FlowEstimate } from './estimate';

/**
 * Flow mode against packet mode, the reference, on the same window and seed (docs/BILLING.md,
 * "Flow mode"): bytes per path and the bill within 2 %, each clock hour's peak connections within
 * 5 % and peak CPS (and QPS) within 10 %.
 */
function packet(scenario: Scenario, seconds: number): SimulationReport {
  const sim = new Simulation(scenario);
  sim.runUntil(seconds * 1e6);
  return sim.report();
}

const relative = (flow: number, reference: number) => Math.abs(flow - reference) / Math.max(1, Math.abs(reference));

function expectClose(flow: FlowEstimate, reference: SimulationReport, paths: readonly (keyof SimulationReport['billing']['bytes'])[]): void {
  for (const path of paths) expect(relative(flow.bill.bytes[path], reference.billing.bytes[path]), `bytes ${path}`).toBeLessThan(0.02);
  expect(relative(flow.bill.total, reference.billing.total), 'bill total').toBeLessThan(0.02);
  expect(flow.bill.hourly.length).toBe(reference.billing.hourly.length);
  reference.billing.hourly.forEach((hour, h) => {
    const estimated = flow.bill.hourly[h]!;
    expect(relative(estimated.peakConnections, hour.peakConnections), `${hour.hourStart} peak connections ${estimated.peakConnections} vs ${hour.peakConnections}`).toBeLessThan(0.05);
    expect(relative(estimated.peakCps, hour.peakCps), `${hour.hourStart} peak CPS ${estimated.peakCps} vs ${hour.peakCps}`).toBeLessThan(0.1);
    expect(relative(estimated.peakQps, hour.peakQps), `${hour.hourStart} peak QPS ${estimated.peakQps} vs ${hour.peakQps}`).toBeLessThan(0.1);
    expect(estimated.billedSpec).toBe(hour.billedSpec);
  });
}

/** egress-billing with busier egress, so five minutes hold enough calls for a 2 % comparison. */
function busyEgress(): Scenario {
  const base = parseScenario(examples['egress-billing']);
  return {
    ...base,
    egress: {
      ...base.egress,
      workloads: base.egress.workloads.map((w) => ({ ...w, callsPerSecond: 20 })),
      inbound: base.egress.inbound.map((i) => ({ ...i, requestsPerSecond: 20 })),
    },
  };
}

/** A light layer-4 scenario (one exchange, small replies) whose daily profile makes three clock hours differ. */
function profiled(profile: (hour: number) => number, ratePerS = 8, startTime = '2026-01-01T09:50:00'): Scenario {
  const base = parseScenario(examples['egress-billing']);
  const dailyProfile = Array.from({ length: 24 }, (_, hour) => profile(hour));
  return {
    ...base,
    billing: { ...base.billing, startTime },
    egress: { ...base.egress, workloads: [], inbound: [] },
    clients: base.clients.map((c) => ({ ...c, exchanges: 1, thinkTimeMs: 0, responseBytes: 4000, arrival: { ...c.arrival, connectionsPerSecond: ratePerS, dailyProfile } })),
  };
}

describe('flow mode against packet mode', () => {
  it('egress-billing, 5 minutes: bytes per path, bill, peaks', () => {
    const scenario = busyEgress();
    const reference = packet(scenario, 300);
    const flow = estimateFlow(scenario, { durationS: 300 });
    expect(flow.report.fidelity).toBe('flow');
    expectClose(flow, reference, ['slbOut', 'eipOut', 'natOut', 'inbound', 'internal']);
    expect(relative(flow.report.connections.opened, reference.connections.opened)).toBeLessThan(0.02);
    expect(relative(flow.report.egress.calls, reference.egress.calls)).toBeLessThan(0.02);
  }, 240_000);

  it('a daily profile over three clock hours: each hour is estimated at its own rate', () => {
    // 09:55–10:00 at 3×, 10:00–11:00 at 1× (starting from what the busy hour left open), 11:00–11:05
    // at 2×. The largest count in one second is itself random (about 2 either side at these rates):
    // the rates are high enough for 10 % to hold a margin.
    const multiplier = (hour: number) => (hour === 9 ? 3 : hour === 11 ? 2 : 1);
    const scenario = profiled(multiplier, 20, '2026-01-01T09:55:00');
    const reference = packet(scenario, 70 * 60);
    const flow = estimateFlow(scenario, { durationS: 70 * 60 });
    expectClose(flow, reference, ['slbOut', 'inbound', 'internal']);
    expect(new Set(reference.billing.hourly.map((h) => h.peakCps)).size).toBe(3);
    // The same estimate without the profile is far off: the comparison sees the profile.
    const flat = estimateFlow({ ...scenario, clients: scenario.clients.map((c) => ({ ...c, arrival: { ...c.arrival, dailyProfile: undefined } })) }, { durationS: 70 * 60 });
    expect(relative(flat.bill.bytes.slbOut, reference.billing.bytes.slbOut)).toBeGreaterThan(0.1);
    expect(relative(flat.bill.hourly[0]!.peakCps, reference.billing.hourly[0]!.peakCps)).toBeGreaterThan(0.2);
  }, 240_000);

  it('layer 7 (l7-rules, 30 s): requests per second', () => {
    const scenario = parseScenario(examples['l7-rules']);
    const reference = packet(scenario, 30);
    const flow = estimateFlow(scenario, { durationS: 30 });
    expectClose(flow, reference, ['slbOut', 'internal']);
    expect(relative(flow.report.requests.sent, reference.requests.sent)).toBeLessThan(0.05);
  }, 240_000);
});

describe('flow mode over long windows', () => {
  const light = profiled(() => 1);

  it('30 days of a flat scenario are 30 times its day (traffic, connections, egress)', () => {
    const day = estimateFlow(light, { durationS: 86_400 });
    const month = estimateFlow(light, { durationS: 30 * 86_400 });
    for (const path of ['slbOut', 'inbound', 'internal'] as const) expect(month.bill.bytes[path] / (30 * day.bill.bytes[path])).toBeCloseTo(1, 4);
    expect(month.report.connections.opened).toBe(30 * day.report.connections.opened);
    expect(month.hours.length).toBe(30 * 24 + 1);
    const traffic = (e: FlowEstimate) => e.bill.lineItems.filter((item) => item.scales === 'traffic').reduce((sum, item) => sum + item.amount, 0);
    expect(traffic(month) / (30 * traffic(day))).toBeCloseTo(1, 4);
  }, 120_000);

  it('a daily profile sets each hour’s spec fee: the spec its rate needs', () => {
    // Night at a tenth of the rate, the day at 40×: s1.small at night, more by day.
    const multiplier = (hour: number) => (hour < 8 ? 0.1 : hour < 20 ? 40 : 1);
    const scenario = profiled(multiplier);
    const estimate = estimateFlow(scenario, { durationS: 86_400 });
    const tau = estimate.calibration.populations[0]!.occupancyPerRate[0]!;
    estimate.hours.forEach((hour, h) => {
      const clock = Number(hour.hourStart.slice(11, 13));
      const rate = 8 * multiplier(clock);
      // Steady hours (not the first, and not one right after a busier hour): the spec of its own rate's peaks.
      if (h === 0 || multiplier(clock) < multiplier((clock + 23) % 24)) return;
      expect(hour.connectionsOpened).toBeGreaterThan(0.97 * rate * (h === estimate.hours.length - 1 ? 600 : 3600));
      expect(hour.peakConnections).toBeGreaterThan(rate * tau);
      expect(hour.billedSpec).toBe(specForHour({ peakConnections: hour.peakConnections, peakCps: hour.peakCps, peakQps: hour.peakQps }, 'slb.s2.medium'));
    });
    const specs = new Map(estimate.hours.map((hour) => [Number(hour.hourStart.slice(11, 13)), hour.billedSpec]));
    expect(specs.get(3)).toBe('slb.s1.small');
    expect(specs.get(14)).toBe('slb.s2.small');
    const feeLines = estimate.bill.lineItems.filter((item) => item.item.startsWith('Spec fee'));
    expect(feeLines.map((item) => item.item).sort()).toEqual(['Spec fee (slb.s1.small)', 'Spec fee (slb.s2.small)']);
  }, 120_000);

  it('pay-by-bandwidth: an hour’s SLB → Internet bytes stay within the bandwidth', () => {
    const busy = profiled(() => 1, 40);
    const lb = busy.loadBalancers[0]!;
    const capped: Scenario = { ...busy, loadBalancers: [{ ...lb, InternetChargeType: 'paybybandwidth', Bandwidth: 1 }] };
    const free = estimateFlow(busy, { durationS: 7200 });
    const estimate = estimateFlow(capped, { durationS: 7200 });
    const full = free.hours[1]!.bytes.slbOut;
    expect(full).toBeGreaterThan(1e6 * 3600 / 8);
    expect(estimate.hours[1]!.bytes.slbOut).toBeCloseTo((1e6 * 3600) / 8, 0);
    expect(estimate.bill.bytesByLoadBalancer[lb.LoadBalancerId]).toBeLessThanOrEqual((1e6 * 7200) / 8 + 1);
  }, 120_000);

  it('refuses bad options, naming them', () => {
    const scenario = parseScenario(examples['egress-billing']);
    for (const durationS of [0, -1, Number.NaN, Infinity, 400 * 86_400]) expect(() => estimateFlow(scenario, { durationS })).toThrow(/durationS/);
    expect(() => estimateFlow(scenario, { durationS: 60, calibrationS: 0 })).toThrow(/calibrationS/);
  });
});
