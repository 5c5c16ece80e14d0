import { defaultGroupWeights, NOT_ATTACHED } from '../../scenario/attachments';
import type { Listener, Scenario } from '../../scenario/schema';
import { RuleMatcher } from './rules';

/** A server group as Tengine balances it: backends (ECS indices in scenario order), ports and configured weights. */
export interface ServerGroup {
  /** The VServerGroupId, or null for the load balancer's default server group. */
  id: string | null;
  servers: Int32Array;
  ports: Int32Array;
  /** Configured weights; the default group's follow the backends' live weights instead. */
  weights: Int32Array;
}

/** One HTTP/HTTPS listener's routing: its groups (0 = default server group), rules and fallback. */
export interface ListenerRouting {
  groups: ServerGroup[];
  matcher: RuleMatcher;
  /** Per rule (listener order): the group its VServerGroupId names. */
  ruleGroup: Int32Array;
  /** Where requests no rule claims go: the listener's VServerGroupId, else the default group (0). */
  fallbackGroup: number;
}

/**
 * Resolves a listener's forwarding: rule → its VServer group → the listener's `VServerGroupId` →
 * the default server group (DOMAIN §3). Group 0 is always the default server group (every backend
 * server, on the listener's BackendServerPort); VServer groups the listener uses follow in
 * first-use order. Shared by the engine and by `route`, so both answer the same way.
 */
export function resolveRouting(scenario: Scenario, listener: Listener): ListenerRouting {
  // The default server group: the instances the listener's load balancer holds, in ecsInstances order.
  const servers = scenario.ecsInstances.length;
  const base = scenario.loadBalancers.findIndex((lb) => lb.LoadBalancerId === listener.LoadBalancerId) * servers;
  const attachedWeights = defaultGroupWeights(scenario).subarray(base, base + servers);
  const members = [...attachedWeights.keys()].filter((b) => attachedWeights[b] !== NOT_ATTACHED);
  const groups: ServerGroup[] = [
    {
      id: null,
      servers: Int32Array.from(members),
      ports: Int32Array.from(members, () => listener.BackendServerPort),
      weights: Int32Array.from(members, (b) => attachedWeights[b] as number),
    },
  ];
  const indexOf = new Map<string, number>();
  const groupFor = (id: string): number => {
    const known = indexOf.get(id);
    if (known !== undefined) return known;
    const spec = scenario.vServerGroups.find((g) => g.VServerGroupId === id);
    if (!spec) throw new Error(`listener ${listener.ListenerPort}: no VServer group ${id}`);
    const members = spec.BackendServers.map((m) => ({ index: scenario.ecsInstances.findIndex((s) => s.ServerId === m.ServerId), port: m.Port, weight: m.Weight })).filter((m) => m.index >= 0);
    groups.push({ id, servers: Int32Array.from(members, (m) => m.index), ports: Int32Array.from(members, (m) => m.port), weights: Int32Array.from(members, (m) => m.weight) });
    indexOf.set(id, groups.length - 1);
    return groups.length - 1;
  };
  const rules = listener.Rules ?? [];
  const ruleGroup = Int32Array.from(rules, (rule) => groupFor(rule.VServerGroupId));
  const fallbackGroup = listener.VServerGroupId !== undefined ? groupFor(listener.VServerGroupId) : 0;
  return { groups, matcher: new RuleMatcher(rules), ruleGroup, fallbackGroup };
}
