import type { Scenario } from '../../scenario/schema';
import { US_PER_MS } from '../../shared/units';

/**
 * The physical picture of a scenario: every component of SLB's architecture as a node with an
 * integer id, and the links between them with their one-way latency. The UI draws exactly this;
 * the engine routes packets over it.
 */

export const NODE_KINDS = ['clients', 'internet', 'router', 'lvs', 'sync', 'tengine', 'keyserver', 'ecs', 'eip', 'nat', 'external'] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

export interface TopologyNode {
  id: number;
  kind: NodeKind;
  /** Stable string key, e.g. `lvs-2`, `ecs:i-ecs1`; used by the UI and in reports. */
  key: string;
  label: string;
  /** Position within its kind (LVS node 0..n-1, backend 0..n-1). */
  index: number;
  zone: string | undefined;
}

export interface TopologyLink {
  id: number;
  from: number;
  to: number;
  latencyUs: number;
}

export interface Topology {
  nodes: TopologyNode[];
  links: TopologyLink[];
  /** Node ids by kind, in scenario order. */
  byKind: Record<NodeKind, number[]>;
  /** One-way latency between two adjacent nodes, indexed `from * nodes.length + to`; -1 = no link. */
  latencyUs: Float64Array;
}

/**
 * Which populations and backends exist when the run starts (a run with live configuration changes,
 * config/align.ts). The nodes of those that do not are added after every other node, so the ids of
 * all the others are exactly those of the scenario without them (events name nodes by id, and the
 * trace hash of a run must not depend on what only a later change brings in).
 */
export interface InitialPresence {
  populationPresent: ArrayLike<number>;
  instancePresent: ArrayLike<number>;
}

