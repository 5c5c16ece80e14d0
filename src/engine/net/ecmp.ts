/**
 * The upstream router's ECMP: a hash of the flow's 5-tuple picks one of the healthy LVS nodes.
 * Modulo-N is the default because it is the worst case users must design for: when a node leaves,
 * (N−1)/N of all flows move, which is why every LVS node needs every session.
 */

/** 32-bit hash of a TCP/UDP 5-tuple (murmur3 finaliser over the words). */
export function flowHash(protocol: number, clientIp: number, clientPort: number, vip: number, vport: number): number {
  let h = 0x2545f491 ^ protocol;
  h = mixWord(h, clientIp);
  h = mixWord(h, (clientPort << 16) | (vport & 0xffff));
  h = mixWord(h, vip);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function mixWord(h: number, word: number): number {
  let k = Math.imul(word, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** Modulo-N next-hop selection over the currently announced nodes. */
export function moduloNextHop(hash: number, announced: readonly number[]): number {
  if (announced.length === 0) return -1;
  return announced[hash % announced.length] as number;
}
