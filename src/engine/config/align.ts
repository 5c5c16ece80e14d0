import { defaultGroupWeights, NOT_ATTACHED } from '../../scenario/attachments';
import type { ClientPopulation, EcsInstance, Listener, LoadBalancer, Scenario } from '../../scenario/schema';

/**
 * Live configuration changes (docs/LAYER4.md, "Live configuration changes"). The engine sizes its
 * tables (listeners, backends, views, schedulers, health checks, client populations) when it is
 * built, and its indices must never move during a run. So a run with changes is built from a
 * **base**: every load balancer (key: LoadBalancerId), listener (key: LoadBalancerId +
 * ListenerProtocol + ListenerPort), client population (key: id) and ECS instance (key: ServerId)
 * that exists in ANY snapshot, in order of first appearance. Each snapshot
 * is then one `AlignedConfig`: the snapshot in the base's indices, with flags for what it holds.
 */
export interface AlignedConfig {
  /** Position in the change journal: 0 is the initial scenario. Hashed when the step is applied. */
  readonly index: number;
  /**
   * The snapshot in the base's order. Listeners absent from it are there with their nearest
   * definition and `Status: 'stopped'`; absent populations and ECS instances with their nearest
   * definition (an instance keeps its first definition throughout: PrivateIp, ZoneId,
   * serviceTime…). Attachments (`backendServers`) and everything else are the snapshot's own.
   */
  readonly scenario: Scenario;
  /** Per base load balancer: 1 when the snapshot has it (absent: created later or deleted; it forwards nothing). */
  readonly loadBalancerPresent: Uint8Array;
  /** Per base listener: 1 when the snapshot has it (running or stopped). */
  readonly listenerPresent: Uint8Array;
  /** Per base population: 1 when the snapshot has it. */
  readonly populationPresent: Uint8Array;
  /** Per base ECS instance: 1 when the snapshot has it (attached or not). */
  readonly instancePresent: Uint8Array;
}

export interface AlignedRun {
  /** What the engine is built from (equal to `steps[0].scenario`). */
  base: Scenario;
  steps: AlignedConfig[];
}

export function listenerKey(l: Pick<Listener, 'LoadBalancerId' | 'ListenerPort' | 'ListenerProtocol'>): string {
  return `${l.LoadBalancerId}/${l.ListenerProtocol}:${l.ListenerPort}`;
}

/**
 * Per (load balancer, ECS instance) slot of the step: attached to that load balancer's default
 * server group? The one reading of attachments is the scenario's own (src/scenario/attachments.ts).
 */
export function attachedInstances(scenario: Scenario): Uint8Array {
  return Uint8Array.from(defaultGroupWeights(scenario), (w) => (w === NOT_ATTACHED ? 0 : 1));
}

/** Keys in order of first appearance over the snapshots, with each key's definition per snapshot. */
function union<T>(snapshots: readonly Scenario[], items: (s: Scenario) => readonly T[], key: (item: T) => string): { keys: string[]; at: Map<string, T>[] } {
  const keys: string[] = [];
  const seen = new Set<string>();
  const at = snapshots.map((s) => {
    const byKey = new Map<string, T>();
    for (const item of items(s)) {
      const k = key(item);
      if (byKey.has(k)) continue;
      byKey.set(k, item);
      if (!seen.has(k)) {
        seen.add(k);
        keys.push(k);
      }
    }
    return byKey;
  });
  return { keys, at };
}

/** The definition in snapshot i, else the latest one before it, else the first one after it. */
function nearest<T>(at: readonly Map<string, T>[], key: string, i: number): T {
  for (let j = i; j >= 0; j--) {
    const found = at[j]!.get(key);
    if (found !== undefined) return found;
  }
  for (let j = i + 1; j < at.length; j++) {
    const found = at[j]!.get(key);
    if (found !== undefined) return found;
  }
  throw new Error(`align: ${key} is in no snapshot`);
}

/** The definition in the first snapshot that has the key. */
function firstDefinition<T>(at: readonly Map<string, T>[], key: string): T {
  return nearest(at, key, 0);
}

/**
 * Aligns the initial scenario and the scenario after each change onto one base (see AlignedConfig).
 * A run of one snapshot aligns to itself: `base` is that scenario, so the engine behaves exactly
 * as when built from it directly.
 */
export function alignScenarios(snapshots: readonly Scenario[]): AlignedRun {
  if (snapshots.length === 0) throw new Error('alignScenarios: needs at least the initial scenario');
  const loadBalancers = union(snapshots, (s) => s.loadBalancers, (lb: LoadBalancer) => lb.LoadBalancerId);
  const listeners = union(snapshots, (s) => s.listeners, listenerKey);
  const populations = union(snapshots, (s) => s.clients, (p: ClientPopulation) => p.id);
  const instances = union(snapshots, (s) => s.ecsInstances, (e: EcsInstance) => e.ServerId);
  const steps = snapshots.map((snapshot, i): AlignedConfig => {
    const scenario: Scenario = {
      ...snapshot,
      loadBalancers: loadBalancers.keys.map((k) => nearest(loadBalancers.at, k, i)),
      listeners: listeners.keys.map((k) => {
        const own = listeners.at[i]!.get(k);
        return own ?? { ...nearest(listeners.at, k, i), Status: 'stopped' };
      }),
      clients: populations.keys.map((k) => nearest(populations.at, k, i)),
      ecsInstances: instances.keys.map((id) => firstDefinition(instances.at, id)),
    };
    return {
      index: i,
      scenario,
      loadBalancerPresent: Uint8Array.from(loadBalancers.keys, (k) => (loadBalancers.at[i]!.has(k) ? 1 : 0)),
      listenerPresent: Uint8Array.from(listeners.keys, (k) => (listeners.at[i]!.has(k) ? 1 : 0)),
      populationPresent: Uint8Array.from(populations.keys, (k) => (populations.at[i]!.has(k) ? 1 : 0)),
      instancePresent: Uint8Array.from(instances.keys, (k) => (instances.at[i]!.has(k) ? 1 : 0)),
    };
  });
  return { base: steps[0]!.scenario, steps };
}
