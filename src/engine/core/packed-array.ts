/**
 * A typed array as a checkpoint holds it: its length cut into fixed-size chunks, each either an
 * immutable copy or, when every element of the chunk is the same value, just that value. A table
 * grown by doubling is mostly zeros past its used length, so those chunks cost nothing; and a
 * chunk equal to the one the previous checkpoint of the same array holds is shared with it, not
 * copied, so consecutive checkpoints cost memory in proportion to what changed between them.
 *
 * Equality is bitwise (−0 ≠ 0, NaN payloads kept), so unpacking gives back exactly the array
 * that was packed.
 */
type AnyTypedArray =
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array;

type TypedArrayConstructor = new (length: number) => AnyTypedArray;

/** Chunk size in bytes: small enough that scattered changes copy little, large enough that the chunk list stays short. */
export const CHUNK_BYTES = 64 * 1024;

/** One chunk: an immutable copy (a view over its own buffer, as bits), or a fill value for a uniform chunk. */
type Chunk = Int32Array | Uint16Array | Uint8Array | { fill: number | bigint; bytes: number };

export class PackedArray {
  constructor(
    readonly type: TypedArrayConstructor,
    readonly length: number,
    readonly chunks: readonly Chunk[],
  ) {}

  /** Unpacks into a new array, exactly as it was packed. */
  unpack(): AnyTypedArray {
    const out = new this.type(this.length);
    const bits = bitsView(out);
    const perChunk = chunkLength(bits);
    this.chunks.forEach((chunk, i) => {
      if (ArrayBuffer.isView(chunk)) bits.set(chunk, i * perChunk);
      else if (!isZero(chunk.fill)) {
        const elements = chunkElements(out);
        (out as { fill(v: number | bigint, start: number, end: number): unknown }).fill(chunk.fill, i * elements, Math.min(this.length, (i + 1) * elements));
      }
    });
    return out;
  }
}

function isZero(value: number | bigint): boolean {
  return value === 0 ? !Object.is(value, -0) : value === 0n;
}

/** The array's bytes as integers: comparing them is comparing bits. */
function bitsView(array: ArrayBufferView): Int32Array | Uint16Array | Uint8Array {
  const { buffer, byteOffset, byteLength } = array;
  if (byteOffset % 4 === 0 && byteLength % 4 === 0) return new Int32Array(buffer, byteOffset, byteLength / 4);
  if (byteOffset % 2 === 0 && byteLength % 2 === 0) return new Uint16Array(buffer, byteOffset, byteLength / 2);
  return new Uint8Array(buffer, byteOffset, byteLength);
}

function chunkLength(bits: Int32Array | Uint16Array | Uint8Array): number {
  return CHUNK_BYTES / bits.BYTES_PER_ELEMENT;
}

function chunkElements(array: ArrayBufferView & { BYTES_PER_ELEMENT: number }): number {
  return CHUNK_BYTES / array.BYTES_PER_ELEMENT;
}

function sameBits(a: ArrayLike<number>, aFrom: number, b: ArrayLike<number>, n: number): boolean {
  for (let i = 0; i < n; i++) if (a[aFrom + i] !== b[i]) return false;
  return true;
}

/** Whether elements from..to of the array all hold the bits of the first one. */
function uniform(bits: ArrayLike<number | bigint>, from: number, to: number, period: number): boolean {
  for (let i = from + period; i < to; i++) if (bits[i] !== bits[i - period]) return false;
  return true;
}

export interface PackStats {
  /** Bytes of chunks copied by this pack (not shared with the previous one, not uniform). */
  copiedBytes: number;
}

/**
 * Packs an array, sharing unchanged chunks with `previous` (the last pack of the same array).
 * A uniform chunk of one small element (a byte that repeats, say) is only taken as uniform when
 * its first word is itself one value repeated.
 */
export function packArray(array: AnyTypedArray, previous: PackedArray | undefined, stats?: PackStats): PackedArray {
  const bits = bitsView(array);
  const perChunk = chunkLength(bits);
  const elementBytes = array.BYTES_PER_ELEMENT;
  // Bits-view elements per array element (2 for 64-bit elements), or per 4-byte word of small elements.
  const period = elementBytes >= bits.BYTES_PER_ELEMENT ? elementBytes / bits.BYTES_PER_ELEMENT : 1;
  const reusable = previous && previous.type === array.constructor && previous.length === array.length ? previous.chunks : undefined;
  const chunks: Chunk[] = [];
  const elements = chunkElements(array);
  for (let from = 0, i = 0; from < bits.length; from += perChunk, i++) {
    const to = Math.min(bits.length, from + perChunk);
    const old = reusable?.[i];
    if (old && ArrayBuffer.isView(old) && old.length === to - from && sameBits(bits, from, old, to - from)) {
      chunks.push(old);
      continue;
    }
    const first = array[i * elements] as number | bigint;
    const smallOk = elementBytes >= bits.BYTES_PER_ELEMENT || uniform(array, i * elements, Math.min(array.length, i * elements + bits.BYTES_PER_ELEMENT / elementBytes), 1);
    if (!(typeof first === 'number' && Number.isNaN(first)) && smallOk && uniform(bits, from, to, period)) {
      if (old && !ArrayBuffer.isView(old) && Object.is(old.fill, first) && old.bytes === (to - from) * bits.BYTES_PER_ELEMENT) chunks.push(old);
      else chunks.push({ fill: first, bytes: (to - from) * bits.BYTES_PER_ELEMENT });
      continue;
    }
    const copy = bits.slice(from, to);
    if (stats) stats.copiedBytes += copy.byteLength;
    chunks.push(copy);
  }
  return new PackedArray(array.constructor as TypedArrayConstructor, array.length, chunks);
}

/** Bytes a chunk holds in memory (a uniform chunk: none worth counting). */
export function chunkBytes(chunk: Chunk): number {
  return ArrayBuffer.isView(chunk) ? chunk.byteLength : 0;
}

export type { AnyTypedArray, Chunk };
