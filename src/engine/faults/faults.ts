import type { Fault } from '../../scenario/schema';
import { US_PER_S } from '../../shared/units';
import { EventKind } from '../core/kinds';
import type { Simulation } from '../simulation';

export interface AppliedFault {
  atS: number;
  action: string;
  target: string | undefined;
}

/**
 * Applies faults: the scenario's schedule at its simulated times (queued events), and live faults
 * from the run's journal when their entry comes due (`applyLive`, called between events like a
 * configuration change, so a replay applies them at the same point).
 */
export class Faults {
  readonly applied: AppliedFault[] = [];

  constructor(private readonly sim: Simulation) {}

  start(): void {
    this.sim.scenario.faults.forEach((fault, i) => this.sim.push(Math.round(fault.atS * US_PER_S), EventKind.Fault, i, 0));
  }

  onFault(index: number): void {
    this.apply(this.sim.scenario.faults[index]!);
  }

  /** A fault injected while the run plays (a journal entry with source "fault"), now. */
  applyLive(fault: Pick<Fault, 'action' | 'target' | 'weight'>): void {
    this.apply(fault);
  }

  private apply(fault: Pick<Fault, 'action' | 'target' | 'weight'>): void {
    const sim = this.sim;
    const lvsIndex = Number(/^lvs-(\d+)$/.exec(fault.target ?? '')?.[1] ?? 0) - 1;
    const backend = sim.scenario.ecsInstances.findIndex((s) => s.ServerId === fault.target);
    this.applied.push({ atS: sim.nowUs / US_PER_S, action: fault.action, target: fault.target });
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
        return sim.servers.setCondition(backend, 'healthy');
      case 'backend-slow':
        return sim.servers.setCondition(backend, 'slow');
      case 'backend-refuse':
        return sim.servers.setCondition(backend, 'refusing');
      case 'backend-remove':
        // Out of every load balancer's default server group that holds it.
        for (let i = 0; i < sim.instances.count; i++) if (sim.servers.removed[sim.servers.instanceSlot(i, backend)] === 0) sim.lvs.faults.removeBackend(i, backend);
        return;
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
        for (let i = 0; i < sim.instances.count; i++) {
          if (weight === 0) sim.lvs.views.udpGrace.begin(i, backend);
          else sim.lvs.views.udpGrace.cancel(i, backend);
          sim.servers.weight[sim.servers.instanceSlot(i, backend)] = weight;
        }
        return sim.lvs.views.refreshWeights();
      }
    }
  }
}

/** `tengine-2` → 1: the 0-based index of a `kind-N` target (validated by the scenario's rules). */
function nodeIndex(target: string | undefined, kind: string): number {
  return Number(new RegExp(`^${kind}-(\\d+)$`).exec(target ?? '')?.[1] ?? 1) - 1;
}
