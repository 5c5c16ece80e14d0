import type { Scenario } from '../../scenario/schema';
import { US_PER_MS } from '../../shared/units';

/** Which way a shaped packet crosses the Internet edge: into SLB, or out of it towards the client. */
export const ShapeDirection = { In: 0, Out: 1 } as const;

/** Who shapes a listener's traffic (docs/LAYER4.md, "Bandwidth caps"). */
export type ShapedBy = 'none' | 'listener' | 'instance';

/**
 * Bandwidth caps as rate limiters at the Internet edge of SLB (docs/LAYER4.md, "Bandwidth caps").
 *
 * Pacing in virtual time, no timer events: each pacer keeps `tat`, the time at which everything it
 * has admitted so far would have left at its rate. A packet arriving at `now` starts to leave at
 * `max(tat, now)`; the first `burstUs` of that backlog is the bucket's burst allowance (a token
 * bucket of `rate × burst` bits), only what lies beyond it is queueing delay. A packet whose
 * queueing delay would exceed `queueUs` is dropped (tail drop) and changes nothing; otherwise it is
 * delayed by that much and `tat` moves on by its size at the rate. The delay is that of the packet's
 * first byte: the engine models no serialisation anywhere else, and a data train (many segments
 * as one packet) longer than the queue must still pass an idle limiter.
 *
 * Rates are in Mbit/s, which is bits per microsecond, so a packet costs `bytes × 8 / rate` µs.
 *
 * Pacers: one per listener and direction (index `listener × 2 + direction`) for listeners with
 * their own cap, and one per direction for the pool the instance's other listeners share (index
 * `listeners × 2 + direction`). Listeners keep their pacer slots whatever a reconfiguration does,
 * so a cap changed at T leaves everything admitted before T as it was.
 */
export class BandwidthShaper {
  /** False when no cap applies: the forwarding hook then does nothing else. */
  active = false;
  readonly listeners: number;
  readonly burstUs: number;
  readonly queueUs: number;
  /** Per pacer: the rate in Mbit/s (= bits/µs); 0 drops everything (a pool with nothing left). */
  private readonly rate: Float64Array;
  /** Per pacer: when everything admitted so far has left, in µs of simulated time. */
  private readonly tat: Float64Array;
  /** Per listener × direction: the pacer that shapes it, or -1. */
  private readonly pacerOf: Int32Array;
  /** Per listener: who shapes it, and at what rate (Mbit/s; 0 = none or nothing left). */
  readonly shapedBy: ShapedBy[];
  readonly rateMbps: Float64Array;
  /** Per load-balancer instance: the pool its listeners without a cap of their own share (paybybandwidth), in Mbit/s; -1 = no pool. */
  readonly sharedMbps: Float64Array;
  /** Per listener: its instance (whose pool it may share). */
  private readonly instanceOf: Int32Array;

  // Counters, per listener × direction.
  /** Bytes admitted by a limiter (sent at once or after a queueing delay). */
  readonly bytes: Float64Array;
  readonly packetsDelayed: Float64Array;
  readonly packetsDropped: Float64Array;
  readonly bytesDropped: Float64Array;
  readonly maxDelayUs: Float64Array;
  /** Outbound TCP packets sent again by the SLB side after a drop (counted per retransmission). */
  readonly retransmitted: Float64Array;

  constructor(scenario: Scenario) {
    const n = scenario.listeners.length;
    this.listeners = n;
    const index = new Map(scenario.loadBalancers.map((lb, i) => [lb.LoadBalancerId, i]));
    this.instanceOf = Int32Array.from(scenario.listeners, (l) => index.get(l.LoadBalancerId) ?? 0);
    this.sharedMbps = new Float64Array(scenario.loadBalancers.length).fill(-1);
    this.burstUs = Math.round(scenario.network.bandwidthBurstMs * US_PER_MS);
    this.queueUs = Math.round(scenario.network.bandwidthQueueMs * US_PER_MS);
    // Pacers: 2 per listener (in, out), then 2 per instance for its shared pool.
    this.rate = new Float64Array(2 * n + 2 * scenario.loadBalancers.length);
    this.tat = new Float64Array(2 * n + 2 * scenario.loadBalancers.length);
    this.pacerOf = new Int32Array(2 * n).fill(-1);
    this.shapedBy = Array.from({ length: n }, () => 'none' as ShapedBy);
    this.rateMbps = new Float64Array(n);
    this.bytes = new Float64Array(2 * n);
    this.packetsDelayed = new Float64Array(2 * n);
    this.packetsDropped = new Float64Array(2 * n);
    this.bytesDropped = new Float64Array(2 * n);
    this.maxDelayUs = new Float64Array(2 * n);
    this.retransmitted = new Float64Array(2 * n);
    this.configure(scenario);
  }

