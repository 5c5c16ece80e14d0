import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DilationSpeed, DisplayChains, type DilationParams } from './dilation';
import { HopFeed } from './hop-feed';
import { HOP_FIELDS } from '../worker/protocol';

/** One connection's path as the engine records it: client → Internet (20 ms) → router → LVS → ECS and back, in-region hops 200 µs. */
function roundTrip(conn: number, startUs: number): number[][] {
  const legs: [number, number, number][] = [
    [0, 1, 20_000],
    [1, 2, 200],
    [2, 3, 200],
    [3, 4, 200],
    [4, 3, 200],
    [3, 2, 200],
    [2, 1, 200],
    [1, 0, 20_000],
  ];
  let t = startUs;
  return legs.map(([from, to, us]) => {
    const hop = [from, to, t, t + us, 4, conn, 0];
    t += us;
    return hop;
  });
}

const flat = (hops: number[][]) => Float64Array.from(hops.flat());
const P: DilationParams = { minUs: 150_000, maxLagUs: 2_000_000 };

function placeAll(hops: number[][], p = P): { start: number; end: number; hop: number[] }[] {
  const chains = new DisplayChains();
  const out = new Float64Array(2);
  return hops.map((hop) => {
    chains.place(hop[5]!, hop[0]!, hop[1]!, hop[2]!, hop[3]!, p, out, 0);
    return { start: out[0]!, end: out[1]!, hop };
  });
}

describe('visual time dilation', () => {
  it('draws every hop for at least the minimum, and the next hop of a packet only once the previous one has finished', () => {
    const placed = placeAll(roundTrip(7, 1000));
    for (const { start, end } of placed) expect(end - start).toBeGreaterThanOrEqual(P.minUs);
    for (let k = 1; k < placed.length; k++) expect(placed[k]!.start).toBeGreaterThanOrEqual(placed[k - 1]!.end);
    // In-region hops (200 µs) are stretched to the minimum, exactly: no more than needed.
    expect(placed[2]!.end - placed[2]!.start).toBe(P.minUs);
    // The first hop starts when the packet leaves: no delay where no earlier hop is drawn.
    expect(placed[0]!.start).toBe(1000);
  });

  it('keeps hops longer than the minimum at their own length', () => {
    const [first] = placeAll(roundTrip(1, 0), { minUs: 5000, maxLagUs: 1e9 });
    expect(first!.end - first!.start).toBe(20_000);
  });

  it('never lets a connection trail its packets by more than the cap: late hops shrink back to their own length', () => {
    const hops = [...roundTrip(3, 0), ...roundTrip(3, 41_600), ...roundTrip(3, 83_200), ...roundTrip(3, 124_800)];
    const p = { minUs: 150_000, maxLagUs: 600_000 };
    const placed = placeAll(hops, p);
    for (const { start, end, hop } of placed) {
      expect(start - hop[2]!).toBeLessThanOrEqual(p.maxLagUs);
      expect(end - hop[3]!).toBeLessThanOrEqual(p.maxLagUs);
      expect(end - start).toBeGreaterThanOrEqual(hop[3]! - hop[2]!);
    }
    for (let k = 1; k < placed.length; k++) expect(placed[k]!.start).toBeGreaterThanOrEqual(placed[k - 1]!.end);
    expect(placed.at(-1)!.end - placed.at(-1)!.start).toBe(20_000); // budget spent: its own length
  });

  it('does not chain different connections, nor hops of no connection', () => {
    const placed = placeAll([...roundTrip(1, 0).slice(0, 3), [2, 3, 20_200, 20_400, 4, 2, 0], [5, 3, 20_200, 20_400, 9, 0, 0]]);
    expect(placed[3]!.start).toBe(20_200);
    expect(placed[4]!.start).toBe(20_200);
    expect(placed[4]!.end).toBe(20_200 + P.minUs);
  });

  it('holds for any interleaving of connections (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 300_000 })), { minLength: 1, maxLength: 6 }), (starts) => {
        const hops = starts.flatMap(([conn, t]) => roundTrip(conn, t)).sort((a, b) => a[2]! - b[2]!);
        const placed = placeAll(hops);
        const lastEndAt = new Map<string, number>();
        for (const { start, end, hop } of placed) {
          const [from, to, depart, arrive, , conn] = hop as [number, number, number, number, number, number];
          // Causal: not before any earlier-recorded arrival of the same connection at this node
          // finished drawing, unless that wait would pass the cap (then exactly at the cap).
          expect(start).toBeGreaterThanOrEqual(Math.min(lastEndAt.get(`${conn}@${from}`) ?? -Infinity, depart + P.maxLagUs));
          expect(start).toBeGreaterThanOrEqual(depart);
          expect(end - start).toBeGreaterThanOrEqual(Math.min(P.minUs, arrive - depart + P.maxLagUs - (start - depart)));
          // The cap is hard, on both ends of every hop.
          expect(start - depart).toBeLessThanOrEqual(P.maxLagUs);
          expect(end - arrive).toBeLessThanOrEqual(P.maxLagUs);
          lastEndAt.set(`${conn}@${to}`, Math.max(end, lastEndAt.get(`${conn}@${to}`) ?? -Infinity));
        }
      }),
      // Interleavings that once compounded waits past the cap (found by this property).
      { examples: [[[[2, 802], [2, 1001], [2, 22_002], [2, 0]]], [[[3, 801], [3, 0], [3, 1000], [3, 22_001]]]] },
    );
  });

  it('a packet never waits on another of its connection past the cap: each round trip still draws its own hops in order', () => {
    const trips = [0, 801, 1000, 22_001].map((t) => roundTrip(3, t));
    const placed = placeAll(trips.flat().sort((a, b) => a[2]! - b[2]!));
    for (const { start, hop } of placed) expect(start - hop[2]!).toBeLessThanOrEqual(P.maxLagUs);
    expect(Math.max(...placed.map(({ start, hop }) => start - hop[2]!))).toBe(P.maxLagUs); // the cap is reached here
    // Each round trip's hops, in its own order, never overlap.
    for (const trip of trips) {
      const own = trip.map((hop) => placed.find((p) => p.hop === hop)!);
      for (let k = 1; k < own.length; k++) expect(own[k]!.start).toBeGreaterThanOrEqual(own[k - 1]!.end);
    }
  });
});

