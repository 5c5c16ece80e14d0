import type { NodeKind } from '../../engine/net/topology';

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
 */
export function faultsForNode(kind: NodeKind, key: string): FaultChoice[] {
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
