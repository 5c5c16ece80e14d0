import type { Scenario } from '../../scenario/schema';
import { defaultGroupWeights } from '../../scenario/attachments';
import type { Simulation } from '../simulation';
import type { AlignedConfig } from './align';
import { listenerKey } from './align';

/**
 * Parts of the scenario the engine cannot change while it runs (tables and topology are built
 * from them, or the bill is computed over the whole run). The SLB API never changes them.
 */
const FIXED_SECTIONS = ['seed', 'cluster', 'network', 'egress', 'billing', 'faults'] as const;
/**
 * Load-balancer fields that may change live; every other one is fixed (Address, zones, region…).
 * InternetChargeType only changes what the bill reads (the configuration in force, docs/BILLING.md);
 * LoadBalancerStatus is read by LiveConfig; the protection flags are the control plane's alone.
 */
const LIVE_LOAD_BALANCER_FIELDS = new Set([
  'LoadBalancerName',
  'LoadBalancerSpec',
  'Bandwidth',
  'InternetChargeType',
  'LoadBalancerStatus',
  'DeleteProtection',
  'ModificationProtectionStatus',
  'ModificationProtectionReason',
]);
/** Population fields fixed for the run: the request mix and TLS behaviour are indexed by open requests. */
const FIXED_POPULATION_FIELDS = ['http', 'tls'] as const;

/**
 * Applies one aligned step to a running simulation at sim.nowUs (Simulation.reconfigure). Checks
 * everything first, so a step that changes a fixed field throws and changes nothing.
 */
export function applyStep(sim: Simulation, step: AlignedConfig): void {
  const previous = sim.scenario;
  const next = step.scenario;
  checkAligned(previous, next, step.index);
  checkFixed(previous, next);
  const wasPresent = sim.live.populationPresent.slice();
  const wasAttached = sim.live.attached.slice();
  sim.scenario = next;
  sim.live.adopt(step);
  applyBackends(sim, next, wasAttached);
  applyListeners(sim, previous, next);
  // Access control (AclStatus, AclType, AclId, the ACLs' entries): checked for new flows from now on.
  sim.lvs.acl.load(next);
  // Specifications (limits) and status of each instance; one deleted is as inactive.
  sim.instances.configure(next, step.loadBalancerPresent);
  sim.health.reconfigure();
  sim.tengine.reconfigure();
  sim.clients.reconfigure(previous, wasPresent);
  sim.lvs.views.refreshWeights();
  // Bandwidth caps (listener and instance Bandwidth, running listeners' reservations): packets
  // already queued keep their times; packets from now on meet the new rates.
  sim.bandwidth.configure(next);
}

/** Attachments and weights, with the product's semantics for each (DOMAIN §2.2). */
function applyBackends(sim: Simulation, next: Scenario, wasAttached: Uint8Array): void {
  const { servers, live } = sim;
  const { views, faults } = sim.lvs;
  const count = next.ecsInstances.length;
  // Slot s is (load balancer s ÷ count, ECS instance s mod count): each instance's own default server group.
  defaultGroupWeights(next).forEach((attachedWeight, s) => {
    const instance = Math.floor(s / count);
    const b = s % count;
    const attached = live.attached[s] === 1;
    // A detached instance keeps the weight it had, for the UDP grace and for the record.
    const weight = attached ? attachedWeight : (servers.weight[s] as number);
    if (wasAttached[s] === 1 && !attached) {
      // Detached: removed as by RemoveBackendServers (drain, UDP grace), holding the old weight.
      if (servers.removed[s] === 0) faults.removeBackend(instance, b);
      servers.weight[s] = weight;
    } else if (wasAttached[s] === 0 && attached) {
      servers.weight[s] = weight;
      faults.attachBackend(instance, b);
    } else if (attached && weight !== servers.weight[s]) {
      // As the backend-weight fault: weight 0 quiesces (five minutes late on UDP listeners).
      if (weight === 0) views.udpGrace.begin(instance, b);
      else views.udpGrace.cancel(instance, b);
      servers.weight[s] = weight;
    } else {
      servers.weight[s] = weight;
    }
  });
}

