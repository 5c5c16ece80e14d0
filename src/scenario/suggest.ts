/**
 * "Did you mean …?" for misspelt names: the closest candidate by optimal-string-alignment distance
 * (Levenshtein plus adjacent transpositions, so `nmae` is one edit from `name`), compared without
 * case so `healthcheckinterval` finds `HealthCheckInterval`.
 */

/** Edits (insert, delete, substitute, swap two adjacent characters) that turn `a` into `b`. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols).fill(0);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[(i - 1) * cols + j]! + 1, d[i * cols + j - 1]! + 1, d[(i - 1) * cols + j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[(i - 2) * cols + j - 2]! + 1);
      d[i * cols + j] = best;
    }
  }
  return d[rows * cols - 1]!;
}

/**
 * The candidate closest to `name`, or undefined when none is close: a name counts as close within
 * a third of its length in edits (at least one), so short typos match and unrelated words do not;
 * failing that, a candidate the name is the start of (4+ characters). Ties go to the earlier
 * candidate, so the schema's field order decides.
 */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  const limit = Math.max(1, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === name) continue;
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance <= limit && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  // A truncated name (`burstEvery` for `burstEverySeconds`) is far in edits but plainly meant.
  if (best === undefined && name.length >= 4) best = candidates.find((candidate) => candidate.toLowerCase().startsWith(lower));
  return best;
}
