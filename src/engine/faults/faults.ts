import type { Fault } from '../../scenario/schema';
import { US_PER_MS, US_PER_S } from '../../shared/units';
import { EventKind } from '../core/kinds';
import type { Simulation } from '../simulation';

/** What the engine needs of a fault: the scenario's fields, whether scheduled or injected live. */
export type FaultSpec = Pick<Fault, 'action' | 'target' | 'weight' | 'durationS' | 'errorRate' | 'lossRate' | 'addedMs'>;

export interface AppliedFault {
  atS: number;
  action: string;
  target: string | undefined;
  /** The fault's own duration, when it clears itself (its clearing action follows at atS + durationS). */
  durationS?: number;
  /** For the clearing action a durationS scheduled: the index in `applied` of the fault it clears. */
  clears?: number;
  /** backend-weight: the weight set (for an automatic clear, the weight restored). */
  weight?: number;
}

/**
 * The action that undoes each fault (applied after its durationS). backend-remove's clear is
 * `backend-attach` (the backend back in every default server group it was removed from), and
 * backend-weight's is `backend-weight` with the weight it had before.
 */
export const CLEARING_ACTION: Readonly<Record<string, string>> = {
  crash: 'recover',
  upgrade: 'recover',
  'partition-sync': 'heal-sync',
  'backend-down': 'backend-up',
  'backend-slow': 'backend-up',
  'backend-refuse': 'backend-up',
  'backend-errors': 'backend-up',
  'backend-remove': 'backend-attach',
  'backend-weight': 'backend-weight',
  'tengine-crash': 'tengine-recover',
  'keyserver-down': 'keyserver-up',
  'keyserver-slow': 'keyserver-up',
  'link-loss': 'link-heal',
  'link-latency': 'link-heal',
  'link-oneway': 'link-heal',
  'zone-down': 'zone-up',
};

/** A clearing action queued by a fault's durationS (EventKind.FaultClear names it by index). */
interface PendingClear {
  /** The clearing action (`backend-attach` exists only as a clear) and the fault's target. */
  fault: { action: string; target: string | undefined };
  /** The applied entry it clears. */
  clears: number;
  /** backend-remove: the load-balancer instances the backend was removed from. */
  instances: number[];
  /** backend-weight: the weight per instance before the fault. */
  weights: number[];
}

/**
 * Applies faults: the scenario's schedule at its simulated times (queued events), and live faults
 * from the run's journal when their entry comes due (`applyLive`, called between events like a
 * configuration change, so a replay applies them at the same point). A fault with `durationS`
 * queues its clearing action (EventKind.FaultClear) at its start + durationS.
 */
export class Faults {
  readonly applied: AppliedFault[] = [];
  private readonly clears: PendingClear[] = [];
  /** Backend index → the instances a backend-remove fault took it out of (backend-up attaches it again there). */
  private readonly removedByFault = new Map<number, number[]>();

  constructor(private readonly sim: Simulation) {}

  start(): void {
    this.sim.scenario.faults.forEach((fault, i) => this.sim.push(Math.round(fault.atS * US_PER_S), EventKind.Fault, i, 0));
  }

  onFault(index: number): void {
    this.apply(this.sim.scenario.faults[index]!);
  }

  /** A fault injected while the run plays (a journal entry with source "fault"), now. */
  applyLive(fault: FaultSpec): void {
    this.apply(fault);
  }

  /** A fault's durationS is over: its clearing action, now. */
  onClear(index: number): void {
    const clear = this.clears[index]!;
    const sim = this.sim;
    const backend = sim.scenario.ecsInstances.findIndex((s) => s.ServerId === clear.fault.target);
    const entry: AppliedFault = { atS: sim.nowUs / US_PER_S, action: clear.fault.action, target: clear.fault.target, clears: clear.clears };
    if (clear.fault.action === 'backend-attach') {
      this.applied.push(entry);
      sim.failover.sync();
      this.attachAgain(backend, clear.instances);
      return;
    }
    if (clear.fault.action === 'backend-weight') {
      entry.weight = clear.weights[0] ?? 0;
      this.applied.push(entry);
      sim.failover.sync();
      clear.weights.forEach((w, i) => this.setWeight(i, backend, w));
      return sim.lvs.views.refreshWeights();
    }
    this.run({ action: clear.fault.action as Fault['action'], target: clear.fault.target }, backend, entry);
  }