export function buildTopology(scenario: Scenario, initial?: InitialPresence): Topology {
  const nodes: TopologyNode[] = [];
  const byKind = Object.fromEntries(NODE_KINDS.map((kind) => [kind, [] as number[]])) as Record<NodeKind, number[]>;
  const add = (kind: NodeKind, key: string, label: string, zone?: string): number => {
    const id = nodes.length;
    nodes.push({ id, kind, key, label, index: byKind[kind].length, zone });
    byKind[kind].push(id);
    return id;
  };

  // The LVS and Tengine clusters are shared by the region's instances; they stand in the first one's
  // primary zone, the standby cluster (numbered after them) in its secondary zone.
  const { MasterZoneId, SlaveZoneId } = scenario.loadBalancers[0]!;
  const { standby } = scenario.cluster;
  const late = (flags: ArrayLike<number> | undefined, i: number): boolean => flags !== undefined && flags[i] === 0;
  const deferred: (() => void)[] = [];
  scenario.clients.forEach((population, p) => {
    const create = (): void => void add('clients', `clients:${population.id}`, population.id);
    if (late(initial?.populationPresent, p)) deferred.push(create);
    else create();
  });
  const internet = add('internet', 'internet', 'Internet');
  const router = add('router', 'router', 'ECMP router');
  for (let i = 0; i < scenario.cluster.lvsNodes + standby.lvsNodes; i++) add('lvs', `lvs-${i + 1}`, `LVS-${i + 1}`, i < scenario.cluster.lvsNodes ? MasterZoneId : SlaveZoneId);
  const sync = add('sync', 'sync', 'Multicast sync 224.0.0.81:8848', MasterZoneId);
  for (let i = 0; i < scenario.cluster.tengineNodes + standby.tengineNodes; i++) add('tengine', `tengine-${i + 1}`, `Tengine-${i + 1}`, i < scenario.cluster.tengineNodes ? MasterZoneId : SlaveZoneId);
  for (let i = 0; i < scenario.cluster.keyServers; i++) add('keyserver', `keyserver-${i + 1}`, `Key Server-${i + 1}`, MasterZoneId);
  scenario.ecsInstances.forEach((server, b) => {
    const create = (): void => void add('ecs', `ecs:${server.ServerId}`, server.ServerId, server.ZoneId);
    if (late(initial?.instancePresent, b)) deferred.push(create);
    else create();
  });
  for (const eip of scenario.egress.eips) add('eip', `eip:${eip.AllocationId}`, `EIP ${eip.IpAddress}`, undefined);
  for (const nat of scenario.egress.natGateways) add('nat', `nat:${nat.NatGatewayId}`, `NAT ${nat.NatGatewayId}`, undefined);
  const external = add('external', 'external', 'Internet hosts');
  for (const create of deferred) create();
  // Keep each kind in scenario order (node.index = position in the scenario's list) whatever the ids.
  for (const kind of ['clients', 'ecs'] as const) {
    byKind[kind].sort((a, b) => nodeOrder(nodes[a]!, scenario) - nodeOrder(nodes[b]!, scenario));
    byKind[kind].forEach((id, i) => (nodes[id]!.index = i));
  }

  const links: TopologyLink[] = [];
  const latencyUs = new Float64Array(nodes.length * nodes.length).fill(-1);
  const internetUs = Math.round(scenario.network.internetLatencyMs * US_PER_MS);
  const internalUs = Math.max(1, Math.round(scenario.network.internalLatencyMs * US_PER_MS));
  const link = (from: number, to: number, us: number): void => {
    links.push({ id: links.length, from, to, latencyUs: us });
    latencyUs[from * nodes.length + to] = us;
    latencyUs[to * nodes.length + from] = us;
  };

  // The client's Internet leg carries the whole one-way latency; the rest of the path is in-region.
  // Backend egress (EIP, NAT) reaches Internet hosts directly; the client-side Internet node is
  // kept separate so the inbound and outbound paths read left to right.
  // Links exist only where some listener's traffic can flow: layer 4 goes LVS → ECS, layer 7 goes
  // LVS → Tengine → ECS, and HTTPS also Tengine ↔ Key Server. Nodes no listener uses stay unlinked.
  const protocols = new Set(scenario.listeners.map((l) => l.ListenerProtocol));
  const layer4 = protocols.has('tcp') || protocols.has('udp');
  const layer7 = protocols.has('http') || protocols.has('https');
  for (const c of byKind.clients) link(c, internet, internetUs);
  link(internet, router, internalUs);
  for (const l of byKind.lvs) {
    link(router, l, internalUs);
    link(l, sync, internalUs);
    if (layer7) for (const t of byKind.tengine) link(l, t, internalUs);
    if (layer4) for (const e of byKind.ecs) link(l, e, internalUs);
  }
  if (layer7) {
    for (const t of byKind.tengine) {
      if (protocols.has('https')) for (const k of byKind.keyserver) link(t, k, internalUs);
      for (const e of byKind.ecs) link(t, e, internalUs);
    }
  }
  scenario.egress.eips.forEach((eip, i) => {
    const eipNode = byKind.eip[i] as number;
    const ecs = byKind.ecs[scenario.ecsInstances.findIndex((s) => s.ServerId === eip.InstanceId)];
    if (ecs !== undefined) link(ecs, eipNode, internalUs);
    link(eipNode, external, internetUs);
  });
  scenario.egress.natGateways.forEach((nat, i) => {
    const natNode = byKind.nat[i] as number;
    const served = new Set([...nat.snatServerIds, ...nat.dnatEntries.map((d) => d.ServerId)]);
    for (const serverId of served) {
      const ecs = byKind.ecs[scenario.ecsInstances.findIndex((s) => s.ServerId === serverId)];
      if (ecs !== undefined) link(ecs, natNode, internalUs);
    }
    link(natNode, external, internetUs);
  });
  // An ECS with a public IP assigned at creation reaches Internet hosts directly.
  scenario.ecsInstances.forEach((server, b) => {
    if (server.publicIp) link(byKind.ecs[b] as number, external, internetUs);
  });

  return { nodes, links, byKind, latencyUs };
}

/** A client or ECS node's position in the scenario's list. */
function nodeOrder(node: TopologyNode, scenario: Scenario): number {
  return node.kind === 'clients' ? scenario.clients.findIndex((p) => `clients:${p.id}` === node.key) : scenario.ecsInstances.findIndex((s) => `ecs:${s.ServerId}` === node.key);
}
