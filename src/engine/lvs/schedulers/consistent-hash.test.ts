import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../core/prng';
import { QchScheduler } from './qch';
import { SchScheduler } from './sch';
import { TchScheduler } from './tch';
import type { BackendView, FlowKey, Scheduler } from './types';

type View = { -readonly [K in keyof BackendView]: BackendView[K] };

function view(weights: number[]): View {
  const n = weights.length;
  return { weights: Int32Array.from(weights), active: new Int32Array(n), inactive: new Int32Array(n), version: 0 };
}

const KEYS = 100_000;
const VIP = 0x2f_64_00_0a; // 47.100.0.10
const VPORT = 443;

/** Random flows to one listener, varying every field a hashing scheduler might key on. */
function randomFlows(seed: number): FlowKey[] {
  const rng = new RandomStream(seed, 'consistent-hash-test');
  return Array.from({ length: KEYS }, () => ({
    clientIp: rng.nextU32(),
    clientPort: 1024 + rng.int(64_512),
    vip: VIP,
    vport: VPORT,
    quicCid: rng.nextU32() + 1 + rng.int(0x20_0000) * 0x1_0000_0000,
  }));
}

function pickAll(s: Scheduler, v: BackendView, flows: FlowKey[]): Int32Array {
  const out = new Int32Array(flows.length);
  for (let k = 0; k < flows.length; k++) out[k] = s.pick(v, flows[k]!);
  return out;
}

const flowArb = fc.record({
  clientIp: fc.integer({ min: 0, max: 0xffff_ffff }),
  clientPort: fc.integer({ min: 0, max: 0xffff }),
  vip: fc.integer({ min: 0, max: 0xffff_ffff }),
  vport: fc.integer({ min: 0, max: 0xffff }),
  quicCid: fc.maxSafeNat(),
});

describe.each([
  ['sch', () => new SchScheduler()],
  ['tch', () => new TchScheduler()],
  ['qch', () => new QchScheduler()],
] as const)('%s (Maglev, ip_vs_mh.c)', (_name, make) => {
  it('maps the same key to the same backend every time, on any instance (seed 11)', () => {
    const v = view([3, 1, 0, 2, 5]);
    const a = make();
    const b = make();
    fc.assert(
      fc.property(flowArb, flowArb, (f, other) => {
        const first = a.pick(v, f);
        a.pick(v, other);
        expect(a.pick(v, f)).toBe(first);
        expect(b.pick(v, f)).toBe(first);
        expect(v.weights[first]).toBeGreaterThan(0);
      }),
      { seed: 11 },
    );
  });

  for (const n of [4, 8]) {
    it(`removing one of ${n} backends moves at most 1/${n} + 0.03 of 100,000 keys, including all of its own`, () => {
      const flows = randomFlows(n);
      const s = make();
      const v = view(new Array<number>(n).fill(1));
      const before = pickAll(s, v, flows);
      for (let r = 0; r < n; r++) {
        v.weights[r] = 0;
        v.version++;
        const after = pickAll(s, v, flows);
        // Counted rather than asserted per key: 100,000 expect() calls per removal are slow.
        let moved = 0;
        let stayedOnRemoved = 0;
        let unscheduled = 0;
        for (let k = 0; k < KEYS; k++) {
          if (after[k] !== before[k]) moved++;
          if (before[k] === r && after[k] === r) stayedOnRemoved++;
          if (after[k]! < 0) unscheduled++;
        }
        expect(stayedOnRemoved).toBe(0);
        expect(unscheduled).toBe(0);
        expect(moved / KEYS).toBeGreaterThanOrEqual(1 / n - 0.02);
        expect(moved / KEYS).toBeLessThanOrEqual(1 / n + 0.03);
        // Bringing it back restores the original mapping exactly (the table is a function of weights).
        v.weights[r] = 1;
        v.version++;
        const restored = pickAll(s, v, flows);
        expect(restored.every((b, k) => b === before[k])).toBe(true);
      }
    });
  }

  it('spreads keys in proportion to weight (2:1 and 1:1:1:1 within 0.02)', () => {
    const flows = randomFlows(21);
    const twoToOne = pickAll(make(), view([2, 1]), flows);
    expect(twoToOne.filter((b) => b === 0).length / KEYS).toBeCloseTo(2 / 3, 1);
    expect(Math.abs(twoToOne.filter((b) => b === 0).length / KEYS - 2 / 3)).toBeLessThanOrEqual(0.02);
    const even = pickAll(make(), view([1, 1, 1, 1]), flows);
    for (let b = 0; b < 4; b++) expect(Math.abs(even.filter((x) => x === b).length / KEYS - 1 / 4)).toBeLessThanOrEqual(0.02);
  });

  it('returns -1 when no backend is usable', () => {
    const f: FlowKey = { clientIp: 1, clientPort: 2, vip: 3, vport: 4, quicCid: 5 };
    expect(make().pick(view([0, 0, 0]), f)).toBe(-1);
    expect(make().pick(view([]), f)).toBe(-1);
  });
});

describe('what each consistent hash keys on', () => {
  const v = view([1, 1, 1, 1]);

  it('sch keys on the source IP only (seed 12)', () => {
    const s = new SchScheduler();
    fc.assert(
      fc.property(flowArb, flowArb, (f, g) => {
        expect(s.pick(v, { ...g, clientIp: f.clientIp })).toBe(s.pick(v, f));
      }),
      { seed: 12 },
    );
  });

  it('tch keys on the 4-tuple and ignores the QUIC CID (seed 13)', () => {
    const s = new TchScheduler();
    fc.assert(
      fc.property(flowArb, fc.maxSafeNat(), (f, cid) => {
        expect(s.pick(v, { ...f, quicCid: cid })).toBe(s.pick(v, f));
      }),
      { seed: 13 },
    );
    // Every tuple field matters: changing any one moves about 3/4 of the keys among 4 backends.
    const flows = randomFlows(13).slice(0, 20_000);
    const base = pickAll(s, v, flows);
    const tweaks: ((f: FlowKey) => FlowKey)[] = [
      (f) => ({ ...f, clientIp: (f.clientIp + 1) >>> 0 }),
      (f) => ({ ...f, clientPort: f.clientPort ^ 1 }),
      (f) => ({ ...f, vip: f.vip + 1 }),
      (f) => ({ ...f, vport: f.vport + 1 }),
    ];
    for (const tweak of tweaks) {
      const moved = pickAll(s, v, flows.map(tweak)).filter((b, k) => b !== base[k]).length / flows.length;
      expect(Math.abs(moved - 3 / 4)).toBeLessThanOrEqual(0.03);
    }
  });
});
