import { describe, expect, it } from 'vitest';
import { HOP_FIELDS, PacketType } from '../../worker/protocol';
import { colorIndexOf } from './dot-colors';
import { TYPES } from './dot-sprites';
import { DOT_FIELDS } from './overlay-protocol';
import { countInFlight, dotAt, dotsByLink, groupBySprite, KIND_SLOTS, PlacedDots, placeDots, ringsOf, spriteGroups, toDevicePixels, type DotGeometry } from './dot-placement';

/** Hops as the feed holds them: from, to, display start, display end, type, connection, listener. */
function feed(...hops: [number, number, number, number, number, number, number][]): Float64Array {
  const data = new Float64Array(hops.length * HOP_FIELDS);
  hops.forEach((hop, i) => data.set(hop, i * HOP_FIELDS));
  return data;
}

/** Three nodes in a row: 0 (outside the region, kind "clients") at x 0, 1 at x 100, 2 at x 200 (both kind "lvs"). */
const geometry: DotGeometry = {
  centres: Float64Array.of(0, 0, 100, 50, 200, 50),
  kindIndex: Int32Array.of(0, 1, 1),
  outside: Uint8Array.of(1, 0, 0),
};

describe('dot placement', () => {
  const data = feed(
    [0, 1, 0, 100, PacketType.Syn, 4, 0], // clients → node 1, conn 4
    [1, 2, 50, 150, PacketType.Data, 4, 0], // node 1 → node 2, conn 4
    [1, 2, 200, 300, PacketType.Data, 5, 0], // later: not on screen at 75
    [1, 2, 60, 90, PacketType.Sync, 0, 0], // sync, no connection
  );

  it('counts the hops whose display interval holds the time, ends included', () => {
    expect(countInFlight(data, 4, 75)).toBe(3);
    expect(countInFlight(data, 4, 100)).toBe(2);
    expect(countInFlight(data, 4, 200)).toBe(1);
    expect(countInFlight(data, 2, 75)).toBe(2);
  });

  it('groups the hops on screen by colour and packet type, keeping one connection in perDot', () => {
    const members = spriteGroups();
    groupBySprite(data, 4, 75, 1, members);
    expect(members[colorIndexOf(PacketType.Syn, 0) * TYPES + PacketType.Syn]).toEqual([0]);
    expect(members[colorIndexOf(PacketType.Data, 0) * TYPES + PacketType.Data]).toEqual([1]);
    expect(members[colorIndexOf(PacketType.Sync, 0) * TYPES + PacketType.Sync]).toEqual([3]);
    expect(members.flat()).toHaveLength(3);
    // One in two: connection 4 is even and stays; the sync hop (no connection) goes by its index, 3.
    groupBySprite(data, 4, 75, 2, members);
    expect(members.flat().sort()).toEqual([0, 1]);
  });

  it('places each dot on its link by the share of its interval gone, and counts links, region and selection', () => {
    const members = spriteGroups();
    groupBySprite(data, 4, 75, 1, members);
    const placed = new PlacedDots();
    placeDots(data, members, 75, geometry, 4, placed);
    expect(placed.count).toBe(3);
    const dots = Array.from({ length: placed.count }, (_, k) => [placed.hit[k * 3], placed.hit[k * 3 + 1], placed.hit[k * 3 + 2]]);
    expect(dots).toContainEqual([75, 37.5, 4]); // 75 % of the way from (0, 0) to (100, 50)
    expect(dots).toContainEqual([125, 50, 4]); // a quarter of the way from node 1 to node 2
    expect(dots).toContainEqual([100 + 100 * (15 / 30), 50, 0]);
    expect(placed.inRegion).toBe(2);
    expect(placed.highlighted).toBe(2);
    expect(placed.kindPairs[0 * KIND_SLOTS + 1]).toBe(1);
    expect(placed.kindPairs[1 * KIND_SLOTS + 1]).toBe(2);
    expect(dotsByLink(placed.kindPairs, ['clients', 'lvs'])).toEqual({ 'clients>lvs': 1, 'lvs>lvs': 2 });
  });

  it('skips hops whose node is not drawn, and a zero-length interval sits at its end', () => {
    const hops = feed([0, 1, 10, 10, PacketType.Ack, 7, 0], [1, 2, 0, 100, PacketType.Ack, 8, 0]);
    const members = spriteGroups();
    groupBySprite(hops, 2, 10, 1, members);
    const placed = new PlacedDots();
    placeDots(hops, members, 10, { ...geometry, centres: Float64Array.of(0, 0, 100, 50, NaN, NaN) }, undefined, placed);
    expect(placed.count).toBe(1);
    expect([placed.hit[0], placed.hit[1], placed.hit[2]]).toEqual([100, 50, 7]);
    expect(placed.highlighted).toBe(0);
  });

  it('turns dots into device pixels with their sprite group, rings round the selected connection, and finds the dot clicked', () => {
    const members = spriteGroups();
    groupBySprite(data, 4, 75, 1, members);
    const placed = new PlacedDots();
    placeDots(data, members, 75, geometry, 4, placed);
    const buffer = new Int32Array(placed.count * DOT_FIELDS);
    toDevicePixels(placed, buffer, 10, 20, 2);
    for (let k = 0; k < placed.count; k++) {
      expect(buffer[k * DOT_FIELDS]).toBe(Math.floor(10 + 2 * (placed.hit[k * 3] as number)));
      expect(buffer[k * DOT_FIELDS + 1]).toBe(Math.floor(20 + 2 * (placed.hit[k * 3 + 1] as number)));
      expect(buffer[k * DOT_FIELDS + 2]).toBe(placed.group[k]);
    }
    const rings = ringsOf(placed, 4, 10, 20, 2);
    expect(rings).toHaveLength(4);
    expect([...rings]).toEqual(expect.arrayContaining([10 + 2 * 75, 20 + 2 * 37.5, 10 + 2 * 125, 20 + 2 * 50]));
    expect(dotAt(placed, 126, 51, 5)).toBe(4);
    // The sync dot (no connection) is never picked, and nothing lies within reach far away.
    expect(dotAt(placed, 150, 50, 2)).toBeUndefined();
    expect(dotAt(placed, 500, 500, 5)).toBeUndefined();
  });

  it('makes room for more dots than it had', () => {
    const placed = new PlacedDots();
    placed.reserve(5000);
    expect(placed.group.length).toBeGreaterThanOrEqual(5000);
    expect(placed.hit.length).toBeGreaterThanOrEqual(3 * 5000);
  });
});
