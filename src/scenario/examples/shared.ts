import type { ScenarioInput } from '../schema';

/** Four ECS backends in two zones of cn-hangzhou, used by several examples. */
export function fourBackends(weights: readonly number[] = [100, 100, 100, 100]): NonNullable<ScenarioInput['backendServers']> {
  return [
    { ServerId: 'i-ecs1', PrivateIp: '192.168.0.11', ZoneId: 'cn-hangzhou-h', Weight: weights[0] ?? 100 },
    { ServerId: 'i-ecs2', PrivateIp: '192.168.0.12', ZoneId: 'cn-hangzhou-h', Weight: weights[1] ?? 100 },
    { ServerId: 'i-ecs3', PrivateIp: '192.168.1.13', ZoneId: 'cn-hangzhou-i', Weight: weights[2] ?? 100 },
    { ServerId: 'i-ecs4', PrivateIp: '192.168.1.14', ZoneId: 'cn-hangzhou-i', Weight: weights[3] ?? 100 },
  ];
}
