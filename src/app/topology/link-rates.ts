import { LINK_FIELDS } from '../../worker/protocol';

/** Wall time over which edge rates are smoothed, so labels can be read. */
const SMOOTHING_MS = 600;

/** Traffic between two nodes, both directions together, per simulated second. */
export interface PairRate {
  a: number;
  b: number;
  packetsPerS: number;
  bitsPerS: number;
}

/**
 * Edge rates from the worker's cumulative per-link counters (Frame.links): each new frame's
 * packets and bytes since the previous one, over the simulated time between them, smoothed over
 * wall time. Both directions of a link are summed (one label per edge). Paused (no simulated time
 * passes) the rates hold; a run that restarted or seeked back starts a new baseline.
 */
export class LinkRates {
  private readonly rates = new Map<number, PairRate>();
  private lastLinks: Float64Array | undefined;
  private lastSimUs = 0;
  private lastWallMs = 0;

  update(links: Float64Array, simUs: number, wallMs: number): void {
    const prev = this.lastLinks;
    if (links === prev) return;
    const dtUs = simUs - this.lastSimUs;
    const restarted = !prev || dtUs < 0 || links.length < prev.length || totalPackets(links) < totalPackets(prev);
    if (restarted) {
      if (!prev || totalPackets(links) < totalPackets(prev)) this.rates.clear();
    } else if (dtUs > 0) {
      const weight = 1 - Math.exp(-Math.max(0, wallMs - this.lastWallMs) / SMOOTHING_MS);
      const seen = new Map<number, [number, number]>();
      for (let o = 0; o < links.length; o += LINK_FIELDS) {
        const from = links[o] as number;
        const to = links[o + 1] as number;
        const before = o < prev.length ? [prev[o + 2] as number, prev[o + 3] as number] : [0, 0];
        const key = pairKey(from, to);
        const sum = seen.get(key) ?? [0, 0];
        sum[0] += (links[o + 2] as number) - (before[0] as number);
        sum[1] += (links[o + 3] as number) - (before[1] as number);
        seen.set(key, sum);
      }
      for (const [key, [packets, bytes]] of seen) {
        const pps = (packets * 1e6) / dtUs;
        const bps = (bytes * 8e6) / dtUs;
        const rate = this.rates.get(key);
        if (!rate) this.rates.set(key, { a: Math.floor(key / 65_536), b: key % 65_536, packetsPerS: pps, bitsPerS: bps });
        else {
          rate.packetsPerS += (pps - rate.packetsPerS) * weight;
          rate.bitsPerS += (bps - rate.bitsPerS) * weight;
        }
      }
    }
    this.lastLinks = links;
    this.lastSimUs = simUs;
    this.lastWallMs = wallMs;
  }

  /** Pairs with traffic, in no particular order. */
  pairs(): Iterable<PairRate> {
    return this.rates.values();
  }

  clear(): void {
    this.rates.clear();
    this.lastLinks = undefined;
  }
}

function pairKey(from: number, to: number): number {
  return Math.min(from, to) * 65_536 + Math.max(from, to);
}

function totalPackets(links: Float64Array): number {
  let n = 0;
  for (let o = 2; o < links.length; o += LINK_FIELDS) n += links[o] as number;
  return n;
}

/** "850 pkt/s", "12.5k pkt/s", "1.2M pkt/s". */
export function formatPacketRate(pps: number): string {
  return `${siAmount(pps)} pkt/s`;
}

/** "640 bit/s", "3.4 Mbit/s", "1.1 Gbit/s". */
export function formatBitRate(bps: number): string {
  if (bps >= 1e9) return `${(bps / 1e9).toFixed(1)} Gbit/s`;
  if (bps >= 1e6) return `${(bps / 1e6).toFixed(1)} Mbit/s`;
  if (bps >= 1e3) return `${(bps / 1e3).toFixed(1)} kbit/s`;
  return `${Math.round(bps)} bit/s`;
}

function siAmount(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e4) return `${Math.round(n / 1e3)}k`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  if (n >= 10) return String(Math.round(n));
  return n.toFixed(1);
}

/** The label of an edge: packets per second, and bits per second when the engine gave the sizes. */
export function rateLabel(rate: PairRate): string {
  return rate.bitsPerS > 0 ? `${formatPacketRate(rate.packetsPerS)} · ${formatBitRate(rate.bitsPerS)}` : formatPacketRate(rate.packetsPerS);
}

/** Stroke width in screen pixels: grows with the logarithm of the rate, so 10× the traffic reads as a step, not a wall. */
export function rateWidth(pps: number): number {
  return Math.min(10, 1.5 + 1.6 * Math.log10(1 + pps));
}