  private apply(fault: FaultSpec): void {
    const sim = this.sim;
    const backend = sim.scenario.ecsInstances.findIndex((s) => s.ServerId === fault.target);
    const entry: AppliedFault = { atS: sim.nowUs / US_PER_S, action: fault.action, target: fault.target };
    if (fault.durationS !== undefined) entry.durationS = fault.durationS;
    if (fault.weight !== undefined) entry.weight = fault.weight;
    const inverse = fault.durationS !== undefined ? CLEARING_ACTION[fault.action] : undefined;
    if (inverse !== undefined) {
      const clear: PendingClear = { fault: { action: inverse, target: fault.target }, clears: this.applied.length, instances: [], weights: [] };
      // What the clear restores is what holds just before the fault.
      for (let i = 0; i < sim.instances.count; i++) {
        const slot = sim.servers.instanceSlot(i, backend);
        if (fault.action === 'backend-remove' && backend >= 0 && sim.servers.removed[slot] === 0) clear.instances.push(i);
        if (fault.action === 'backend-weight' && backend >= 0) clear.weights.push(sim.servers.weight[slot] as number);
      }
      this.clears.push(clear);
      sim.push(sim.nowUs + Math.max(1, Math.round(fault.durationS! * US_PER_S)), EventKind.FaultClear, this.clears.length - 1, 0);
    }
    this.run(fault, backend, entry);
  }

  private run(fault: FaultSpec, backend: number, entry: AppliedFault): void {
    const sim = this.sim;
    const lvsIndex = Number(/^lvs-(\d+)$/.exec(fault.target ?? '')?.[1] ?? 0) - 1;
    this.applied.push(entry);
    // The failover report takes the fault in before its effect (some faults have no hook of their own).
    sim.failover.sync();
    switch (fault.action) {
      case 'crash':
        return sim.lvs.faults.crash(lvsIndex, false);
      case 'upgrade':
        return sim.lvs.faults.crash(lvsIndex, true);
      case 'recover':
        return sim.lvs.faults.recover(lvsIndex);
      case 'partition-sync':
        if (lvsIndex >= 0) sim.sync.nodePartitioned[lvsIndex] = 1;
        else sim.sync.partitioned = true;
        return;
      case 'heal-sync':
        if (lvsIndex >= 0) sim.sync.nodePartitioned[lvsIndex] = 0;
        else sim.sync.partitioned = false;
        return;
      case 'backend-down':
        return sim.servers.setCondition(backend, 'down');
      case 'backend-up':
        // Back to normal: healthy, no error rate, and attached again where a backend-remove fault took it out.
        sim.servers.errorRate[backend] = 0;
        this.attachAgain(backend, this.removedByFault.get(backend) ?? []);
        return sim.servers.setCondition(backend, 'healthy');
      case 'backend-slow':
        return sim.servers.setCondition(backend, 'slow');
      case 'backend-refuse':
        return sim.servers.setCondition(backend, 'refusing');
      case 'backend-errors':
        return sim.servers.setErrorRate(backend, fault.errorRate ?? 0);
      case 'backend-remove': {
        // Out of every load balancer's default server group that holds it.
        const removed = this.removedByFault.get(backend) ?? [];
        for (let i = 0; i < sim.instances.count; i++) {
          if (sim.servers.removed[sim.servers.instanceSlot(i, backend)] !== 0) continue;
          sim.lvs.faults.removeBackend(i, backend);
          removed.push(i);
        }
        this.removedByFault.set(backend, removed);
        return;
      }
      case 'tengine-crash':
        return sim.tengine.crash(nodeIndex(fault.target, 'tengine'));
      case 'tengine-recover':
        return sim.tengine.recover(nodeIndex(fault.target, 'tengine'));
      case 'keyserver-down':
        return sim.tengine.keyServers.setUp(nodeIndex(fault.target, 'keyserver'), false);
      case 'keyserver-up':
        return sim.tengine.keyServers.setUp(nodeIndex(fault.target, 'keyserver'), true);
      case 'keyserver-slow':
        return sim.tengine.keyServers.setSlow(nodeIndex(fault.target, 'keyserver'));
      case 'backend-weight': {
        // In every load balancer's default server group.
        const weight = fault.weight ?? 0;
        for (let i = 0; i < sim.instances.count; i++) this.setWeight(i, backend, weight);
        return sim.lvs.views.refreshWeights();
      }
      case 'zone-down':
      case 'zone-up':
        return this.zone(fault.target, fault.action === 'zone-down');
      case 'link-loss':
      case 'link-latency':
      case 'link-oneway':
      case 'link-heal': {
        const ends = linkEnds(fault.target);
        const from = sim.topology.nodes.findIndex((n) => n.key === ends?.[0]);
        const to = sim.topology.nodes.findIndex((n) => n.key === ends?.[1]);
        if (from < 0 || to < 0) return;
        if (fault.action === 'link-heal') return sim.links.heal(from, to);
        if (fault.action === 'link-loss') return sim.links.setLoss(from, to, fault.lossRate ?? 0, true);
        if (fault.action === 'link-oneway') return sim.links.setLoss(from, to, 1, false);
        return sim.links.setAddedUs(from, to, Math.round((fault.addedMs ?? 0) * US_PER_MS));
      }
    }
  }

