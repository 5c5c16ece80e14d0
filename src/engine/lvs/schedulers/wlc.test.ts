import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BackendView } from './types';
import { WlcScheduler } from './wlc';

function view(weights: number[], active: number[], inactive: number[]): BackendView {
  return { weights: Int32Array.from(weights), active: Int32Array.from(active), inactive: Int32Array.from(inactive), version: 0 };
}

const pick = (w: number[], a: number[], i: number[]): number => new WlcScheduler().pick(view(w, a, i));

describe('WlcScheduler (ip_vs_wlc.c)', () => {
  it('picks the least overhead/weight with overhead = active*256 + inactive (weights 100, 50)', () => {
    expect(pick([100, 50], [0, 0], [0, 0])).toBe(0); // 0 vs 0: tie, earlier server
    expect(pick([100, 50], [2, 1], [0, 0])).toBe(0); // 512/100 = 256/50: tie, earlier server
    expect(pick([100, 50], [2, 1], [0, 1])).toBe(0); // 5.12 < 5.14
    expect(pick([100, 50], [2, 1], [1, 0])).toBe(1); // 5.13 > 5.12
    expect(pick([100, 50], [3, 1], [0, 0])).toBe(1); // 7.68 > 5.12
    expect(pick([100, 50], [1, 0], [0, 129])).toBe(0); // 2.56 < 2.58: inactive connections count too
    expect(pick([100, 50], [1, 0], [0, 127])).toBe(1); // 2.56 > 2.54
  });

  it('ties go to the earlier server, in any position', () => {
    expect(pick([1, 2, 4], [4, 8, 16], [0, 0, 0])).toBe(0);
    expect(pick([3, 1, 2], [9, 2, 4], [0, 0, 0])).toBe(1); // 2304/3 = 768 > 512/1 = 1024/2: 1 and 2 tie
  });

  it('equal ratios from different weights tie (256/3 = 512/6) and go to the earlier server', () => {
    expect(pick([3, 6], [1, 2], [0, 0])).toBe(0);
    expect(pick([6, 3], [2, 1], [0, 0])).toBe(0);
  });

  it('skips weight-0 servers and returns -1 when none is usable', () => {
    expect(pick([0, 1], [0, 50], [0, 50])).toBe(1);
    expect(pick([0, 0], [0, 0], [0, 0])).toBe(-1);
  });

  it('agrees with an exact rational reference (seed 1234)', () => {
    const server = fc.record({
      w: fc.integer({ min: 0, max: 100 }),
      a: fc.integer({ min: 0, max: 1 << 20 }),
      i: fc.integer({ min: 0, max: 1 << 20 }),
    });
    fc.assert(
      fc.property(fc.array(server, { minLength: 1, maxLength: 8 }), (ss) => {
        let best = -1;
        for (let k = 0; k < ss.length; k++) {
          const s = ss[k]!;
          if (s.w === 0) continue;
          const b = ss[best];
          const oh = (x: { a: number; i: number }): bigint => BigInt(x.a) * 256n + BigInt(x.i);
          if (b === undefined || oh(s) * BigInt(b.w) < oh(b) * BigInt(s.w)) best = k;
        }
        expect(
          pick(
            ss.map((s) => s.w),
            ss.map((s) => s.a),
            ss.map((s) => s.i),
          ),
        ).toBe(best);
      }),
      { seed: 1234 },
    );
  });
});
