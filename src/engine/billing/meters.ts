import { US_PER_S } from '../../shared/units';
import type { Topology } from '../net/topology';
import { clockHoursTouched, US_PER_HOUR } from './clock';

// The simulation imports the start offset from here.
export { startOffsetUs } from './clock';

/** Where a byte was metered. Every byte on a metered link lands in exactly one bucket. */
export const BYTE_BUCKETS = ['slbOut', 'eipOut', 'natOut', 'publicIpOut', 'internal', 'inbound'] as const;
export type ByteBucket = (typeof BYTE_BUCKETS)[number];
export const Bucket = Object.fromEntries(BYTE_BUCKETS.map((b, i) => [b, i])) as { [K in ByteBucket]: number };

/** One NAT gateway's figures within one clock hour: what its capacity units are computed from. */
export interface NatHourMeter {
  /** Most new sessions in one calendar second of simulated time. */
  peakSessionsPerSecond: number;
  /** Most sessions open at once. */
  peakSessions: number;
  /** Internet → NAT bytes (DNAT requests, SNAT replies): metered on the same hop as `bytes.inbound`. */
  inboundBytes: number;
  /** NAT → Internet bytes: metered on the same hop as `bytes.natOut`. */
  outboundBytes: number;
}

/** SLB peaks within one UTC+8 clock hour: what the spec fee is billed by. */
export interface SlbPeaks {
  /** Most SLB connections open at once. */
  peakConnections: number;
  /** Most new SLB connections admitted in one calendar second. */
  peakCps: number;
  /** Most requests in one calendar second (layer 4: each connection's first request at a backend). */
  peakQps: number;
}

/**
 * Peaks within one UTC+8 clock hour, for all load balancers together and per NAT gateway. The spec
 * fee is billed per load balancer, from `MeterSnapshot.instances[i].hours`; these are for display.
 * `peakCps` and `peakQps` count every instance's events in one calendar second. `peakConnections`
 * adds up each instance's open connections as last reported (the meters see an instance's count
 * only when it admits a connection, and only reports within this hour count): exact with one
 * instance; with several, at least the busiest instance's peak and at most the sum of their peaks.
 */
export interface HourMeter extends SlbPeaks {
  /** By NAT gateway, in scenario order (`egress.natGateways`). */
  nat: NatHourMeter[];
}

/** One load balancer's meters: its SLB → Internet bytes and its own peaks per clock hour. */
export interface InstanceMeter {
  LoadBalancerId: string;
  /** Router → Internet bytes of this instance's connections (part of `bytes.slbOut`). */
  slbOut: number;
  /** One per billed clock hour, like `MeterSnapshot.hours`. */
  hours: SlbPeaks[];
}

/** Outbound and inbound bytes of one EIP or NAT gateway. */
export interface InOut {
  out: number;
  in: number;
}

/** Everything the bill needs, independent of prices: the UI recomputes bills from this alone. */
export interface MeterSnapshot {
  /** Microseconds between the start of the first clock hour and simulated time 0. */
  startOffsetUs: number;
  durationUs: number;
  bytes: Record<ByteBucket, number>;
  /** By EIP, in scenario order (`egress.eips`): its EIP → Internet and Internet → EIP bytes. */
  eips: InOut[];
  /** By NAT gateway, in scenario order: NAT → Internet and Internet → NAT bytes. */
  natGateways: InOut[];
  /** One per clock hour the window touches (exactly `billedHours` of them). */
  hours: HourMeter[];
  /**
   * By instance, in the engine's instance order: every load balancer that existed at some point of
   * the run, including ones created or deleted through the API. The `slbOut` of all instances adds
   * up to `bytes.slbOut`, less any SLB → Internet bytes metered without an instance (the engine
   * attributes every reply to its connection's load balancer, so normally none).
   */
  instances: InstanceMeter[];
  /**
   * Cumulative billable bytes at the start of each simulated second: [t (s), slbOut, eipOut, natOut,
   * publicIpOut, then each instance's slbOut in instance order].
   */
  series: number[][];
}

/** Where an instance's slbOut is in a `series` sample. */
export const SERIES_INSTANCE_OFFSET = 5;

