/**
 * 32-bit MurmurHash3 (x86_32) over one to three 32-bit words, written out per arity so hashing a
 * flow key in `pick()` allocates nothing. The kernel's `ip_vs_mh.c` uses hsiphash with fixed keys;
 * any well-mixed 32-bit hash gives Maglev the same properties, and murmur3's finaliser (fmix32)
 * makes every input bit affect every output bit, which `% M` needs.
 */

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

/** One murmur3 body round: scramble word `k` and fold it into state `h`. */
export function round(h: number, k: number): number {
  k = Math.imul(k, C1);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, C2);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** murmur3 finaliser (fmix32); returns an unsigned 32-bit integer. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** murmur3_32 of the 4-byte message `a`. */
export function hash1(a: number, seed: number): number {
  return fmix32(round(seed, a) ^ 4);
}

/** murmur3_32 of the 8-byte message `a, b`. */
export function hash2(a: number, b: number, seed: number): number {
  return fmix32(round(round(seed, a), b) ^ 8);
}

/** murmur3_32 of the 12-byte message `a, b, c`. */
export function hash3(a: number, b: number, c: number, seed: number): number {
  return fmix32(round(round(round(seed, a), b), c) ^ 12);
}
