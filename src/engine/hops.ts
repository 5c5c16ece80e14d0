/**
 * Where the engine reports each packet hop for animation: (from node, to node, departure and
 * arrival in simulated µs, packet type, connection serial, listener index). The browser worker
 * records them into typed arrays; headless runs pass no recorder and pay nothing.
 */
export interface HopRecorder {
  hop(from: number, to: number, departUs: number, arriveUs: number, packetType: number, connSerial: number, listener: number): void;
}

/** Fields per hop in a flat Float64Array frame. */
export const HOP_FIELDS = 7;

/** A growable flat buffer of hops, drained once per frame. */
export class HopBuffer implements HopRecorder {
  private data = new Float64Array(HOP_FIELDS * 1024);
  count = 0;
  /** Hops discarded because the buffer hit `maxHops` before being drained. */
  dropped = 0;

  constructor(private readonly maxHops = 200_000) {}

  hop(from: number, to: number, departUs: number, arriveUs: number, packetType: number, connSerial: number, listener: number): void {
    if (this.count >= this.maxHops) {
      this.dropped++;
      return;
    }
    let o = this.count * HOP_FIELDS;
    if (o + HOP_FIELDS > this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    const d = this.data;
    d[o++] = from;
    d[o++] = to;
    d[o++] = departUs;
    d[o++] = arriveUs;
    d[o++] = packetType;
    d[o++] = connSerial;
    d[o] = listener;
    this.count++;
  }

  /** Connection serial of hop `k` counting back from the newest (0 = newest); undefined if none. */
  connOf(back: number): number | undefined {
    const k = this.count - 1 - back;
    return k < 0 ? undefined : this.data[k * HOP_FIELDS + 5];
  }

  /** Copies out the recorded hops (a fresh buffer, safe to transfer) and empties the buffer. */
  drain(): Float64Array {
    const out = this.data.slice(0, this.count * HOP_FIELDS);
    this.count = 0;
    return out;
  }
}
