import type { NodeKind } from '../../engine/net/topology';
import type { TopologyInfo } from '../../worker/protocol';

/** One fault a node's menu offers: the scenario action, its target id, and what it does in words. */
export interface FaultChoice {
  action: string;
  /** Omitted for the whole sync link. */
  target: string | undefined;
  label: string;
  /** True for the actions that end a fault (recover, heal, up). */
  clears: boolean;
}

/**
 * The faults that apply to a topology node, with the target id the engine expects: `lvs-N`,
 * `tengine-N`, `keyserver-N`, an ECS instance's ServerId (its node key is `ecs:<ServerId>`), and
 * no target for the multicast sync link as a whole. Other kinds (clients, router, egress) have none.
 * A node standing in a zone (LVS, Tengine, Key Server, ECS) also offers that zone's outage.
 */
export function faultsForNode(kind: NodeKind, key: string, zone?: string): FaultChoice[] {
  const own = ownFaults(kind, key);
  if (zone === undefined || own.length === 0 || kind === 'sync') return own;
  return [...own, { action: 'zone-down', target: zone, label: `Zone ${zone} down (every node and backend in it)`, clears: false }, { action: 'zone-up', target: zone, label: `Zone ${zone} up`, clears: true }];
}

function ownFaults(kind: NodeKind, key: string): FaultChoice[] {
  const choice = (action: string, target: string | undefined, label: string, clears = false): FaultChoice => ({ action, target, label, clears });
  switch (kind) {
    case 'lvs':
      return [
        choice('crash', key, 'Crash (table lost; route withdrawn after the delay)'),
        choice('upgrade', key, 'Hot upgrade (route withdrawn first, then the node stops)'),
        choice('recover', key, 'Recover (empty table, route announced)', true),
        choice('partition-sync', key, 'Partition from session sync'),
        choice('heal-sync', key, 'Heal session sync', true),
      ];
    case 'tengine':
      return [choice('tengine-crash', key, 'Crash Tengine node'), choice('tengine-recover', key, 'Recover Tengine node', true)];
    case 'keyserver':
      return [
        choice('keyserver-down', key, 'Key Server down'),
        choice('keyserver-slow', key, 'Key Server slow'),
        choice('keyserver-up', key, 'Key Server up (restore)', true),
      ];
    case 'ecs': {
      const serverId = key.replace(/^ecs:/, '');
      return [
        choice('backend-down', serverId, 'Backend down (crash)'),
        choice('backend-slow', serverId, 'Backend slow'),
        choice('backend-refuse', serverId, 'Backend refusing connections'),
        choice('backend-remove', serverId, 'Remove from the server group'),
        choice('backend-up', serverId, 'Backend up (restore)', true),
      ];
    }
    case 'sync':
      return [choice('partition-sync', undefined, 'Partition the whole sync link'), choice('heal-sync', undefined, 'Heal the whole sync link', true)];
    default:
      return [];
  }
}

/** One link a node's menu offers link faults on: the `a->b` target (topology node keys) and words for it. */
export interface LinkChoice {
  target: string;
  label: string;
  /** True when the link leaves this node (the way traffic flows). */
  outgoing: boolean;
}

/**
 * The data links that touch a node, the ones leaving it first, each named `from->to` by topology
 * node keys as the engine's link faults want it (the sync bus is no data link and has none).
 */
export function linksOfNode(topology: Pick<TopologyInfo, 'nodes' | 'links'>, nodeId: number): LinkChoice[] {
  const byId = new Map(topology.nodes.map((n) => [n.id, n]));
  const dataKinds = new Set<NodeKind>(['clients', 'internet', 'router', 'lvs', 'tengine', 'ecs']);
  const choices: LinkChoice[] = [];
  for (const link of topology.links) {
    if (link.from !== nodeId && link.to !== nodeId) continue;
    const a = byId.get(link.from);
    const b = byId.get(link.to);
    if (!a || !b || !dataKinds.has(a.kind) || !dataKinds.has(b.kind)) continue;
    choices.push({ target: `${a.key}->${b.key}`, label: `${a.label} → ${b.label}`, outgoing: link.from === nodeId });
  }
  return [...choices.filter((c) => c.outgoing), ...choices.filter((c) => !c.outgoing)];
}

/** The link faults for one link, with the values the menu's fields hold (loss as a fraction, added ms). */
export function linkFaults(link: LinkChoice, lossRate: number, addedMs: number): (FaultChoice & { lossRate?: number; addedMs?: number })[] {
  const [from, to] = link.target.split('->');
  return [
    {
      action: 'link-loss',
      target: link.target,
      label: `Loss ${Number((lossRate * 100).toFixed(1))}% (both ways)`,
      clears: false,
      lossRate,
    },
    { action: 'link-latency', target: link.target, label: `Latency +${addedMs} ms`, clears: false, addedMs },
    { action: 'link-oneway', target: link.target, label: `One-way: drop ${from} → ${to}`, clears: false },
    { action: 'link-heal', target: link.target, label: 'Heal the link', clears: true },
  ];
}

/**
 * The menu's "for N s" field: empty applies the fault until something clears it; otherwise a
 * number of seconds > 0 (at most a year, the scenario's limit) becomes the fault's durationS.
 */
export function parseDuration(text: string): { ok: true; durationS: number | undefined } | { ok: false; message: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, durationS: undefined };
  const value = Number(trimmed);
  if (!Number.isFinite(value) || value <= 0 || value > 31_536_000)
    return { ok: false, message: 'durationS: must be a number of seconds > 0 (at most a year), or empty for "until cleared"' };
  return { ok: true, durationS: value };
}
