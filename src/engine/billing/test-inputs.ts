import type { ScenarioInput } from '../../scenario/schema';
import { NODE_KINDS, type NodeKind, type Topology, type TopologyLink, type TopologyNode } from '../net/topology';
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

/** The nodes of a small hand-made topology, by kind, and the topology itself. */
export interface SmallTopology {
  topology: Topology;
  internet: number;
  router: number;
  lvs: number;
  ecs: number;
  eip: number;
  nat: number;
  external: number;
}

/**
 * Clients' Internet → router → LVS → one ECS, which has an EIP and a NAT gateway to the external
 * world: every metered path once, built by hand so the meters can be tested without the engine.
 */
export function smallTopology(): SmallTopology {
  const kinds: NodeKind[] = ['internet', 'router', 'lvs', 'ecs', 'eip', 'nat', 'external'];
  const byKind = Object.fromEntries(NODE_KINDS.map((kind) => [kind, [] as number[]])) as Record<NodeKind, number[]>;
  const nodes: TopologyNode[] = kinds.map((kind, id) => {
    byKind[kind].push(id);
    return { id, kind, key: `${kind}-0`, label: kind, index: 0, zone: undefined };
  });
  const [internet, router, lvs, ecs, eip, nat, external] = kinds.map((_, id) => id) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const pairs: [number, number][] = [
    [internet, router],
    [router, lvs],
    [lvs, ecs],
    [ecs, eip],
    [eip, external],
    [ecs, nat],
    [nat, external],
  ];
  const latencyUs = new Float64Array(nodes.length * nodes.length).fill(-1);
  const links: TopologyLink[] = pairs.map(([from, to], id) => {
    latencyUs[from * nodes.length + to] = 100;
    latencyUs[to * nodes.length + from] = 100;
    return { id, from, to, latencyUs: 100 };
  });
  return { topology: { nodes, links, byKind, latencyUs }, internet, router, lvs, ecs, eip, nat, external };
}

type EcsInstanceInput = NonNullable<ScenarioInput['ecsInstances']>[number];

/**
 * A scenario with one load balancer, written short: its attributes and listeners, and the ECS
 * instances it has attached (each also one of the region's `ecsInstances`), beside the region's
 * other fields.
 */
export function withOneLoadBalancer({
  loadBalancer: attributes = {},
  listeners,
  servers = [],
  ...region
}: Omit<ScenarioInput, 'loadBalancers'> & {
  loadBalancer?: Partial<LoadBalancerInput>;
  listeners?: LoadBalancerInput['listeners'];
  servers?: EcsInstanceInput[];
}): ScenarioInput {
  return {
    ...region,
    ecsInstances: [...(region.ecsInstances ?? []), ...servers],
    loadBalancers: [{ ...(listeners && { listeners }), backendServers: servers.map(({ ServerId }) => ({ ServerId })), ...attributes }],
  };
}
