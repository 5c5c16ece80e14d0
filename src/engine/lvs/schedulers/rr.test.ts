import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RrScheduler } from './rr';
import type { BackendView } from './types';

function view(weights: number[]): { -readonly [K in keyof BackendView]: BackendView[K] } {
  const n = weights.length;
  return { weights: Int32Array.from(weights), active: new Int32Array(n), inactive: new Int32Array(n), version: 0 };
}

describe('RrScheduler (ip_vs_rr.c)', () => {
  it('rotates through the servers in list order, ignoring weights otherwise', () => {
    const s = new RrScheduler();
    const v = view([5, 1, 3]);
    expect([0, 1, 2, 3, 4, 5, 6].map(() => s.pick(v))).toEqual([0, 1, 2, 0, 1, 2, 0]);
  });

  it('skips weight-0 servers', () => {
    const s = new RrScheduler();
    const v = view([1, 0, 1, 0]);
    expect([0, 1, 2, 3, 4].map(() => s.pick(v))).toEqual([0, 2, 0, 2, 0]);
  });

  it('continues after the last pick when weights change', () => {
    const s = new RrScheduler();
    const v = view([1, 1, 1, 1]);
    expect([s.pick(v), s.pick(v)]).toEqual([0, 1]);
    v.weights[2] = 0;
    v.version++;
    expect([s.pick(v), s.pick(v), s.pick(v)]).toEqual([3, 0, 1]);
  });

  it('returns -1 when no server is usable', () => {
    expect(new RrScheduler().pick(view([0, 0]))).toBe(-1);
    expect(new RrScheduler().pick(view([]))).toBe(-1);
  });

  it('visits the usable servers in cyclic order (seed 7)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 10 }), (ws) => {
        const usable = ws.flatMap((w, i) => (w > 0 ? [i] : []));
        const s = new RrScheduler();
        const v = view(ws);
        const got = Array.from({ length: 3 * ws.length }, () => s.pick(v));
        const want = usable.length === 0 ? got.map(() => -1) : got.map((_, k) => usable[k % usable.length]);
        expect(got).toEqual(want);
      }),
      { seed: 7 },
    );
  });
});
