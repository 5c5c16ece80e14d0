/**
 * Deep-copies an object graph while keeping its shape: class instances keep their prototype,
 * typed arrays, arrays, Maps and Sets are copied, shared references stay shared and cycles are
 * preserved. Objects listed in `keep` are not copied (e.g. a recorder owned by the caller).
 * This is what makes engine checkpoints cheap to write: the simulation's whole state is data.
 * `replace`, when given, sees every object first and may return its copy (packing typed arrays for
 * a checkpoint, unpacking them on restore); `undefined` leaves the object to the default copy.
 */
export function cloneGraph<T>(root: T, keep: readonly unknown[] = [], stats?: { bytes: number }, replace?: (value: object) => unknown): T {
  const copies = new Map<unknown, unknown>();
  for (const kept of keep) if (kept !== undefined && kept !== null) copies.set(kept, kept);

  const copy = (value: unknown): unknown => {
    if (value === null || typeof value !== 'object') {
      if (typeof value === 'function') throw new Error('cloneGraph: functions cannot be checkpointed');
      return value;
    }
    const existing = copies.get(value);
    if (existing !== undefined) return existing;
    if (replace) {
      const replaced = replace(value);
      if (replaced !== undefined) {
        copies.set(value, replaced);
        return replaced;
      }
    }
    if (ArrayBuffer.isView(value)) {
      const typed = (value as unknown as { slice(): unknown }).slice();
      if (stats) stats.bytes += (value as ArrayBufferView).byteLength;
      copies.set(value, typed);
      return typed;
    }
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      copies.set(value, out);
      for (const item of value) out.push(copy(item));
      return out;
    }
    if (value instanceof Map) {
      const out = new Map();
      copies.set(value, out);
      for (const [k, v] of value) out.set(copy(k), copy(v));
      return out;
    }
    if (value instanceof Set) {
      const out = new Set();
      copies.set(value, out);
      for (const v of value) out.add(copy(v));
      return out;
    }
    const out = Object.create(Object.getPrototypeOf(value) as object) as Record<string, unknown>;
    copies.set(value, out);
    for (const key of Object.keys(value)) out[key] = copy((value as Record<string, unknown>)[key]);
    return out;
  };
  return copy(root) as T;
}
