import type { ScenarioInput } from '../schema';

type EcsInstanceInput = NonNullable<ScenarioInput['ecsInstances']>[number];
/** One entry of `loadBalancers` as a file holds it: attributes plus its own lists. */
export type LoadBalancerInput = NonNullable<NonNullable<ScenarioInput['loadBalancers']>[number]>;
type LoadBalancerLists = 'listeners' | 'backendServers' | 'vServerGroups' | 'masterSlaveServerGroups';
/** A load balancer's own attributes (LoadBalancerId, Address, LoadBalancerSpec, …), without its lists. */
export type LoadBalancerAttributesInput = Omit<LoadBalancerInput, LoadBalancerLists>;
export type ListenerInput = NonNullable<LoadBalancerInput['listeners']>[number];
export type AttachmentInput = NonNullable<LoadBalancerInput['backendServers']>[number];
export type VServerGroupInput = NonNullable<LoadBalancerInput['vServerGroups']>[number];
export type MasterSlaveGroupInput = NonNullable<LoadBalancerInput['masterSlaveServerGroups']>[number];
/** An ECS instance and, optionally, its weight in the load balancer's default server group. */
export type ServerSpec = EcsInstanceInput & { Weight?: number };

/**
 * ECS instances that the load balancer holds, from one list: each becomes an entry of
 * `ecsInstances` and an attachment in `backendServers` with its weight (default 100). Spread it
 * into `oneLoadBalancer({ ...attached([{ ServerId: 'i-a', PrivateIp: '10.0.0.1' }]) })`.
 */
export function attached(servers: readonly ServerSpec[]): { ecsInstances: EcsInstanceInput[]; backendServers: AttachmentInput[] } {
  return {
    ecsInstances: servers.map(({ Weight: _attachmentOnly, ...instance }) => instance),
    backendServers: servers.map(({ ServerId, Weight }) => (Weight === undefined ? { ServerId } : { ServerId, Weight })),
  };
}

/** What `oneLoadBalancer` takes: a scenario whose one load balancer is written flat, as version 4 did. */
export type OneLoadBalancerInput = Omit<ScenarioInput, 'loadBalancers'> & { loadBalancer?: LoadBalancerAttributesInput } & Pick<LoadBalancerInput, LoadBalancerLists>;

/**
 * The common case of one load balancer, written flat for short examples and tests: `loadBalancer`
 * (its attributes) and its `listeners`, `backendServers`, `vServerGroups` and
 * `masterSlaveServerGroups` beside the region's fields; returns the version-5 input, with them
 * nested in the one entry of `loadBalancers`. Lists left out stay out (the schema's defaults apply).
 */
export function oneLoadBalancer({ loadBalancer, listeners, backendServers, vServerGroups, masterSlaveServerGroups, ...region }: OneLoadBalancerInput): ScenarioInput {
  const entry: LoadBalancerInput = {
    ...loadBalancer,
    ...(listeners !== undefined && { listeners }),
    ...(backendServers !== undefined && { backendServers }),
    ...(vServerGroups !== undefined && { vServerGroups }),
    ...(masterSlaveServerGroups !== undefined && { masterSlaveServerGroups }),
  };
  return { ...region, loadBalancers: [entry] };
}

/** The inverse of `oneLoadBalancer`: a one-load-balancer input written flat again, to change and rebuild. */
export function flatOneLoadBalancer(input: ScenarioInput): OneLoadBalancerInput {
  const { loadBalancers = [{}], ...region } = input;
  if (loadBalancers.length !== 1) throw new Error(`expected one load balancer, found ${loadBalancers.length}`);
  const { listeners, backendServers, vServerGroups, masterSlaveServerGroups, ...loadBalancer } = loadBalancers[0] ?? {};
  return {
    ...region,
    loadBalancer,
    ...(listeners !== undefined && { listeners }),
    ...(backendServers !== undefined && { backendServers }),
    ...(vServerGroups !== undefined && { vServerGroups }),
    ...(masterSlaveServerGroups !== undefined && { masterSlaveServerGroups }),
  };
}

/** The input's load balancer `index` (default the first), `{}` when the input leaves them to the defaults. */
export function loadBalancerInput(input: ScenarioInput, index = 0): LoadBalancerInput {
  return input.loadBalancers?.[index] ?? {};
}

/** A copy of the input with load balancer `index` (default the first) changed by `change`. */
export function withLoadBalancer(input: ScenarioInput, change: (lb: LoadBalancerInput) => LoadBalancerInput, index = 0): ScenarioInput {
  const loadBalancers = [...(input.loadBalancers ?? [{}])];
  loadBalancers[index] = change(loadBalancers[index] ?? {});
  return { ...input, loadBalancers };
}

/** Four ECS backends in two zones of cn-hangzhou, used by several examples. */
export function fourBackends(weights: readonly number[] = [100, 100, 100, 100]): ServerSpec[] {
  return [
    { ServerId: 'i-ecs1', PrivateIp: '192.168.0.11', ZoneId: 'cn-hangzhou-h', Weight: weights[0] ?? 100 },
    { ServerId: 'i-ecs2', PrivateIp: '192.168.0.12', ZoneId: 'cn-hangzhou-h', Weight: weights[1] ?? 100 },
    { ServerId: 'i-ecs3', PrivateIp: '192.168.1.13', ZoneId: 'cn-hangzhou-i', Weight: weights[2] ?? 100 },
    { ServerId: 'i-ecs4', PrivateIp: '192.168.1.14', ZoneId: 'cn-hangzhou-i', Weight: weights[3] ?? 100 },
  ];
}
