import { describe, expect, it } from 'vitest';
import { ok, pausedHost } from '../test/paused-host';
import { estimateMonth } from './month-estimate';

const S = 1_000_000;
const LB = 'lb-bp1default0001';
/** Nights (00:00–08:00 UTC+8) at a tenth of the configured rate. */
const QUIET_NIGHTS = Array.from({ length: 24 }, (_, h) => (h < 8 ? 0.1 : 1));

/** A paused default run at 3 s with the quiet-nights profile applied through the API (a journal entry). */
function profiledRun() {
  const host = pausedHost();
  host.runUntil(3 * S);
  const body = ok(host.api({ Action: 'SimDescribeClientPopulations', LoadBalancerId: LB }));
  const [population] = (body['ClientPopulations'] as { ClientPopulation: Record<string, unknown>[] }).ClientPopulation;
  const params = Object.fromEntries(Object.entries(population!).map(([k, v]) => [k, String(v)]));
  ok(host.api({ Action: 'SimSetClientPopulation', LoadBalancerId: LB, ...params, DailyProfile: JSON.stringify(QUIET_NIGHTS) }));
  return host;
}

const clock = () => performance.now();

describe('Estimate a month (the cost panel): its input read from the worker host, priced apart from the run', () => {
  it('prices 30 days of the configuration in force, journaled profile included, and leaves the run exactly as it was', () => {
    const host = profiledRun();
    const before = host.runUntil(3 * S);
    const packetBill = host.bill({});

    const input = host.monthEstimateInput();
    const answer = estimateMonth(input, 30, clock);
    if (!answer.ok) throw new Error(answer.message);
    const { estimate } = answer;

    // 30 days of UTC+8 clock hours (one more when the start is not on the hour).
    expect(estimate.hours.length).toBeGreaterThanOrEqual(720);
    expect(estimate.hours.length).toBeLessThanOrEqual(721);
    expect(estimate.bill.total).toBeGreaterThan(0);
    expect(estimate.bill.lineItems.length).toBeGreaterThan(0);
    expect(estimate.bill.total).toBeCloseTo(
      estimate.bill.lineItems.reduce((sum, item) => sum + item.amount, 0),
      6,
    );
    expect(estimate.calibration.populations).toBe(1);
    expect(estimate.calibration.packetSeconds).toBeGreaterThan(0);
    expect(estimate.calibration.connections).toBeGreaterThan(1000);
    expect(estimate.packet).toEqual({ projectedMonthly: packetBill.projectedMonthly, basisS: 3 });
    expect(input.scenario.clients[0]!.arrival.dailyProfile).toEqual(QUIET_NIGHTS);
    expect(estimate.calibration.seed).toBe(host.topology().seed);

    // The journaled profile is in the configuration it priced: nights open a tenth of the day's connections per second.
    const meanCps = (from: number, to: number) => {
      const hours = estimate.hours.filter((h) => {
        const hour = Number(h.hourStart.slice(11, 13));
        return hour >= from && hour < to;
      });
      return hours.reduce((sum, h) => sum + h.peakCps, 0) / hours.length;
    };
    expect(meanCps(1, 7)).toBeLessThan(meanCps(10, 20) / 3);

    // The run: same time, events and trace hash as before, and it goes on exactly as a run that never estimated.
    const after = host.runUntil(3 * S);
    expect({ t: after.simTimeUs, events: after.events, hash: after.traceHash }).toEqual({ t: before.simTimeUs, events: before.events, hash: before.traceHash });
    expect(host.runScenario().journal).toHaveLength(1);
    expect(host.runUntil(6 * S).traceHash).toBe(profiledRun().runUntil(6 * S).traceHash);
  }, 120_000);

  it('a refused window comes back as a message, not a throw', () => {
    const answer = estimateMonth(pausedHost().monthEstimateInput(), 0, clock);
    expect(answer).toMatchObject({ ok: false, message: expect.stringContaining('durationS') });
  });
});
