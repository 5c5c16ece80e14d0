import { HOP_FIELDS } from '../worker/protocol';
import { DisplayChains, type DilationParams } from './dilation';

/** Past this many held hops the feed keeps only every second connection (then every fourth, …). */
const DEFAULT_CAP = 40_000;

/**
 * Dots in flight, outside React: frames append hops here and the canvas overlay reads them every
 * animation frame. A hop is held as (from, to, display start, display end, type, connection,
 * listener): its engine departure and arrival become the interval it is drawn over, stretched by
 * the visual time dilation (see dilation.ts). Hops whose display has ended are compacted away, so
 * the buffer holds only what can still be drawn.
 *
 * When more hops would be held than `cap`, the feed samples: it keeps only connections whose
 * number is a multiple of `sample` (a power of two), and one in `sample` of the hops of no
 * connection. Whole connections stay, so a sampled dot still walks its whole path.
 */
export class HopFeed {
  data = new Float64Array(HOP_FIELDS * 4096);
  count = 0;
  /** Keep one connection in `sample` (1: every hop). */
  sample = 1;
  cap = DEFAULT_CAP;
  readonly chains = new DisplayChains();
  private params: DilationParams = { minUs: 0, maxLagUs: 0 };
  /** The largest minimum the held hops were placed with: a much smaller one means the run slowed down. */
  private placedMinUs = 0;
  private unowned = 0;
  private compactions = 0;

  /**
   * The dilation for hops appended from now on. When the minimum falls to under a quarter of what
   * held hops were placed with (the speed was lowered), they would crawl for a long time at the
   * new speed: the feed starts afresh.
   */
  setDilation(params: DilationParams): void {
    this.params = params;
    if (params.minUs * 4 < this.placedMinUs) this.clear();
    else this.placedMinUs = Math.max(this.placedMinUs, params.minUs);
  }

  get dilation(): DilationParams {
    return this.params;
  }

  append(hops: Float64Array): void {
    const incoming = hops.length / HOP_FIELDS;
    // A batch far larger than can be drawn (a worker frame at high speed) is sampled before any
    // work is spent on it: placing 200,000 hops would block the page for a frame or more.
    while (incoming > (this.cap / 4) * this.sample) this.sample *= 2;
    if ((this.count + incoming) * HOP_FIELDS > this.data.length) {
      const next = new Float64Array(Math.max(this.data.length * 2, (this.count + incoming) * HOP_FIELDS * 2));
      next.set(this.data.subarray(0, this.count * HOP_FIELDS));
      this.data = next;
    }
    const d = this.data;
    const sample = this.sample;
    for (let i = 0; i < incoming; i++) {
      const s = i * HOP_FIELDS;
      const conn = hops[s + 5] as number;
      if (sample > 1 && (conn > 0 ? conn % sample !== 0 : this.unowned++ % sample !== 0)) continue;
      const o = this.count * HOP_FIELDS;
      d[o] = hops[s] as number;
      d[o + 1] = hops[s + 1] as number;
      this.chains.place(conn, d[o] as number, d[o + 1] as number, hops[s + 2] as number, hops[s + 3] as number, this.params, d, o + 2);
      d[o + 4] = hops[s + 4] as number;
      d[o + 5] = conn;
      d[o + 6] = hops[s + 6] as number;
      this.count++;
    }
  }

  /**
   * Drops hops whose display has ended by `timeUs`, and adjusts the sampling to the cap. Moving the
   * held hops costs more than skipping the ended ones, so it runs every fourth call unless the feed
   * is over its cap or `now` is set (the overlay skips hops outside their interval anyway).
   */
  compact(timeUs: number, now = false): void {
    if (++this.compactions % 4 !== 0 && this.count <= this.cap && !now) return;
    this.keepShownAt(timeUs);
    if (this.count > this.cap) {
      this.sample *= 2;
      this.keepSampled(this.sample);
    } else if (this.sample > 1 && this.count * 8 < this.cap) this.sample /= 2;
    if (this.compactions % 32 === 0) this.chains.prune(timeUs - this.params.maxLagUs - this.params.minUs);
  }

  // Two loops rather than one taking a predicate: a call site that sees two closures gets deoptimised
  // and recompiled, and on a small machine that compile work competes with the page.

  /** Keeps the hops whose display has not ended by `timeUs`. */
  private keepShownAt(timeUs: number): void {
    const d = this.data;
    let kept = 0;
    for (let i = 0; i < this.count; i++) {
      if ((d[i * HOP_FIELDS + 3] as number) < timeUs) continue;
      if (kept !== i) this.move(i, kept);
      kept++;
    }
    this.count = kept;
  }

  /** Keeps connections whose number is a multiple of `sample`, and one in `sample` hops of no connection (by position). */
  private keepSampled(sample: number): void {
    const d = this.data;
    let kept = 0;
    for (let i = 0; i < this.count; i++) {
      const conn = d[i * HOP_FIELDS + 5] as number;
      if (conn > 0 ? conn % sample !== 0 : i % sample !== 0) continue;
      if (kept !== i) this.move(i, kept);
      kept++;
    }
    this.count = kept;
  }

  private move(from: number, to: number): void {
    const d = this.data;
    for (let f = 0; f < HOP_FIELDS; f++) d[to * HOP_FIELDS + f] = d[from * HOP_FIELDS + f] as number;
  }

  clear(): void {
    this.count = 0;
    this.chains.clear();
    this.placedMinUs = this.params.minUs;
  }
}

export const hopFeed = new HopFeed();
