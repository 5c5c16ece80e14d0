import type { Fault, ScenarioFields } from './schema';

/** A problem with one fault: the field at fault and the rule. */
export interface FaultProblem {
  field: 'target' | 'weight' | 'durationS' | 'errorRate' | 'lossRate' | 'addedMs';
  message: string;
}

/** The fields of a fault the rules read (a scheduled fault, or one injected while the run plays). */
export type FaultFields = Pick<Fault, 'action' | 'target' | 'weight' | 'durationS' | 'errorRate' | 'lossRate' | 'addedMs'>;

/** Node kinds a fault names as `kind-N`, with how many the scenario has (the secondary zone's standby nodes numbered after the primary's). */
function nodeCount(scenario: Pick<ScenarioFields, 'cluster'>, kind: 'lvs' | 'tengine' | 'keyserver'): number {
  const { cluster } = scenario;
  return kind === 'lvs' ? cluster.lvsNodes + cluster.standby.lvsNodes : kind === 'tengine' ? cluster.tengineNodes + cluster.standby.tengineNodes : cluster.keyServers;
}

/** The zones a scenario's parts stand in: its load balancers' primary and secondary zones and its ECS instances' zones. */
export function scenarioZones(scenario: FaultScenario): string[] {
  const zones = [...(scenario.loadBalancers ?? []).flatMap((lb) => [lb.MasterZoneId, lb.SlaveZoneId]), ...scenario.ecsInstances.map((s) => s.ZoneId)];
  return [...new Set(zones.filter((z): z is string => typeof z === 'string' && z !== ''))];
}

/** What the fault rules read of a scenario. */
type FaultScenario = Pick<ScenarioFields, 'cluster' | 'ecsInstances'> & {
  clients?: readonly { id: string }[];
  loadBalancers?: readonly { MasterZoneId?: string | undefined; SlaveZoneId?: string | undefined }[];
};

/** The value field each action needs; no other action accepts it. */
const VALUE_FIELD = {
  'backend-weight': ['weight', 'a weight (0–100)'],
  'backend-errors': ['errorRate', 'an errorRate (0–1, the fraction of requests answered with an error)'],
  'link-loss': ['lossRate', 'a lossRate (0–1, the fraction of packets lost)'],
  'link-latency': ['addedMs', 'addedMs (milliseconds added to the link latency)'],
} as const satisfies Record<string, readonly [FaultProblem['field'], string]>;

/** Actions that end a fault: nothing of theirs to clear after a duration. */
const CLEARING_ACTIONS = new Set(['recover', 'heal-sync', 'backend-up', 'tengine-recover', 'keyserver-up', 'link-heal', 'zone-up']);

/**
 * Whether `a->b` names a link packets cross in this scenario's data path (the links
 * Simulation.forward sends over): clients:<id>↔internet, internet↔router, router↔lvs-N,
 * lvs-N↔ecs:<ServerId> (layer 4), lvs-N↔tengine-N and tengine-N↔ecs:<ServerId> (layer 7). Node keys as in net/topology.ts.
 */
function linkProblem(scenario: FaultScenario, target: string | undefined): string | undefined {
  const at = (target ?? '').indexOf('->');
  const forms = 'must be a link a->b: clients:<population id>->internet, internet->router, router->lvs-N, lvs-N->ecs:<ServerId>, lvs-N->tengine-N or tengine-N->ecs:<ServerId> (either way round)';
  if (at <= 0) return forms;
  const a = target!.slice(0, at);
  const b = target!.slice(at + 2);
  const kindOf = (key: string): string | undefined => {
    if (key === 'internet' || key === 'router') return key;
    if (key.startsWith('clients:')) return scenario.clients === undefined || scenario.clients.some((p) => `clients:${p.id}` === key) ? 'clients' : undefined;
    if (key.startsWith('ecs:')) return scenario.ecsInstances.some((s) => `ecs:${s.ServerId}` === key) ? 'ecs' : undefined;
    const match = /^(lvs|tengine)-(\d+)$/.exec(key);
    if (match && Number(match[2]) >= 1 && Number(match[2]) <= nodeCount(scenario, match[1] as 'lvs' | 'tengine')) return match[1];
    return undefined;
  };
  const ka = kindOf(a);
  const kb = kindOf(b);
  if (ka === undefined || kb === undefined) return `${forms}; ${ka === undefined ? a : b} is not a node of this scenario`;
  const pair = [ka, kb].sort().join('+');
  if (!['clients+internet', 'internet+router', 'lvs+router', 'ecs+lvs', 'lvs+tengine', 'ecs+tengine'].includes(pair)) return `${forms}; ${a} and ${b} are not linked`;
  return undefined;
}

/**
 * Whether a fault names something the scenario has (DOMAIN §2.5, §3, §4): LVS faults `lvs-N`,
 * Tengine and Key Server faults `tengine-N` / `keyserver-N`, backend faults an ECS instance's
 * ServerId, link faults `a->b`, zone faults a zone of the scenario; each value field (`weight`, `errorRate`, `lossRate`, `addedMs`)
 * exactly on the action that needs it; `durationS` on any action but the clearing ones. One rule
 * for the scenario's schedule and for a fault injected while the run plays.
 */
export function faultProblem(scenario: FaultScenario, fault: FaultFields): FaultProblem | undefined {
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
  if (fault.action.startsWith('zone-')) {
    const zones = scenarioZones(scenario);
    if (!zones.includes(fault.target ?? '')) return { field: 'target', message: `must name a zone of this scenario (${zones.join(', ') || 'none'}): a load balancer's MasterZoneId or SlaveZoneId, or an ECS instance's ZoneId` };
  }
  if (fault.action.startsWith('link-')) {
    const message = linkProblem(scenario, fault.target);
    if (message !== undefined) return { field: 'target', message };
  }
  for (const [action, [field, what]] of Object.entries(VALUE_FIELD)) {
    if (fault.action === action && fault[field] === undefined) return { field, message: `${action} needs ${what}` };
    if (fault.action !== action && fault[field] !== undefined) return { field, message: `only ${action} takes ${field}` };
  }
  if (fault.durationS !== undefined && CLEARING_ACTIONS.has(fault.action)) return { field: 'durationS', message: `${fault.action} ends a fault: it has nothing to clear after a duration` };
  return undefined;
}
