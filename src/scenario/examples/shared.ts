import type { ScenarioInput } from '../schema';

type EcsInstanceInput = NonNullable<ScenarioInput['ecsInstances']>[number];
/** An ECS instance and, optionally, its weight in the load balancer's default server group. */
export type ServerSpec = EcsInstanceInput & { Weight?: number };

/**
 * ECS instances that the load balancer holds, from one list: each becomes an entry of
 * `ecsInstances` and an attachment in `backendServers` with its weight (default 100). Spread it
 * into a scenario: `{ ...attached([{ ServerId: 'i-a', PrivateIp: '10.0.0.1' }]) }`.
 */
export function attached(servers: readonly ServerSpec[]): Pick<ScenarioInput, 'ecsInstances' | 'backendServers'> {
  return {
    ecsInstances: servers.map(({ Weight: _attachmentOnly, ...instance }) => instance),
    backendServers: servers.map(({ ServerId, Weight }) => (Weight === undefined ? { ServerId } : { ServerId, Weight })),
  };
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
