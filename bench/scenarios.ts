import { attached, flatOneLoadBalancer, oneLoadBalancer } from '../src/scenario/examples/shared';
/** Scenarios the bench runs: the l4-basic example, and a keep-alive variant that holds ~1M connections. */
import { SPEC_LIMITS } from '../src/engine/lvs/specs';
import { examples } from '../src/scenario/examples/index';
import type { Scenario, ScenarioInput } from '../src/scenario/schema';
import { parseScenario } from '../src/scenario/validate';

/** FULLNAT ports one local address gives, per LVS node and backend (src/engine/lvs/cluster.ts). */
const PORTS_PER_LOCAL_ADDRESS = 64_512;

export function exampleScenarioInput(name: string): ScenarioInput {
  const input = examples[name];
  if (!input) throw new Error(`no example scenario named ${name}`);
  return input;
}

export function l4BasicScenario(): Scenario {
  return parseScenario(exampleScenarioInput('l4-basic'));
}

export interface MillionConnectionsPlan {
  /** Connections the clients open in total; they all stay open (long think time, many exchanges). */
  targetConnections: number;
  connectionsPerSecond: number;
  thinkTimeMs: number;
}

/** 95,000 new connections/s (s3.large allows 100,000) until ~1,000,000 (its concurrency limit) are open. */
export const MILLION_CONNECTIONS_PLAN: MillionConnectionsPlan = {
  targetConnections: SPEC_LIMITS['slb.s3.large']?.maxConnections ?? 1_000_000,
  connectionsPerSecond: 95_000,
  thinkTimeMs: 30_000,
};

/** Local addresses per LVS node so that no (node, backend) pair runs out of FULLNAT ports, with 2× headroom for ECMP skew. */
export function localAddressesNeeded(connections: number, lvsNodes: number, backends: number): number {
  const perPair = connections / (lvsNodes * backends);
  return Math.max(1, Math.ceil((2 * perPair) / PORTS_PER_LOCAL_ADDRESS));
}

/**
 * l4-basic on slb.s3.large with long-lived keep-alive clients: connections arrive until
 * `targetConnections` are open, then sit in a 30 s think time, so the tracked count plateaus.
 * Backends accept up to the whole target each (their default cap is 100,000).
 */
export function millionConnectionsScenario(plan: MillionConnectionsPlan = MILLION_CONNECTIONS_PLAN): Scenario {
  const base = flatOneLoadBalancer(exampleScenarioInput('l4-basic'));
  const weightOf = new Map((base.backendServers ?? []).map((s) => [s.ServerId, s.Weight]));
  const backends = (base.ecsInstances ?? []).map((instance) => ({ ...instance, Weight: weightOf.get(instance.ServerId) ?? 100 }));
  const lvsNodes = base.cluster?.lvsNodes ?? 4;
  return parseScenario(oneLoadBalancer({
    ...base,
    name: 'bench-1m-keepalive',
    description: 'l4-basic on slb.s3.large with ~1,000,000 concurrent long-lived keep-alive connections.',
    loadBalancer: { ...base.loadBalancer, LoadBalancerSpec: 'slb.s3.large' },
    cluster: {
      ...base.cluster,
      localAddressesPerNode: localAddressesNeeded(plan.targetConnections, lvsNodes, Math.max(1, backends.length)),
      sync: { batching: true },
    },
    ...attached(backends.map((server) => ({ ...server, maxConnections: plan.targetConnections }))),
    clients: [
      {
        id: 'keepalive',
        ListenerPort: 80,
        clientIps: 1_000_000,
        arrival: { type: 'poisson', connectionsPerSecond: plan.connectionsPerSecond, maxConnections: plan.targetConnections },
        requestBytes: { type: 'uniform', min: 200, max: 800 },
        responseBytes: { type: 'exponential', mean: 16_000 },
        exchanges: 10_000,
        thinkTimeMs: plan.thinkTimeMs,
      },
    ],
  }));
}