  /**
   * zone-down: every LVS node, Tengine node and Key Server standing in the zone fails (an LVS node
   * as in a crash: its route withdrawn after withdrawalDelayS) and every ECS instance in it goes
   * down; zone-up brings them all back (backends healthy). Zone failover (lvs/zone-failover.ts)
   * moves the VIP when the primary zone's LVS nodes are all down.
   */
  private zone(zone: string | undefined, down: boolean): void {
    const sim = this.sim;
    for (const node of sim.topology.nodes) {
      if (node.zone !== zone) continue;
      if (node.kind === 'lvs') {
        if (down) sim.lvs.faults.crash(node.index, false);
        else sim.lvs.faults.recover(node.index);
      } else if (node.kind === 'tengine') {
        if (down) sim.tengine.crash(node.index);
        else sim.tengine.recover(node.index);
      } else if (node.kind === 'keyserver') sim.tengine.keyServers.setUp(node.index, !down);
    }
    sim.scenario.ecsInstances.forEach((server, b) => {
      if (server.ZoneId !== zone) return;
      if (!down) sim.servers.errorRate[b] = 0;
      sim.servers.setCondition(b, down ? 'down' : 'healthy');
    });
  }

  /** The backend attached again in those instances (a backend-remove fault over); it forgets them. */
  private attachAgain(backend: number, instances: readonly number[]): void {
    const sim = this.sim;
    const left = (this.removedByFault.get(backend) ?? []).filter((i) => !instances.includes(i));
    if (left.length > 0) this.removedByFault.set(backend, left);
    else this.removedByFault.delete(backend);
    if (instances.length === 0) return;
    for (const i of instances) sim.lvs.faults.attachBackend(i, backend);
    sim.lvs.views.refreshWeights();
  }

  private setWeight(instance: number, backend: number, weight: number): void {
    const sim = this.sim;
    if (weight === 0) sim.lvs.views.udpGrace.begin(instance, backend);
    else sim.lvs.views.udpGrace.cancel(instance, backend);
    sim.servers.weight[sim.servers.instanceSlot(instance, backend)] = weight;
  }
}

/** `lvs-1->ecs:i-abc` → ['lvs-1', 'ecs:i-abc']; undefined when the target is not `a->b`. */
export function linkEnds(target: string | undefined): [string, string] | undefined {
  const at = (target ?? '').indexOf('->');
  if (at <= 0 || at + 2 >= (target ?? '').length) return undefined;
  return [target!.slice(0, at), target!.slice(at + 2)];
}

/** `tengine-2` → 1: the 0-based index of a `kind-N` target (validated by the scenario's rules). */
function nodeIndex(target: string | undefined, kind: string): number {
  return Number(new RegExp(`^${kind}-(\\d+)$`).exec(target ?? '')?.[1] ?? 1) - 1;
}
