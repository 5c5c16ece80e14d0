import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TimerHeap } from './timer-heap';

type Op = { op: 'set'; key: number; time: number } | { op: 'cancel'; key: number } | { op: 'fire' } | { op: 'grow'; by: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  // Few keys and few distinct times: many moves of an existing timer and many ties on time.
  { weight: 5, arbitrary: fc.record({ op: fc.constant('set' as const), key: fc.integer({ min: 0, max: 40 }), time: fc.integer({ min: 0, max: 30 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('cancel' as const), key: fc.integer({ min: 0, max: 40 }) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('fire' as const) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('grow' as const), by: fc.integer({ min: 1, max: 30 }) }) },
);

/** The earliest (time, key) of a reference map of pending timers. */
function earliest(model: Map<number, number>): [number, number] | undefined {
  let best: [number, number] | undefined;
  for (const [key, time] of model) if (!best || time < best[1] || (time === best[1] && key < best[0])) best = [key, time];
  return best;
}

describe('TimerHeap', () => {
  it('matches a reference map under random set / move / cancel / fire, firing in (time, key) order (seed 17)', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 500 }), (ops) => {
        let capacity = 11;
        const heap = new TimerHeap(capacity);
        const model = new Map<number, number>();
        for (const op of ops) {
          if (op.op === 'grow') {
            capacity += op.by;
            heap.ensureCapacity(capacity);
          } else if (op.op === 'set' && op.key < capacity) {
            heap.set(op.key, op.time);
            model.set(op.key, op.time);
          } else if (op.op === 'cancel' && op.key < capacity) {
            heap.cancel(op.key);
            model.delete(op.key);
          } else if (op.op === 'fire') {
            const expected = earliest(model);
            expect(heap.peekTimeUs()).toBe(expected ? expected[1] : Infinity);
            if (!expected) continue;
            expect(heap.peekKey()).toBe(expected[0]);
            heap.cancel(expected[0]);
            model.delete(expected[0]);
          }
          expect(heap.size).toBe(model.size);
          for (let key = 0; key < capacity; key++) expect(heap.timeOf(key)).toBe(model.get(key) ?? Infinity);
        }
      }),
      { seed: 17, numRuns: 300 },
    );
  });

  it('cancelling a deep timer lifts the last one above a larger parent', () => {
    const heap = new TimerHeap(16);
    // Inserted already in heap order, slot = key: 1 / 2 50 / 3 4 60 70 / 5.
    [1, 2, 50, 3, 4, 60, 70, 5].forEach((time, key) => heap.set(key, time));
    heap.cancel(5); // the last timer (key 7, time 5) takes slot 5, under key 2 (time 50)
    for (let key = 8; key < 16; key++) heap.set(key, 100 + key); // later timers keep it from being last
    const order: number[] = [];
    while (heap.size > 0) {
      order.push(heap.peekTimeUs());
      heap.cancel(heap.peekKey());
    }
    expect(order).toEqual([1, 2, 3, 4, 5, 50, 70, 108, 109, 110, 111, 112, 113, 114, 115]);
  });

  it('holds one timer per key: setting it again moves it instead of adding another', () => {
    const heap = new TimerHeap(4);
    heap.set(2, 50);
    heap.set(2, 10);
    heap.set(2, 70);
    heap.set(1, 60);
    expect(heap.size).toBe(2);
    expect([heap.peekKey(), heap.peekTimeUs()]).toEqual([1, 60]);
    heap.cancel(1);
    expect([heap.peekKey(), heap.peekTimeUs()]).toEqual([2, 70]);
    heap.cancel(2);
    heap.cancel(2);
    expect(heap.size).toBe(0);
    expect(heap.peekTimeUs()).toBe(Infinity);
  });
});
