import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHUNK_BYTES, packArray } from './packed-array';

function bytesOf(array: ArrayBufferView): number[] {
  return [...new Uint8Array(array.buffer, array.byteOffset, array.byteLength)];
}

describe('packed arrays (checkpoint tables)', () => {
  it('unpack gives back the exact bits: −0, NaN, bigints, odd lengths', () => {
    const floats = new Float64Array(CHUNK_BYTES / 8 + 3).fill(-0);
    floats[5] = NaN;
    floats[CHUNK_BYTES / 8 + 1] = 1.5;
    const back = packArray(floats, undefined).unpack() as Float64Array;
    expect(back).toBeInstanceOf(Float64Array);
    expect(bytesOf(back)).toEqual(bytesOf(floats));
    expect(Object.is(back[0], -0)).toBe(true);

    const big = new BigInt64Array(10).fill(-7n);
    expect(bytesOf(packArray(big, undefined).unpack())).toEqual(bytesOf(big));

    const odd = Uint8Array.from({ length: 4097 }, (_, i) => i % 7);
    expect(bytesOf(packArray(odd, undefined).unpack())).toEqual(bytesOf(odd));
  });

  it('a chunk of one repeated value is stored as that value; a repeating pattern of bytes is not mistaken for one', () => {
    const zeros = new Int32Array(4 * (CHUNK_BYTES / 4));
    const stats = { copiedBytes: 0 };
    packArray(zeros, undefined, stats);
    expect(stats.copiedBytes).toBe(0);

    const pattern = Uint8Array.from({ length: CHUNK_BYTES }, (_, i) => [1, 2, 3, 4][i % 4]!); // every word equal, bytes not
    const packed = packArray(pattern, undefined, stats);
    expect(stats.copiedBytes).toBe(CHUNK_BYTES);
    expect(bytesOf(packed.unpack())).toEqual(bytesOf(pattern));

    const filled = new Int16Array(CHUNK_BYTES).fill(-1); // two chunks of −1
    const again = { copiedBytes: 0 };
    expect(bytesOf(packArray(filled, undefined, again).unpack())).toEqual(bytesOf(filled));
    expect(again.copiedBytes).toBe(0);
  });

  it('packed against the previous pack of the same array, only changed chunks are copied', () => {
    const table = Float64Array.from({ length: (8 * CHUNK_BYTES) / 8 }, (_, i) => i + 0.5);
    const first = packArray(table, undefined);
    table[3 * (CHUNK_BYTES / 8) + 17] = -1;
    const stats = { copiedBytes: 0 };
    const second = packArray(table, first, stats);
    expect(stats.copiedBytes).toBe(CHUNK_BYTES);
    const shared = second.chunks.filter((chunk, i) => chunk === first.chunks[i]).length;
    expect(shared).toBe(7);
    expect(bytesOf(second.unpack())).toEqual(bytesOf(table));
    expect(bytesOf(first.unpack())).not.toEqual(bytesOf(table)); // the earlier pack kept its own contents
  });

  it('round-trips any array, packed alone or against an earlier version of it', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('f64', 'i32', 'u16', 'u8'),
        fc.array(fc.oneof(fc.constant(0), fc.integer({ min: -3, max: 3 }), fc.double()), { maxLength: 40_000 }),
        fc.array(fc.nat(), { maxLength: 5 }),
        (type, values, edits) => {
          const make = { f64: Float64Array, i32: Int32Array, u16: Uint16Array, u8: Uint8Array }[type];
          const array = new make(values.length);
          values.forEach((v, i) => (array[i] = v));
          const before = packArray(array, undefined);
          for (const e of edits) if (array.length > 0) array[e % array.length] = (array[e % array.length] as number) + 1;
          const after = packArray(array, before);
          expect(bytesOf(after.unpack())).toEqual(bytesOf(array));
        },
      ),
      { numRuns: 60 },
    );
  });
});
