/**
 * The simulation's agenda: a binary min-heap ordered by (time, sequence), a total order, so two
 * events at the same microsecond always pop in the order they were scheduled. Columns live in
 * typed arrays (no object per event) so millions of pending events cost no garbage.
 *
 * An event is (timeUs, kind, a, b): `kind` says which handler runs, `a` and `b` are integer ids
 * (a packet, a node, a connection) whose meaning the kind defines. 21 bytes per pending event: the
 * sequence is a 32-bit counter compared with serial-number arithmetic, so it may wrap; two events
 * at the same microsecond are never 2^31 pushes apart in practice.
 */
export class EventQueue {
  private timeUs: Float64Array;
  private seq: Uint32Array;
  private kind: Uint8Array;
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

  constructor(initialCapacity = 1024, firstSequence = 0) {
    const capacity = Math.max(16, initialCapacity);
    this.nextSeq = firstSequence >>> 0;
    this.timeUs = new Float64Array(capacity);
    this.seq = new Uint32Array(capacity);
    this.kind = new Uint8Array(capacity);
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
    const seq = this.nextSeq;
    this.nextSeq = (this.nextSeq + 1) >>> 0;
    // Sift up: move parents down until the hole is where the new event belongs.
    let hole = this.count++;
    while (hole > 0) {
      const parent = (hole - 1) >> 1;
      const pt = this.timeUs[parent] as number;
      if (pt < timeUs || (pt === timeUs && earlier(this.seq[parent] as number, seq))) break;
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
        if (rt < lt || (rt === lt && earlier(this.seq[right] as number, this.seq[child] as number))) child = right;
      }
      const ct = this.timeUs[child] as number;
      if (t < ct || (t === ct && earlier(s, this.seq[child] as number))) break;
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
    // Grow by half: at a million pending events a doubling would leave megabytes unused. Kept
    // rather than `nextCapacity` after measuring both: 3.8 B less per connection at the engine
    // bench's million connections, 8.8 MB more on ui-bench (still well within the worker budget).
    // Which wins depends on where a run's pending-event peak falls between steps.
    const capacity = Math.ceil(this.timeUs.length * 1.5);
    this.timeUs = grow(this.timeUs, capacity);
    this.seq = grow(this.seq, capacity);
    this.kind = grow(this.kind, capacity);
    this.a = grow(this.a, capacity);
    this.b = grow(this.b, capacity);
  }
}

/** Serial-number order of two 32-bit sequence numbers (RFC 1982): true when a was pushed before b. */
function earlier(a: number, b: number): boolean {
  return ((a - b) | 0) < 0;
}

type TypedArray = Float64Array | Uint32Array | Int32Array | Int16Array | Uint16Array | Uint8Array;

/**
 * The next capacity of a growing table (connections, LVS rows, timers). Small tables
 * double (few copies while a run ramps up); past a million slots they grow by an eighth, rounded
 * up to whole 64 Ki-element blocks, so a big table holds at most an eighth unused instead of up to
 * half: at ~110 bytes a connection, doubling from 2 Mi to 4 Mi slots alone left 230 MB idle. The
 * extra copies cost little (each element is copied about eight more times over the whole ramp).
 */
export function nextCapacity(capacity: number): number {
  if (capacity < LARGE_TABLE) return Math.max(capacity * 2, 16);
  return Math.ceil((capacity * 1.125) / BLOCK) * BLOCK;
}

const LARGE_TABLE = 1 << 20;
const BLOCK = 1 << 16;

/** A copy of a typed array with more room; the tables grow their columns with it. */
export function grow<T extends TypedArray>(array: T, capacity: number): T {
  const next = new (array.constructor as new (length: number) => T)(capacity);
  next.set(array);
  return next;
}