/**
 * The engine's meters: bytes per path, chosen per link and direction (router → Internet is SLB
 * outbound, EIP → Internet is EIP outbound, LVS ↔ ECS is internal, Internet → anything is inbound,
 * …), the same bytes again per EIP and per NAT gateway, SLB outbound bytes again per load
 * balancer (instance), and per-clock-hour peaks of connections, new connections and requests (per
 * instance and for all of them) and of NAT sessions. Every byte is metered once, when it leaves on a
 * link (`hop`): a packet still in flight at the end of a run is in every total that counts it.
 */
export class Meters {
  readonly bytes = new Float64Array(BYTE_BUCKETS.length);
  readonly hours: HourMeter[] = [];
  private readonly linkBucket: Int8Array;
  /**
   * Per link, the slot in `perResource` its bytes also count towards, or -1: EIP i out/in are
   * 2i/2i+1, NAT gateway j out/in are 2(eips + j)/2(eips + j)+1.
   */
  private readonly linkResource: Int16Array;
  private readonly perResource: Float64Array;
  private readonly eipCount: number;
  private readonly natCount: number;
  private readonly nodeCount: number;
  private readonly series: number[][] = [];
  private nextSampleUs = 0;
  private readonly slbRate = new PerSecondCounter();
  private readonly requestRate = new PerSecondCounter();
  private readonly natRates: PerSecondCounter[];
  /** By instance: router → Internet bytes of its connections. */
  private readonly instanceSlbOut: Float64Array;
  /** By instance, by clock hour (index as `hours`): its own peaks. */
  private readonly instanceHours: SlbPeaks[][];
  private readonly instanceSlbRates: PerSecondCounter[];
  private readonly instanceRequestRates: PerSecondCounter[];
  /** By instance: its open connections as last reported, and the clock hour of that report. */
  private readonly lastConcurrent: Float64Array;
  private readonly lastConcurrentHour: Int32Array;

