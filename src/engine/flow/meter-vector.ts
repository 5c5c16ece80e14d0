import type { Scenario } from '../../scenario/schema';
import { BYTE_BUCKETS, type ByteBucket, type InOut, type MeterSnapshot } from '../billing/meters';

/**
 * The billing meters' byte counters as one vector, so the flow model can take differences, scale
 * and add them without naming each one: the byte buckets, then each EIP's out/in, each NAT
 * gateway's out/in, then each load balancer's SLB → Internet bytes (scenario order).
 */
export interface MeterLayout {
  eips: number;
  nats: number;
  loadBalancerIds: readonly string[];
  size: number;
}

export function meterLayout(scenario: Scenario): MeterLayout {
  const eips = scenario.egress.eips.length;
  const nats = scenario.egress.natGateways.length;
  const loadBalancerIds = scenario.loadBalancers.map((lb) => lb.LoadBalancerId);
  return { eips, nats, loadBalancerIds, size: BYTE_BUCKETS.length + 2 * (eips + nats) + loadBalancerIds.length };
}

export function meterVector(layout: MeterLayout, snapshot: MeterSnapshot): Float64Array {
  const v = new Float64Array(layout.size);
  BYTE_BUCKETS.forEach((bucket, i) => (v[i] = snapshot.bytes[bucket]));
  let at = BYTE_BUCKETS.length;
  for (const pair of [...snapshot.eips.slice(0, layout.eips), ...snapshot.natGateways.slice(0, layout.nats)]) {
    v[at++] = pair.out;
    v[at++] = pair.in;
  }
  at = BYTE_BUCKETS.length + 2 * (layout.eips + layout.nats);
  for (const id of layout.loadBalancerIds) {
    v[at++] = snapshot.instances.filter((instance) => instance.LoadBalancerId === id).reduce((sum, instance) => sum + instance.slbOut, 0);
  }
  return v;
}

/** The vector back in the meters' shape. */
export function meterParts(layout: MeterLayout, v: Float64Array): { bytes: Record<ByteBucket, number>; eips: InOut[]; natGateways: InOut[]; slbOutByLoadBalancer: number[] } {
  const bytes = Object.fromEntries(BYTE_BUCKETS.map((bucket, i) => [bucket, v[i] as number])) as Record<ByteBucket, number>;
  const pair = (slot: number): InOut => ({ out: v[BYTE_BUCKETS.length + 2 * slot] as number, in: v[BYTE_BUCKETS.length + 2 * slot + 1] as number });
  const instancesAt = BYTE_BUCKETS.length + 2 * (layout.eips + layout.nats);
  return {
    bytes,
    eips: Array.from({ length: layout.eips }, (_, i) => pair(i)),
    natGateways: Array.from({ length: layout.nats }, (_, j) => pair(layout.eips + j)),
    slbOutByLoadBalancer: layout.loadBalancerIds.map((_, i) => v[instancesAt + i] as number),
  };
}

/** a + k·b, element by element (a new vector). */
export function addScaled(a: Float64Array, b: Float64Array, k: number): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = (a[i] as number) + k * (b[i] as number);
  return out;
}

/**
 * Caps load balancer `lb`'s SLB → Internet bytes (and the slbOut total with them) at `capBytes`,
 * in place: what a bandwidth pool lets through in a stretch of time at most.
 */
export function capSlbOut(layout: MeterLayout, v: Float64Array, lb: number, capBytes: number): void {
  const at = BYTE_BUCKETS.length + 2 * (layout.eips + layout.nats) + lb;
  const excess = (v[at] as number) - capBytes;
  if (excess <= 0) return;
  v[at] = capBytes;
  const total = BYTE_BUCKETS.indexOf('slbOut');
  v[total] = (v[total] as number) - excess;
}
