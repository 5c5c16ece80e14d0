import type { Listener, Scenario } from '../../scenario/schema';
import type { PairMember } from './master-slave';

/** A TCP/UDP listener's VServer group, resolved against the scenario's ECS instances. */
export interface Layer4Group {
  id: string;
  /** One per ECS instance of the scenario (the scenario refuses an instance twice in such a group). */
  members: PairMember[];
}

/**
 * The VServer group a layer-4 listener forwards to (the API's VServerGroupId on a TCP/UDP
 * listener), or undefined: an HTTP/HTTPS listener (Tengine balances its groups), a master-slave
 * listener, or one on the default server group. A group not in the scenario (an aligned step's
 * stopped placeholder) has no members; a member whose instance is unknown is left out.
 */
export function layer4GroupOf(scenario: Pick<Scenario, 'ecsInstances' | 'vServerGroups'>, listener: Pick<Listener, 'ListenerProtocol' | 'VServerGroupId' | 'MasterSlaveServerGroupId'>): Layer4Group | undefined {
  const id = listener.VServerGroupId;
  if (id === undefined || listener.MasterSlaveServerGroupId !== undefined) return undefined;
  if (listener.ListenerProtocol !== 'tcp' && listener.ListenerProtocol !== 'udp') return undefined;
  const group = scenario.vServerGroups.find((g) => g.VServerGroupId === id);
  const members: PairMember[] = [];
  for (const server of group?.BackendServers ?? []) {
    const backend = scenario.ecsInstances.findIndex((s) => s.ServerId === server.ServerId);
    // First entry wins if a scenario built around validation lists an instance twice.
    if (backend >= 0 && !members.some((m) => m.backend === backend)) members.push({ backend, port: server.Port, weight: server.Weight });
  }
  return { id, members };
}