describe('HopFeed', () => {
  it('holds hops with their display interval and drops them once drawn', () => {
    const feed = new HopFeed();
    feed.setDilation(P);
    feed.append(flat(roundTrip(1, 0)));
    expect(feed.count).toBe(8);
    expect(feed.data[2 * HOP_FIELDS + 3]! - feed.data[2 * HOP_FIELDS + 2]!).toBe(P.minUs);
    feed.compact(P.minUs * 4 + 1, true); // the first four hops have been drawn
    expect(feed.count).toBe(4);
    feed.compact(1e9, true);
    expect(feed.count).toBe(0);
  });

  it('samples whole connections past its cap, and stops sampling when the traffic thins', () => {
    const feed = new HopFeed();
    feed.setDilation(P);
    feed.cap = 100;
    for (let conn = 1; conn <= 40; conn++) feed.append(flat(roundTrip(conn, 0))); // 320 hops
    feed.compact(0);
    expect(feed.sample).toBe(2);
    const conns = new Set<number>();
    for (let i = 0; i < feed.count; i++) conns.add(feed.data[i * HOP_FIELDS + 5]!);
    expect([...conns].every((c) => c % 2 === 0)).toBe(true);
    expect(feed.count).toBe(160); // every hop of the kept connections
    feed.append(flat(roundTrip(41, 0))); // an odd connection is not taken in while sampling
    expect(feed.count).toBe(160);
    feed.compact(1e9, true);
    feed.compact(1e9, true);
    expect(feed.sample).toBe(1);
  });

  it('past its cap, keeps one in `sample` of the hops of no connection, by position', () => {
    const feed = new HopFeed();
    feed.setDilation(P);
    // 16 sync hops (connection 0), all on screen at time 0; the fifth field tells them apart.
    const hops = new Float64Array(16 * HOP_FIELDS);
    for (let i = 0; i < 16; i++) hops.set([0, 1, 0, 1e6, i, 0, 0], i * HOP_FIELDS);
    feed.append(hops);
    expect(feed.count).toBe(16);
    feed.cap = 10;
    feed.compact(0);
    expect(feed.sample).toBe(2);
    expect(Array.from({ length: feed.count }, (_, i) => feed.data[i * HOP_FIELDS + 4])).toEqual([0, 2, 4, 6, 8, 10, 12, 14]);
  });

  it('starts afresh when the speed drops far: hops placed for a fast run would crawl', () => {
    const feed = new HopFeed();
    feed.setDilation({ minUs: 150_000_000, maxLagUs: 2e9 }); // 1,000×
    feed.append(flat(roundTrip(1, 0)));
    feed.setDilation({ minUs: 100_000_000, maxLagUs: 2e9 });
    expect(feed.count).toBe(8);
    feed.setDilation(P); // 1×
    expect(feed.count).toBe(0);
  });
});

describe('DilationSpeed', () => {
  it('follows the reached speed smoothly through a struggling engine’s jitter', () => {
    const s = new DilationSpeed();
    s.update(10, 10, false, 0);
    const seen: number[] = [];
    for (let k = 1; k <= 200; k++) seen.push(s.update(10, k % 2 ? 0.3 : 1.2, true, k * 50));
    const late = seen.slice(100);
    expect(Math.max(...late) / Math.min(...late)).toBeLessThan(1.5); // never the 4× swing that restarts the feed
    expect(late.at(-1)!).toBeGreaterThan(0.5);
    expect(late.at(-1)!).toBeLessThan(1.1);
  });

  it('follows at once an engine that reaches far less than asked (10,000× asked, 1× reached)', () => {
    const s = new DilationSpeed();
    expect(s.update(10_000, 10_000, false, 0)).toBe(10_000);
    expect(s.update(10_000, 1, true, 16)).toBe(1);
  });

  it('never exceeds the requested speed, and follows a slower one at once', () => {
    const s = new DilationSpeed();
    expect(s.update(1000, 120, false, 0)).toBe(120);
    expect(s.update(1, 120, true, 16)).toBe(1);
    expect(s.update(1, 1, true, 32)).toBe(1);
  });
});
