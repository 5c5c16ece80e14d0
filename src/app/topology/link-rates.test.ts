import { describe, expect, it } from 'vitest';
import { formatBitRate, formatPacketRate, LinkRates, rateLabel, rateWidth } from './link-rates';

const links = (...rows: [number, number, number, number][]) => Float64Array.from(rows.flat());

describe('LinkRates', () => {
  it('turns cumulative per-link counters into packets and bits per simulated second, both directions of an edge together', () => {
    const r = new LinkRates();
    r.update(links([1, 2, 0, 0], [2, 1, 0, 0]), 0, 0);
    r.update(links([1, 2, 300, 300_000], [2, 1, 200, 100_000]), 500_000, 10_000); // 0.5 simulated s
    const pairs = [...r.pairs()];
    expect(pairs).toHaveLength(1);
    expect(pairs[0]).toMatchObject({ a: 1, b: 2 });
    expect(pairs[0]!.packetsPerS).toBeCloseTo(1000);
    expect(pairs[0]!.bitsPerS).toBeCloseTo(6.4e6);
  });

  it('holds the rates while paused and starts a new baseline after seeking back', () => {
    const r = new LinkRates();
    r.update(links([1, 2, 0, 0]), 0, 0);
    r.update(links([1, 2, 100, 0]), 1_000_000, 10_000);
    r.update(links([1, 2, 100, 0]), 1_000_000, 20_000); // paused: same time
    expect([...r.pairs()][0]!.packetsPerS).toBeCloseTo(100);
    r.update(links([1, 2, 150, 0]), 400_000, 30_000); // seeked back: counters keep growing, time went back
    expect([...r.pairs()][0]!.packetsPerS).toBeCloseTo(100);
    r.update(links([1, 2, 250, 0]), 600_000, 40_000); // 100 packets in 0.2 s, smoothed towards 500
    const pps = [...r.pairs()][0]!.packetsPerS;
    expect(pps).toBeGreaterThan(100);
    expect(pps).toBeLessThan(500);
  });

  it('forgets everything when the run restarted (counters fell)', () => {
    const r = new LinkRates();
    r.update(links([1, 2, 0, 0]), 0, 0);
    r.update(links([1, 2, 100, 0]), 1_000_000, 10_000);
    r.update(links([1, 2, 3, 0]), 10_000, 20_000);
    expect([...r.pairs()]).toHaveLength(0);
  });
});

describe('edge rate labels', () => {
  it('reads at a glance', () => {
    expect(formatPacketRate(850)).toBe('850 pkt/s');
    expect(formatPacketRate(12_499)).toBe('12k pkt/s');
    expect(formatPacketRate(1500)).toBe('1.5k pkt/s');
    expect(formatBitRate(3.44e6)).toBe('3.4 Mbit/s');
    expect(rateLabel({ a: 0, b: 1, packetsPerS: 2000, bitsPerS: 0 })).toBe('2.0k pkt/s');
    expect(rateLabel({ a: 0, b: 1, packetsPerS: 2000, bitsPerS: 8e6 })).toBe('2.0k pkt/s · 8.0 Mbit/s');
    expect(rateWidth(10_000)).toBeGreaterThan(rateWidth(100));
  });
});
