/**
 * Measuring helpers for the benches: wall clock, medians, load, garbage collection and memory.
 * Only bench/ uses them; the engine itself never reads the wall clock.
 */
import { loadavg } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export const BYTES_PER_MB = 1024 * 1024;

/** Monotonic wall clock in nanoseconds. */
export function wallClockNs(): bigint {
  return process.hrtime.bigint();
}

export function wallSecondsSince(startNs: bigint): number {
  return Number(process.hrtime.bigint() - startNs) / 1e9;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Other processes on the machine skew wall-clock rates, so the benches report the load. */
export function oneMinuteLoadAverage(): number {
  return loadavg()[0] ?? 0;
}

/** Progress goes to stderr so that `--json` keeps stdout for the result alone. */
export function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

export type GcSource = '--expose-gc' | 'v8.setFlagsFromString' | 'unavailable';

export interface GarbageCollector {
  /** Runs a full, blocking collection; undefined when no way to force one was found. */
  collect: (() => void) | undefined;
  source: GcSource;
}

/** `global.gc` when node runs with --expose-gc; otherwise tries to expose it at run time. */
export function findGarbageCollector(): GarbageCollector {
  if (typeof globalThis.gc === 'function') {
    const gc = globalThis.gc;
    return { collect: () => void gc(), source: '--expose-gc' };
  }
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    if (typeof gc === 'function') return { collect: () => void (gc as () => void)(), source: 'v8.setFlagsFromString' };
  } catch {
    // fall through: no forced collection
  }
  return { collect: undefined, source: 'unavailable' };
}

export interface MemoryBytes {
  /** V8's JS heap in use: objects, JS arrays, maps, small typed arrays. */
  heapUsed: number;
  /** Backing stores of ArrayBuffers (the engine's typed-array tables), which live outside the JS heap. */
  arrayBuffers: number;
}

/** Memory after a forced full collection (run twice so finalizers and freed backing stores settle). */
export function memoryAfterGcBytes(gc: GarbageCollector): MemoryBytes {
  if (gc.collect) {
    gc.collect();
    gc.collect();
  }
  const usage = process.memoryUsage();
  return { heapUsed: usage.heapUsed, arrayBuffers: usage.arrayBuffers };
}

export function totalBytes(memory: MemoryBytes): number {
  return memory.heapUsed + memory.arrayBuffers;
}

/** Sum of byteLength of every typed array held directly by `object` (its columns, private ones included). */
export function typedArrayBytesOf(object: object): number {
  let bytes = 0;
  for (const value of Object.values(object)) {
    if (ArrayBuffer.isView(value)) bytes += value.byteLength;
  }
  return bytes;
}

export function bytesToMB(bytes: number): number {
  return bytes / BYTES_PER_MB;
}

/** Megabytes to two decimals, as the benches print them. */
export function megabytes(bytes: number): number {
  return roundTo(bytesToMB(bytes), 2);
}

/** Growth between the second and the last sample (the first one still includes warm-up). */
export function growthAfterFirstSample(samples: readonly number[]): number {
  if (samples.length < 3) return NaN;
  const second = samples[1] as number;
  return roundTo(((samples.at(-1) as number) - second) / second, 4);
}

export function roundTo(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
