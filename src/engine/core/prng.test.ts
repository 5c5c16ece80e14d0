import { describe, expect, it } from 'vitest';
import { RandomStream } from './prng';

const draw = (stream: RandomStream, n: number): number[] => Array.from({ length: n }, () => stream.nextU32());

describe('RandomStream', () => {
  it('is reproducible for the same seed and name', () => {
    expect(draw(new RandomStream(42, 'traffic'), 100)).toEqual(draw(new RandomStream(42, 'traffic'), 100));
  });

  it('gives independent sequences per name and per seed', () => {
    const base = draw(new RandomStream(42, 'traffic'), 50);
    expect(draw(new RandomStream(42, 'backend'), 50)).not.toEqual(base);
    expect(draw(new RandomStream(43, 'traffic'), 50)).not.toEqual(base);
  });

  it('drawing from one stream does not shift another', () => {
    const a1 = new RandomStream(9, 'a');
    const b1 = new RandomStream(9, 'b');
    const a2 = new RandomStream(9, 'a');
    const b2 = new RandomStream(9, 'b');
    draw(a1, 1000); // extra draws on stream a only
    expect(draw(b1, 20)).toEqual(draw(b2, 20));
    void a2;
  });

  it('is roughly uniform and has the right exponential mean', () => {
    const s = new RandomStream(1, 'stats');
    const n = 200_000;
    let sum = 0;
    let expSum = 0;
    let outOfRange = 0;
    for (let i = 0; i < n; i++) {
      const u = s.next();
      if (!(u >= 0 && u < 1)) outOfRange++;
      sum += u;
      expSum += s.exponential(10);
    }
    expect(outOfRange).toBe(0);
    expect(sum / n).toBeCloseTo(0.5, 2);
    expect(expSum / n).toBeGreaterThan(9.8);
    expect(expSum / n).toBeLessThan(10.2);
  });

  it('restores a saved state exactly', () => {
    const s = new RandomStream(5, 'x');
    draw(s, 10);
    const saved = s.getState();
    const next = draw(s, 10);
    s.setState(saved);
    expect(draw(s, 10)).toEqual(next);
  });
});
