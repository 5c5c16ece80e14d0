import type { NodeStates, TopologyInfo } from '../../worker/protocol';
import type { FaultSpan } from './spans';
import { activeSpans, syncPartitionAt } from './spans';

/** How a node looks because of faults: failed (greyed and crossed), its route withdrawn, sync cut, or degraded. */
export interface NodeLook {
  failed: boolean;
  /** LVS: up but its route is not announced (route withdrawal, hot upgrade). */
  withdrawn: boolean;
  /** LVS: down but the router still sends it flows (until the route is withdrawn). */
  blackhole: boolean;
  /** LVS node cut off from session sync (alone or with the whole link); the sync node when the whole link is. */
  partitioned: boolean;
  /** A degraded but running component: the word for its badge ('slow', 'refusing', 'removed', …), '' when not. */
  degraded: string;
}

const NONE: NodeLook = { failed: false, withdrawn: false, blackhole: false, partitioned: false, degraded: '' };

/** Session sync cut off now: the whole link, and which LVS nodes (`lvs-N`) alone. */
export type SyncPartition = ReturnType<typeof syncPartitionAt>;

/** One node's look from a frame's node states and the sync partition in effect (the frame has no sync partition state). */
export function nodeLook(node: Pick<TopologyInfo['nodes'][number], 'id' | 'key' | 'kind'>, states: NodeStates | undefined, partition: SyncPartition): NodeLook {
  switch (node.kind) {
    case 'sync':
      return { ...NONE, partitioned: partition.whole };
    case 'lvs': {
      const lvs = states?.lvs.find((n) => n.nodeId === node.id);
      const partitioned = partition.whole || partition.nodes.includes(node.key);
      return lvs ? { ...NONE, failed: !lvs.up, withdrawn: lvs.up && !lvs.announced, blackhole: !lvs.up && lvs.announced, partitioned } : { ...NONE, partitioned };
    }
    case 'ecs': {
      const b = states?.backends.find((n) => n.nodeId === node.id);
      if (!b) return NONE;
      const failed = b.condition === 'down';
      return { ...NONE, failed, degraded: failed || b.condition === 'healthy' ? '' : b.condition };
    }
    case 'tengine': {
      const t = states?.tengine.find((n) => n.nodeId === node.id);
      return t ? { ...NONE, failed: !t.up } : NONE;
    }
    case 'keyserver': {
      const k = states?.keyServers.find((n) => n.nodeId === node.id);
      return k ? { ...NONE, failed: !k.up, degraded: k.up && k.slow ? 'slow' : '' } : NONE;
    }
    default:
      return NONE;
  }
}

/** Every node's look (the topology's edges follow them). */
export function nodeLooks(topology: Pick<TopologyInfo, 'nodes'>, states: NodeStates | undefined, spans: FaultSpan[], nowS: number): Map<number, NodeLook> {
  const partition = syncPartitionAt(spans, nowS);
  return new Map(topology.nodes.map((node) => [node.id, nodeLook(node, states, partition)]));
}

/** One fault action to send. */
export interface FaultCommand {
  action: string;
  target: string | undefined;
}

/**
 * What "Clear all faults" sends, from what the frame says is faulty now: recover every LVS node
 * that is down, tengine-recover every Tengine node that is down, keyserver-up every Key Server
 * down or slow, backend-up every backend whose condition is not healthy (a removed one only when a
 * backend-remove fault removed it, not the API), heal-sync for every sync partition in effect,
 * zone-up for every zone outage and link-heal for every faulted link (those first).
 */
export function clearAllCommands(topology: Pick<TopologyInfo, 'nodes'>, states: NodeStates | undefined, spans: FaultSpan[], nowS: number): FaultCommand[] {
  const key = new Map(topology.nodes.map((n) => [n.id, n.key]));
  const commands: FaultCommand[] = [];
  const active = activeSpans(spans, nowS);
  for (const lvs of states?.lvs ?? []) if (!lvs.up && key.has(lvs.nodeId)) commands.push({ action: 'recover', target: key.get(lvs.nodeId) });
  for (const t of states?.tengine ?? []) if (!t.up && key.has(t.nodeId)) commands.push({ action: 'tengine-recover', target: key.get(t.nodeId) });
  for (const k of states?.keyServers ?? []) if ((!k.up || k.slow) && key.has(k.nodeId)) commands.push({ action: 'keyserver-up', target: key.get(k.nodeId) });
  for (const b of states?.backends ?? []) {
    const serverId = key.get(b.nodeId)?.replace(/^ecs:/, '');
    if (serverId === undefined || b.condition === 'healthy') continue;
    if (b.condition === 'removed' && !active.some((s) => s.action === 'backend-remove' && s.target === serverId)) continue;
    commands.push({ action: 'backend-up', target: serverId });
  }
  const healed = new Set<string>();
  for (const span of active) {
    if (span.action !== 'partition-sync' || healed.has(span.target ?? '*')) continue;
    healed.add(span.target ?? '*');
    commands.push({ action: 'heal-sync', target: span.target });
  }
  // Zone outages end with zone-up (the report closes them; the per-node commands above are then no-ops),
  // link faults with link-heal on their link (either way round heals both directions).
  const ended = new Set<string>();
  for (const span of active) {
    const clear = span.action === 'zone-down' ? 'zone-up' : span.action.startsWith('link-') && span.action !== 'link-heal' ? 'link-heal' : undefined;
    if (clear === undefined || span.target === undefined) continue;
    const ends = span.target.split('->');
    const id = clear === 'link-heal' ? [...ends].sort().join('<->') : span.target;
    if (ended.has(id)) continue;
    ended.add(id);
    commands.unshift({ action: clear, target: span.target });
  }
  return commands;
}
