import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from './latency';

describe('LatencyHistogram', () => {
  it('percentiles are within 5% of the exact values', () => {
    const h = new LatencyHistogram();
    for (let i = 1; i <= 10_000; i++) h.record(i * 100);
    for (const [p, exact] of [
      [50, 500_000],
      [95, 950_000],
      [99, 990_000],
    ] as const) {
      expect(h.percentileUs(p)).toBeGreaterThanOrEqual(exact);
      expect(h.percentileUs(p)).toBeLessThanOrEqual(exact * 1.05);
    }
  });

  it('is empty after reset', () => {
    const h = new LatencyHistogram();
    h.record(10);
    h.reset();
    expect(h.percentileUs(50)).toBe(0);
    expect(h.count).toBe(0);
  });
});
