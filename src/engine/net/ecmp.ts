/**
 * The upstream router's ECMP: a hash of the flow's 5-tuple picks one of the announced LVS nodes.
 * Three next-hop group flavours (DOMAIN §1), because they differ in how many flows move when a node
 * withdraws or re-announces its route — and a moved flow lands on a node that never saw its SYN:
 * - modulo (default; the worst case users must design for): (N−1)/N of all flows move;
 * - resilient (Linux nexthop resilient groups): only the lost node's 1/N moves;
 * - hash-threshold (RFC 2992): between 1/4 and 1/2 move, depending on which region disappears.
 */

import { fmix32, round } from '../core/murmur';

export type EcmpMode = 'modulo' | 'resilient' | 'hash-threshold';

/** 32-bit hash of a TCP/UDP 5-tuple: murmur3 rounds over its words, then the murmur3 finaliser. */
export function flowHash(protocol: number, clientIp: number, clientPort: number, vip: number, vport: number): number {
  return fmix32(round(round(round(0x2545f491 ^ protocol, clientIp), (clientPort << 16) | (vport & 0xffff)), vip));
}

/** Modulo-N next-hop selection over the currently announced nodes. */
export function moduloNextHop(hash: number, announced: readonly number[]): number {
  if (announced.length === 0) return -1;
  return announced[hash % announced.length] as number;
}

/**
 * The router's ECMP group for one VIP. Nodes are known from construction (their order is the
 * group's order); routes come and go with withdraw/announce. `pick` runs per packet, so it only
 * reads typed arrays and never allocates.
 */
export class EcmpGroup {
  readonly mode: EcmpMode;
  private readonly ids: readonly number[];
  private readonly slotOf = new Map<number, number>();
  private readonly up: Uint8Array;
  private current: readonly number[];
  /** resilient only: bucket → slot (index into ids) of its owner, −1 while no node is announced. */
  private readonly owner: Int32Array;
  private readonly counts: Int32Array;

  constructor(mode: EcmpMode, nodeIds: readonly number[], bucketCount = 4096) {
    if (!Number.isInteger(bucketCount) || bucketCount < 1) throw new RangeError(`bucketCount must be a positive integer, got ${bucketCount}`);
    this.mode = mode;
    this.ids = [...nodeIds];
    this.ids.forEach((id, slot) => {
      if (this.slotOf.has(id)) throw new RangeError(`duplicate ECMP node id ${id}`);
      this.slotOf.set(id, slot);
    });
    this.up = new Uint8Array(this.ids.length).fill(1);
    this.current = this.ids;
    this.counts = new Int32Array(this.ids.length);
    this.owner = new Int32Array(mode === 'resilient' ? bucketCount : 0).fill(-1);
    // From an empty table, "fewest buckets, ties to the earlier node" deals buckets round-robin.
    this.rebalance();
  }

  /** Node ids currently announced (route present), in the order given to the constructor. */
  get announced(): readonly number[] {
    return this.current;
  }

  isAnnounced(nodeId: number): boolean {
    const slot = this.slotOf.get(nodeId);
    return slot !== undefined && this.up[slot] === 1;
  }

  /** Route withdrawn: the node leaves the group. Withdrawing an absent route is a no-op. */
  withdraw(nodeId: number): void {
    this.setUp(nodeId, 0);
  }

  /** Route (re)announced: the node (re)joins. Announcing a present route is a no-op. */
  announce(nodeId: number): void {
    this.setUp(nodeId, 1);
  }

  /** Next hop for a 32-bit flow hash, or -1 when no node is announced. */
  pick(hash: number): number {
    const h = hash >>> 0;
    const n = this.current.length;
    if (n === 0) return -1;
    switch (this.mode) {
      case 'modulo':
        return moduloNextHop(h, this.current);
      case 'hash-threshold':
        // n equal contiguous regions of [0, 2^32); h * n < 2^53 so the product is exact.
        return this.current[Math.floor((h * n) / 0x1_0000_0000)] as number;
      case 'resilient':
        return this.ids[this.owner[h % this.owner.length] as number] as number;
    }
  }

  private setUp(nodeId: number, value: 0 | 1): void {
    const slot = this.slotOf.get(nodeId);
    if (slot === undefined) throw new RangeError(`node ${nodeId} is not in this ECMP group`);
    if (this.up[slot] === value) return;
    this.up[slot] = value;
    this.current = this.ids.filter((_, s) => this.up[s] === 1);
    this.rebalance();
  }

  /**
   * Resilient groups: move as few buckets as possible so that every announced node owns
   * floor(B/n) or ceil(B/n). The ceil targets go to the nodes that already own the most (ties to
   * the earlier node), so a withdraw moves only the withdrawn node's buckets and an announce only
   * the buckets the newcomer needs. One pass in bucket order hands each surplus bucket (orphaned, or
   * beyond its owner's target) to the under-target node with the fewest buckets, ties to the earlier
   * node, which spreads them evenly and keeps the result deterministic.
   */
  private rebalance(): void {
    const buckets = this.owner.length;
    if (buckets === 0) return;
    const live: number[] = [];
    for (let s = 0; s < this.ids.length; s++) if (this.up[s] === 1) live.push(s);
    const target = new Int32Array(this.ids.length); // withdrawn nodes: 0
    if (live.length > 0) {
      const q = Math.floor(buckets / live.length);
      const byLoad = [...live].sort((a, b) => (this.counts[b] as number) - (this.counts[a] as number) || a - b);
      byLoad.forEach((s, rank) => (target[s] = q + (rank < buckets % live.length ? 1 : 0)));
    }
    for (let b = 0; b < buckets; b++) {
      const from = this.owner[b] as number;
      if (from >= 0 && (this.counts[from] as number) <= (target[from] as number)) continue;
      let to = -1;
      for (const s of live) {
        if ((this.counts[s] as number) >= (target[s] as number)) continue;
        if (to < 0 || (this.counts[s] as number) < (this.counts[to] as number)) to = s;
      }
      if (from >= 0) this.counts[from] = (this.counts[from] as number) - 1;
      this.owner[b] = to; // −1 when nothing is announced: the bucket is orphaned until a node returns
      if (to >= 0) this.counts[to] = (this.counts[to] as number) + 1;
    }
  }
}
