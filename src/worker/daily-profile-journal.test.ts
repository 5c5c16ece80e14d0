import { describe, expect, it } from 'vitest';
import { ok, pausedHost } from '../test/paused-host';

const S = 1_000_000;
const LB = 'lb-bp1default0001';

/** The default scenario's population, sent back whole (SimSetClientPopulation replaces it) with `extra` on top. */
function described(host: ReturnType<typeof pausedHost>): Record<string, string> {
  const body = ok(host.api({ Action: 'SimDescribeClientPopulations', LoadBalancerId: LB }));
  const [population] = (body['ClientPopulations'] as { ClientPopulation: Record<string, unknown>[] }).ClientPopulation;
  return Object.fromEntries(Object.entries(population!).map(([k, v]) => [k, String(v)]));
}

describe('a daily profile set through the API (the cost panel editor)', () => {
  it('is one journal entry the run follows at once, and undo takes it back as if it had never been made', () => {
    const host = pausedHost();
    host.runUntil(2 * S);
    const population = described(host);
    const quiet = Array(24).fill(0.05);
    ok(host.api({ Action: 'SimSetClientPopulation', LoadBalancerId: LB, ...population, DailyProfile: JSON.stringify(quiet), WeekendFactor: '0.05' }));
    const journal = host.runScenario().journal;
    expect(journal).toHaveLength(1);
    expect(journal[0]).toMatchObject({ action: 'SimSetClientPopulation', atUs: 2 * S, params: { DailyProfile: JSON.stringify(quiet), WeekendFactor: '0.05' } });
    expect(described(host)['DailyProfile']).toBe(JSON.stringify(quiet));

    // Followed from 2 s: a twentieth of the arrivals (200/s flat) over the next 4 s.
    const never = pausedHost();
    const openedAt2s = never.runUntil(2 * S).connections.opened;
    const flatOpened = never.runUntil(6 * S).connections.opened - openedAt2s;
    const quietOpened = host.runUntil(6 * S).connections.opened - openedAt2s;
    expect(flatOpened).toBeGreaterThan(600);
    expect(quietOpened).toBeLessThan(flatOpened / 5);

    const frame = host.undoChange();
    expect(frame.journal.entries).toBe(0);
    expect(frame.journal.redo).toMatchObject({ action: 'SimSetClientPopulation', atUs: 2 * S });
    expect(described(host)).not.toHaveProperty('DailyProfile');
    expect(host.runUntil(8 * S).traceHash).toBe(never.runUntil(8 * S).traceHash);
  });

  it('a refused profile leaves no journal entry and the run unchanged', () => {
    const host = pausedHost();
    host.runUntil(1 * S);
    const population = described(host);
    const response = host.api({ Action: 'SimSetClientPopulation', LoadBalancerId: LB, ...population, DailyProfile: [...Array(23).fill('1'), '1001'].join(',') });
    expect(response.status).toBe(400);
    expect(String(response.body['Message'])).toContain('dailyProfile.23 (23:00–24:00 UTC+8): must be 0–1000');
    expect(host.runScenario().journal).toEqual([]);
    expect(host.runUntil(3 * S).traceHash).toBe(pausedHost().runUntil(3 * S).traceHash);
  });
});
