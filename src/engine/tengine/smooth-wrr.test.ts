import { describe, expect, it } from 'vitest';
import { SmoothWrr } from './smooth-wrr';

describe('smooth weighted round-robin (nginx)', () => {
  it('weights {5,1,1} pick a a b a c a a, then repeat', () => {
    const wrr = new SmoothWrr(3);
    const picks = Array.from({ length: 14 }, () => 'abc'[wrr.pick([5, 1, 1])]).join(' ');
    expect(picks).toBe('a a b a c a a a a b a c a a');
  });

  it('gives each peer its weight share over one cycle and never picks a peer of weight 0', () => {
    const wrr = new SmoothWrr(4);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 70; i++) counts[wrr.pick([3, 0, 2, 2])]! += 1;
    expect(counts).toEqual([30, 0, 20, 20]);
  });

  it('skips peers that are not usable and answers -1 when none is', () => {
    const wrr = new SmoothWrr(2);
    expect([wrr.pick([1, 1], (i) => i === 1), wrr.pick([1, 1], (i) => i === 1)]).toEqual([1, 1]);
    expect(wrr.pick([1, 1], () => false)).toBe(-1);
    expect(wrr.pick([0, 0])).toBe(-1);
  });

  it('breaks ties by the first peer, as nginx does', () => {
    const wrr = new SmoothWrr(3);
    expect(wrr.pick([1, 1, 1])).toBe(0);
    expect(wrr.pick([1, 1, 1])).toBe(1);
    expect(wrr.pick([1, 1, 1])).toBe(2);
  });
});
