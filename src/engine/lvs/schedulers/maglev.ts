import { hash1 } from '../../core/murmur';
import type { BackendView } from './types';

/** Table sizes the kernel allows (`primes[]` in net/netfilter/ipvs/ip_vs_mh.c). */
export const MAGLEV_PRIMES = [251, 509, 1021, 2039, 4093, 8191, 16381, 32749, 65521, 131071] as const;
export type MaglevTableSize = (typeof MAGLEV_PRIMES)[number];
/** The kernel default (CONFIG_IP_VS_MH_TAB_INDEX = 12 selects primes[4]). */
export const DEFAULT_MAGLEV_TABLE_SIZE: MaglevTableSize = 4093;

/**
 * Fixed hash seeds. The two permutation seeds are the constants `generate_hash_secret()` in
 * ip_vs_mh.c uses for hash1/hash2; flow keys get a third seed so a key and a backend identity
 * with equal numeric values are not correlated.
 */
const OFFSET_SEED = 2654435761;
const SKIP_SEED = 2654446892;
export const FLOW_KEY_SEED = 0x5bd1e995;

/**
 * Maglev lookup table as built by net/netfilter/ipvs/ip_vs_mh.c (NSDI'16 §3.4). Each usable
 * backend (weight > 0) walks its own permutation of the M slots (`offset = h1 % M`,
 * `skip = h2 % (M − 1) + 1`; M prime, so every skip visits every slot) and, round by round in the
 * listener's order, claims its next free slot `turns` times, until all M slots are taken.
 *
 * The permutation hashes the backend's index in the listener's list: the index is its stable
 * identity (the kernel hashes the real server's address and port), so a backend dropping to
 * weight 0 leaves every other backend's preference list unchanged and only ≈ 1/N of the slots
 * (its own, plus a small Maglev disturbance) change owner.
 *
 * The table is rebuilt only when `view.version` changes; lookups are a single array read.
 */
export class MaglevTable {
  readonly size: number;
  /** `IP_VS_MH_TAB_BITS = CONFIG_IP_VS_MH_TAB_INDEX / 2`, the weight resolution before shifting. */
  private readonly tabBits: number;
  /** slot → backend index; −1 while populating means free. */
  private readonly table: Int32Array;
  private perm = new Int32Array(0);
  private skip = new Int32Array(0);
  private turns = new Int32Array(0);
  private seenVersion = Number.NaN;
  private seenLength = -1;
  private usable = 0;

  constructor(size: MaglevTableSize = DEFAULT_MAGLEV_TABLE_SIZE) {
    const index = MAGLEV_PRIMES.indexOf(size);
    if (index < 0) throw new RangeError(`Maglev table size must be one of ${MAGLEV_PRIMES.join(', ')}; got ${size}`);
    this.size = size;
    this.tabBits = (index + 8) >> 1;
    this.table = new Int32Array(size);
  }

  /** Rebuilds the table if the view's weights changed since the last build. */
  sync(view: BackendView): void {
    if (view.version === this.seenVersion && view.weights.length === this.seenLength) return;
    this.seenVersion = view.version;
    this.seenLength = view.weights.length;
    this.rebuild(view.weights);
  }

  /** The backend owning slot `hash % M`, or −1 when no backend is usable. */
  lookup(hash: number): number {
    if (this.usable === 0) return -1;
    return this.table[(hash >>> 0) % this.size] as number;
  }

  private rebuild(weights: Int32Array): void {
    const n = weights.length;
    const m = this.size;
    if (this.perm.length < n) {
      this.perm = new Int32Array(n);
      this.skip = new Int32Array(n);
      this.turns = new Int32Array(n);
    }
    // ip_vs_mh_gcd_weight / ip_vs_mh_shift_weight: turns are weight / gcd, shifted right so the
    // largest fits in IP_VS_MH_TAB_BITS bits (keeps one round small relative to M).
    let g = 0;
    let mw = 0;
    let usable = 0;
    for (let d = 0; d < n; d++) {
      const w = weights[d] as number;
      if (w <= 0) continue;
      usable++;
      g = g > 0 ? gcd(g, w) : w;
      if (w > mw) mw = w;
    }
    this.usable = usable;
    this.table.fill(-1);
    if (usable === 0) return;
    const shift = Math.max(0, 32 - Math.clz32(Math.trunc(mw / g)) - this.tabBits);

    // ip_vs_mh_permutate
    for (let d = 0; d < n; d++) {
      const w = weights[d] as number;
      this.perm[d] = hash1(d, OFFSET_SEED) % m;
      this.skip[d] = (hash1(d, SKIP_SEED) % (m - 1)) + 1;
      this.turns[d] = w <= 0 ? 0 : Math.trunc(w / g) >> shift || 1;
    }

    // ip_vs_mh_populate: rounds in list order; a backend takes `turns` consecutive claims per round.
    let filled = 0;
    for (;;) {
      for (let d = 0; d < n; d++) {
        const t = this.turns[d] as number;
        for (let r = 0; r < t; r++) {
          let c = this.perm[d] as number;
          const s = this.skip[d] as number;
          while ((this.table[c] as number) !== -1) {
            c += s;
            if (c >= m) c -= m;
          }
          this.perm[d] = c;
          this.table[c] = d;
          if (++filled === m) return;
        }
      }
    }
  }
}

function gcd(a: number, b: number): number {
  while (b !== 0) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}
