import { describe, expect, it } from 'vitest';
import { attached, oneLoadBalancer } from '../../scenario/examples/shared';
import { run } from '../../test/engine-harness';
import type { ScenarioInput } from '../../scenario/schema';
import { validateScenario } from '../../scenario/validate';
import { profiledGapUs, rateProfileOf } from './daily-profile';

type Arrival = NonNullable<NonNullable<ScenarioInput['clients']>[number]['arrival']>;
const HOUR_US = 3_600_000_000;
const MIN_US = 60_000_000;
/** 24 multipliers: 1 except the hours given. */
const profile = (hours: Record<number, number>): number[] => Array.from({ length: 24 }, (_, h) => hours[h] ?? 1);
const arrivalOf = (extra: Pick<Arrival, 'dailyProfile' | 'weekendFactor'>): Parameters<typeof rateProfileOf>[0] => ({ type: 'constant', connectionsPerSecond: 1, rampSeconds: 60, burstEverySeconds: 10, burstSize: 100, ...extra });

describe('the daily profile on the billing clock (UTC+8)', () => {
  it('is undefined for a flat day: no profile and a weekend factor of 1 leave the arrival process as it was', () => {
    expect(rateProfileOf(arrivalOf({}), '2026-01-01T09:30:00')).toBeUndefined();
    expect(rateProfileOf(arrivalOf({ weekendFactor: 1 }), '2026-01-01T09:30:00')).toBeUndefined();
    expect(rateProfileOf(arrivalOf({ weekendFactor: 2 }), '2026-01-01T09:30:00')).toBeDefined();
  });

  it('reads the multiplier of the clock hour simulated time falls in, and when that hour ends', () => {
    const p = rateProfileOf(arrivalOf({ dailyProfile: profile({ 9: 2, 10: 5, 0: 7 }) }), '2026-01-01T09:30:00')!;
    expect(p.at(0)).toEqual({ multiplier: 2, untilUs: 30 * MIN_US });
    expect(p.at(30 * MIN_US - 1)).toEqual({ multiplier: 2, untilUs: 30 * MIN_US });
    expect(p.at(30 * MIN_US)).toEqual({ multiplier: 5, untilUs: 90 * MIN_US });
    // 00:00 the next day is 14 h 30 min after 09:30.
    expect(p.at(14.5 * HOUR_US).multiplier).toBe(7);
    expect(p.at(14.5 * HOUR_US - 1).multiplier).toBe(1);
  });

  it('multiplies Saturdays and Sundays (UTC+8) by the weekend factor: 2026-01-01 is a Thursday', () => {
    const p = rateProfileOf(arrivalOf({ dailyProfile: profile({ 12: 3 }), weekendFactor: 0.5 }), '2026-01-01T00:00')!;
    const noonOf = (day: number) => p.at((day * 24 + 12) * HOUR_US).multiplier;
    // Thu, Fri, Sat, Sun, Mon.
    expect([0, 1, 2, 3, 4].map(noonOf)).toEqual([3, 3, 1.5, 1.5, 3]);
    expect(p.at(2 * 24 * HOUR_US).multiplier).toBe(0.5);
    expect(p.at(2 * 24 * HOUR_US - 1).multiplier).toBe(1);
  });

  it('stretches a gap hour by hour: 40 min of work from 09:30 at ×1 then ×2 takes 30 + 5 min', () => {
    const p = rateProfileOf(arrivalOf({ dailyProfile: profile({ 9: 1, 10: 2 }) }), '2026-01-01T09:30:00')!;
    expect(profiledGapUs(p, 0, 40 * MIN_US)).toBeCloseTo(35 * MIN_US, 3);
    expect(profiledGapUs(p, 0, 20 * MIN_US)).toBeCloseTo(20 * MIN_US, 3);
  });

  it('skips hours at 0 whole, and a week of zeros means no further arrival', () => {
    const p = rateProfileOf(arrivalOf({ dailyProfile: profile({ 10: 0, 11: 0 }) }), '2026-01-01T10:00:00')!;
    expect(profiledGapUs(p, 0, MIN_US)).toBeCloseTo(2 * HOUR_US + MIN_US, 3);
    const never = rateProfileOf(arrivalOf({ dailyProfile: profile({}), weekendFactor: 0 }), '2026-01-03T00:00:00')!;
    // A Saturday: the weekend is skipped, Monday 00:00 is 48 h on.
    expect(profiledGapUs(never, 0, MIN_US)).toBeCloseTo(48 * HOUR_US + MIN_US, 3);
    const zeros = { at: () => ({ multiplier: 0, untilUs: 0 }) };
    let t = 0;
    const stuck = { at: () => ({ multiplier: 0, untilUs: (t += HOUR_US) }) };
    expect(profiledGapUs(stuck, 0, MIN_US)).toBe(Infinity);
    expect(zeros.at().multiplier).toBe(0);
  });
});

