import { describe, expect, it } from 'vitest';
import type { MonthEstimate } from '../../worker/protocol';
import { basisSentence, comparisonSentence, monthSeries, specHours } from './month-estimate-text';

function estimate(overrides: Partial<MonthEstimate> = {}): MonthEstimate {
  const hours = Array.from({ length: 48 }, (_, h) => ({
    hourStart: `2026-01-0${1 + Math.floor(h / 24)}T${String(h % 24).padStart(2, '0')}:00:00`,
    peakConnections: 100 + h,
    peakCps: 10 + h,
    peakQps: 20 + h,
    billedSpec: h % 24 >= 9 && h % 24 < 18 ? 'slb.s2.small' : 'slb.s1.small',
    specFeePerHour: h % 24 >= 9 && h % 24 < 18 ? 0.1 : 0.05,
  }));
  return {
    days: 30,
    bill: { total: 1200, lineItems: [] } as unknown as MonthEstimate['bill'],
    hours,
    calibration: { packetSeconds: 1240.4, populations: 1, connections: 8000, seed: 7, events: 1_000_000 },
    method: 'flow-level estimate',
    notes: [],
    wallMs: 900,
    packet: { projectedMonthly: 1000, basisS: 60 },
    ...overrides,
  };
}

describe('the month estimate in words', () => {
  it('says it is a flow-level estimate and what it was calibrated on', () => {
    expect(basisSentence(estimate())).toBe(
      'A flow-level estimate of 30 days, calibrated on 1,240 s of packet simulation (8,000 connections of the client population), then priced hour by hour with the daily profile.',
    );
    expect(basisSentence(estimate({ calibration: { packetSeconds: 42.25, populations: 3, connections: 24_000, seed: 1, events: 5 } }))).toContain(
      'calibrated on 42.3 s of packet simulation (24,000 connections of 3 client populations)',
    );
  });

  it('compares with the packet projection: both figures and how far apart', () => {
    expect(comparisonSentence(estimate())).toBe('Projected from the run (60 s extrapolated to 730 h): $1000.00; flow estimate with the daily profile (30 days): $1200.00, 20 % more.');
    expect(comparisonSentence(estimate({ packet: { projectedMonthly: 1250, basisS: 3.5 } }))).toBe(
      'Projected from the run (3.5 s extrapolated to 730 h): $1250.00; flow estimate with the daily profile (30 days): $1200.00, 4.0 % less.',
    );
    expect(comparisonSentence(estimate({ packet: { projectedMonthly: 1201, basisS: 10 } }))).toMatch(/within 0\.5 %\.$/);
    expect(comparisonSentence(estimate({ packet: { projectedMonthly: 0, basisS: 0 } }))).toBe('No packet-mode projection yet (the run has not started); flow estimate with the daily profile (30 days): $1200.00.');
  });

  it('counts the hours billed at each spec, most first', () => {
    expect(specHours(estimate())).toBe('slb.s1.small 30 h, slb.s2.small 18 h');
  });

  it('charts each hour at its day since the start', () => {
    const { connections, rates, fee } = monthSeries(estimate());
    expect(connections).toHaveLength(2);
    expect(connections[0]![24]).toBe(1);
    expect(connections[1]![24]).toBe(124);
    expect(rates.map((r) => r[24])).toEqual([1, 34, 44]);
    expect(fee[1]!.slice(8, 10)).toEqual([0.05, 0.1]);
  });
});
