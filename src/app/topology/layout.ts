import type { Edge, Node } from '@xyflow/react';
import type { NodeKind } from '../../engine/net/topology';
import type { TopologyInfo } from '../../worker/protocol';
import { findBundles, type Bundle } from './bundles';
import { aliasesOf, findGroups, MAX_TIER_ROWS, type NodeGroup } from './groups';
import { estimateGroupHeight, estimateNodeHeight, isWideKind, narrowWidth } from './node-size';

type TopologyNode = TopologyInfo['nodes'][number];

export interface ComponentNodeData extends Record<string, unknown> {
  kind: NodeKind;
  /** The topology's stable key (`lvs-2`, `ecs:i-ecs1`): fault targets are derived from it. */
  key: string;
  label: string;
  zone: string | undefined;
  /** False for a Tengine node or Key Server that no listener's traffic reaches (it has no link). */
  used: boolean;
  /** Box width in flow units: the layout sizes nodes to the pane. */
  width: number;
}

export interface ClusterNodeData extends Record<string, unknown> {
  kind: NodeKind;
  label: string;
  zone: string | undefined;
  /** Member topology node ids. */
  members: number[];
  /** Expanded: the members are drawn below this header; collapsed: this node stands for them all. */
  expanded: boolean;
  width: number;
}

export type ComponentNode = Node<ComponentNodeData, 'component'>;
export type ClusterNode = Node<ClusterNodeData, 'cluster'>;
export type FlowNode = ComponentNode | ClusterNode;

export interface BundleEdgeData extends Record<string, unknown> {
  /** Drawn node ids at each end of the bundle. */
  from: string[];
  to: string[];
  links: number;
}

/** A node no listener's traffic reaches: not drawn; the view says which and why. */
export interface HiddenNode {
  id: number;
  kind: NodeKind;
  label: string;
  reason: string;
}

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

/** Order within a column: the sync bus under the LVS nodes. */
const RANK: Partial<Record<NodeKind, number>> = { sync: 1, nat: 1 };

/** Why a kind of node can go unused. */
const HIDDEN_REASON: Partial<Record<NodeKind, string>> = {
  tengine: 'no HTTP/HTTPS listener',
  keyserver: 'no HTTPS listener',
  external: 'no EIP, NAT gateway or public IP',
};

/** The pane's room for the graph: React Flow's fit padding (the legend sits over the top, the hidden-tier note at the bottom). */
export const FIT_PADDING = { top: 68, right: 12, bottom: 56, left: 12 } as const;
/** Fit zooms in no further than this on a small graph. */
export const MAX_FIT_ZOOM = 1.25;
/** Gaps between columns, and between the nodes of a column, in flow units. */
const MIN_COLUMN_GAP = 36;
const MAX_COLUMN_GAP = 150;
const ROW_GAP = 14;
const GRID_GAP = 12;
/** Widths tried for the nodes with counters: the widest that fits best wins (fewer lines, shorter columns). */
const WIDE_WIDTHS = [124, 136, 156, 176, 200, 228];

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

/** One drawn thing in a column: a node, a collapsed group, or an expanded group (header above its members' grid). */
interface Block {
  header?: NodeGroup;
  collapsed?: NodeGroup;
  members: TopologyNode[];
}

/** What is drawn, before placement: columns of blocks, the hidden nodes, and which drawn node stands for which. */
export interface TopologyPlan {
  columns: { kinds: NodeKind[]; blocks: Block[] }[];
  hidden: HiddenNode[];
  groups: NodeGroup[];
  /** Topology node id → drawn node id, for members of collapsed groups. */
  alias: Map<number, string>;
}

/**
 * Which nodes are drawn and where they stack. Nodes no link touches (Tengine and Key Server when
 * no listener is HTTP/HTTPS, Internet hosts without egress) are left out and listed with the
 * reason; a column left empty disappears. Over-full tiers' clusters become groups (see groups.ts).
 */
