import type { Scenario } from './schema';

/** Weight of an ECS instance that the load balancer's default server group does not hold. */
export const NOT_ATTACHED = -1;

/**
 * Per ECS instance, in `ecsInstances` order (the engine's backend index): its weight in the load
 * balancer's default server group, or NOT_ATTACHED. The one place that reads attachments, so the
 * engine and the API agree on what "attached" means.
 */
export function defaultGroupWeights(scenario: Pick<Scenario, 'ecsInstances' | 'backendServers'>): Int32Array {
  const weightOf = new Map(scenario.backendServers.map((s) => [s.ServerId, s.Weight]));
  return Int32Array.from(scenario.ecsInstances, (instance) => weightOf.get(instance.ServerId) ?? NOT_ATTACHED);
}
