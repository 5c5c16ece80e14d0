import { HOP_FIELDS } from '../worker/protocol';

/**
 * Dots in flight, outside React: frames append hops here and the canvas overlay reads them every
 * animation frame. Hops whose arrival time has passed are compacted away, so the buffer holds
 * only what can still be drawn.
 */
export class HopFeed {
  data = new Float64Array(HOP_FIELDS * 4096);
  count = 0;

  append(hops: Float64Array): void {
    const incoming = hops.length / HOP_FIELDS;
    if ((this.count + incoming) * HOP_FIELDS > this.data.length) {
      const next = new Float64Array(Math.max(this.data.length * 2, (this.count + incoming) * HOP_FIELDS * 2));
      next.set(this.data.subarray(0, this.count * HOP_FIELDS));
      this.data = next;
    }
    this.data.set(hops, this.count * HOP_FIELDS);
    this.count += incoming;
  }

  /** Drops hops that have arrived by `timeUs`. */
  compact(timeUs: number): void {
    const d = this.data;
    let kept = 0;
    for (let i = 0; i < this.count; i++) {
      const o = i * HOP_FIELDS;
      if ((d[o + 3] as number) < timeUs) continue;
      if (kept !== i) d.copyWithin(kept * HOP_FIELDS, o, o + HOP_FIELDS);
      kept++;
    }
    this.count = kept;
  }

  clear(): void {
    this.count = 0;
  }
}

export const hopFeed = new HopFeed();