export function planTopology(topology: TopologyInfo, expanded: ReadonlySet<string> = new Set()): TopologyPlan {
  const linked = linkedNodeIds(topology);
  const drawn = topology.nodes.filter((n) => linked.has(n.id));
  const hidden = topology.nodes
    .filter((n) => !linked.has(n.id))
    .map((n) => ({ id: n.id, kind: n.kind, label: n.label, reason: HIDDEN_REASON[n.kind] ?? 'no link' }));
  const groups = findGroups(drawn, (kind) => COLUMN[kind]);
  const alias = aliasesOf(groups, expanded);
  const groupOf = new Map(groups.flatMap((g) => g.members.map((m) => [m, g] as const)));

  const byColumn = new Map<number, TopologyNode[]>();
  for (const node of drawn) byColumn.set(COLUMN[node.kind], [...(byColumn.get(COLUMN[node.kind]) ?? []), node]);
  const columns = [...byColumn.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, nodes]) => {
      const blocks: Block[] = [];
      for (const node of columnOrder(nodes)) {
        const group = groupOf.get(node.id);
        if (!group) blocks.push({ members: [node] });
        else if (group.members[0] !== node.id) continue;
        else if (expanded.has(group.id)) blocks.push({ header: group, members: group.members.map((id) => topology.nodes[id]!).filter(Boolean) });
        else blocks.push({ collapsed: group, members: [] });
      }
      return { kinds: [...new Set(nodes.map((n) => n.kind))], blocks };
    });
  return { columns, hidden, groups, alias };
}

/**
 * Row order within a column: by kind (the sync bus last), zone, then id; the Key Servers sit in
 * the middle of the Tengine column, so each Tengine ↔ Key Server edge is short and none runs
 * through another Tengine node (with up to two Tengine nodes).
 */
function columnOrder(nodes: readonly TopologyNode[]): TopologyNode[] {
  const ordered = [...nodes].sort((a, b) => (RANK[a.kind] ?? 0) - (RANK[b.kind] ?? 0) || (a.zone ?? '').localeCompare(b.zone ?? '') || a.id - b.id);
  const tengine = ordered.filter((n) => n.kind === 'tengine');
  const keyServers = ordered.filter((n) => n.kind === 'keyserver');
  if (tengine.length === 0 || keyServers.length === 0) return ordered;
  const half = Math.ceil(tengine.length / 2);
  return [...tengine.slice(0, half), ...keyServers, ...tengine.slice(half), ...ordered.filter((n) => n.kind !== 'tengine' && n.kind !== 'keyserver')];
}

export interface Pane {
  width: number;
  height: number;
}

/** Sizes a placement depends on: the counters nodes' width and the gap between columns. */
export interface Geometry {
  wide: number;
  columnGap: number;
}

export type HeightOf = (id: string) => number | undefined;

interface Placed {
  id: string;
  x: number;
  y: number;
  width: number;
}

function widthOf(kind: NodeKind, label: string, wide: number): number {
  return isWideKind(kind) ? wide : narrowWidth(label);
}

/**
 * A node's height for stacking: measured when known, but never less than the estimate with typical
 * figures, so counters that grow after the first frame (a wrap more) do not run into the next node.
 */
function atLeast(measured: number | undefined, estimate: number): number {
  return Math.max(measured ?? 0, estimate);
}

/** Each block's items with their widths and heights (measured when known, else estimated), stacked in a column. */
function columnBoxes(plan: TopologyPlan, wide: number, heightOf: HeightOf) {
  return plan.columns.map(({ blocks }) => {
    const boxes = blocks.map((block) => {
      if (block.collapsed) {
        const g = block.collapsed;
        const height = atLeast(heightOf(g.id), estimateGroupHeight(g.kind, g.label, g.zone, wide, false));
        return { width: wide, height, items: [{ id: g.id, dx: 0, dy: 0, width: wide }] };
      }
      const members = block.members.map((n) => {
        const width = widthOf(n.kind, n.label, wide);
        return { id: String(n.id), width, height: atLeast(heightOf(String(n.id)), estimateNodeHeight(n.kind, n.label, n.zone, width)) };
      });
      if (!block.header) {
        const m = members[0]!;
        return { width: m.width, height: m.height, items: [{ id: m.id, dx: 0, dy: 0, width: m.width }] };
      }
      // An expanded group: its header, then its members in a grid of at most MAX_TIER_ROWS rows.
      const g = block.header;
      const headerHeight = atLeast(heightOf(g.id), estimateGroupHeight(g.kind, g.label, g.zone, wide, true));
      const gridColumns = Math.ceil(members.length / MAX_TIER_ROWS);
      const rows = Math.ceil(members.length / gridColumns);
      const cellWidth = Math.max(...members.map((m) => m.width));
      const rowHeights = Array.from({ length: rows }, (_, r) => Math.max(...members.filter((_, i) => i % rows === r).map((m) => m.height)));
      const width = Math.max(wide, gridColumns * cellWidth + (gridColumns - 1) * GRID_GAP);
      const items = [{ id: g.id, dx: (width - wide) / 2, dy: 0, width: wide }];
      members.forEach((m, i) => {
        const row = i % rows;
        const column = Math.floor(i / rows);
        const dy = headerHeight + GRID_GAP + rowHeights.slice(0, row).reduce((s, h) => s + h + GRID_GAP, 0);
        items.push({ id: m.id, dx: column * (cellWidth + GRID_GAP) + (cellWidth - m.width) / 2, dy, width: m.width });
      });
      const height = headerHeight + GRID_GAP + rowHeights.reduce((s, h) => s + h, 0) + (rows - 1) * GRID_GAP;
      return { width, height, items };
    });
    const width = Math.max(...boxes.map((b) => b.width));
    const height = boxes.reduce((s, b) => s + b.height, 0) + (boxes.length - 1) * ROW_GAP;
    return { width, height, boxes };
  });
}