describe('the packet engine follows the profile', () => {
  const scenario = (arrival: Arrival, startTime = '2026-01-01T00:00:00'): ScenarioInput => ({
    ...oneLoadBalancer({
      listeners: [{ ListenerPort: 80, HealthCheck: 'off' }],
      ...attached([{ ServerId: 'i-a1', PrivateIp: '10.0.0.1' }]),
      clients: [{ ListenerPort: 80, clientIps: 100, arrival }],
    }),
    billing: { startTime },
  });
  const opensPerHour = (input: ScenarioInput, hours: number): number[] => {
    const counts = new Array<number>(hours).fill(0);
    for (const e of run(input, hours * 3600).journal.entries) if (e.event === 'open') counts[Math.min(hours - 1, Math.floor(e.timeUs / HOUR_US))]! += 1;
    return counts;
  };

  it('constant arrivals: each clock hour opens its multiplier times the flat rate', () => {
    // 0.1/s flat: 360 an hour. Hours 00, 01, 02 at ×1, ×3, ×0. An arrival due on an hour's last
    // µs may land either side of the boundary once gaps are rounded to whole µs: ±1.
    const [h0, h1, h2] = opensPerHour(scenario({ type: 'constant', connectionsPerSecond: 0.1, dailyProfile: profile({ 1: 3, 2: 0 }) }), 3);
    expect(Math.abs(h0! - 360)).toBeLessThanOrEqual(1);
    expect(Math.abs(h1! - 1080)).toBeLessThanOrEqual(1);
    expect(h0! + h1!).toBe(1440);
    expect(h2).toBe(0);
  });

  it('poisson arrivals: each hour’s count matches its rate (±10 %), and the weekend factor applies on Saturday', () => {
    // Friday 22:00 → Saturday 02:00: hours 22, 23 weekday, 00, 01 Saturday at ×0.25.
    const counts = opensPerHour(scenario({ type: 'poisson', connectionsPerSecond: 1, dailyProfile: profile({ 23: 2 }), weekendFactor: 0.25 }, '2026-01-02T22:00'), 4);
    const expected = [3600, 7200, 900, 900];
    counts.forEach((n, i) => expect(Math.abs(n - expected[i]!) / expected[i]!).toBeLessThan(0.1));
  });
});

describe('scenario rules for the profile', () => {
  const withArrival = (arrival: Record<string, unknown>): unknown =>
    oneLoadBalancer({ listeners: [{ ListenerPort: 80 }], ...attached([{ ServerId: 'i-a1', PrivateIp: '10.0.0.1' }]), clients: [{ ListenerPort: 80, arrival: arrival as Arrival }] });
  const messages = (input: unknown): string[] => {
    const result = validateScenario(input);
    return result.ok ? [] : result.issues.map((e) => `${e.field}: ${e.message}`);
  };

  it('needs exactly 24 multipliers, each 0–1000, at least one above 0', () => {
    expect(messages(withArrival({ dailyProfile: profile({}).slice(1) })).join('\n')).toMatch(/clients\.0\.arrival\.dailyProfile.*exactly 24/);
    expect(messages(withArrival({ dailyProfile: profile({ 3: -1 }) })).join('\n')).toMatch(/clients\.0\.arrival\.dailyProfile\.3/);
    expect(messages(withArrival({ dailyProfile: new Array(24).fill(0) })).join('\n')).toMatch(/at least one hour must be above 0/);
    expect(messages(withArrival({ weekendFactor: 1001 })).join('\n')).toMatch(/clients\.0\.arrival\.weekendFactor/);
    expect(messages(withArrival({ dailyProfile: profile({ 3: 2 }), weekendFactor: 0 }))).toEqual([]);
  });

  it('refuses a busiest hour above 1,000,000 connections/s, naming the field', () => {
    const text = messages(withArrival({ connectionsPerSecond: 100_000, dailyProfile: profile({ 20: 11 }) })).join('\n');
    expect(text).toMatch(/clients\.0\.arrival\.dailyProfile: the busiest hour runs at 1,100,000 connections\/s/);
    expect(messages(withArrival({ connectionsPerSecond: 100_000, dailyProfile: profile({ 20: 10 }) }))).toEqual([]);
    expect(messages(withArrival({ connectionsPerSecond: 600_000, weekendFactor: 2 })).join('\n')).toMatch(/clients\.0\.arrival\.weekendFactor/);
  });
});
