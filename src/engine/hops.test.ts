import { describe, expect, it } from 'vitest';
import { HopBuffer, HOP_FIELDS } from './hops';

const conns = (flat: Float64Array) => Array.from({ length: flat.length / HOP_FIELDS }, (_, k) => flat[k * HOP_FIELDS + 5]);

describe('HopBuffer', () => {
  it('drains hops oldest first', () => {
    const b = new HopBuffer(10);
    for (let i = 1; i <= 5; i++) b.hop(0, 1, i, i + 1, 4, i, 0);
    expect(conns(b.drain())).toEqual([1, 2, 3, 4, 5]);
    expect(b.drain().length).toBe(0);
  });

  it('when full, overwrites the oldest and counts them as dropped', () => {
    const b = new HopBuffer(4);
    for (let i = 1; i <= 7; i++) b.hop(0, 1, i, i + 1, 4, i, 0);
    expect(b.dropped).toBe(3);
    expect(b.connOf(0)).toBe(7);
    expect(b.connOf(3)).toBe(4);
    expect(conns(b.drain())).toEqual([4, 5, 6, 7]);
  });

  it('grows up to its cap without losing order', () => {
    const b = new HopBuffer(5000);
    for (let i = 1; i <= 3000; i++) b.hop(0, 1, i, i + 1, 4, i, 0);
    const out = conns(b.drain());
    expect(out).toHaveLength(3000);
    expect(out[0]).toBe(1);
    expect(out[2999]).toBe(3000);
  });
});
