import { US_PER_S } from '../../shared/units';
import type { Topology } from '../net/topology';

/** Where a byte was metered. Every byte on a metered link lands in exactly one bucket. */
export const BYTE_BUCKETS = ['slbOut', 'eipOut', 'natOut', 'publicIpOut', 'internal', 'inbound'] as const;
export type ByteBucket = (typeof BYTE_BUCKETS)[number];
export const Bucket = Object.fromEntries(BYTE_BUCKETS.map((b, i) => [b, i])) as { [K in ByteBucket]: number };

const US_PER_HOUR = 3600 * US_PER_S;

/** Peaks within one UTC+8 clock hour, for the spec fee and NAT capacity units. */
export interface HourMeter {
  peakConnections: number;
  peakCps: number;
  peakQps: number;
  natPeakCps: number;
  natPeakConnections: number;
  natBytes: number;
}

/** Everything the bill needs, independent of prices: the UI recomputes bills from this alone. */
export interface MeterSnapshot {
  /** Microseconds between the start of the first clock hour and simulated time 0. */
  startOffsetUs: number;
  durationUs: number;
  bytes: Record<ByteBucket, number>;
  hours: HourMeter[];
  /** Cumulative billable bytes at the start of each simulated second: [t (s), slbOut, eipOut, natOut, publicIpOut]. */
  series: number[][];
}

/**
 * The engine's meters: bytes per path, chosen per link and direction (router → Internet is SLB
 * outbound, EIP → Internet is EIP outbound, LVS ↔ ECS is internal, Internet → anything is inbound,
 * …), and per-clock-hour peaks of connections, new connections and NAT sessions.
 */
export class Meters {
  readonly bytes = new Float64Array(BYTE_BUCKETS.length);
  readonly hours: HourMeter[] = [];
  private readonly linkBucket: Int8Array;
  private readonly nodeCount: number;
  private readonly series: number[][] = [];
  private nextSampleUs = 0;
  private readonly slbRate = new PerSecondCounter();
  private readonly natRate = new PerSecondCounter();

  constructor(
    topology: Topology,
    readonly startOffsetUs: number,
    eipBucket: (eipIndex: number) => number = () => Bucket.eipOut,
  ) {
    this.nodeCount = topology.nodes.length;
    this.linkBucket = new Int8Array(this.nodeCount * this.nodeCount).fill(-1);
    const kindOf = (id: number) => topology.nodes[id]!.kind;
    for (const link of topology.links) {
      for (const [from, to] of [
        [link.from, link.to],
        [link.to, link.from],
      ] as const) {
        const a = kindOf(from);
        const b = kindOf(to);
        let bucket = -1;
        if (a === 'router' && b === 'internet') bucket = Bucket.slbOut;
        else if (a === 'internet' && b === 'router') bucket = Bucket.inbound;
        else if ((a === 'lvs' || a === 'tengine') && b === 'ecs') bucket = Bucket.internal;
        else if (a === 'ecs' && (b === 'lvs' || b === 'tengine')) bucket = Bucket.internal;
        else if (a === 'eip' && b === 'external') bucket = eipBucket(topology.nodes[from]!.index);
        else if (a === 'nat' && b === 'external') bucket = Bucket.natOut;
        else if (a === 'ecs' && b === 'external') bucket = Bucket.publicIpOut;
        else if (a === 'external') bucket = Bucket.inbound;
        this.linkBucket[from * this.nodeCount + to] = bucket;
      }
    }
  }

  /** Meters a packet crossing from → to (called for every hop; most links are not metered). */
  hop(from: number, to: number, bytes: number, nowUs: number): void {
    const bucket = this.linkBucket[from * this.nodeCount + to] as number;
    if (bucket < 0) return;
    if (nowUs >= this.nextSampleUs) this.sample(nowUs);
    this.bytes[bucket] = (this.bytes[bucket] as number) + bytes;
    if (bucket === Bucket.natOut) this.hour(nowUs).natBytes += bytes;
  }

  /** Inbound bytes through the NAT also count towards its capacity units. */
  natInbound(bytes: number, nowUs: number): void {
    this.hour(nowUs).natBytes += bytes;
  }

  /** A new SLB connection was admitted; `concurrent` is the instance's count after it. */
  newConnection(nowUs: number, concurrent: number): void {
    const hour = this.hour(nowUs);
    hour.peakCps = Math.max(hour.peakCps, this.slbRate.count(nowUs));
    hour.peakConnections = Math.max(hour.peakConnections, concurrent);
  }

  /** A new session through a NAT gateway; `concurrent` is its open sessions after it. */
  natSession(nowUs: number, concurrent: number): void {
    const hour = this.hour(nowUs);
    hour.natPeakCps = Math.max(hour.natPeakCps, this.natRate.count(nowUs));
    hour.natPeakConnections = Math.max(hour.natPeakConnections, concurrent);
  }

  private hour(nowUs: number): HourMeter {
    const index = Math.floor((this.startOffsetUs + nowUs) / US_PER_HOUR);
    while (this.hours.length <= index) this.hours.push({ peakConnections: 0, peakCps: 0, peakQps: 0, natPeakCps: 0, natPeakConnections: 0, natBytes: 0 });
    return this.hours[index]!;
  }

  private sample(nowUs: number): void {
    // One sample per simulated second that saw metered traffic, holding the totals before it.
    const second = Math.floor(nowUs / US_PER_S);
    const b = this.bytes;
    this.series.push([second, b[Bucket.slbOut]!, b[Bucket.eipOut]!, b[Bucket.natOut]!, b[Bucket.publicIpOut]!]);
    this.nextSampleUs = (second + 1) * US_PER_S;
  }

  snapshot(durationUs: number): MeterSnapshot {
    const bytes = Object.fromEntries(BYTE_BUCKETS.map((name, i) => [name, this.bytes[i] as number])) as Record<ByteBucket, number>;
    // Every clock hour the window touches exists, even a quiet one.
    this.hour(Math.max(0, durationUs - 1));
    return { startOffsetUs: this.startOffsetUs, durationUs, bytes, hours: this.hours.map((h) => ({ ...h })), series: this.series.map((s) => [...s]) };
  }
}

/** Counts events within the current calendar second of simulated time. */
class PerSecondCounter {
  private second = -1;
  private n = 0;

  /** Counts one event at `nowUs`; returns how many the current second has seen so far. */
  count(nowUs: number): number {
    const second = Math.floor(nowUs / US_PER_S);
    if (second !== this.second) {
      this.second = second;
      this.n = 0;
    }
    return ++this.n;
  }
}

/** Microseconds since the start of the clock hour for a UTC+8 local time like 2026-01-01T09:30:00. */
export function startOffsetUs(startTime: string): number {
  const [, time = '00:00:00'] = startTime.split('T');
  const [, minutes = '0', seconds = '0'] = time.split(':');
  return (Number(minutes) * 60 + Number(seconds)) * US_PER_S;
}