/** Places the plan: columns left to right `columnGap` apart, each column's blocks stacked and centred on y = 0. */
export function placePlan(plan: TopologyPlan, geometry: Geometry, heightOf: HeightOf = () => undefined): { placed: Placed[]; width: number; height: number } {
  const columns = columnBoxes(plan, geometry.wide, heightOf);
  const placed: Placed[] = [];
  let x = 0;
  for (const column of columns) {
    let y = -column.height / 2;
    for (const box of column.boxes) {
      const left = x + (column.width - box.width) / 2;
      for (const item of box.items) placed.push({ id: item.id, x: Math.round(left + item.dx), y: Math.round(y + item.dy), width: item.width });
      y += box.height + ROW_GAP;
    }
    x += column.width + geometry.columnGap;
  }
  const width = x - geometry.columnGap;
  const height = Math.max(0, ...columns.map((c) => c.height));
  return { placed, width, height };
}

/** The zoom fit would land at for a graph of this size in the pane. */
export function fitZoom(graph: { width: number; height: number }, pane: Pane): number {
  const room = { width: pane.width - FIT_PADDING.left - FIT_PADDING.right, height: pane.height - FIT_PADDING.top - FIT_PADDING.bottom };
  return Math.min(MAX_FIT_ZOOM, room.width / Math.max(1, graph.width), room.height / Math.max(1, graph.height));
}

/**
 * Sizes the layout to the pane: the column gap spreads the columns over the pane's width (within
 * bounds), and of the widths tried for the counters nodes the one whose graph fits at the largest
 * zoom wins (a wider node wraps less, so its column is shorter), the wider one on a near tie.
 */
export function chooseGeometry(plan: TopologyPlan, pane: Pane): Geometry {
  const roomWidth = pane.width - FIT_PADDING.left - FIT_PADDING.right;
  const gaps = Math.max(1, plan.columns.length - 1);
  let best: { geometry: Geometry; zoom: number } | undefined;
  for (const wide of WIDE_WIDTHS) {
    const bare = placePlan(plan, { wide, columnGap: 0 });
    const columnGap = Math.min(MAX_COLUMN_GAP, Math.max(MIN_COLUMN_GAP, (roomWidth - bare.width) / gaps));
    const zoom = fitZoom({ width: bare.width + gaps * columnGap, height: bare.height }, pane);
    if (!best || zoom >= best.zoom - 0.01) best = { geometry: { wide, columnGap }, zoom };
  }
  return best!.geometry;
}

/** Node width and gap for a pane nobody measured yet (tests, first render): a 1000 × 740 pane, as at 1440 × 900. */
export const DEFAULT_PANE: Pane = { width: 1000, height: 740 };

export interface TopologyLayout {
  plan: TopologyPlan;
  geometry: Geometry;
  nodes: FlowNode[];
  edges: Edge[];
}

/**
 * Lays the topology out by tier, left to right in the order traffic flows, sized to the pane (see
 * chooseGeometry). Edges are the topology's links between drawn nodes (a link to a collapsed
 * group's member goes to the group, once); every-to-every wiring between two tiers is bundled.
 */
