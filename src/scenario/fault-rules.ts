import type { Fault, ScenarioFields } from './schema';

/** A problem with one fault: the field at fault and the rule. */
export interface FaultProblem {
  field: 'target' | 'weight';
  message: string;
}

/** Node kinds a fault names as `kind-N`, with how many the scenario has. */
function nodeCount(scenario: Pick<ScenarioFields, 'cluster'>, kind: 'lvs' | 'tengine' | 'keyserver'): number {
  return kind === 'lvs' ? scenario.cluster.lvsNodes : kind === 'tengine' ? scenario.cluster.tengineNodes : scenario.cluster.keyServers;
}

/**
 * Whether a fault names something the scenario has (DOMAIN §2.5, §3, §4): LVS faults `lvs-N`,
 * Tengine and Key Server faults `tengine-N` / `keyserver-N`, backend faults an ECS instance's
 * ServerId, `backend-weight` a weight. One rule for the scenario's schedule and for a fault
 * injected while the run plays.
 */
export function faultProblem(scenario: Pick<ScenarioFields, 'cluster' | 'ecsInstances'>, fault: Pick<Fault, 'action' | 'target' | 'weight'>): FaultProblem | undefined {
  const kind = ['crash', 'upgrade', 'recover'].includes(fault.action) ? 'lvs' : fault.action.startsWith('tengine-') ? 'tengine' : fault.action.startsWith('keyserver-') ? 'keyserver' : undefined;
  if (kind !== undefined) {
    const count = nodeCount(scenario, kind);
    const match = new RegExp(`^${kind}-(\\d+)$`).exec(fault.target ?? '');
    if (!match || Number(match[1]) < 1 || Number(match[1]) > count) {
      return { field: 'target', message: count === 0 ? `this scenario has no ${kind} nodes` : kind === 'lvs' ? `must name an LVS node lvs-1…lvs-${count}` : `must name ${kind}-1…${kind}-${count}` };
    }
  }
  if (fault.action.startsWith('backend-') && !scenario.ecsInstances.some((s) => s.ServerId === fault.target)) {
    return { field: 'target', message: 'must name the ServerId of an ECS instance of this scenario' };
  }
  if (fault.action === 'backend-weight' && fault.weight === undefined) return { field: 'weight', message: 'backend-weight needs a weight (0–100)' };
  return undefined;
}
