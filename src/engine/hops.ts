/**
 * Where the engine reports each packet hop for animation: (from node, to node, departure and
 * arrival in simulated µs, packet type, connection serial, listener index, and the packet's size in
 * bytes when the caller knows it, else 0). The browser worker records them into typed arrays;
 * headless runs pass no recorder and pay nothing.
 */
export interface HopRecorder {
  hop(from: number, to: number, departUs: number, arriveUs: number, packetType: number, connSerial: number, listener: number, bytes?: number): void;
}

/** Fields per link in `LinkCounters.snapshot()`: from node, to node, packets, bytes (cumulative). */
export const LINK_FIELDS = 4;

/**
 * Packets and bytes per directed link since the recorder was made, counted for every hop,
 * including those a bounded buffer later drops: edge rates stay exact when dots cannot keep up.
 */
export class LinkCounters {
  private readonly slotOf = new Map<number, number>();
  private data = new Float64Array(LINK_FIELDS * 64);
  count = 0;

  add(from: number, to: number, bytes: number): void {
    const key = from * 65_536 + to;
    let slot = this.slotOf.get(key);
    if (slot === undefined) {
      slot = this.count++;
      this.slotOf.set(key, slot);
      if (this.count * LINK_FIELDS > this.data.length) {
        const next = new Float64Array(this.data.length * 2);
        next.set(this.data);
        this.data = next;
      }
      this.data[slot * LINK_FIELDS] = from;
      this.data[slot * LINK_FIELDS + 1] = to;
    }
    const o = slot * LINK_FIELDS;
    const d = this.data;
    d[o + 2] = (d[o + 2] as number) + 1;
    d[o + 3] = (d[o + 3] as number) + bytes;
  }

  /** A copy: LINK_FIELDS numbers per link, in the order links were first used. */
  snapshot(): Float64Array {
    return this.data.slice(0, this.count * LINK_FIELDS);
  }
}

/** Fields per hop in a flat Float64Array frame. */
export const HOP_FIELDS = 7;

/**
 * A bounded buffer of hops, drained once per frame. When the UI falls behind and the buffer is
 * full, the oldest hops are overwritten: the newest are the ones still worth drawing. 60,000 hops
 * (3.4 MB) is already twelve times the UI's default dot budget: a larger frame only costs the page
 * a long task to receive and collect, and the UI samples it anyway; edge rates come from the link
 * counters, which count every hop.
 */
export class HopBuffer implements HopRecorder {
  private data: Float64Array;
  /** Index of the oldest hop (when the buffer has wrapped). */
  private start = 0;
  count = 0;
  /** Hops overwritten before they were drained. */
  dropped = 0;
  /** Every hop counted per link, dropped or not. */
  readonly links = new LinkCounters();

  constructor(private readonly maxHops = 60_000) {
    this.data = new Float64Array(HOP_FIELDS * Math.min(1024, maxHops));
  }

  hop(from: number, to: number, departUs: number, arriveUs: number, packetType: number, connSerial: number, listener: number, bytes = 0): void {
    this.links.add(from, to, bytes);
    if (this.count === this.capacity && this.capacity < this.maxHops) this.growTo(Math.min(this.maxHops, this.capacity * 2));
    let slot: number;
    if (this.count < this.capacity) slot = (this.start + this.count++) % this.capacity;
    else {
      slot = this.start;
      this.start = (this.start + 1) % this.capacity;
      this.dropped++;
    }
    let o = slot * HOP_FIELDS;
    const d = this.data;
    d[o++] = from;
    d[o++] = to;
    d[o++] = departUs;
    d[o++] = arriveUs;
    d[o++] = packetType;
    d[o++] = connSerial;
    d[o] = listener;
  }

  private get capacity(): number {
    return this.data.length / HOP_FIELDS;
  }

  private growTo(hops: number): void {
    const next = new Float64Array(hops * HOP_FIELDS);
    this.ordered(next);
    this.data = next;
    this.start = 0;
  }

  /**
   * The held hops, oldest first, as one contiguous copy: in `into` when it has room (a view over
   * its start), else in a new array of the buffer's whole capacity, so the same array can hold any
   * later drain when it comes back (see SimHost.ack).
   */
  private ordered(into?: Float64Array): Float64Array {
    const length = this.count * HOP_FIELDS;
    const out = into && into.length >= length ? into.subarray(0, length) : new Float64Array(this.data.length).subarray(0, length);
    const first = this.data.subarray(this.start * HOP_FIELDS, Math.min(this.capacity, this.start + this.count) * HOP_FIELDS);
    out.set(first);
    const wrapped = this.start + this.count - this.capacity;
    if (wrapped > 0) out.set(this.data.subarray(0, wrapped * HOP_FIELDS), first.length);
    return out;
  }

  /** Connection serial of hop `k` counting back from the newest (0 = newest); undefined if none. */
  connOf(back: number): number | undefined {
    if (back >= this.count) return undefined;
    const slot = (this.start + this.count - 1 - back) % this.capacity;
    return this.data[slot * HOP_FIELDS + 5];
  }

  /**
   * Copies out the recorded hops, oldest first, and empties the buffer. The copy is a view over the
   * start of `into` when that has room, else over a new array; either way its whole buffer can be
   * transferred. Reusing one array saves the worker touching megabytes of fresh memory per frame.
   */
  drain(into?: Float64Array): Float64Array {
    const out = this.ordered(into);
    this.discard();
    return out;
  }

  /** Forgets the recorded hops (a stretch whose dots would only flash by). */
  discard(): void {
    this.start = 0;
    this.count = 0;
  }
}
