/**
 * Request latency histogram with logarithmic buckets (about 5% wide, from 1 µs to ~1 h), so
 * percentiles cost O(buckets) and memory stays fixed however many requests are recorded.
 */
const GROWTH = 1.05;
const BUCKETS = 460; // 1.05^460 µs ≈ 5.6e9 µs

export class LatencyHistogram {
  private readonly counts = new Float64Array(BUCKETS);
  count = 0;

  record(latencyUs: number): void {
    const bucket = latencyUs <= 1 ? 0 : Math.min(BUCKETS - 1, Math.ceil(Math.log(latencyUs) / Math.log(GROWTH)));
    this.counts[bucket] = (this.counts[bucket] as number) + 1;
    this.count++;
  }

  /** The upper bound (µs) of the bucket holding the p-th percentile (0 < p ≤ 100); 0 when empty. */
  percentileUs(p: number): number {
    if (this.count === 0) return 0;
    const rank = Math.ceil((p / 100) * this.count);
    let seen = 0;
    for (let b = 0; b < BUCKETS; b++) {
      seen += this.counts[b] as number;
      if (seen >= rank) return GROWTH ** b;
    }
    return GROWTH ** (BUCKETS - 1);
  }

  reset(): void {
    this.counts.fill(0);
    this.count = 0;
  }
}
