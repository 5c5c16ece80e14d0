/**
 * A running 64-bit hash (two 32-bit murmur3-style lanes) of every event the engine processes. Two
 * runs agree on it only if they processed the same events in the same order at the same times;
 * comparing hash logs finds the first divergent event.
 */
export class TraceHash {
  private h1 = 0x9747b28c;
  private h2 = 0x2f8b6a1d;

  update(timeUs: number, kind: number, a: number, b: number): void {
    // The time's low and high 32-bit words. `| 0` keeps the low 32 bits (ToInt32), as
    // `(timeUs % 2^32) | 0` does; below 2^32 µs (71 minutes) the high word is 0 without a
    // floating-point modulo, which is a slow call on the hottest path of the engine.
    const lo = timeUs | 0;
    const hi = timeUs >= 0 && timeUs < 0x1_0000_0000 ? 0 : ((timeUs - (timeUs % 0x1_0000_0000)) / 0x1_0000_0000) | 0;
    // The state stays in locals across the five words (one load and one store per lane).
    let h1 = this.h1;
    let h2 = this.h2;
    let k = mixWord(lo);
    h1 = lane1(h1, k);
    h2 = lane2(h2, k, h1);
    k = mixWord(hi);
    h1 = lane1(h1, k);
    h2 = lane2(h2, k, h1);
    k = mixWord(kind);
    h1 = lane1(h1, k);
    h2 = lane2(h2, k, h1);
    k = mixWord(a);
    h1 = lane1(h1, k);
    h2 = lane2(h2, k, h1);
    k = mixWord(b);
    h1 = lane1(h1, k);
    this.h2 = lane2(h2, k, h1);
    this.h1 = h1;
  }

  hex(): string {
    return (this.h1 >>> 0).toString(16).padStart(8, '0') + (this.h2 >>> 0).toString(16).padStart(8, '0');
  }

  getState(): [number, number] {
    return [this.h1, this.h2];
  }

  setState(state: readonly [number, number]): void {
    [this.h1, this.h2] = state;
  }
}

/** A word scrambled as murmur3 scrambles each block. */
function mixWord(word: number): number {
  const k = Math.imul(word, 0xcc9e2d51);
  return Math.imul((k << 15) | (k >>> 17), 0x1b873593);
}

/** The first lane after one scrambled word: murmur3's block step. */
function lane1(h1: number, k: number): number {
  const h = h1 ^ k;
  return (Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64) | 0;
}

/** The second lane after one scrambled word, given the first lane's new value. */
function lane2(h2: number, k: number, h1: number): number {
  const g = h2 ^ Math.imul(k ^ (k >>> 16), 0x85ebca6b);
  return (Math.imul((g << 17) | (g >>> 15), 0xc2b2ae35) + h1) | 0;
}
