import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BackendView } from './types';
import { WrrScheduler } from './wrr';

function view(weights: number[]): BackendView {
  const n = weights.length;
  return { weights: Int32Array.from(weights), active: new Int32Array(n), inactive: new Int32Array(n), version: 0 };
}

function picks(weights: number[], count: number): number[] {
  const s = new WrrScheduler();
  const v = view(weights);
  return Array.from({ length: count }, () => s.pick(v));
}

describe('WrrScheduler (ip_vs_wrr.c)', () => {
  it('weights A=4, B=3, C=2 give A A B A B C A B C A', () => {
    expect(picks([4, 3, 2], 10)).toEqual([0, 0, 1, 0, 1, 2, 0, 1, 2, 0]);
  });

  it('never picks a weight-0 server', () => {
    expect(picks([0, 2, 0, 1], 12)).toEqual([1, 1, 3, 1, 1, 3, 1, 1, 3, 1, 1, 3]);
  });

  it('returns -1 when every weight is 0', () => {
    expect(picks([0, 0, 0], 3)).toEqual([-1, -1, -1]);
    expect(picks([], 1)).toEqual([-1]);
  });

  it('one cycle of sum(w)/gcd picks serves each server w/gcd times, never a weight-0 one (seed 42)', () => {
    const weights = fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(weights, (ws) => {
        const usable = ws.filter((w) => w > 0);
        if (usable.length === 0) return picks(ws, 2).every((i) => i === -1);
        const g = usable.reduce((a, b) => gcdOf(a, b));
        const cycle = usable.reduce((a, b) => a + b, 0) / g;
        const counts = new Array<number>(ws.length).fill(0);
        for (const i of picks(ws, cycle)) counts[i] = (counts[i] ?? 0) + 1;
        return counts.every((c, i) => c === (ws[i] ?? 0) / g);
      }),
      { seed: 42 },
    );
  });
});

function gcdOf(a: number, b: number): number {
  return b === 0 ? a : gcdOf(b, a % b);
}
