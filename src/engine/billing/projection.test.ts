import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../scenario/validate';
import { computeBill, meterWindow } from './bill';
import type { HourMeter, MeterSnapshot } from './meters';
import { projectionStability, STABLE_CHANGE } from './projection';
import { loadBalancer, oneInstance } from './test-inputs';

const GB = 1024 ** 3;
// Traffic only, at 1 $/GB, and no hourly fees: the projected month is the traffic rate × 730 h.
const s = parseScenario({
  loadBalancers: [loadBalancer({ LoadBalancerId: 'lb-test0001', Bandwidth: 8 }, ['i-a1'])],
  ecsInstances: [{ ServerId: 'i-a1', PrivateIp: '10.0.0.1' }],
  billing: { priceOverrides: { slbTrafficPerGb: 1, slbPublicIpPerHour: 0, specPerHour: { 'slb.s1.small': 0 } } },
});
const idleHour: HourMeter = { peakConnections: 0, peakCps: 0, peakQps: 0, nat: [] };

/** A run of `seconds` seconds whose SLB bytes grow by `perSecond(t)` GB in second t. */
function run(seconds: number, perSecond: (t: number) => number): MeterSnapshot {
  const series: number[][] = [];
  let total = 0;
  for (let t = 0; t < seconds; t++) {
    series.push([t, total, 0, 0, 0]);
    total += perSecond(t) * GB;
  }
  return oneInstance({
    startOffsetUs: 0,
    durationUs: seconds * 1e6,
    bytes: { slbOut: total, eipOut: 0, natOut: 0, publicIpOut: 0, internal: 0, inbound: 0 },
    eips: [],
    natGateways: [],
    hours: [idleHour],
    series,
  });
}

describe('projectionStability: what the projected month stands on and how far it still moves', () => {
  it('a steady rate projects the same month from its first half: change 0, called stable', () => {
    const meters = run(20, () => 0.01);
    const p = projectionStability(s, meters);
    expect(p.simulatedS).toBe(20);
    expect(p.halfWindowMonthly).toBeCloseTo(computeBill(s, meters).projectedMonthly, 9);
    expect(p.change).toBeCloseTo(0, 12);
    expect(p.summary).toMatch(/^Stands on 20 s of simulated traffic, stable: within 0\.0 % of the month projected from the first 10 s\.$/);
  });

  it('a rate that doubles in the second half is still moving: the change is |whole − half| ÷ whole', () => {
    const meters = run(20, (t) => (t < 10 ? 0.01 : 0.02));
    const p = projectionStability(s, meters);
    const whole = computeBill(s, meters).projectedMonthly;
    const half = computeBill(s, meterWindow(meters, 10e6, meters.series[10])).projectedMonthly;
    expect(p.halfWindowMonthly).toBeCloseTo(half, 9);
    expect(p.change).toBeCloseTo(Math.abs(whole - half) / whole, 9);
    // Whole: 0.3 GB in 20 s; half: 0.1 GB in 10 s → (1.5 − 1) ÷ 1.5 = 1/3.
    expect(p.change).toBeCloseTo(1 / 3, 9);
    expect(p.change!).toBeGreaterThan(STABLE_CHANGE);
    expect(p.summary).toMatch(/still moving: 33 % away .* run longer/);
  });

  it('just above the threshold is moving, just below is stable', () => {
    // Second half at rate r: whole = (1 + r)/2, half = 1 → change = |r − 1| / (1 + r).
    const changeFor = (r: number) => projectionStability(s, run(20, (t) => (t < 10 ? 0.01 : 0.01 * r))).summary;
    expect(changeFor(1.09)).toMatch(/stable/); // 0.043
    expect(changeFor(1.12)).toMatch(/still moving/); // 0.057
  });

  it('under two simulated seconds it says the run is too short, with no change figure', () => {
    const p = projectionStability(s, run(1, () => 0.01));
    expect(p.halfWindowMonthly).toBeUndefined();
    expect(p.change).toBeUndefined();
    expect(p.summary).toMatch(/too short/);
  });

  it('no traffic at all is stable (0 against 0), not a division by zero', () => {
    const p = projectionStability(s, run(10, () => 0));
    expect(p.change).toBe(0);
    expect(p.summary).toMatch(/stable/);
  });
});
