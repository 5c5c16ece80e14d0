import { describe, expect, it } from 'vitest';
import { createScheduler } from './index';
import type { BackendView, FlowKey, SchedulerName } from './types';
import { WrrScheduler } from './wrr';

const NAMES: SchedulerName[] = ['wrr', 'wlc', 'rr', 'lc', 'sed', 'nq', 'sch', 'tch', 'qch'];

/** A view the caller updates in place, as BackendViews does: weights change, then version bumps. */
function mutableView(weights: number[]) {
  const n = weights.length;
  const view = { weights: Int32Array.from(weights), active: new Int32Array(n), inactive: new Int32Array(n), version: 0 };
  return {
    view: view as BackendView,
    set(next: number[]) {
      view.weights.set(next);
      view.version++;
    },
  };
}

/**
 * Wraps a view so every read of a weight is counted; past `limit` reads in one pick it throws, so a
 * scheduler that spins fails at once instead of hanging the run.
 */
function countingView(inner: BackendView, limit: number): { view: BackendView; reads: () => number; reset: () => void } {
  let reads = 0;
  const weights = new Proxy(inner.weights, {
    get(target, prop) {
      if (typeof prop === 'string' && /^\d+$/.test(prop) && ++reads > limit)
        throw new Error(`spinning: over ${limit} weight reads in one pick`);
      const value = Reflect.get(target, prop) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  const view = new Proxy(inner, { get: (target, prop) => (prop === 'weights' ? weights : Reflect.get(target, prop)) });
  return { view, reads: () => reads, reset: () => (reads = 0) };
}

const FLOW: FlowKey = { clientIp: 0x0a000001, clientPort: 40000, vip: 0x0a0000fe, vport: 80, quicCid: 7 };

function flow(k: number): FlowKey {
  return { ...FLOW, clientIp: 0x0a000000 + k, clientPort: 1024 + k, quicCid: k + 1 };
}

function shares(pick: (k: number) => number, n: number, count: number): number[] {
  const counts = new Array<number>(n).fill(0);
  for (let k = 0; k < count; k++) {
    const b = pick(k);
    counts[b] = (counts[b] ?? 0) + 1;
  }
  return counts;
}

describe('every scheduler with every weight at 0 returns -1 at once (no spinning)', () => {
  it.each(NAMES)(
    '%s: all weights 0 from the start',
    (name) => {
      const { view, reads, reset } = countingView(mutableView([0, 0, 0, 0]).view, 10_000);
      const s = createScheduler(name);
      for (let k = 0; k < 5; k++) {
        reset();
        expect(s.pick(view, flow(k))).toBe(-1);
        expect(reads()).toBeLessThanOrEqual(64);
      }
    },
    2000,
  );

  /** Picks on [4, 3, 2, 1], then every weight drops to 0 (version bumped): -1 at once, every time. */
  function dropToZero(name: SchedulerName) {
    const m = mutableView([4, 3, 2, 1]);
    const counting = countingView(m.view, 10_000);
    const s = createScheduler(name);
    for (let k = 0; k < 7; k++) expect(s.pick(counting.view, flow(k))).toBeGreaterThanOrEqual(0);
    m.set([0, 0, 0, 0]);
    for (let k = 0; k < 5; k++) {
      counting.reset();
      expect(s.pick(counting.view, flow(k))).toBe(-1);
      expect(counting.reads()).toBeLessThanOrEqual(64);
    }
    return { m, s, view: counting.view };
  }

  it.each(NAMES)(
    '%s: every weight drops to 0 after picks were made (version bumped)',
    (name) => {
      dropToZero(name);
    },
    2000,
  );

  it.each(NAMES.filter((n) => n !== 'wrr'))(
    '%s: after every weight was 0, the one backend that comes back takes every pick',
    (name) => {
      const { m, s, view } = dropToZero(name);
      m.set([0, 0, 5, 0]);
      for (let k = 0; k < 5; k++) expect(s.pick(view, flow(k))).toBe(2);
    },
    2000,
  );

  // Regression: while every weight was 0, `cw` was clamped to mw = 0 and stayed 0 when a backend
  // came back, so the next picks returned weight-0 servers until the cursor wrapped. The kernel's
  // ip_vs_wrr_dest_changed resets it (`if (mark->cw > mark->mw || !mark->cw) mark->cw = mark->mw`).
  it('wrr: after every weight was 0, the one backend that comes back takes every pick', () => {
    const { m, s, view } = dropToZero('wrr');
    m.set([0, 0, 5, 0]);
    for (let k = 0; k < 5; k++) expect(s.pick(view, flow(k))).toBe(2);
  }, 2000);

  it.each(NAMES)(
    '%s: an empty backend list gives -1',
    (name) => {
      const s = createScheduler(name);
      expect(s.pick(mutableView([]).view, FLOW)).toBe(-1);
    },
    2000,
  );
});

describe('weighted round-robin follows weight changes (the view version)', () => {
  /** Picks of one full cycle after the change. */
  function afterChange(before: number[], warmup: number, after: number[], count: number): number[] {
    const m = mutableView(before);
    const s = new WrrScheduler();
    for (let k = 0; k < warmup; k++) s.pick(m.view);
    m.set(after);
    return shares(() => s.pick(m.view), after.length, count);
  }

  it.each([
    { before: [2, 2], after: [3, 1] },
    { before: [1, 1], after: [3, 1] },
    { before: [50, 50], after: [50, 25] },
    { before: [4, 3, 2], after: [1, 1, 1] },
    { before: [1, 1, 1], after: [4, 3, 2] },
    { before: [6, 0, 3], after: [2, 5, 0] },
    { before: [100, 100, 100], after: [100, 0, 100] },
  ])('$before → $after: over whole cycles each backend gets its new weight’s share', ({ before, after }) => {
    const total = after.reduce((a, b) => a + b, 0);
    for (const warmup of [0, 1, 2, 5]) {
      // Ten cycles, plus a partial one to absorb where the old cycle left the cursor.
      const counts = afterChange(before, warmup, after, 10 * total);
      counts.forEach((c, b) => {
        if (after[b] === 0) expect(c).toBe(0);
        else expect(Math.abs(c - 10 * (after[b] as number))).toBeLessThanOrEqual(Math.max(...after));
      });
    }
  });

  it('[2, 2] → [3, 1] after one pick: exactly 3:1 from then on', () => {
    const m = mutableView([2, 2]);
    const s = new WrrScheduler();
    s.pick(m.view);
    m.set([3, 1]);
    expect(shares(() => s.pick(m.view), 2, 400)).toEqual([300, 100]);
  });

  it('the kernel sequence restarts cleanly after a change to a longer list', () => {
    const s = new WrrScheduler();
    const v1 = mutableView([1, 1]);
    s.pick(v1.view);
    s.pick(v1.view);
    const v2 = { ...mutableView([4, 3, 2]).view, version: 7 };
    const picks = Array.from({ length: 9 }, () => s.pick(v2));
    expect(shares((k) => picks[k]!, 3, 9)).toEqual([4, 3, 2]);
  });

  it('a list that shrinks below the cursor restarts the scan instead of reading past the end', () => {
    const s = new WrrScheduler();
    const long = mutableView([1, 1, 1, 1]);
    for (let k = 0; k < 3; k++) s.pick(long.view); // cursor at 2
    const short = { ...mutableView([1, 1]).view, version: 5 };
    const picks = Array.from({ length: 4 }, () => s.pick(short));
    for (const p of picks) expect([0, 1]).toContain(p);
    expect(shares((k) => picks[k]!, 2, 4)).toEqual([2, 2]);
  });
});

describe('weighted schedulers follow weight changes', () => {
  it.each(['wrr', 'wlc', 'sed', 'nq', 'sch', 'tch', 'qch'] as const)(
    '%s: a backend whose weight drops to 0 gets nothing; raised again it is picked',
    (name) => {
      const m = mutableView([1, 1, 1]);
      const s = createScheduler(name);
      // Each pick opens a connection on the chosen backend, as the LVS node counts it.
      const active = m.view.active as Int32Array;
      const pick = (k: number): number => {
        const b = s.pick(m.view, flow(k));
        active[b] = (active[b] as number) + 1;
        return b;
      };
      m.set([1, 0, 1]);
      const counts = shares(pick, 3, 300);
      expect(counts[1]).toBe(0);
      m.set([1, 100, 1]);
      const again = shares((k) => pick(300 + k), 3, 300);
      expect(again[1]).toBeGreaterThan(200);
    },
  );
});
