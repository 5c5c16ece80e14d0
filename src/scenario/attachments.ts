import type { Scenario } from './schema';

/** Weight of an ECS instance that a load balancer's default server group does not hold. */
export const NOT_ATTACHED = -1;

/**
 * Per load balancer and ECS instance — slot `lb * ecsInstances.length + b`, load balancers in
 * `loadBalancers` order and instances in `ecsInstances` order (the engine's backend index) — the
 * instance's weight in that load balancer's default server group, or NOT_ATTACHED. The one place
 * that reads attachments, so the engine and the API agree on what "attached" means.
 */
export function defaultGroupWeights(scenario: Pick<Scenario, 'loadBalancers' | 'ecsInstances' | 'backendServers'>): Int32Array {
  const servers = scenario.ecsInstances.length;
  const weights = new Int32Array(scenario.loadBalancers.length * servers).fill(NOT_ATTACHED);
  const lbIndex = new Map(scenario.loadBalancers.map((lb, i) => [lb.LoadBalancerId, i]));
  const serverIndex = new Map(scenario.ecsInstances.map((instance, b) => [instance.ServerId, b]));
  for (const attachment of scenario.backendServers) {
    const lb = lbIndex.get(attachment.LoadBalancerId);
    const b = serverIndex.get(attachment.ServerId);
    if (lb !== undefined && b !== undefined) weights[lb * servers + b] = attachment.Weight;
  }
  return weights;
}