  /**
   * `instanceIds` are the LoadBalancerIds by instance index: the numbers `hop`, `newConnection` and
   * `request` take.
   */
  constructor(
    topology: Topology,
    readonly startOffsetUs: number,
    readonly instanceIds: readonly string[],
  ) {
    const instances = instanceIds.length;
    this.instanceSlbOut = new Float64Array(instances);
    this.instanceHours = Array.from({ length: instances }, () => []);
    this.instanceSlbRates = Array.from({ length: instances }, () => new PerSecondCounter());
    this.instanceRequestRates = Array.from({ length: instances }, () => new PerSecondCounter());
    this.lastConcurrent = new Float64Array(instances);
    this.lastConcurrentHour = new Int32Array(instances).fill(-1);
    this.nodeCount = topology.nodes.length;
    this.eipCount = topology.byKind.eip.length;
    this.natCount = topology.byKind.nat.length;
    this.perResource = new Float64Array(2 * (this.eipCount + this.natCount));
    this.natRates = Array.from({ length: this.natCount }, () => new PerSecondCounter());
    this.linkBucket = new Int8Array(this.nodeCount * this.nodeCount).fill(-1);
    this.linkResource = new Int16Array(this.nodeCount * this.nodeCount).fill(-1);
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
        else if (a === 'eip' && b === 'external') bucket = Bucket.eipOut;
        else if (a === 'nat' && b === 'external') bucket = Bucket.natOut;
        else if (a === 'ecs' && b === 'external') bucket = Bucket.publicIpOut;
        else if (a === 'external') bucket = Bucket.inbound;
        this.linkBucket[from * this.nodeCount + to] = bucket;
        let resource = -1;
        if (a === 'eip' && b === 'external') resource = 2 * topology.nodes[from]!.index;
        else if (a === 'external' && b === 'eip') resource = 2 * topology.nodes[to]!.index + 1;
        else if (a === 'nat' && b === 'external') resource = 2 * (this.eipCount + topology.nodes[from]!.index);
        else if (a === 'external' && b === 'nat') resource = 2 * (this.eipCount + topology.nodes[to]!.index) + 1;
        this.linkResource[from * this.nodeCount + to] = resource;
      }
    }
  }

  /**
   * Meters a packet crossing from → to (called for every hop; most links are not metered).
   * `instance` is the load balancer the packet's connection belongs to, or -1 for traffic of no
   * load balancer (egress, EIP, NAT, health checks…): SLB → Internet bytes count towards that
   * instance as well as `bytes.slbOut`; with -1 (or an index outside `instanceIds`) only the total.
   */
  hop(from: number, to: number, bytes: number, nowUs: number, instance: number): void {
    const link = from * this.nodeCount + to;
    const bucket = this.linkBucket[link] as number;
    if (bucket < 0) return;
    if (nowUs >= this.nextSampleUs) this.sample(nowUs);
    this.bytes[bucket] = (this.bytes[bucket] as number) + bytes;
    if (bucket === Bucket.slbOut && instance >= 0 && instance < this.instanceSlbOut.length) {
      this.instanceSlbOut[instance] = (this.instanceSlbOut[instance] as number) + bytes;
    }
    const resource = this.linkResource[link] as number;
    if (resource < 0) return;
    this.perResource[resource] = (this.perResource[resource] as number) + bytes;
    const nat = (resource >> 1) - this.eipCount;
    if (nat < 0) return;
    // NAT capacity units count bytes in and out: the same bytes, at the same moment, as above.
    const hour = this.hour(nowUs).nat[nat]!;
    if ((resource & 1) === 0) hour.outboundBytes += bytes;
    else hour.inboundBytes += bytes;
  }

  /**
   * Load balancer `instance` admitted a new connection; `concurrentOfInstance` is its open
   * connections after it. Counts towards the instance's own peaks and the all-instances ones.
   */
  newConnection(nowUs: number, instance: number, concurrentOfInstance: number): void {
    const index = this.hourIndex(nowUs);
    const hour = this.hour(nowUs);
    hour.peakCps = Math.max(hour.peakCps, this.slbRate.count(nowUs));
    const own = this.instanceHour(instance, index);
    if (!own) {
      hour.peakConnections = Math.max(hour.peakConnections, concurrentOfInstance);
      return;
    }
    own.peakCps = Math.max(own.peakCps, this.instanceSlbRates[instance]!.count(nowUs));
    own.peakConnections = Math.max(own.peakConnections, concurrentOfInstance);
    this.lastConcurrent[instance] = concurrentOfInstance;
    this.lastConcurrentHour[instance] = index;
    let all = 0;
    for (let i = 0; i < this.lastConcurrent.length; i++) if (this.lastConcurrentHour[i] === index) all += this.lastConcurrent[i] as number;
    hour.peakConnections = Math.max(hour.peakConnections, all);
  }

  /** A request reached a backend of load balancer `instance` (layer 4: a connection's first request, once per connection). */
  request(nowUs: number, instance: number): void {
    const hour = this.hour(nowUs);
    hour.peakQps = Math.max(hour.peakQps, this.requestRate.count(nowUs));
    const own = this.instanceHour(instance, this.hourIndex(nowUs));
    if (own) own.peakQps = Math.max(own.peakQps, this.instanceRequestRates[instance]!.count(nowUs));
  }

  /** A new session through NAT gateway `nat` (scenario order); `concurrent` is its open sessions after it. */
  natSession(nowUs: number, nat: number, concurrent: number): void {
    const hour = this.hour(nowUs).nat[nat]!;
    hour.peakSessionsPerSecond = Math.max(hour.peakSessionsPerSecond, this.natRates[nat]!.count(nowUs));
    hour.peakSessions = Math.max(hour.peakSessions, concurrent);
  }

  private hourIndex(nowUs: number): number {
    return Math.floor((this.startOffsetUs + nowUs) / US_PER_HOUR);
  }

  private hour(nowUs: number): HourMeter {
    const index = this.hourIndex(nowUs);
    while (this.hours.length <= index) this.hours.push(emptyHour(this.natCount));
    return this.hours[index]!;
  }

  /** Instance `instance`'s peaks in clock hour `index`; undefined for -1 or an unknown instance. */
  private instanceHour(instance: number, index: number): SlbPeaks | undefined {
    const hours = instance >= 0 ? this.instanceHours[instance] : undefined;
    if (!hours) return undefined;
    while (hours.length <= index) hours.push(emptyPeaks());
    return hours[index];
  }

  private sample(nowUs: number): void {
    // One sample per simulated second that saw metered traffic, holding the totals before it.
    const second = Math.floor(nowUs / US_PER_S);
    const b = this.bytes;
    this.series.push([second, b[Bucket.slbOut]!, b[Bucket.eipOut]!, b[Bucket.natOut]!, b[Bucket.publicIpOut]!, ...this.instanceSlbOut]);
    this.nextSampleUs = (second + 1) * US_PER_S;
  }

  snapshot(durationUs: number): MeterSnapshot {
    const bytes = Object.fromEntries(BYTE_BUCKETS.map((name, i) => [name, this.bytes[i] as number])) as Record<ByteBucket, number>;
    const inOut = (slot: number): InOut => ({ out: this.perResource[2 * slot] as number, in: this.perResource[2 * slot + 1] as number });
    return {
      startOffsetUs: this.startOffsetUs,
      durationUs,
      bytes,
      eips: Array.from({ length: this.eipCount }, (_, i) => inOut(i)),
      natGateways: Array.from({ length: this.natCount }, (_, j) => inOut(this.eipCount + j)),
      hours: this.billedHourMeters(durationUs),
      instances: this.instanceIds.map((LoadBalancerId, i) => ({
        LoadBalancerId,
        slbOut: this.instanceSlbOut[i] as number,
        hours: billedHours(this.instanceHours[i]!, clockHoursTouched(this.startOffsetUs, durationUs), emptyPeaks, mergePeaks),
      })),
      series: this.series.map((s) => [...s]),
    };
  }

  /**
   * Copies of the hours the window [0, duration] bills: every clock hour it touches, even a quiet
   * one. Events at exactly the end of a window that ends on the hour fall in the next clock hour,
   * which the window does not bill (09:00–10:00 is 1 hour): they are folded into the last billed
   * hour, so every metered NAT byte still counts towards capacity units.
   */
  private billedHourMeters(durationUs: number): HourMeter[] {
    return billedHours(this.hours, clockHoursTouched(this.startOffsetUs, durationUs), () => emptyHour(this.natCount), mergeHour);
  }
}

