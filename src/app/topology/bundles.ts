/** A drawn edge, by the ids of its drawn ends. */
export interface EdgeEnds {
  id: string;
  source: string;
  target: string;
}

export interface Bundle {
  id: string;
  /** Drawn node ids on each side, in first-seen order. */
  from: string[];
  to: string[];
  /** The edges the bundle stands for (each kept as an invisible, right-clickable path). */
  edgeIds: string[];
}

/** Fewer links than this between two tiers are drawn one by one. */
export const MIN_BUNDLE_LINKS = 4;

/**
 * Every-to-every wiring between two tiers (N LVS × M backends, LVS × Tengine, Tengine × backends)
 * becomes one bundle: drawn as a single band that covers every link in it (the convex hull of the
 * ends), instead of N×M crossing lines. Only complete wiring is bundled, so the band never claims a
 * link that does not exist; a tier pair with one node on either side (a star) stays as lines.
 */
export function findBundles(edges: readonly EdgeEnds[], tierOf: (drawnId: string) => string): Bundle[] {
  const pairs = new Map<string, EdgeEnds[]>();
  for (const edge of edges) {
    const key = `${tierOf(edge.source)}>${tierOf(edge.target)}`;
    pairs.set(key, [...(pairs.get(key) ?? []), edge]);
  }
  const bundles: Bundle[] = [];
  for (const [key, list] of pairs) {
    const from = [...new Set(list.map((e) => e.source))];
    const to = [...new Set(list.map((e) => e.target))];
    const distinct = new Set(list.map((e) => `${e.source}>${e.target}`)).size;
    if (from.length < 2 || to.length < 2 || distinct < MIN_BUNDLE_LINKS || distinct !== from.length * to.length) continue;
    bundles.push({ id: `bundle:${key}`, from, to, edgeIds: list.map((e) => e.id) });
  }
  return bundles;
}

/** The convex hull of points (monotone chain), counter-clockwise; fewer than 3 points come back as they are. */
export function convexHull(points: readonly { x: number; y: number }[]): { x: number; y: number }[] {
  const sorted = [...points].sort((a, b) => a.x - b.x || a.y - b.y);
  if (sorted.length < 3) return sorted;
  const cross = (o: { x: number; y: number }, a: { x: number; y: number }, b: { x: number; y: number }): number => (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
  const lower: { x: number; y: number }[] = [];
  for (const p of sorted) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: { x: number; y: number }[] = [];
  for (const p of [...sorted].reverse()) {
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, p) <= 0) upper.pop();
    upper.push(p);
  }
  return [...lower.slice(0, -1), ...upper.slice(0, -1)];
}
