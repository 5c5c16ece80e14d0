/**
 * The simulation's agenda: a binary min-heap ordered by (time, sequence), a total order, so two
 * events at the same microsecond always pop in the order they were scheduled. Columns live in
 * typed arrays (no object per event) so millions of pending events cost no garbage.
 *
 * An event is (timeUs, kind, a, b): `kind` says which handler runs, `a` and `b` are integer ids
 * (a packet, a node, a connection) whose meaning the kind defines.
 */
export class EventQueue {
  private timeUs: Float64Array;
  private seq: Float64Array;
  private kind: Int32Array;
  private a: Int32Array;
  private b: Int32Array;
  private count = 0;
  private nextSeq = 0;

  /** Fields of the event returned by the last `pop()`; read them before the next pop. */
  poppedTimeUs = 0;
  poppedSeq = 0;
  poppedKind = 0;
  poppedA = 0;
  poppedB = 0;

  constructor(initialCapacity = 1024) {
    const capacity = Math.max(16, initialCapacity);
    this.timeUs = new Float64Array(capacity);
    this.seq = new Float64Array(capacity);
    this.kind = new Int32Array(capacity);
    this.a = new Int32Array(capacity);
    this.b = new Int32Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Sequence number the next push will get; part of a checkpoint. */
  get sequence(): number {
    return this.nextSeq;
  }

  peekTimeUs(): number {
    return this.count === 0 ? Infinity : (this.timeUs[0] as number);
  }

  push(timeUs: number, kind: number, a: number, b: number): void {
    if (this.count === this.timeUs.length) this.grow();
    const seq = this.nextSeq++;
    // Sift up: move parents down until the hole is where the new event belongs.
    let hole = this.count++;
    while (hole > 0) {
      const parent = (hole - 1) >> 1;
      const pt = this.timeUs[parent] as number;
      if (pt < timeUs || (pt === timeUs && (this.seq[parent] as number) < seq)) break;
      this.move(parent, hole);
      hole = parent;
    }
    this.timeUs[hole] = timeUs;
    this.seq[hole] = seq;
    this.kind[hole] = kind;
    this.a[hole] = a;
    this.b[hole] = b;
  }

  /** Removes the earliest event into the `popped*` fields; returns false when empty. */
  pop(): boolean {
    if (this.count === 0) return false;
    this.poppedTimeUs = this.timeUs[0] as number;
    this.poppedSeq = this.seq[0] as number;
    this.poppedKind = this.kind[0] as number;
    this.poppedA = this.a[0] as number;
    this.poppedB = this.b[0] as number;
    const last = --this.count;
    if (last > 0) this.siftDownLast(last);
    return true;
  }

  clear(): void {
    this.count = 0;
    this.nextSeq = 0;
  }

  /** Re-inserts the element at index `last` from the root down (after the root was removed). */
  private siftDownLast(last: number): void {
    const t = this.timeUs[last] as number;
    const s = this.seq[last] as number;
    const k = this.kind[last] as number;
    const ea = this.a[last] as number;
    const eb = this.b[last] as number;
    const n = last;
    let hole = 0;
    for (;;) {
      let child = 2 * hole + 1;
      if (child >= n) break;
      const right = child + 1;
      if (right < n) {
        const lt = this.timeUs[child] as number;
        const rt = this.timeUs[right] as number;
        if (rt < lt || (rt === lt && (this.seq[right] as number) < (this.seq[child] as number))) child = right;
      }
      const ct = this.timeUs[child] as number;
      if (t < ct || (t === ct && s < (this.seq[child] as number))) break;
      this.move(child, hole);
      hole = child;
    }
    this.timeUs[hole] = t;
    this.seq[hole] = s;
    this.kind[hole] = k;
    this.a[hole] = ea;
    this.b[hole] = eb;
  }

  private move(from: number, to: number): void {
    this.timeUs[to] = this.timeUs[from] as number;
    this.seq[to] = this.seq[from] as number;
    this.kind[to] = this.kind[from] as number;
    this.a[to] = this.a[from] as number;
    this.b[to] = this.b[from] as number;
  }

  private grow(): void {
    const capacity = this.timeUs.length * 2;
    this.timeUs = growF64(this.timeUs, capacity);
    this.seq = growF64(this.seq, capacity);
    this.kind = growI32(this.kind, capacity);
    this.a = growI32(this.a, capacity);
    this.b = growI32(this.b, capacity);
  }
}

export function growF64(array: Float64Array, capacity: number): Float64Array {
  const next = new Float64Array(capacity);
  next.set(array);
  return next;
}

export function growI32(array: Int32Array, capacity: number): Int32Array {
  const next = new Int32Array(capacity);
  next.set(array);
  return next;
}
