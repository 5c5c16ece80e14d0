import { describe, expect, it } from 'vitest';
import { HopBuffer, HOP_FIELDS, LINK_FIELDS } from './hops';

const conns = (flat: Float64Array) => Array.from({ length: flat.length / HOP_FIELDS }, (_, k) => flat[k * HOP_FIELDS + 5]);

describe('HopBuffer', () => {
  it('drains hops oldest first', () => {
    const b = new HopBuffer(10);
    for (let i = 1; i <= 5; i++) b.hop(0, 1, i, i + 1, 4, i, 0);
    expect(conns(b.drain())).toEqual([1, 2, 3, 4, 5]);
    expect(b.drain().length).toBe(0);
  });

  it('when full, overwrites the oldest and counts them as dropped', () => {
    const b = new HopBuffer(4);
    for (let i = 1; i <= 7; i++) b.hop(0, 1, i, i + 1, 4, i, 0);
    expect(b.dropped).toBe(3);
    expect(b.connOf(0)).toBe(7);
    expect(b.connOf(3)).toBe(4);
    expect(conns(b.drain())).toEqual([4, 5, 6, 7]);
  });

  it('discards what it holds', () => {
    const b = new HopBuffer(10);
    b.hop(0, 1, 1, 2, 4, 1, 0);
    b.discard();
    expect(b.count).toBe(0);
    expect(b.drain()).toHaveLength(0);
  });

  it('grows up to its cap without losing order', () => {
    const b = new HopBuffer(5000);
    for (let i = 1; i <= 3000; i++) b.hop(0, 1, i, i + 1, 4, i, 0);
    const out = conns(b.drain());
    expect(out).toHaveLength(3000);
    expect(out[0]).toBe(1);
    expect(out[2999]).toBe(3000);
  });
});

describe('LinkCounters (per-link packets and bytes for edge rates)', () => {
  const byLink = (flat: Float64Array) => {
    const out: Record<string, [number, number]> = {};
    for (let o = 0; o < flat.length; o += LINK_FIELDS) out[`${flat[o]}>${flat[o + 1]}`] = [flat[o + 2]!, flat[o + 3]!];
    return out;
  };

  it('counts every hop per directed link, with its bytes', () => {
    const b = new HopBuffer(100);
    b.hop(0, 1, 0, 1, 4, 1, 0, 1500);
    b.hop(0, 1, 0, 1, 4, 2, 0, 60);
    b.hop(1, 0, 0, 1, 4, 1, 0, 40);
    b.hop(2, 3, 0, 1, 4, 1, 0); // a caller that does not know the size
    expect(byLink(b.links.snapshot())).toEqual({ '0>1': [2, 1560], '1>0': [1, 40], '2>3': [1, 0] });
  });

  it('keeps counting hops the bounded buffer drops, and draining does not reset them', () => {
    const b = new HopBuffer(4);
    for (let i = 1; i <= 1000; i++) b.hop(5, 6, i, i + 1, 4, i, 0, 100);
    expect(b.dropped).toBe(996);
    b.drain();
    expect(byLink(b.links.snapshot())).toEqual({ '5>6': [1000, 100_000] });
  });

  it('grows past its first allocation without mixing links up', () => {
    const b = new HopBuffer(10);
    for (let from = 0; from < 200; from++) b.hop(from, from + 1, 0, 1, 4, 1, 0, from);
    const links = byLink(b.links.snapshot());
    expect(Object.keys(links)).toHaveLength(200);
    expect(links['150>151']).toEqual([1, 150]);
  });

  it('drains into an array it is given when that has room, wrapped hops in order', () => {
    const b = new HopBuffer(4);
    for (let i = 1; i <= 6; i++) b.hop(0, 1, i, i + 1, 4, i, 0);
    const given = new Float64Array(4 * HOP_FIELDS).fill(-1);
    const out = b.drain(given);
    expect(out.buffer).toBe(given.buffer);
    expect(out.byteOffset).toBe(0);
    expect(conns(out)).toEqual([3, 4, 5, 6]);
    b.hop(0, 1, 7, 8, 4, 7, 0);
    const again = b.drain(given);
    expect(again.buffer).toBe(given.buffer);
    expect(conns(again)).toEqual([7]);
  });

  it('drains into a new array, as large as the buffer, when the one given is too small', () => {
    const b = new HopBuffer(8);
    for (let i = 1; i <= 3; i++) b.hop(0, 1, i, i + 1, 4, i, 0);
    const small = new Float64Array(2 * HOP_FIELDS);
    const out = b.drain(small);
    expect(out.buffer).not.toBe(small.buffer);
    expect(conns(out)).toEqual([1, 2, 3]);
    // Room for any later drain of this buffer, so the array can be handed back and reused.
    expect(out.buffer.byteLength).toBeGreaterThanOrEqual(8 * HOP_FIELDS * Float64Array.BYTES_PER_ELEMENT);
  });
});
