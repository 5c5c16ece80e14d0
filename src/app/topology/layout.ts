import type { Edge, Node } from '@xyflow/react';
import type { NodeKind } from '../../engine/net/topology';
import type { TopologyInfo } from '../../worker/protocol';

export interface ComponentNodeData extends Record<string, unknown> {
  kind: NodeKind;
  label: string;
  zone: string | undefined;
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

/**
 * Lays the topology out by tier: one column per kind, stacked rows, backends grouped by zone,
 * the multicast sync bus under the LVS nodes and the Key Server under the Tengine nodes.
 */
export function layoutTopology(topology: TopologyInfo): { nodes: ComponentNode[]; edges: Edge[] } {
  const rows = new Map<number, number>();
  const ordered = [...topology.nodes].sort((a, b) => COLUMN[a.kind] - COLUMN[b.kind] || (a.zone ?? '').localeCompare(b.zone ?? '') || a.id - b.id);
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
      data: { kind: node.kind, label: node.label, zone: node.zone },
      draggable: true,
    };
  });

  const edges: Edge[] = topology.links.map((link) => ({
    id: `link-${link.id}`,
    source: String(link.from),
    target: String(link.to),
    type: 'straight',
    selectable: false,
    focusable: false,
    style: { stroke: '#475569', strokeWidth: 1 },
  }));
  return { nodes, edges };
}
