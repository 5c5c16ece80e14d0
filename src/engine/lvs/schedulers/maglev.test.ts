import { describe, expect, it } from 'vitest';
import { DEFAULT_MAGLEV_TABLE_SIZE, MAGLEV_PRIMES, MaglevTable, type MaglevTableSize } from './maglev';
import type { BackendView } from './types';

type View = { -readonly [K in keyof BackendView]: BackendView[K] };

function view(weights: number[]): View {
  const n = weights.length;
  return { weights: Int32Array.from(weights), active: new Int32Array(n), inactive: new Int32Array(n), version: 0 };
}

/** Slots owned by each backend (lookup(slot) reads slot `slot % M` directly). */
function slotCounts(t: MaglevTable, n: number): number[] {
  const counts = new Array<number>(n).fill(0);
  for (let slot = 0; slot < t.size; slot++) {
    const b = t.lookup(slot);
    counts[b] = (counts[b] ?? 0) + 1;
  }
  return counts;
}

function built(weights: number[], size?: MaglevTableSize): MaglevTable {
  const t = new MaglevTable(size);
  t.sync(view(weights));
  return t;
}

describe('MaglevTable (ip_vs_mh.c)', () => {
  it('defaults to 4093 slots and accepts only the kernel primes', () => {
    expect(new MaglevTable().size).toBe(DEFAULT_MAGLEV_TABLE_SIZE);
    expect(DEFAULT_MAGLEV_TABLE_SIZE).toBe(4093);
    for (const p of MAGLEV_PRIMES) expect(new MaglevTable(p).size).toBe(p);
    expect(() => new MaglevTable(4096 as MaglevTableSize)).toThrow(RangeError);
  });

  it('equal weights: every slot is owned, shares differ by at most one slot', () => {
    for (const size of [251, 4093, 65521] as const) {
      const counts = slotCounts(built([1, 1, 1, 1, 1, 1, 1], size), 7);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(size);
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    }
  });

  it('weights are turns per round, normalised by their gcd', () => {
    const counts = slotCounts(built([20, 10, 0, 30]), 4);
    expect(counts[2]).toBe(0);
    // turns 2, 1, 3 per round of 6 slots: shares are exact up to the last partial round
    expect(Math.abs(counts[0]! - (4093 * 2) / 6)).toBeLessThanOrEqual(3);
    expect(Math.abs(counts[1]! - 4093 / 6)).toBeLessThanOrEqual(3);
    expect(Math.abs(counts[3]! - (4093 * 3) / 6)).toBeLessThanOrEqual(3);
  });

  it('shifts large weight ratios into IP_VS_MH_TAB_BITS bits (100:1 becomes 50:1 at M = 4093)', () => {
    const counts = slotCounts(built([100, 1]), 2);
    // 80 full rounds of 51 slots, then A takes the last 13 (unshifted, B would get only 40)
    expect(counts[1]).toBe(Math.floor(4093 / 51));
  });

  it('holds only usable backends and answers -1 when there are none', () => {
    const counts = slotCounts(built([0, 3, 0, 3]), 4);
    expect(counts[0]).toBe(0);
    expect(counts[2]).toBe(0);
    expect(built([0, 0]).lookup(12345)).toBe(-1);
    expect(built([]).lookup(12345)).toBe(-1);
  });

  it('rebuilds only when the view version changes', () => {
    const t = new MaglevTable(251);
    const v = view([1, 1]);
    t.sync(v);
    const before = slotCounts(t, 2);
    v.weights[0] = 0; // not announced: the table is kept
    t.sync(v);
    expect(slotCounts(t, 2)).toEqual(before);
    v.version++;
    t.sync(v);
    expect(slotCounts(t, 2)).toEqual([0, 251]);
  });

  it('is deterministic: two tables over the same weights are identical', () => {
    const a = built([3, 1, 4, 1, 5], 1021);
    const b = built([3, 1, 4, 1, 5], 1021);
    for (let slot = 0; slot < 1021; slot++) expect(a.lookup(slot)).toBe(b.lookup(slot));
  });
});
