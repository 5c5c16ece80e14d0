import { useStore, type Edge, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import { convexHull } from './bundles';
import type { BundleEdgeData } from './layout';

/**
 * Every-to-every links between two tiers drawn as one band: the convex hull of the ends' centres,
 * which holds every link of the bundle, so each dot travelling a link stays inside it. Only the
 * hull's sides that run between the tiers are stroked (the sides along a tier would cross its nodes).
 * The links themselves stay as invisible, right-clickable edges on top.
 */
export const BundleEdge = memo(function BundleEdge({ data }: EdgeProps<Edge<BundleEdgeData, 'bundle'>>) {
  const paths = useStore((s) => {
    if (!data) return '';
    const side = new Map<string, number>();
    const points: { x: number; y: number }[] = [];
    for (const [ids, which] of [
      [data.from, 0],
      [data.to, 1],
    ] as const) {
      for (const id of ids) {
        const node = s.nodeLookup.get(id);
        if (!node) continue;
        const x = node.internals.positionAbsolute.x + (node.measured.width ?? 0) / 2;
        const y = node.internals.positionAbsolute.y + (node.measured.height ?? 0) / 2;
        side.set(`${x},${y}`, which);
        points.push({ x, y });
      }
    }
    const hull = convexHull(points);
    if (hull.length < 2) return '';
    const fill = `${hull.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x},${p.y}`).join(' ')} Z`;
    const sides = hull
      .map((p, i) => [p, hull[(i + 1) % hull.length]!] as const)
      .filter(([a, b]) => side.get(`${a.x},${a.y}`) !== side.get(`${b.x},${b.y}`))
      .map(([a, b]) => `M${a.x},${a.y} L${b.x},${b.y}`)
      .join(' ');
    return `${fill}|${sides}`;
  });
  const [fill, sides] = paths.split('|');
  if (!fill) return null;
  return (
    <g className="bundle-edge" pointerEvents="none" data-testid="edge-bundle" data-links={data?.links}>
      <path d={fill} fill="#64748b" fillOpacity={0.14} stroke="none" />
      <path d={sides} fill="none" stroke="#64748b" strokeWidth={1.25} />
    </g>
  );
});
