import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LcScheduler } from './lc';
import { NqScheduler } from './nq';
import { SedScheduler } from './sed';
import type { BackendView, Scheduler } from './types';

function view(weights: number[], active: number[], inactive: number[] = active.map(() => 0)): BackendView {
  return { weights: Int32Array.from(weights), active: Int32Array.from(active), inactive: Int32Array.from(inactive), version: 0 };
}

const lc = (w: number[], a: number[], i?: number[]): number => new LcScheduler().pick(view(w, a, i));
const sed = (w: number[], a: number[], i?: number[]): number => new SedScheduler().pick(view(w, a, i));
const nq = (w: number[], a: number[], i?: number[]): number => new NqScheduler().pick(view(w, a, i));

describe('LcScheduler (ip_vs_lc.c)', () => {
  it('picks the least overhead = active*256 + inactive, ignoring weight', () => {
    expect(lc([1, 1], [1, 0], [0, 255])).toBe(1); // 256 > 255
    expect(lc([1, 1], [1, 0], [0, 257])).toBe(0); // 256 < 257
    expect(lc([1, 100], [0, 1])).toBe(0); // weights do not scale the overhead
  });

  it('ties go to the earlier server; weight 0 is skipped', () => {
    expect(lc([1, 1], [1, 0], [0, 256])).toBe(0);
    expect(lc([0, 5, 5], [0, 3, 3])).toBe(1);
    expect(lc([0, 0], [0, 0])).toBe(-1);
  });
});

describe('SedScheduler (ip_vs_sed.c)', () => {
  it('picks the least (active + 1) / weight', () => {
    expect(sed([1, 3], [0, 0])).toBe(1); // 1/1 > 1/3 (wlc would tie at 0 and pick server 0)
    expect(sed([1, 3], [0, 2])).toBe(0); // 1/1 = 3/3: tie to the earlier
    expect(sed([1, 3], [0, 3])).toBe(0); // 1 < 4/3
    expect(sed([2, 5], [3, 8])).toBe(1); // 4/2 > 9/5
    expect(sed([2, 5], [3, 9])).toBe(0); // 4/2 = 10/5: tie to the earlier
  });

  it('ignores inactive connections; ties go to the earlier server; weight 0 is skipped', () => {
    expect(sed([1, 1], [1, 1], [0, 1000])).toBe(0);
    expect(sed([1, 1], [1, 1], [1000, 0])).toBe(0);
    expect(sed([0, 1], [0, 9])).toBe(1);
    expect(sed([0, 0], [0, 0])).toBe(-1);
  });
});

describe('NqScheduler (ip_vs_nq.c)', () => {
  it('returns the first usable idle server at once', () => {
    expect(nq([1, 3], [0, 0])).toBe(0); // sed would pick 1
    expect(nq([5, 1, 1], [4, 0, 0])).toBe(1);
    expect(nq([1, 1], [3, 0], [0, 99])).toBe(1); // idle means no active connections
    expect(nq([0, 1, 1], [0, 5, 0])).toBe(2); // a weight-0 server is never idle-picked
  });

  it('falls back to the SED rule when nobody is idle', () => {
    expect(nq([1, 3], [2, 2])).toBe(1); // 3/1 > 3/3
    expect(nq([1, 3], [1, 5])).toBe(0); // 2/1 = 6/3: tie to the earlier
    expect(nq([0, 0], [0, 0])).toBe(-1);
  });
});

describe('least-connection family', () => {
  it('never picks a weight-0 server and returns -1 only when none is usable (seed 99)', () => {
    const schedulers: Scheduler[] = [new LcScheduler(), new SedScheduler(), new NqScheduler()];
    const server = fc.record({ w: fc.integer({ min: 0, max: 5 }), a: fc.nat(20), i: fc.nat(20) });
    fc.assert(
      fc.property(fc.array(server, { maxLength: 8 }), (ss) => {
        const v = view(
          ss.map((s) => s.w),
          ss.map((s) => s.a),
          ss.map((s) => s.i),
        );
        const anyUsable = ss.some((s) => s.w > 0);
        for (const s of schedulers) {
          const got = s.pick(v, { clientIp: 0, clientPort: 0, vip: 0, vport: 0, quicCid: 0 });
          if (anyUsable) expect(ss[got]?.w).toBeGreaterThan(0);
          else expect(got).toBe(-1);
        }
      }),
      { seed: 99 },
    );
  });
});
