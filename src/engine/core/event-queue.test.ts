import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue, nextCapacity } from './event-queue';

describe('EventQueue', () => {
  it('pops in (time, sequence) order: ties keep insertion order (seed 7)', () => {
    fc.assert(
      fc.property(
        // Few distinct times, so many events tie on time and must fall back to sequence.
        fc.array(fc.record({ time: fc.integer({ min: 0, max: 20 }), tag: fc.integer() }), { maxLength: 600 }),
        fc.integer({ min: 1, max: 64 }),
        (items, capacity) => {
          const q = new EventQueue(capacity);
          items.forEach((item, i) => q.push(item.time, 1, i, item.tag));
          const popped: { time: number; index: number; tag: number }[] = [];
          while (q.pop()) popped.push({ time: q.poppedTimeUs, index: q.poppedA, tag: q.poppedB });
          const expected = items.map((item, index) => ({ time: item.time, index, tag: item.tag })).sort((a, b) => a.time - b.time || a.index - b.index);
          expect(popped).toEqual(expected);
        },
      ),
      { seed: 7, numRuns: 300 },
    );
  });

  it('interleaves pushes and pops and stays ordered (seed 11)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 50 }), fc.constant(-1)), { maxLength: 800 }), (ops) => {
        const q = new EventQueue(16);
        let lastTime = -Infinity;
        let lastSeq = -1;
        let now = 0;
        for (const op of ops) {
          if (op === -1) {
            if (!q.pop()) continue;
            // Never earlier than the previous pop: (time, seq) is non-decreasing for a DES agenda.
            expect(q.poppedTimeUs > lastTime || (q.poppedTimeUs === lastTime && q.poppedSeq > lastSeq)).toBe(true);
            lastTime = q.poppedTimeUs;
            lastSeq = q.poppedSeq;
            now = q.poppedTimeUs;
          } else q.push(now + op, 2, 0, 0);
        }
      }),
      { seed: 11, numRuns: 300 },
    );
  });

  it('keeps ties in push order across the 32-bit sequence wrap', () => {
    const q = new EventQueue(16, 0xffff_fffa);
    for (let i = 0; i < 12; i++) q.push(100, 1, i, 0);
    q.push(50, 1, 99, 0);
    const order: number[] = [];
    while (q.pop()) order.push(q.poppedA);
    expect(order).toEqual([99, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('reports size, empty pops and the earliest time', () => {
    const q = new EventQueue();
    expect(q.pop()).toBe(false);
    expect(q.peekTimeUs()).toBe(Infinity);
    q.push(5, 1, 0, 0);
    q.push(3, 1, 0, 0);
    expect(q.size).toBe(2);
    expect(q.peekTimeUs()).toBe(3);
  });
});

describe('nextCapacity', () => {
  it('doubles small tables and grows large ones by an eighth, in whole 64 Ki blocks, always by at least one', () => {
    expect(nextCapacity(0)).toBe(16);
    expect(nextCapacity(1024)).toBe(2048);
    expect(nextCapacity((1 << 20) - 1)).toBe(2 * ((1 << 20) - 1));
    expect(nextCapacity(1 << 20)).toBe((1 << 20) + (1 << 17));
    const big = 2_031_616;
    const next = nextCapacity(big);
    expect(next % 65_536).toBe(0);
    expect(next).toBeGreaterThanOrEqual(big * 1.125);
    expect(next).toBeLessThan(big * 1.125 + 65_536);
  });
});
