/**
 * Poisson probabilities for the flow model's peak estimates, computed around the mean only (the
 * far tails are 0 or 1 to double precision for every use here). Survival probabilities are summed
 * from the top, so `1 − F(m)` stays accurate where F(m) is within 1e-16 of 1.
 */
export interface PoissonTable {
  mean: number;
  /** Smallest tabulated count; P(X < lo) is taken as 0. */
  lo: number;
  /** P(X = lo + i). */
  pmf: Float64Array;
  /** P(X > lo + i). */
  survival: Float64Array;
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7): about 15 significant digits. */
export function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  const z = x - 1;
  let a = c[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** The distribution of a Poisson count with this mean, from mean − 12σ − 12 to mean + 14σ + 40. */
export function poissonTable(mean: number): PoissonTable {
  if (!(mean > 0)) return { mean: 0, lo: 0, pmf: Float64Array.of(1), survival: Float64Array.of(0) };
  const sd = Math.sqrt(mean);
  const lo = Math.max(0, Math.floor(mean - 12 * sd - 12));
  const hi = Math.ceil(mean + 14 * sd + 40);
  const pmf = new Float64Array(hi - lo + 1);
  const mode = Math.floor(mean);
  pmf[mode - lo] = Math.exp(mode * Math.log(mean) - mean - lnGamma(mode + 1));
  for (let k = mode + 1; k <= hi; k++) pmf[k - lo] = (pmf[k - 1 - lo] as number) * (mean / k);
  for (let k = mode - 1; k >= lo; k--) pmf[k - lo] = (pmf[k + 1 - lo] as number) * ((k + 1) / mean);
  const survival = new Float64Array(pmf.length);
  let above = 0;
  for (let i = pmf.length - 1; i >= 0; i--) {
    // Rounding can make the sum exceed 1 by an ulp or two: a probability stays a probability.
    survival[i] = Math.min(1, above);
    above += pmf[i] as number;
  }
  return { mean, lo, pmf, survival };
}

/** P(X = m). */
export function pmfAt(table: PoissonTable, m: number): number {
  const i = m - table.lo;
  return i < 0 || i >= table.pmf.length ? 0 : (table.pmf[i] as number);
}

/** ln P(X ≤ m): −Infinity below the table, 0 above it. */
export function logCdfAt(table: PoissonTable, m: number): number {
  const i = m - table.lo;
  if (i < 0) return -Infinity;
  if (i >= table.survival.length) return 0;
  return Math.log1p(-(table.survival[i] as number));
}

/** The largest count the table holds: P(X > top) is below double precision. */
export function topOf(table: PoissonTable): number {
  return table.lo + table.pmf.length - 1;
}
