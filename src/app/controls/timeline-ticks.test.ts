import { describe, expect, it } from 'vitest';
import { tickLabel, tickTimes } from './Timeline';

describe('timeline ticks (issue 13)', () => {
  it('takes the first spacing that gives at most 8 ticks, from 0 to the horizon', () => {
    expect(tickTimes(5)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(tickTimes(60)).toEqual([0, 10, 20, 30, 40, 50, 60]);
    expect(tickTimes(600)).toEqual([0, 120, 240, 360, 480, 600]);
    for (const horizon of [1, 7, 33, 100, 1234, 86_400, 500_000]) expect(tickTimes(horizon).length).toBeLessThanOrEqual(9);
  });

  it('labels seconds, then minutes:seconds, then hours', () => {
    expect([tickLabel(0), tickLabel(45), tickLabel(90), tickLabel(3600), tickLabel(5430)]).toEqual(['0 s', '45 s', '1:30', '1:00:00', '1:30:30']);
  });
});
