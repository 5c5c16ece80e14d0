/**
 * A running 64-bit hash (two 32-bit murmur3-style lanes) of every event the engine processes. Two
 * runs agree on it only if they processed the same events in the same order at the same times;
 * comparing hash logs finds the first divergent event.
 */
export class TraceHash {
  private h1 = 0x9747b28c;
  private h2 = 0x2f8b6a1d;

  update(timeUs: number, kind: number, a: number, b: number): void {
    const lo = timeUs % 0x1_0000_0000;
    const hi = (timeUs - lo) / 0x1_0000_0000;
    this.mix(lo | 0);
    this.mix(hi | 0);
    this.mix(kind);
    this.mix(a);
    this.mix(b);
  }

  private mix(word: number): void {
    let k = Math.imul(word, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    let h = this.h1 ^ k;
    h = (h << 13) | (h >>> 19);
    this.h1 = (Math.imul(h, 5) + 0xe6546b64) | 0;
    let g = this.h2 ^ Math.imul(k ^ (k >>> 16), 0x85ebca6b);
    g = (g << 17) | (g >>> 15);
    this.h2 = (Math.imul(g, 0xc2b2ae35) + this.h1) | 0;
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