/** Per-listener settings the engine caches: the LVS scheduler and PersistenceTimeout. */
function applyListeners(sim: Simulation, previous: Scenario, next: Scenario): void {
  next.listeners.forEach((listener, l) => {
    const before = previous.listeners[l]!;
    if (listener.Scheduler !== before.Scheduler) sim.lvs.views.setScheduler(l, listener.Scheduler);
    if (listener.PersistenceTimeout !== before.PersistenceTimeout) sim.lvs.templates.setPersistenceTimeout(l, listener.PersistenceTimeout);
  });
}

/** The step must be in this simulation's base indices: same listeners, populations and backends in the same order. */
function checkAligned(previous: Scenario, next: Scenario, index: number): void {
  const same = <T>(a: readonly T[], b: readonly T[], key: (item: T) => string): boolean => a.length === b.length && a.every((item, i) => key(item) === key(b[i]!));
  const aligned =
    same(previous.loadBalancers, next.loadBalancers, (lb) => lb.LoadBalancerId) &&
    same(previous.listeners, next.listeners, listenerKey) &&
    same(previous.clients, next.clients, (p) => p.id) &&
    same(previous.ecsInstances, next.ecsInstances, (s) => s.ServerId);
  if (!aligned) throw new Error(`configuration step ${index} is not aligned to this simulation's base: build both with alignScenarios over the same journal`);
}

/** A change a running simulation cannot take: the first field that differs, and why it is fixed. */
export interface FixedChange {
  /** Dotted path of the field (`clients[web].http.mix`). */
  path: string;
  message: string;
  /** For a population's field: which one. */
  populationField?: (typeof FIXED_POPULATION_FIELDS)[number];
}

/** Throws, naming the field, when `next` changes what a running simulation keeps fixed. */
function checkFixed(previous: Scenario, next: Scenario): void {
  const change = fixedChange(previous, next);
  if (change !== undefined) throw new Error(change.message);
}

/**
 * The first thing `next` changes that a running simulation keeps fixed, or undefined (also asked
 * by src/run/live-run.ts before journaling, so such a change is refused rather than applied).
 */
export function fixedChange(previous: Scenario, next: Scenario): FixedChange | undefined {
  for (const section of FIXED_SECTIONS) {
    const path = firstDifference(previous[section], next[section], section);
    if (path !== undefined) return { path, message: `${path} cannot change while the simulation runs (the engine is built from it); start a new run instead` };
  }
  for (const [i, lb] of next.loadBalancers.entries()) {
    const before = previous.loadBalancers[i]! as Record<string, unknown>;
    for (const key of new Set([...Object.keys(before), ...Object.keys(lb)])) {
      if (LIVE_LOAD_BALANCER_FIELDS.has(key)) continue;
      const path = firstDifference(before[key], (lb as Record<string, unknown>)[key], `loadBalancers[${lb.LoadBalancerId}].${key}`);
      if (path !== undefined) return { path, message: `${path} cannot change while the simulation runs; start a new run instead` };
    }
  }
  for (const [b, instance] of next.ecsInstances.entries()) {
    const path = firstDifference(previous.ecsInstances[b], instance, `ecsInstances[${instance.ServerId}]`);
    if (path !== undefined) return { path, message: `${path} cannot change while the simulation runs (an ECS instance keeps its first definition)` };
  }
  for (const [p, population] of next.clients.entries()) {
    for (const name of FIXED_POPULATION_FIELDS) {
      const path = firstDifference(previous.clients[p]![name], population[name], `clients[${population.id}].${name}`);
      if (path !== undefined) return { path, message: `${path} cannot change while the simulation runs; add a population under a new id instead`, populationField: name };
    }
  }
  return undefined;
}

/** The dotted path of the first difference between two JSON-like values, or undefined when equal. */
export function firstDifference(a: unknown, b: unknown, path: string): string | undefined {
  if (a === b) return undefined;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return path;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${path}.length`;
    for (let i = 0; i < a.length; i++) {
      const inner = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (inner !== undefined) return inner;
    }
    return undefined;
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  for (const key of new Set([...Object.keys(ra), ...Object.keys(rb)])) {
    const inner = firstDifference(ra[key], rb[key], `${path}.${key}`);
    if (inner !== undefined) return inner;
  }
  return undefined;
}