export function layoutTopology(topology: TopologyInfo, options: { pane?: Pane; expanded?: ReadonlySet<string> } = {}): TopologyLayout {
  const expanded = options.expanded ?? new Set<string>();
  const plan = planTopology(topology, expanded);
  const geometry = chooseGeometry(plan, options.pane ?? DEFAULT_PANE);
  const { placed } = placePlan(plan, geometry);
  const position = new Map(placed.map((p) => [p.id, p]));
  const nodes: FlowNode[] = [];
  for (const group of plan.groups) {
    const at = position.get(group.id);
    if (!at) continue;
    nodes.push({
      id: group.id,
      type: 'cluster',
      position: { x: at.x, y: at.y },
      data: { kind: group.kind, label: group.label, zone: group.zone, members: group.members, expanded: expanded.has(group.id), width: at.width },
      ariaLabel: `${group.label}: group of ${group.members.length} nodes${group.zone ? ` in ${group.zone}` : ''}. Press Enter to ${expanded.has(group.id) ? 'collapse it' : 'show them all'}.`,
      draggable: true,
      selectable: false,
    });
  }
  const linked = linkedNodeIds(topology);
  for (const node of topology.nodes) {
    const at = position.get(String(node.id));
    if (!at) continue;
    nodes.push({
      id: String(node.id),
      type: 'component',
      position: { x: at.x, y: at.y },
      data: { kind: node.kind, key: node.key, label: node.label, zone: node.zone, used: isUsed(node.kind, node.id, linked), width: at.width },
      draggable: true,
    });
  }
  return { plan, geometry, nodes, edges: drawnEdges(topology, plan) };
}

/** New positions for the same nodes, restacked with their measured heights (widths and gap unchanged). */
export function restack(layout: TopologyLayout, nodes: readonly FlowNode[], heightOf: HeightOf): FlowNode[] {
  const position = new Map(placePlan(layout.plan, layout.geometry, heightOf).placed.map((p) => [p.id, p]));
  return nodes.map((n) => {
    const at = position.get(n.id);
    return at ? { ...n, position: { x: at.x, y: at.y } } : n;
  });
}

const EDGE_STYLE = { stroke: '#64748b', strokeWidth: 1.25 };
/** A link inside a bundle: no stroke of its own (the band shows it), still right-clickable and named. */
export const BUNDLED_EDGE_STYLE = { stroke: 'transparent', strokeWidth: 1 };

function drawnEdges(topology: TopologyInfo, plan: TopologyPlan): Edge[] {
  const labels = new Map(topology.nodes.map((n) => [n.id, n.label]));
  const groupLabel = new Map(plan.groups.map((g) => [g.id, g.label]));
  const drawnLabel = (id: string): string => groupLabel.get(id) ?? labels.get(Number(id)) ?? id;
  const hidden = new Set(plan.hidden.map((h) => h.id));
  const seen = new Set<string>();
  const edges: Edge[] = [];
  for (const link of topology.links) {
    if (hidden.has(link.from) || hidden.has(link.to)) continue;
    const source = plan.alias.get(link.from) ?? String(link.from);
    const target = plan.alias.get(link.to) ?? String(link.to);
    // Links among one collapsed group's members, and repeats of a link to a group, are drawn once.
    if (source === target || seen.has(`${source}>${target}`)) continue;
    seen.add(`${source}>${target}`);
    edges.push({
      id: `link-${link.id}`,
      ariaLabel: `${drawnLabel(source)} → ${drawnLabel(target)}`,
      source,
      target,
      type: 'straight',
      selectable: false,
      focusable: false,
      style: EDGE_STYLE,
    });
  }
  const kindOf = new Map<string, NodeKind>([...topology.nodes.map((n) => [String(n.id), n.kind] as const), ...plan.groups.map((g) => [g.id, g.kind] as const)]);
  const tierOf = (id: string): string => String(COLUMN[kindOf.get(id) ?? 'external']) + (kindOf.get(id) ?? '');
  const bundles = findBundles(edges, tierOf);
  const bundled = new Set(bundles.flatMap((b) => b.edgeIds));
  return [...bundles.map((b) => bundleEdge(b, drawnLabel)), ...edges.map((e) => (bundled.has(e.id) ? { ...e, style: BUNDLED_EDGE_STYLE, data: { bundled: true } } : e))];
}

function bundleEdge(bundle: Bundle, label: (id: string) => string): Edge<BundleEdgeData> {
  const ends = (ids: string[]): string => (ids.length <= 3 ? ids.map(label).join(', ') : `${label(ids[0]!)} … ${label(ids[ids.length - 1]!)}`);
  return {
    id: bundle.id,
    type: 'bundle',
    source: bundle.from[0]!,
    target: bundle.to[0]!,
    ariaLabel: `Bundle of ${bundle.edgeIds.length} links, every one of ${ends(bundle.from)} to every one of ${ends(bundle.to)}`,
    selectable: false,
    focusable: false,
    data: { from: bundle.from, to: bundle.to, links: bundle.edgeIds.length },
  };
}