/** Copies of the first `count` hours (empty where none were metered), with every later hour folded into the last. */
function billedHours<H>(hours: readonly H[], count: number, empty: () => H, merge: (into: H, h: H) => void): H[] {
  const billed = Array.from({ length: count }, (_, i) => {
    const copy = empty();
    const metered = hours[i];
    if (metered) merge(copy, metered);
    return copy;
  });
  const last = billed[count - 1];
  for (let i = count; last && i < hours.length; i++) merge(last, hours[i]!);
  return billed;
}

function emptyPeaks(): SlbPeaks {
  return { peakConnections: 0, peakCps: 0, peakQps: 0 };
}

function emptyHour(natCount: number): HourMeter {
  return {
    ...emptyPeaks(),
    nat: Array.from({ length: natCount }, () => ({ peakSessionsPerSecond: 0, peakSessions: 0, inboundBytes: 0, outboundBytes: 0 })),
  };
}

/** Peaks take the larger. */
function mergePeaks(into: SlbPeaks, h: SlbPeaks): void {
  into.peakConnections = Math.max(into.peakConnections, h.peakConnections);
  into.peakCps = Math.max(into.peakCps, h.peakCps);
  into.peakQps = Math.max(into.peakQps, h.peakQps);
}

/** Peaks take the larger, bytes add up. */
function mergeHour(into: HourMeter, h: HourMeter): void {
  mergePeaks(into, h);
  h.nat.forEach((n, j) => {
    const to = into.nat[j]!;
    to.peakSessionsPerSecond = Math.max(to.peakSessionsPerSecond, n.peakSessionsPerSecond);
    to.peakSessions = Math.max(to.peakSessions, n.peakSessions);
    to.inboundBytes += n.inboundBytes;
    to.outboundBytes += n.outboundBytes;
  });
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
