import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QchScheduler } from './qch';
import { TchScheduler } from './tch';
import type { BackendView, FlowKey } from './types';

function view(weights: number[]): BackendView {
  const n = weights.length;
  return { weights: Int32Array.from(weights), active: new Int32Array(n), inactive: new Int32Array(n), version: 0 };
}

const tuple = fc.record({
  clientIp: fc.integer({ min: 0, max: 0xffff_ffff }),
  clientPort: fc.integer({ min: 0, max: 0xffff }),
  vip: fc.integer({ min: 0, max: 0xffff_ffff }),
  vport: fc.integer({ min: 0, max: 0xffff }),
});

describe('QchScheduler', () => {
  const v = view([1, 1, 1, 1, 1, 1, 1, 1]);

  it('keys on the QUIC connection id: a migrating client keeps its backend (seed 31)', () => {
    const s = new QchScheduler();
    fc.assert(
      fc.property(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), tuple, tuple, (cid, a, b) => {
        expect(s.pick(v, { ...b, quicCid: cid })).toBe(s.pick(v, { ...a, quicCid: cid }));
      }),
      { seed: 31 },
    );
  });

  it('falls back to the 4-tuple, as tch hashes it, when the CID is 0 (seed 32)', () => {
    const q = new QchScheduler();
    const t = new TchScheduler();
    fc.assert(
      fc.property(tuple, (f) => {
        const flow: FlowKey = { ...f, quicCid: 0 };
        expect(q.pick(v, flow)).toBe(t.pick(v, flow));
      }),
      { seed: 32 },
    );
  });

  it('spreads CIDs, including their bits above 2^32, over the backends', () => {
    const s = new QchScheduler();
    const base: FlowKey = { clientIp: 1, clientPort: 2, vip: 3, vport: 4, quicCid: 0 };
    const low = new Set<number>();
    const high = new Set<number>();
    for (let i = 1; i <= 200; i++) {
      low.add(s.pick(v, { ...base, quicCid: i }));
      high.add(s.pick(v, { ...base, quicCid: i * 0x1_0000_0000 + 7 }));
    }
    expect(low.size).toBe(8);
    expect(high.size).toBe(8);
  });

  it('one 4-tuple with different CIDs: qch spreads them over the backends, tch keeps them on one (seed 33)', () => {
    const q = new QchScheduler();
    const t = new TchScheduler();
    fc.assert(
      fc.property(tuple, (f) => {
        const byQch = new Set<number>();
        const byTch = new Set<number>();
        for (let cid = 1; cid <= 64; cid++) {
          byQch.add(q.pick(v, { ...f, quicCid: cid * 0x9e3779b1 }));
          byTch.add(t.pick(v, { ...f, quicCid: cid * 0x9e3779b1 }));
        }
        expect(byTch.size).toBe(1);
        expect(byQch.size).toBeGreaterThanOrEqual(6);
      }),
      { seed: 33, numRuns: 50 },
    );
  });
});
