import { callSlb, type SlbFailure, type SlbParams, type SlbRequest, type SlbResult } from './slb-client';

/**
 * Sequences of API requests the console sends as one user action (the add-listener wizard, an
 * undo), each with the request that reverses it. If a later request fails after earlier ones
 * succeeded, the earlier ones are reversed, newest first, so the instance is as it was.
 */

export type Protocol = 'tcp' | 'udp' | 'http' | 'https';
export const PROTOCOLS: readonly Protocol[] = ['tcp', 'udp', 'http', 'https'];

/** tcp → TCP, as action names spell protocols. */
export const upper = (protocol: Protocol): string => protocol.toUpperCase();

export interface PlannedRequest extends SlbRequest {
  /** What the request does, in words, for the review step and the outcome. */
  purpose: string;
  /** The request that undoes this one once it succeeded (none: nothing to undo, or a later delete covers it). */
  undo?: SlbRequest | undefined;
}

export type Caller = (action: string, params: SlbParams) => Promise<SlbResult>;
export const defaultCaller: Caller = (action, params) => callSlb(action, params);

export interface RollbackOutcome {
  request: SlbRequest;
  result: SlbResult;
}

export type PlanOutcome =
  | { ok: true; results: SlbResult[] }
  | {
      ok: false;
      /** Index of the request that failed. */
      failedAt: number;
      error: SlbFailure;
      /** The reversals sent, newest first, with what the API answered. */
      rolledBack: RollbackOutcome[];
    };

/** Sends the requests in order; on the first failure reverses the ones that succeeded, newest first. */
export async function runPlan(plan: readonly PlannedRequest[], call: Caller = defaultCaller): Promise<PlanOutcome> {
  const results: SlbResult[] = [];
  for (let i = 0; i < plan.length; i++) {
    const step = plan[i]!;
    const result = await call(step.action, step.params);
    if (!result.ok) {
      const rolledBack: RollbackOutcome[] = [];
      for (let j = i - 1; j >= 0; j--) {
        const undo = plan[j]!.undo;
        if (!undo) continue;
        rolledBack.push({ request: undo, result: await call(undo.action, undo.params) });
      }
      return { ok: false, failedAt: i, error: result, rolledBack };
    }
    results.push(result);
  }
  return { ok: true, results };
}

/** One line saying what a rollback did: each reversal and whether the API accepted it. */
export function describeRollback(rolledBack: readonly RollbackOutcome[]): string {
  if (rolledBack.length === 0) return 'Nothing had been changed.';
  const parts = rolledBack.map(({ request, result }) =>
    result.ok ? `${request.action} done` : `${request.action} failed (${result.code}: ${result.message})`,
  );
  const allOk = rolledBack.every((r) => r.result.ok);
  return `${allOk ? 'Rolled back what had been done' : 'Rollback incomplete'}: ${parts.join('; ')}.`;
}

/** A JSON list parameter as the API takes it (BackendServers, RuleList): every value a string. */
export function jsonList(items: readonly Record<string, string | number | undefined>[]): string {
  return JSON.stringify(
    items.map((item) =>
      Object.fromEntries(
        Object.entries(item)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => [k, String(v)]),
      ),
    ),
  );
}

/**
 * The parameters each Create…Listener action takes besides LoadBalancerId and ListenerPort (Slb
 * 2014-05-15), which are also those a Describe answer can give back to re-create a listener.
 * This says what a request may carry, not which values are valid: the API checks those.
 */
const COMMON = [
  'BackendServerPort',
  'Bandwidth',
  'Scheduler',
  'HealthyThreshold',
  'UnhealthyThreshold',
  'HealthCheckConnectPort',
  'HealthCheckInterval',
];
const LAYER4 = [...COMMON, 'HealthCheckSwitch', 'PersistenceTimeout', 'HealthCheckConnectTimeout', 'FullNatEnabled'];
const LAYER7 = [
  ...COMMON,
  'VServerGroupId',
  'HealthCheck',
  'HealthCheckURI',
  'HealthCheckDomain',
  'HealthCheckHttpCode',
  'HealthCheckTimeout',
  'HealthCheckMethod',
  'XForwardedFor',
  'XForwardedFor_SLBIP',
  'XForwardedFor_SLBID',
  'XForwardedFor_proto',
  'StickySession',
  'StickySessionType',
  'CookieTimeout',
  'Cookie',
  'IdleTimeout',
  'RequestTimeout',
  'Gzip',
];
export const LISTENER_PARAMS: Readonly<Record<Protocol, readonly string[]>> = {
  tcp: [
    ...LAYER4,
    'EstablishedTimeout',
    'HealthCheckType',
    'HealthCheckURI',
    'HealthCheckDomain',
    'HealthCheckHttpCode',
    'ConnectionDrain',
    'ConnectionDrainTimeout',
  ],
  udp: LAYER4,
  http: [...LAYER7, 'ListenerForward', 'ForwardPort', 'ForwardCode'],
  https: [...LAYER7, 'ServerCertificateId', 'CACertificateId', 'TLSCipherPolicy', 'EnableHttp2'],
};

