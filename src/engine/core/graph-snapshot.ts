import { cloneGraph } from './clone-graph';
import { packArray, PackedArray, type AnyTypedArray, type Chunk, type PackStats } from './packed-array';

/**
 * A frozen copy of an object graph for a checkpoint: cloneGraph's copy with every typed array
 * packed (packed-array.ts). Packing against a `base` snapshot shares the chunks of each array that
 * did not change since the base was taken (or since it was restored from the base).
 */
export interface GraphSnapshot<T> {
  readonly graph: T;
  /** Every copied chunk the snapshot holds, shared ones included (for the store's accounting). */
  readonly chunks: readonly Chunk[];
  /** Bytes of the typed arrays of the graph the snapshot was taken of, at their full length. */
  readonly liveBytes: number;
  /** Bytes this snapshot copied (the rest is shared with its base, or uniform). */
  readonly copiedBytes: number;
  /** The pack of each live array: a later snapshot of the same (or a restored) graph compares against it. */
  readonly packs: WeakMap<object, PackedArray>;
}

export function snapshotGraph<T>(root: T, keep: readonly unknown[], base?: GraphSnapshot<unknown>): GraphSnapshot<T> {
  const packs = new WeakMap<object, PackedArray>();
  const chunks: Chunk[] = [];
  const stats: PackStats = { copiedBytes: 0 };
  let liveBytes = 0;
  const graph = cloneGraph(root, keep, undefined, (value) => {
    if (!ArrayBuffer.isView(value) || value instanceof DataView) return undefined;
    const array = value as AnyTypedArray;
    liveBytes += array.byteLength;
    const packed = packArray(array, base?.packs.get(array), stats);
    packs.set(array, packed);
    for (const chunk of packed.chunks) if (ArrayBuffer.isView(chunk)) chunks.push(chunk);
    return packed;
  });
  return { graph, chunks, liveBytes, copiedBytes: stats.copiedBytes, packs };
}

/**
 * A new, independent graph from a snapshot (the snapshot stays as it was and can be restored
 * again). Objects in `keep` are shared, not copied. The restored arrays are remembered as coming
 * from the snapshot, so a snapshot of the restored graph based on this one shares what is unchanged.
 */
export function restoreGraph<T>(snapshot: GraphSnapshot<T>, keep: readonly unknown[]): T {
  return cloneGraph(snapshot.graph, keep, undefined, (value) => {
    if (!(value instanceof PackedArray)) return undefined;
    const array = value.unpack();
    snapshot.packs.set(array, value);
    return array;
  });
}

/** Bytes of the typed arrays reachable from `root` (not through `keep`), at their full length: no copy is made. */
export function graphBytes(root: unknown, keep: readonly unknown[]): number {
  const seen = new Set<unknown>(keep);
  const stack: unknown[] = [root];
  let bytes = 0;
  while (stack.length > 0) {
    const value = stack.pop();
    if (value === null || typeof value !== 'object' || seen.has(value)) continue;
    seen.add(value);
    if (ArrayBuffer.isView(value)) bytes += value.byteLength;
    else if (value instanceof Map) for (const [k, v] of value) stack.push(k, v);
    else if (value instanceof Set) for (const v of value) stack.push(v);
    else if (Array.isArray(value)) for (const v of value) stack.push(v);
    else for (const key of Object.keys(value)) stack.push((value as Record<string, unknown>)[key]);
  }
  return bytes;
}
