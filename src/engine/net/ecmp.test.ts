import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomStream } from '../core/prng';
import { EcmpGroup, flowHash, type EcmpMode } from './ecmp';

const SEED = 7;
const FLOWS = 100_000;
const MODES: readonly EcmpMode[] = ['modulo', 'resilient', 'hash-threshold'];

/** 100,000 TCP flows from random client addresses and ports to one VIP:80. */
function flowHashes(seed: number): Uint32Array {
  const rng = new RandomStream(seed, 'test');
  const out = new Uint32Array(FLOWS);
  for (let i = 0; i < FLOWS; i++) out[i] = flowHash(6, rng.nextU32(), 1024 + rng.int(64_512), 0x0a00_0001, 80);
  return out;
}
const HASHES = flowHashes(SEED);

/** Sparse, non-contiguous ids so a mix-up between node id and index shows. */
const byNumber = (a: number, b: number): number => a - b;
const nodeIds = (n: number): number[] => Array.from({ length: n }, (_, i) => 100 + 7 * i);
const picks = (g: EcmpGroup): Int32Array => Int32Array.from(HASHES, (h) => g.pick(h));
const movedFraction = (before: Int32Array, after: Int32Array): number => {
  let moved = 0;
  for (let i = 0; i < before.length; i++) if (before[i] !== after[i]) moved++;
  return moved / before.length;
};
/** Buckets per announced node, read through pick (bucket = hash % bucketCount). */
function ownership(g: EcmpGroup, buckets: number): Map<number, number> {
  const counts = new Map<number, number>(g.announced.map((id) => [id, 0]));
  for (let b = 0; b < buckets; b++) {
    const owner = g.pick(b);
    counts.set(owner, (counts.get(owner) ?? 0) + 1);
  }
  return counts;
}
function expectBalanced(g: EcmpGroup, buckets: number): void {
  const n = g.announced.length;
  const owners = ownership(g, buckets);
  expect([...owners.keys()].sort(byNumber)).toEqual([...g.announced].sort(byNumber)); // nobody else owns a bucket
  for (const c of owners.values()) expect([Math.floor(buckets / n), Math.ceil(buckets / n)]).toContain(c);
}

describe.each([4, 8])(`EcmpGroup: removing one of N = %i nodes (${FLOWS} flows, seed ${SEED})`, (n) => {
  const ids = nodeIds(n);

  it('modulo moves (N−1)/N of all flows, whichever node leaves', () => {
    for (const gone of ids) {
      const g = new EcmpGroup('modulo', ids);
      const before = picks(g);
      g.withdraw(gone);
      expect(Math.abs(movedFraction(before, picks(g)) - (n - 1) / n)).toBeLessThanOrEqual(0.01);
    }
  });

  it('resilient moves only the withdrawn node’s 1/N; flows on surviving nodes stay put', () => {
    for (const gone of ids) {
      const g = new EcmpGroup('resilient', ids);
      const before = picks(g);
      g.withdraw(gone);
      const after = picks(g);
      let survivorsMoved = 0;
      for (let i = 0; i < FLOWS; i++) if (before[i] !== gone && after[i] !== before[i]) survivorsMoved++;
      expect(survivorsMoved).toBe(0);
      expect(Math.abs(movedFraction(before, after) - 1 / n)).toBeLessThanOrEqual(0.01);
    }
  });

  it('hash-threshold (RFC 2992) moves between 1/4 and 1/2, depending on which region disappears', () => {
    ids.forEach((gone, k) => {
      const g = new EcmpGroup('hash-threshold', ids);
      const before = picks(g);
      g.withdraw(gone);
      const moved = movedFraction(before, picks(g));
      // Regions shift towards the gap: the kept share is 1/2 + k(N−1−k)/(N(N−1)), so an end region
      // moves 1/2 and a middle one just over 1/4.
      expect(Math.abs(moved - (0.5 - (k * (n - 1 - k)) / (n * (n - 1))))).toBeLessThanOrEqual(0.01);
      expect(moved).toBeGreaterThanOrEqual(0.25);
      expect(moved).toBeLessThanOrEqual(0.51);
    });
    const middle = new EcmpGroup('hash-threshold', ids);
    const before = picks(middle);
    middle.withdraw(ids[Math.floor((n - 1) / 2)] as number);
    const moved = movedFraction(before, picks(middle));
    expect(moved).toBeGreaterThan(0.25);
    expect(moved).toBeLessThan(0.5);
  });

  it(`resilient re-announce restores floor/ceil balance and moves only about 1/N, onto the returning node`, () => {
    for (const buckets of [4096, 4099]) {
      for (const back of ids) {
        const g = new EcmpGroup('resilient', ids, buckets);
        g.withdraw(back);
        const before = picks(g);
        g.announce(back);
        expectBalanced(g, buckets);
        const after = picks(g);
        let movedElsewhere = 0;
        for (let i = 0; i < FLOWS; i++) if (after[i] !== before[i] && after[i] !== back) movedElsewhere++;
        expect(movedElsewhere).toBe(0);
        expect(Math.abs(movedFraction(before, after) - 1 / n)).toBeLessThanOrEqual(0.01);
      }
    }
  });

  it.each(MODES)('%s spreads flows evenly (±0.02 of 1/N), before and after a withdrawal', (mode) => {
    const g = new EcmpGroup(mode, ids);
    for (const withdrawn of [0, 1]) {
      if (withdrawn) g.withdraw(ids[1] as number);
      const share = new Map<number, number>();
      for (const p of picks(g)) share.set(p, (share.get(p) ?? 0) + 1);
      expect([...share.keys()].sort(byNumber)).toEqual([...g.announced].sort(byNumber));
      for (const c of share.values()) expect(Math.abs(c / FLOWS - 1 / (n - withdrawn))).toBeLessThanOrEqual(0.02);
    }
  });
});

