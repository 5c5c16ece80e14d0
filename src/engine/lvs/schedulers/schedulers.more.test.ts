import { describe, expect, it } from 'vitest';
import { hash1 } from '../../core/murmur';
import { createScheduler } from './index';
import { MaglevTable, type MaglevTableSize } from './maglev';
import type { BackendView, FlowKey, SchedulerName } from './types';
import { WrrScheduler } from './wrr';

function view(weights: number[], version = 0): BackendView {
  const n = weights.length;
  return { weights: Int32Array.from(weights), active: new Int32Array(n), inactive: new Int32Array(n), version };
}

function flow(k: number): FlowKey {
  return { clientIp: 0x0a00_0000 + k * 7919, clientPort: 1024 + (k % 50_000), vip: 0x2f00_0001, vport: 80, quicCid: k + 1 };
}

/**
 * ip_vs_mh.c written out plainly, as the reference: permutation offset = h1(i) % M, skip =
 * h2(i) % (M − 1) + 1 (the kernel's two seeds), turns = weight / gcd shifted into TAB_BITS bits,
 * then rounds in list order, each backend claiming its next free slot `turns` times.
 */
function referenceTable(weights: number[], m: number, tabBits: number): number[] {
  const OFFSET_SEED = 2654435761;
  const SKIP_SEED = 2654446892;
  const usable = weights.filter((w) => w > 0);
  const table = new Array<number>(m).fill(-1);
  if (usable.length === 0) return table;
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const g = usable.reduce((a, b) => gcd(a, b));
  const mw = Math.max(...usable);
  const shift = Math.max(0, 32 - Math.clz32(Math.trunc(mw / g)) - tabBits);
  const next = weights.map((_, d) => hash1(d, OFFSET_SEED) % m);
  const skip = weights.map((_, d) => (hash1(d, SKIP_SEED) % (m - 1)) + 1);
  const turns = weights.map((w) => (w <= 0 ? 0 : Math.trunc(w / g) >> shift || 1));
  let filled = 0;
  for (;;) {
    for (let d = 0; d < weights.length; d++) {
      for (let r = 0; r < (turns[d] as number); r++) {
        let c = next[d] as number;
        while (table[c] !== -1) c = (c + (skip[d] as number)) % m;
        table[c] = d;
        next[d] = c;
        if (++filled === m) return table;
      }
    }
  }
}

function tableOf(t: MaglevTable): number[] {
  return Array.from({ length: t.size }, (_, slot) => t.lookup(slot));
}

describe('Maglev table matches the kernel algorithm slot for slot', () => {
  it.each([
    { weights: [1, 1, 1], size: 251, tabBits: 4 },
    { weights: [3, 0, 1, 2], size: 509, tabBits: 4 },
    { weights: [100, 1], size: 4093, tabBits: 6 },
    { weights: [5, 5, 10, 0, 20], size: 4093, tabBits: 6 },
    { weights: [7], size: 1021, tabBits: 5 },
  ] as const)('$weights at M = $size', ({ weights, size, tabBits }) => {
    const t = new MaglevTable(size as MaglevTableSize);
    t.sync(view([...weights]));
    expect(tableOf(t)).toEqual(referenceTable([...weights], size, tabBits));
  });

  it('a view with the same version but another length is a different view: the table is rebuilt', () => {
    const t = new MaglevTable(251);
    t.sync(view([1, 1, 1, 1], 1));
    t.sync(view([1, 1], 1));
    expect(tableOf(t)).toEqual(referenceTable([1, 1], 251, 4));
  });

  it('shrinking the list (version bumped) leaves no slot to a backend that is gone', () => {
    const t = new MaglevTable(251);
    t.sync(view([1, 1, 1, 1, 1], 1));
    t.sync(view([2, 1], 2));
    expect(new Set(tableOf(t))).toEqual(new Set([0, 1]));
    expect(tableOf(t)).toEqual(referenceTable([2, 1], 251, 4));
  });

  it.each(['sch', 'tch', 'qch'] as const)(
    '%s: after the list shrinks from 5 to 2 backends every pick is one of the 2',
    (name: SchedulerName) => {
      const s = createScheduler(name);
      for (let k = 0; k < 50; k++) s.pick(view([1, 1, 1, 1, 1], 1), flow(k));
      const small = view([1, 1], 2);
      for (let k = 0; k < 500; k++) expect([0, 1]).toContain(s.pick(small, flow(k)));
    },
  );

  it('rejects a size that is not a kernel prime, naming the allowed ones', () => {
    expect(() => new MaglevTable(1000 as MaglevTableSize)).toThrow(/Maglev table size must be one of 251, 509, .*131071; got 1000/);
  });
});

describe('wrr restarts at the head of the list when the list shrinks under its cursor (ip_vs_wrr_dest_changed)', () => {
  it.each([
    { from: 4, to: 2, before: 3 },
    { from: 5, to: 3, before: 5 },
    { from: 6, to: 3, before: 4 },
    { from: 3, to: 1, before: 2 },
  ])('cursor after $before picks on $from equal backends, list cut to $to: the next pick is the first backend', ({ from, to, before }) => {
    const s = new WrrScheduler();
    const long = view(new Array<number>(from).fill(1), 1);
    for (let k = 0; k < before; k++) s.pick(long);
    const short = view(new Array<number>(to).fill(1), 2);
    const picks = Array.from({ length: 2 * to }, () => s.pick(short));
    expect(picks).toEqual([...Array.from({ length: to }, (_, i) => i), ...Array.from({ length: to }, (_, i) => i)]);
  });
});

describe('createScheduler', () => {
  it('refuses a name it does not know (a scenario that bypassed validation)', () => {
    expect(() => createScheduler('fastest' as SchedulerName)).toThrow('Unknown scheduler: fastest');
  });
});
