import type { NodeKind } from '../../engine/net/topology';
import type { TopologyInfo } from '../../worker/protocol';

type TopologyNode = TopologyInfo['nodes'][number];

/** More nodes than this in one tier and its clusters collapse into groups (one row each). */
export const MAX_TIER_ROWS = 8;

/** Words for a group's name, e.g. "LVS × 32". */
const KIND_NAME: Record<NodeKind, string> = {
  clients: 'Client populations',
  internet: 'Internet',
  router: 'Router',
  lvs: 'LVS',
  sync: 'Sync',
  tengine: 'Tengine',
  keyserver: 'Key Server',
  ecs: 'ECS',
  eip: 'EIP',
  nat: 'NAT',
  external: 'Internet hosts',
};

export interface NodeGroup {
  /** Stable id (`group:lvs:cn-hangzhou-h`): also the drawn node's id and the expansion key. */
  id: string;
  kind: NodeKind;
  zone: string | undefined;
  label: string;
  /** Member topology node ids, in topology order. */
  members: number[];
}

export function groupId(kind: NodeKind, zone: string | undefined): string {
  return `group:${kind}:${zone ?? '-'}`;
}

/**
 * The clusters of an over-full tier: a tier (the nodes that share a column) with more than
 * MAX_TIER_ROWS nodes has each of its clusters (same kind and zone) of two or more nodes made a
 * group, so 32 LVS nodes read as "LVS × 32" and 100 backends in two zones as two groups.
 * `tierOf` says which nodes share a column.
 */
export function findGroups(nodes: readonly TopologyNode[], tierOf: (kind: NodeKind) => number): NodeGroup[] {
  const tiers = new Map<number, TopologyNode[]>();
  for (const node of nodes) {
    const tier = tierOf(node.kind);
    tiers.set(tier, [...(tiers.get(tier) ?? []), node]);
  }
  const groups: NodeGroup[] = [];
  for (const members of tiers.values()) {
    if (members.length <= MAX_TIER_ROWS) continue;
    const clusters = new Map<string, TopologyNode[]>();
    for (const node of members) {
      const id = groupId(node.kind, node.zone);
      clusters.set(id, [...(clusters.get(id) ?? []), node]);
    }
    for (const [id, cluster] of clusters) {
      if (cluster.length < 2) continue;
      const first = cluster[0]!;
      groups.push({ id, kind: first.kind, zone: first.zone, label: `${KIND_NAME[first.kind]} × ${cluster.length}`, members: cluster.map((n) => n.id) });
    }
  }
  return groups;
}

/**
 * Which drawn node stands for each topology node: a member of a collapsed group is drawn as the
 * group; every other node as itself. The traffic canvas draws a hop to or from a collapsed member
 * at the group's centre.
 */
export function aliasesOf(groups: readonly NodeGroup[], expanded: ReadonlySet<string>): Map<number, string> {
  const alias = new Map<number, string>();
  for (const group of groups) {
    if (expanded.has(group.id)) continue;
    for (const member of group.members) alias.set(member, group.id);
  }
  return alias;
}
