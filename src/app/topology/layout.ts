import type { Edge, Node } from '@xyflow/react';
import type { NodeKind } from '../../engine/net/topology';
import type { TopologyInfo } from '../../worker/protocol';

export interface ComponentNodeData extends Record<string, unknown> {
  kind: NodeKind;
  /** The topology's stable key (`lvs-2`, `ecs:i-ecs1`): fault targets are derived from it. */
  key: string;
  label: string;
  zone: string | undefined;
  /** False for a Tengine node or Key Server that no listener's traffic reaches (it has no link). */
  used: boolean;
}

export type ComponentNode = Node<ComponentNodeData, 'component'>;

/** Columns, left to right, in the order traffic flows in. */
const COLUMN: Record<NodeKind, number> = {
  clients: 0,
  internet: 1,
  router: 2,
  lvs: 3,
  sync: 3,
  tengine: 4,
  keyserver: 4,
  ecs: 5,
  eip: 6,
  nat: 6,
  external: 7,
};

const COLUMN_WIDTH = 210;
const ROW_HEIGHT = 88;
export const NODE_WIDTH = 150;

/** Ids of the nodes some link touches: the engine links only what a listener's traffic uses. */
export function linkedNodeIds(topology: Pick<TopologyInfo, 'links'>): Set<number> {
  const linked = new Set<number>();
  for (const link of topology.links) {
    linked.add(link.from);
    linked.add(link.to);
  }
  return linked;
}

/** Layer-7 nodes are only drawn as used when a listener's traffic reaches them; everything else always is. */
export function isUsed(kind: NodeKind, id: number, linked: Set<number>): boolean {
  return (kind !== 'tengine' && kind !== 'keyserver') || linked.has(id);
}

/**
 * Row order within a column: by zone, then id; the Key Servers sit in the middle of the Tengine
 * column, so each Tengine ↔ Key Server edge is short and none runs through another Tengine node
 * (with up to two Tengine nodes; beyond that the outer ones' edges pass behind the inner ones).
 */
function columnOrder(nodes: TopologyInfo['nodes']): TopologyInfo['nodes'] {
  const ordered = [...nodes].sort((a, b) => COLUMN[a.kind] - COLUMN[b.kind] || (a.zone ?? '').localeCompare(b.zone ?? '') || a.id - b.id);
  const tengine = ordered.filter((n) => n.kind === 'tengine');
  const keyServers = ordered.filter((n) => n.kind === 'keyserver');
  const half = Math.ceil(tengine.length / 2);
  const middle = [...tengine.slice(0, half), ...keyServers, ...tengine.slice(half)];
  const start = ordered.findIndex((n) => COLUMN[n.kind] === COLUMN.tengine);
  if (start >= 0) ordered.splice(start, middle.length, ...middle);
  return ordered;
}

/**
 * Lays the topology out by tier: one column per kind, stacked rows, backends grouped by zone,
 * the multicast sync bus under the LVS nodes and the Key Servers among the Tengine nodes. Edges
 * are exactly the topology's links, which exist only where some listener's traffic flows.
 */
export function layoutTopology(topology: TopologyInfo): { nodes: ComponentNode[]; edges: Edge[] } {
  const rows = new Map<number, number>();
  const ordered = columnOrder(topology.nodes);
  const linked = linkedNodeIds(topology);
  const columnSizes = new Map<number, number>();
  for (const node of ordered) columnSizes.set(COLUMN[node.kind], (columnSizes.get(COLUMN[node.kind]) ?? 0) + 1);
  const tallest = Math.max(...columnSizes.values());

  const nodes: ComponentNode[] = ordered.map((node) => {
    const column = COLUMN[node.kind];
    const row = rows.get(column) ?? 0;
    rows.set(column, row + 1);
    // Centre short columns vertically against the tallest one.
    const offset = ((tallest - (columnSizes.get(column) ?? 1)) * ROW_HEIGHT) / 2;
    return {
      id: String(node.id),
      type: 'component',
      position: { x: column * COLUMN_WIDTH, y: offset + row * ROW_HEIGHT },
      data: { kind: node.kind, key: node.key, label: node.label, zone: node.zone, used: isUsed(node.kind, node.id, linked) },
      draggable: true,
    };
  });

  const labels = new Map(topology.nodes.map((n) => [n.id, n.label]));
  const edges: Edge[] = topology.links.map((link) => ({
    id: `link-${link.id}`,
    ariaLabel: `${labels.get(link.from) ?? link.from} → ${labels.get(link.to) ?? link.to}`,
    source: String(link.from),
    target: String(link.to),
    type: 'straight',
    selectable: false,
    focusable: false,
    style: { stroke: '#475569', strokeWidth: 1 },
  }));
  return { nodes, edges };
}