/** A listener's attributes as DescribeLoadBalancer<P>ListenerAttribute answers them. */
export type ListenerAttributes = Record<string, unknown>;

/**
 * The value of a Create/Set parameter in a Describe answer. The names are the same but one: the
 * TCP/UDP actions take HealthCheckSwitch, which Describe answers as HealthCheck.
 */
export function describedValue(attributes: ListenerAttributes, param: string): string | undefined {
  return scalar(attributes[param === 'HealthCheckSwitch' ? 'HealthCheck' : param]);
}

/** A client population as SimDescribeClientPopulations answers it (the SimSetClientPopulation parameters). */
export type Population = Record<string, unknown>;

/** The SimSetClientPopulation parameters the console edits (the action takes more; see populationParams). */
export const POPULATION_PARAMS = [
  'ListenerPort',
  'ConnectionsPerSecond',
  'ArrivalType',
  'RequestBytes',
  'ResponseBytes',
  'Exchanges',
  'ClientIps',
] as const;

function scalar(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

/**
 * SimSetClientPopulation parameters that put a described population back exactly as it was. The
 * action replaces a population whole (fields left out take their defaults), and
 * SimDescribeClientPopulations answers under the action's own parameter names, so every field
 * described is sent back: PopulationId first, then the rest in the order described.
 */
export function populationParams(loadBalancerId: string, population: Population): Record<string, string | undefined> {
  const params: Record<string, string | undefined> = {
    LoadBalancerId: loadBalancerId,
    PopulationId: scalar(population['PopulationId']),
    ListenerPort: scalar(population['ListenerPort']),
  };
  for (const [name, value] of Object.entries(population)) if (!(name in params)) params[name] = scalar(value);
  return params;
}

/**
 * The requests that re-create a deleted listener from what was read before deleting it: Create
 * with every attribute the action takes, its forwarding rules, its client populations, then Start
 * if it was running. Each carries its own reversal, so a failed undo leaves nothing half-made.
 */
export function recreateListenerPlan(
  loadBalancerId: string,
  protocol: Protocol,
  attributes: ListenerAttributes,
  populations: readonly Population[],
): PlannedRequest[] {
  const port = scalar(attributes['ListenerPort']);
  const create: Record<string, string | undefined> = { LoadBalancerId: loadBalancerId, ListenerPort: port };
  for (const name of LISTENER_PARAMS[protocol]) create[name] = describedValue(attributes, name);
  const key = { LoadBalancerId: loadBalancerId, ListenerPort: port };
  const plan: PlannedRequest[] = [
    {
      action: `CreateLoadBalancer${upper(protocol)}Listener`,
      params: create,
      purpose: `re-create the ${upper(protocol)} listener on port ${port}`,
      undo: { action: 'DeleteLoadBalancerListener', params: key },
    },
  ];
  const rules = ((attributes['Rules'] as { Rule?: Record<string, unknown>[] } | undefined)?.Rule ?? []).map((r) => ({
    RuleName: scalar(r['RuleName']),
    Domain: scalar(r['Domain']),
    Url: scalar(r['Url']),
    VServerGroupId: scalar(r['VServerGroupId']),
  }));
  if (rules.length > 0)
    plan.push({
      action: 'CreateRules',
      params: { ...key, RuleList: jsonList(rules) },
      purpose: `restore ${rules.length} forwarding rule(s)`,
    });
  for (const population of populations) {
    plan.push({
      action: 'SimSetClientPopulation',
      params: populationParams(loadBalancerId, population),
      purpose: 'restore its client traffic',
    });
  }
  if (attributes['Status'] === 'running') plan.push({ action: 'StartLoadBalancerListener', params: key, purpose: 'start it again' });
  return plan;
}
