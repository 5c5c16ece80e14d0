import type { ScenarioInput } from '../../scenario/schema';
import { SERIES_INSTANCE_OFFSET, type MeterSnapshot } from './meters';

/**
 * Inputs for the billing tests: scenarios in the version-5 file shape (load balancers nested with
 * their lists), and hand-made meter snapshots.
 */

/** One entry of a scenario file's `loadBalancers`. */
export type LoadBalancerInput = NonNullable<NonNullable<ScenarioInput['loadBalancers']>[number]>;

/** A load balancer with one TCP listener on port 80 (no health checks) and the given ECS instances attached. */
export function loadBalancer(attributes: Partial<LoadBalancerInput>, serverIds: readonly string[] = []): LoadBalancerInput {
  return {
    listeners: [{ ListenerPort: 80, HealthCheck: 'off' }],
    backendServers: serverIds.map((ServerId) => ({ ServerId })),
    ...attributes,
  };
}

/**
 * A snapshot whose SLB bytes and peaks are all one load balancer's (`lb-test0001` unless named):
 * its instance entry repeats the totals, and each `series` sample of the five total columns gets
 * the instance's column (its slbOut).
 */
export function oneInstance(
  meters: Omit<MeterSnapshot, 'instances'> & { instances?: unknown },
  LoadBalancerId = 'lb-test0001',
): MeterSnapshot {
  return {
    ...meters,
    instances: [
      {
        LoadBalancerId,
        slbOut: meters.bytes.slbOut,
        hours: meters.hours.map(({ peakConnections, peakCps, peakQps }) => ({ peakConnections, peakCps, peakQps })),
      },
    ],
    series: meters.series.map((sample) => (sample.length === SERIES_INSTANCE_OFFSET ? [...sample, sample[1]!] : [...sample])),
  };
}
