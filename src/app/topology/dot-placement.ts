import { HOP_FIELDS } from '../../worker/protocol';
import { colorIndexOf } from './dot-colors';
import { DOT_FIELDS } from './overlay-protocol';
import { GROUPS, TYPES } from './dot-sprites';

/*
 * The traffic overlay's work per animation frame, as small functions over typed arrays. Kept apart
 * (and small) on purpose: V8 compiles a small hot function in a few milliseconds, while the one
 * large draw function this replaced was recompiled several times a minute at 50–240 ms of a core
 * each, which on a two-core machine kept the page's main thread waiting for a core.
 *
 * A hop in the feed (hop-feed.ts) is HOP_FIELDS numbers: from node, to node, display start, display
 * end (µs), packet type, connection (0: none), listener.
 */

/** Kinds of node told apart in the per-link counts (kind index × kind index); index 15 stands for "unknown". */
export const KIND_SLOTS = 16;

/** Hops on screen at `timeUs`: their display interval contains it. */
export function countInFlight(data: Float64Array, count: number, timeUs: number): number {
  let n = 0;
  for (let o = 0, end = count * HOP_FIELDS; o < end; o += HOP_FIELDS) {
    if (timeUs >= (data[o + 2] as number) && timeUs <= (data[o + 3] as number)) n++;
  }
  return n;
}

/**
 * The hops to draw at `timeUs`, by sprite group (colour × packet type) so the painter switches
 * sprites rarely: with `perDot` > 1 only connections whose number is a multiple of it (hops of no
 * connection by their index), so the same packets stay visible from frame to frame.
 */
export function groupBySprite(data: Float64Array, count: number, timeUs: number, perDot: number, members: number[][]): void {
  for (const list of members) list.length = 0;
  for (let i = 0; i < count; i++) {
    const o = i * HOP_FIELDS;
    if (timeUs < (data[o + 2] as number) || timeUs > (data[o + 3] as number)) continue;
    const conn = data[o + 5] as number;
    if (perDot > 1 && (conn > 0 ? conn : i) % perDot !== 0) continue;
    const type = data[o + 4] as number;
    members[colorIndexOf(type, data[o + 6] as number) * TYPES + type]!.push(i);
  }
}

/** A fresh list of hop indices per sprite group, for groupBySprite. */
export function spriteGroups(): number[][] {
  return Array.from({ length: GROUPS }, () => []);
}

/**
 * The dots of one frame in graph coordinates: `hit` holds x, y and connection per dot (for click
 * hit-testing), `group` each one's sprite group; per-link counts by node kinds, dots inside the
 * region, and dots of the selected connection.
 */
export class PlacedDots {
  hit = new Float64Array(3 * 1024);
  group = new Int32Array(1024);
  count = 0;
  inRegion = 0;
  highlighted = 0;
  readonly kindPairs = new Float64Array(KIND_SLOTS * KIND_SLOTS);

  /** Room for `n` dots (the contents are kept only up to `count`). */
  reserve(n: number): void {
    if (this.group.length >= n) return;
    this.hit = new Float64Array(n * 3 * 2);
    this.group = new Int32Array(n * 2);
  }

  clear(): void {
    this.count = 0;
    this.inRegion = 0;
    this.highlighted = 0;
    this.kindPairs.fill(0);
  }
}

/** Node geometry and kinds for placing dots: centres as x, y per node id (NaN: not drawn); each node's kind index; 1 where a node lies outside the region. */
export interface DotGeometry {
  centres: Float64Array;
  kindIndex: Int32Array;
  outside: Uint8Array;
}

/**
 * Places the grouped hops at `timeUs`: each at the linear interpolation between its two node
 * centres over its display interval. Hops touching a node that is not drawn are skipped.
 */
