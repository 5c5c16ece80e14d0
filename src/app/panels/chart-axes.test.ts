import { describe, expect, it } from 'vitest';
import { formatTicks, yAxisWidth } from './chart-axes';

describe('chart axis ticks (issue 13: axis labels cut off)', () => {
  it('writes small values in full and large ones compact, so labels stay short', () => {
    expect(formatTicks([0, 2_500, 9_999])).toEqual(['0', '2,500', '9,999']);
    expect(formatTicks([0, 10_000_000, 20_000_000])).toEqual(['0', '10M', '20M']);
    expect(formatTicks([0, 0.25, 0.5])).toEqual(['0', '0.25', '0.5']);
  });

  it('keeps every tick in full when compacting would make two read the same', () => {
    expect(formatTicks([1_000_000, 1_000_500, 1_001_000])).toEqual(['1,000,000', '1,000,500', '1,001,000']);
  });

  it('makes the y axis wider than its longest label, by the tick and the gap', () => {
    expect(yAxisWidth([10, 42.3, 7])).toBeGreaterThan(42.3 + 10 + 5);
    expect(yAxisWidth([])).toBeGreaterThan(0);
  });
});
