import { describe, expect, it } from 'vitest';
import { TraceHash } from './trace-hash';

describe('TraceHash', () => {
  const hashOf = (events: [number, number, number, number][]): string => {
    const h = new TraceHash();
    for (const [t, k, a, b] of events) h.update(t, k, a, b);
    return h.hex();
  };

  it('is a 16-hex-digit digest that depends on every field and on order', () => {
    const base: [number, number, number, number][] = [
      [10, 1, 2, 3],
      [20, 2, 3, 4],
    ];
    const digest = hashOf(base);
    expect(digest).toMatch(/^[0-9a-f]{16}$/);
    expect(hashOf(base)).toBe(digest);
    expect(hashOf([[11, 1, 2, 3], base[1]!])).not.toBe(digest);
    expect(hashOf([[10, 9, 2, 3], base[1]!])).not.toBe(digest);
    expect(hashOf([[10, 1, 9, 3], base[1]!])).not.toBe(digest);
    expect(hashOf([[10, 1, 2, 9], base[1]!])).not.toBe(digest);
    expect(hashOf([base[1]!, base[0]!])).not.toBe(digest);
  });

  it('distinguishes times beyond 32 bits', () => {
    expect(hashOf([[2 ** 33, 1, 0, 0]])).not.toBe(hashOf([[2 ** 34, 1, 0, 0]]));
  });
});