describe('EcmpGroup membership', () => {
  it('resilient starts with buckets dealt round-robin over the nodes', () => {
    const ids = nodeIds(5);
    const g = new EcmpGroup('resilient', ids, 97);
    for (let b = 0; b < 97; b++) expect(g.pick(b)).toBe(ids[b % 5]);
  });

  it.each(MODES)('%s: withdrawing every node gives -1; one node back takes every flow', (mode) => {
    const ids = nodeIds(4);
    const g = new EcmpGroup(mode, ids);
    for (const id of ids) g.withdraw(id);
    expect(g.announced).toEqual([]);
    for (let i = 0; i < 1000; i++) expect(g.pick(HASHES[i] as number)).toBe(-1);
    g.announce(ids[2] as number);
    for (let i = 0; i < 1000; i++) expect(g.pick(HASHES[i] as number)).toBe(ids[2]);
  });

  it('rejects nodes that are not in the group', () => {
    const g = new EcmpGroup('modulo', [1, 2]);
    expect(() => g.withdraw(3)).toThrow(RangeError);
    expect(g.isAnnounced(3)).toBe(false);
  });

  it('property: after any withdraw/announce sequence every pick is an announced node, listed in constructor order, and resilient tables stay balanced', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...MODES),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 300 }),
        fc.array(fc.tuple(fc.boolean(), fc.nat()), { maxLength: 30 }),
        fc.array(fc.integer({ min: 0, max: 0xffff_ffff }), { minLength: 1, maxLength: 50 }),
        (mode, n, buckets, ops, hashes) => {
          const ids = nodeIds(n);
          const g = new EcmpGroup(mode, ids, buckets);
          for (const [up, which] of ops) {
            const id = ids[which % n] as number;
            const wasEmpty = g.announced.length === 0;
            const owners = mode === 'resilient' ? Array.from({ length: buckets }, (_, b) => g.pick(b)) : [];
            const changed = g.isAnnounced(id) !== up;
            if (up) g.announce(id);
            else g.withdraw(id);
            if (mode === 'resilient' && changed && !wasEmpty && g.announced.length > 0) {
              // Minimal movement: a withdraw moves exactly the leaver's buckets; an announce moves
              // exactly floor(B/n) buckets, all onto the newcomer.
              const moved = owners.filter((o, b) => g.pick(b) !== o);
              if (up) expect(moved.length).toBe(Math.floor(buckets / g.announced.length));
              else expect(moved.length).toBe(owners.filter((o) => o === id).length);
              owners.forEach((o, b) => {
                if (g.pick(b) !== o) expect(up ? g.pick(b) : o).toBe(id);
              });
            }
            expect(g.announced).toEqual(ids.filter((x) => g.isAnnounced(x)));
            for (const h of hashes) {
              const p = g.pick(h);
              if (g.announced.length === 0) expect(p).toBe(-1);
              else expect(g.announced).toContain(p);
            }
            if (mode === 'resilient' && g.announced.length > 0) expectBalanced(g, buckets);
          }
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
  });
});
