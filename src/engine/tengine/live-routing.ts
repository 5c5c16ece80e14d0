import type { Listener, Scenario } from '../../scenario/schema';
import { resolveRouting, type ListenerRouting, type ServerGroup } from './groups';

/** What the Tengine cluster does when the merged routing grows: one balancer per node and group. */
export interface RoutingHooks {
  addGroup(size: number): void;
  addPeer(group: number): void;
  setSingle(group: number, single: boolean, peer: number): void;
}

/**
 * Merges a listener's new routing (rules, VServer groups, weights) into the one in force, without
 * ever moving an index: requests in flight hold a group and a peer. A group seen for the first
 * time is appended; a server new to a group is appended to it; a server that left keeps its peer
 * slot with weight 0, which makes it no member at all to the 503 test and to the balancer. Groups
 * no rule uses any more stay, unused. The default server group (index 0, id null) merges the same
 * way; its weights in use are the backends' live ones (TengineCluster.refreshWeights), and a
 * detached instance is removed there as well.
 */
export function mergeRouting(scenario: Scenario, listener: Listener, routing: ListenerRouting, hooks: RoutingHooks): void {
  const next = resolveRouting(scenario, listener);
  const merged = next.groups.map((group) => mergeGroup(routing, group, hooks));
  routing.matcher = next.matcher;
  routing.ruleGroup = Int32Array.from(next.ruleGroup, (g) => merged[g]!);
  routing.fallbackGroup = merged[next.fallbackGroup]!;
}

function mergeGroup(routing: ListenerRouting, group: ServerGroup, hooks: RoutingHooks): number {
  let g = routing.groups.findIndex((old) => old.id === group.id);
  if (g < 0) {
    routing.groups.push({ id: group.id, servers: group.servers.slice(), ports: group.ports.slice(), weights: group.weights.slice() });
    hooks.addGroup(group.servers.length);
    g = routing.groups.length - 1;
  } else {
    const old = routing.groups[g]!;
    old.weights.fill(0);
    for (let m = 0; m < group.servers.length; m++) {
      let p = old.servers.indexOf(group.servers[m] as number);
      if (p < 0) {
        p = old.servers.length;
        old.servers = appended(old.servers, group.servers[m] as number);
        old.ports = appended(old.ports, 0);
        old.weights = appended(old.weights, 0);
        hooks.addPeer(g);
      }
      old.ports[p] = group.ports[m] as number;
      old.weights[p] = group.weights[m] as number;
    }
  }
  const only = group.servers.length === 1 ? routing.groups[g]!.servers.indexOf(group.servers[0] as number) : 0;
  hooks.setSingle(g, group.servers.length === 1, only);
  return g;
}

function appended(a: Int32Array, value: number): Int32Array {
  const b = new Int32Array(a.length + 1);
  b.set(a);
  b[a.length] = value;
  return b;
}
