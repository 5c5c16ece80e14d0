import { logCdfAt, pmfAt, poissonTable, topOf } from './poisson';

/**
 * Peaks estimated from the arrival process (docs/BILLING.md, "Flow mode"). Both estimates return
 * the expected maximum, E[max] = Σ_{m ≥ 1} P(max ≥ m), rounded to a whole count like the meters'.
 */

/** A stretch of an hour at one rate: `seconds` calendar seconds whose counts are Poisson(`mean`). */
export interface CountSegment {
  mean: number;
  seconds: number;
}

/**
 * The expected largest count in one calendar second over the segments' seconds, each count an
 * independent Poisson draw: P(max < m) = Π_j F_j(m − 1)^seconds_j. Exact for Poisson arrivals at a
 * piecewise-constant rate (whole seconds); `scale` > 1 models over-dispersed counts (requests that
 * come in groups of about `scale`) as `scale` × Poisson(mean / scale).
 */
export function expectedPeakCount(segments: readonly CountSegment[], scale = 1): number {
  return memo(`c${scale}:${segments.map((s) => `${s.mean},${s.seconds}`).join(';')}`, () => peakCount(segments, scale));
}

function peakCount(segments: readonly CountSegment[], scale: number): number {
  const live = segments.filter((s) => s.mean > 0 && s.seconds > 0).map((s) => ({ table: poissonTable(s.mean / scale), seconds: s.seconds }));
  if (live.length === 0) return 0;
  const top = Math.max(...live.map((s) => topOf(s.table)));
  let expected = 0;
  for (let m = 1; m <= top + 1; m++) {
    let logBelow = 0;
    for (const s of live) logBelow += s.seconds * logCdfAt(s.table, m - 1);
    expected += 1 - Math.exp(logBelow);
  }
  return Math.round(expected * scale);
}

/** A stretch of an hour with arrivals at `ratePerS` and, in steady state, `occupancy` connections open on average. */
export interface OccupancySegment {
  ratePerS: number;
  seconds: number;
  occupancy: number;
}

/**
 * The expected largest number of open connections seen at an arrival (the meters read the count
 * when a connection is admitted) over the segments. Open connections of an M/G/∞ system are
 * Poisson(L) at any moment, whatever the lifetime distribution; the level m is reached at rate
 * λ·P(N = m − 1) (an arrival finding m − 1 open). Such up-crossings come in clumps: from m the
 * count falls back and climbs again about 1/(1 − L/m) times before it wanders off (exact for
 * exponential lifetimes), so P(max < m) ≈ F₀(m − 1) · exp(−Σ_s λ_s t_s P_s(N = m − 1) (1 − L_s/m)),
 * F₀ the distribution of what is open when the segments begin (Poisson(`initialOccupancy`)).
 */
export function expectedPeakOccupancy(segments: readonly OccupancySegment[], initialOccupancy = 0): number {
  return memo(`o${initialOccupancy}:${segments.map((s) => `${s.ratePerS},${s.seconds},${s.occupancy}`).join(';')}`, () => peakOccupancy(segments, initialOccupancy));
}

function peakOccupancy(segments: readonly OccupancySegment[], initialOccupancy: number): number {
  const live = segments.filter((s) => s.ratePerS > 0 && s.seconds > 0).map((s) => ({ ...s, table: poissonTable(s.occupancy) }));
  if (live.length === 0) return 0;
  // The first admission of the hour sees what the hour began with (after a busier hour, more than
  // its own level); from a quieter start the count climbs to the first segment's level within a
  // lifetime, crossing every level below it: both read as starting from the higher of the two.
  const first = poissonTable(Math.max(initialOccupancy, live[0]!.occupancy));
  const top = Math.max(topOf(first), ...live.map((s) => topOf(s.table)));
  let expected = 0;
  for (let m = 1; m <= top + 1; m++) {
    let logBelow = logCdfAt(first, m - 1);
    for (const s of live) {
      const declump = Math.max(1 - s.occupancy / m, 1 / (1 + Math.sqrt(s.occupancy)));
      logBelow -= s.ratePerS * s.seconds * pmfAt(s.table, m - 1) * declump;
    }
    expected += 1 - Math.exp(logBelow);
  }
  // At least one connection is open when one is admitted.
  return Math.max(1, Math.round(expected));
}

/**
 * Hours repeat (a daily profile has 24 kinds of hour, a flat rate one), so a month computes each
 * distinct peak once. Pure functions of their inputs: sharing results between calls is safe.
 */
const cache = new Map<string, number>();
const CACHE_LIMIT = 4096;

function memo(key: string, compute: () => number): number {
  const known = cache.get(key);
  if (known !== undefined) return known;
  if (cache.size >= CACHE_LIMIT) cache.clear();
  const value = compute();
  cache.set(key, value);
  return value;
}
