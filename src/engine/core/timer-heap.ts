import { grow, nextCapacity } from './event-queue';

/**
 * At most one pending timer per key (a connection), in an indexed binary min-heap ordered by
 * (time, key). Unlike the event queue, a key's timer can be moved or cancelled in place, so a
 * million idle connections cost 16 bytes each here instead of a stale-tolerant queue event each
 * plus the generation counter and due time that told stale events apart.
 */
export class TimerHeap {
  private timeUs: Float64Array;
  private key: Int32Array;
  /** Heap slot of each key's timer, -1 when the key has none. */
  private slotOf: Int32Array;
  private count = 0;

  constructor(keyCapacity: number) {
    // The heap's own columns grow with the number of pending timers, not with the keys: a million
    // connections waiting in SYN retransmission hold a key each but no LVS timer.
    this.timeUs = new Float64Array(Math.min(keyCapacity, 1024));
    this.key = new Int32Array(this.timeUs.length);
    this.slotOf = new Int32Array(keyCapacity).fill(-1);
  }

  get size(): number {
    return this.count;
  }

  /** Makes room for keys below `keyCapacity` (the connection table grew). */
  ensureCapacity(keyCapacity: number): void {
    if (keyCapacity <= this.slotOf.length) return;
    const known = this.slotOf.length;
    this.slotOf = grow(this.slotOf, keyCapacity);
    this.slotOf.fill(-1, known);
  }

  /** When the key's timer fires; Infinity when it has none. */
  timeOf(key: number): number {
    const slot = this.slotOf[key] as number;
    return slot < 0 ? Infinity : (this.timeUs[slot] as number);
  }

  peekTimeUs(): number {
    return this.count === 0 ? Infinity : (this.timeUs[0] as number);
  }

  /** The key of the earliest timer (only meaningful when size > 0). */
  peekKey(): number {
    return this.key[0] as number;
  }

  /** Sets the key's timer to `timeUs`, scheduling it or moving it earlier or later. */
  set(key: number, timeUs: number): void {
    let slot = this.slotOf[key] as number;
    if (slot < 0) {
      if (this.count === this.timeUs.length) this.growHeap();
      slot = this.count++;
      this.place(slot, key, timeUs);
      this.siftUp(slot);
      return;
    }
    const earlier = timeUs < (this.timeUs[slot] as number);
    this.timeUs[slot] = timeUs;
    if (earlier) this.siftUp(slot);
    else this.siftDown(slot);
  }

  /** Removes the key's timer if it has one. */
  cancel(key: number): void {
    const slot = this.slotOf[key] as number;
    if (slot < 0) return;
    this.slotOf[key] = -1;
    const last = --this.count;
    if (slot === last) return;
    // The last timer fills the hole; it may belong above it or below it.
    const moved = this.key[last] as number;
    this.place(slot, moved, this.timeUs[last] as number);
    this.siftUp(slot);
    this.siftDown(this.slotOf[moved] as number);
  }

  private growHeap(): void {
    const capacity = nextCapacity(Math.max(this.timeUs.length, 1));
    this.timeUs = grow(this.timeUs, capacity);
    this.key = grow(this.key, capacity);
  }

  private before(x: number, y: number): boolean {
    const tx = this.timeUs[x] as number;
    const ty = this.timeUs[y] as number;
    return tx < ty || (tx === ty && (this.key[x] as number) < (this.key[y] as number));
  }

  private place(slot: number, key: number, timeUs: number): void {
    this.timeUs[slot] = timeUs;
    this.key[slot] = key;
    this.slotOf[key] = slot;
  }

  private swap(x: number, y: number): void {
    const kx = this.key[x] as number;
    const tx = this.timeUs[x] as number;
    this.place(x, this.key[y] as number, this.timeUs[y] as number);
    this.place(y, kx, tx);
  }

  private siftUp(slot: number): void {
    let at = slot;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!this.before(at, parent)) return;
      this.swap(at, parent);
      at = parent;
    }
  }

  private siftDown(slot: number): void {
    let at = slot;
    for (;;) {
      const left = 2 * at + 1;
      if (left >= this.count) return;
      const right = left + 1;
      const child = right < this.count && this.before(right, left) ? right : left;
      if (!this.before(child, at)) return;
      this.swap(at, child);
      at = child;
    }
  }
}