export function placeDots(data: Float64Array, members: readonly number[][], timeUs: number, geometry: DotGeometry, selectedConn: number | undefined, out: PlacedDots): void {
  out.clear();
  const { centres, kindIndex, outside } = geometry;
  for (let g = 0; g < members.length; g++) {
    const list = members[g]!;
    for (let k = 0; k < list.length; k++) {
      const o = (list[k] as number) * HOP_FIELDS;
      const fromId = data[o] as number;
      const toId = data[o + 1] as number;
      const ax = centres[fromId * 2] as number;
      const bx = centres[toId * 2] as number;
      if (Number.isNaN(ax) || Number.isNaN(bx)) continue;
      const depart = data[o + 2] as number;
      const arrive = data[o + 3] as number;
      const f = arrive > depart ? (timeUs - depart) / (arrive - depart) : 1;
      const ay = centres[fromId * 2 + 1] as number;
      const by = centres[toId * 2 + 1] as number;
      const conn = data[o + 5] as number;
      const n = out.count++;
      out.hit[n * 3] = ax + (bx - ax) * f;
      out.hit[n * 3 + 1] = ay + (by - ay) * f;
      out.hit[n * 3 + 2] = conn;
      out.group[n] = g;
      out.kindPairs[(kindIndex[fromId] ?? KIND_SLOTS - 1) * KIND_SLOTS + (kindIndex[toId] ?? KIND_SLOTS - 1)]! += 1;
      if (outside[fromId] === 0 && outside[toId] === 0) out.inRegion++;
      if (selectedConn !== undefined && conn === selectedConn) out.highlighted++;
    }
  }
}

/** The dots as the painter takes them: device pixels (x, y) and sprite group, DOT_FIELDS per dot. */
export function toDevicePixels(placed: PlacedDots, buffer: Int32Array, offsetX: number, offsetY: number, scale: number): void {
  const { hit, group, count } = placed;
  for (let k = 0; k < count; k++) {
    buffer[k * DOT_FIELDS] = Math.floor(offsetX + scale * (hit[k * 3] as number));
    buffer[k * DOT_FIELDS + 1] = Math.floor(offsetY + scale * (hit[k * 3 + 1] as number));
    buffer[k * DOT_FIELDS + 2] = group[k] as number;
  }
}

/** Ring centres (device pixels, x and y) around the selected connection's dots. */
export function ringsOf(placed: PlacedDots, selectedConn: number | undefined, offsetX: number, offsetY: number, scale: number): Float64Array {
  const rings = new Float64Array(2 * placed.highlighted);
  const { hit, count } = placed;
  for (let k = 0, r = 0; k < count && r < rings.length; k++) {
    if (hit[k * 3 + 2] !== selectedConn) continue;
    rings[r++] = offsetX + scale * (hit[k * 3] as number);
    rings[r++] = offsetY + scale * (hit[k * 3 + 1] as number);
  }
  return rings;
}

/** The per-link counts by node kinds, keyed `router>lvs`. */
export function dotsByLink(kindPairs: Float64Array, kindNames: readonly string[]): Record<string, number> {
  const byLink: Record<string, number> = {};
  for (let k = 0; k < kindPairs.length; k++) {
    const n = kindPairs[k] as number;
    if (n === 0) continue;
    byLink[`${kindNames[Math.floor(k / KIND_SLOTS)] ?? '?'}>${kindNames[k % KIND_SLOTS] ?? '?'}`] = n;
  }
  return byLink;
}

/** The nearest dot of a connection within `radius` of (x, y) in graph coordinates: its connection, or undefined. */
export function dotAt(placed: PlacedDots, x: number, y: number, radius: number): number | undefined {
  let best = -1;
  let bestDistance = radius * radius;
  const { hit, count } = placed;
  for (let k = 0; k < count; k++) {
    const dx = (hit[k * 3] as number) - x;
    const dy = (hit[k * 3 + 1] as number) - y;
    const distance = dx * dx + dy * dy;
    if (distance < bestDistance && (hit[k * 3 + 2] as number) > 0) {
      bestDistance = distance;
      best = k;
    }
  }
  return best < 0 ? undefined : (hit[best * 3 + 2] as number);
}