  /**
   * Sets the caps from a configuration (at construction and on every live change). A listener's
   * own `Bandwidth` (1–5120) caps it whatever the charge type; on an internet-facing paybybandwidth
   * instance the listeners without one share what the running capped listeners leave of the
   * instance's `Bandwidth` (SLB reserves each cap for its listener). Queued packets keep the times
   * they were given; only packets after this call see the new rates.
   */
  configure(scenario: Scenario): void {
    const n = this.listeners;
    const reserved = new Float64Array(scenario.loadBalancers.length);
    scenario.listeners.forEach((l, i) => {
      const lb = this.instanceOf[i] as number;
      if (l.Bandwidth > 0 && l.Status === 'running') reserved[lb] = (reserved[lb] as number) + l.Bandwidth;
    });
    scenario.loadBalancers.forEach((lb, j) => {
      const pooled = lb.AddressType === 'internet' && lb.InternetChargeType === 'paybybandwidth';
      this.sharedMbps[j] = pooled ? Math.max(0, lb.Bandwidth - (reserved[j] as number)) : -1;
      for (let d = 0; d < 2; d++) this.rate[2 * n + 2 * j + d] = Math.max(0, this.sharedMbps[j] as number);
    });
    let active = false;
    scenario.listeners.forEach((l, i) => {
      let pacer = -1;
      const lb = this.instanceOf[i] as number;
      if (l.Bandwidth > 0) {
        this.shapedBy[i] = 'listener';
        this.rateMbps[i] = l.Bandwidth;
        pacer = 2 * i;
      } else if ((this.sharedMbps[lb] as number) >= 0) {
        this.shapedBy[i] = 'instance';
        this.rateMbps[i] = this.sharedMbps[lb] as number;
        pacer = 2 * n + 2 * lb;
      } else {
        this.shapedBy[i] = 'none';
        this.rateMbps[i] = 0;
      }
      for (let d = 0; d < 2; d++) {
        this.pacerOf[2 * i + d] = pacer < 0 ? -1 : pacer + d;
        if (pacer === 2 * i) this.rate[pacer + d] = l.Bandwidth;
      }
      if (pacer >= 0) active = true;
    });
    this.active = active;
  }

  /**
   * Offers a packet of `bytes` of `listener`'s traffic to its limiter at `nowUs`: the queueing
   * delay in whole µs (0: it leaves at once), or -1 when the queue is full and the packet is dropped.
   */
  admit(listener: number, direction: number, bytes: number, nowUs: number): number {
    const k = 2 * listener + direction;
    const pacer = this.pacerOf[k] as number;
    if (pacer < 0) return 0;
    const rate = this.rate[pacer] as number;
    const tat = this.tat[pacer] as number;
    const start = tat > nowUs ? tat : nowUs;
    const waitUs = start - nowUs - this.burstUs;
    if (rate <= 0 || waitUs > this.queueUs) {
      this.packetsDropped[k] = (this.packetsDropped[k] as number) + 1;
      this.bytesDropped[k] = (this.bytesDropped[k] as number) + bytes;
      return -1;
    }
    this.tat[pacer] = start + (bytes * 8) / rate;
    this.bytes[k] = (this.bytes[k] as number) + bytes;
    const delayUs = waitUs > 0 ? Math.round(waitUs) : 0;
    if (delayUs === 0) return 0;
    this.packetsDelayed[k] = (this.packetsDelayed[k] as number) + 1;
    if (delayUs > (this.maxDelayUs[k] as number)) this.maxDelayUs[k] = delayUs;
    return delayUs;
  }

  /** Counts a dropped outbound packet that the SLB side sends again. */
  countRetransmission(listener: number, direction: number): void {
    const k = 2 * listener + direction;
    this.retransmitted[k] = (this.retransmitted[k] as number) + 1;
  }
}

/** One direction of one listener's limiter, for the report. */
export interface BandwidthCounters {
  /** Bytes the limiter let through (at once or after queueing). */
  bytes: number;
  packetsDelayed: number;
  packetsDropped: number;
  bytesDropped: number;
  /** Outbound only: dropped TCP packets the SLB side sent again (each attempt counts). */
  packetsRetransmitted: number;
  maxQueueDelayMs: number;
}

export interface BandwidthReport {
  queueMs: number;
  burstMs: number;
  /** By LoadBalancerId, the pool its listeners without their own cap share (paybybandwidth): instance Bandwidth − running listeners' caps; instances without a pool are left out. */
  sharedMbps: Record<string, number>;
  listeners: {
    ListenerPort: number;
    ListenerProtocol: string;
    shapedBy: ShapedBy;
    capMbps: number | null;
    in: BandwidthCounters;
    out: BandwidthCounters;
  }[];
}

export function bandwidthReport(shaper: BandwidthShaper, scenario: Scenario): BandwidthReport {
  const counters = (k: number): BandwidthCounters => ({
    bytes: shaper.bytes[k] as number,
    packetsDelayed: shaper.packetsDelayed[k] as number,
    packetsDropped: shaper.packetsDropped[k] as number,
    bytesDropped: shaper.bytesDropped[k] as number,
    packetsRetransmitted: shaper.retransmitted[k] as number,
    maxQueueDelayMs: (shaper.maxDelayUs[k] as number) / US_PER_MS,
  });
  return {
    queueMs: scenario.network.bandwidthQueueMs,
    burstMs: scenario.network.bandwidthBurstMs,
    sharedMbps: Object.fromEntries(scenario.loadBalancers.flatMap((lb, j) => ((shaper.sharedMbps[j] as number) < 0 ? [] : [[lb.LoadBalancerId, shaper.sharedMbps[j] as number]]))),
    listeners: scenario.listeners.map((l, i) => ({
      ListenerPort: l.ListenerPort,
      ListenerProtocol: l.ListenerProtocol,
      shapedBy: shaper.shapedBy[i]!,
      capMbps: shaper.shapedBy[i] === 'none' ? null : (shaper.rateMbps[i] as number),
      in: counters(2 * i + ShapeDirection.In),
      out: counters(2 * i + ShapeDirection.Out),
    })),
  };
}
