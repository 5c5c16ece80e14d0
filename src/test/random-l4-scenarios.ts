import { attached, type ListenerInput } from '../scenario/examples/shared';
import fc from 'fast-check';
import type { ScenarioInput } from '../scenario/schema';

/**
 * Random layer-4 scenarios for the conservation properties (src/engine/conservation.test.ts):
 * families of listeners, backends, client populations and faults drawn with fast-check, shaped so
 * that connections reach every stage of their life before the faults catch them. Mostly one load
 * balancer; one scenario in four has two or three, each with the same listener port (:80) and the
 * same backends attached, and the populations spread over them.
 */

// --- helper arbitraries ------------------------------------------------------------------------

type Population = NonNullable<ScenarioInput['clients']>[number];
type Fault = NonNullable<ScenarioInput['faults']>[number];

const SCHEDULERS = ['wrr', 'wlc', 'rr', 'sch', 'tch', 'qch'] as const;
const CONDITIONS = ['healthy', 'slow', 'down', 'refusing'] as const;
const SPECS = ['slb.s1.small', 'slb.s2.small', 'slb.s2.medium', 'slb.s3.small', 'slb.s3.medium', 'slb.s3.large'] as const;
const NODE_FAULTS = ['crash', 'upgrade', 'recover'] as const;
const OTHER_FAULTS = [
  'partition-sync',
  'heal-sync',
  'backend-down',
  'backend-up',
  'backend-slow',
  'backend-refuse',
  'backend-remove',
  'backend-weight',
] as const;

/** A size: a constant, a uniform range or an exponential mean (schema `sizeSchema`). */
const sizeArb = fc.oneof(
  fc.integer({ min: 1, max: 200_000 }),
  fc
    .tuple(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: 100_000 }))
    .map(([a, b]) => ({ type: 'uniform' as const, min: Math.min(a, b), max: Math.max(a, b) })),
  fc.integer({ min: 1, max: 100_000 }).map((mean) => ({ type: 'exponential' as const, mean })),
);

/** Backend weights 0–100, with 0 drawn often so "only some usable" is common. */
const weightArb = fc.oneof({ arbitrary: fc.integer({ min: 0, max: 100 }), weight: 3 }, { arbitrary: fc.constant(0), weight: 1 });

/** Mostly healthy, so that connections get far enough to meet the faults. */
const conditionArb = fc.oneof(
  { arbitrary: fc.constant(CONDITIONS[0]), weight: 4 },
  { arbitrary: fc.constantFrom(...CONDITIONS.slice(1)), weight: 2 },
);

const backendArb = fc.record({
  weight: weightArb,
  condition: conditionArb,
  serviceTimeMs: fc.integer({ min: 1, max: 50 }),
  serviceTimeDistribution: fc.constantFrom('exponential' as const, 'constant' as const),
  /** Mostly unlimited; sometimes tiny so backends answer RST over their limit. */
  maxConnections: fc.oneof({ arbitrary: fc.constant(100_000), weight: 3 }, { arbitrary: fc.integer({ min: 1, max: 20 }), weight: 1 }),
});

const listenerArb = fc.record({
  scheduler: fc.constantFrom(...SCHEDULERS),
  establishedTimeout: fc.integer({ min: 10, max: 900 }),
  persistenceTimeout: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 3600 })),
  connectionDrain: fc.constantFrom('on' as const, 'off' as const),
  connectionDrainTimeout: fc.integer({ min: 10, max: 900 }),
  healthCheck: fc.constantFrom('on' as const, 'off' as const),
  healthCheckInterval: fc.integer({ min: 1, max: 10 }),
  healthCheckTimeout: fc.integer({ min: 1, max: 10 }),
  healthyThreshold: fc.integer({ min: 2, max: 10 }),
  unhealthyThreshold: fc.integer({ min: 2, max: 10 }),
  /** Mostly unlimited; sometimes a cap low enough (1–20 Mbit/s) that its limiter queues and drops. */
  bandwidth: fc.oneof({ arbitrary: fc.constant(-1), weight: 3 }, { arbitrary: fc.integer({ min: 1, max: 20 }), weight: 1 }),
});

/** Arrival processes at modest rates (≤ 300 connections/s on average) so runs stay fast. */
const arrivalArb = fc.oneof(
  fc.record({ type: fc.constant('poisson' as const), connectionsPerSecond: fc.integer({ min: 1, max: 300 }) }),
  fc.record({ type: fc.constant('constant' as const), connectionsPerSecond: fc.integer({ min: 1, max: 300 }) }),
  fc.record({
    type: fc.constant('burst' as const),
    burstEverySeconds: fc.integer({ min: 1, max: 10 }),
    burstSize: fc.integer({ min: 1, max: 200 }),
  }),
);

const populationArb = (arrival: fc.Arbitrary<Population['arrival']>) =>
  fc.record({
    clientIps: fc.integer({ min: 1, max: 1000 }),
    arrival,
    requestBytes: sizeArb,
    responseBytes: sizeArb,
    exchanges: fc.integer({ min: 1, max: 5 }),
    thinkTimeMs: fc.integer({ min: 0, max: 500 }),
    requestDelayMs: fc.integer({ min: 0, max: 20 }),
    rtoMs: fc.integer({ min: 100, max: 1000 }),
    maxRetries: fc.integer({ min: 0, max: 5 }),
    datagrams: fc.integer({ min: 1, max: 10 }),
    datagramIntervalMs: fc.integer({ min: 1, max: 200 }),
  });

/**
 * Latencies: the defaults, or longer internal hops, which widen the windows in which a fault
 * catches a packet between LVS and a backend.
 */
const networkArb = fc.record({
  internetLatencyMs: fc.oneof(fc.constant(20), fc.integer({ min: 1, max: 100 })),
  internalLatencyMs: fc.oneof({ arbitrary: fc.constant(0.2), weight: 1 }, { arbitrary: fc.integer({ min: 1, max: 50 }), weight: 2 }),
});

const clusterArb = fc.record({
  ecmpMode: fc.constantFrom('modulo' as const, 'resilient' as const, 'hash-threshold' as const),
  withdrawalDelayS: fc.integer({ min: 0, max: 15 }),
  timeoutPreset: fc.constantFrom('mainline' as const, 'alibaba' as const),
  batching: fc.boolean(),
  lossRate: fc.double({ min: 0, max: 0.5, noNaN: true }),
  expiryReset: fc.boolean(),
  installTimeout: fc.constantFrom('full' as const, 'remaining' as const),
  localAddressesPerNode: fc.integer({ min: 1, max: 8 }),
});

/**
 * A fault before its time and targets are known: `at` is a fraction of the fault window (so every
 * fault fires within the run), `node` and `backend` are resolved modulo the scenario's LVS nodes
 * and backends, so targets are always valid and shrinking stays simple.
 */
const rawFaultArb = (actions: fc.Arbitrary<Fault['action']>) =>
  fc.record({
    at: fc.integer({ min: 0, max: 1000 }),
    action: actions,
    node: fc.nat({ max: 31 }),
    backend: fc.nat({ max: 31 }),
    weight: fc.integer({ min: 0, max: 100 }),
    /** partition-sync / heal-sync: the whole sync link (true) or one node. */
    clusterWide: fc.boolean(),
  });
type RawFault = typeof rawFaultArb extends (a: never) => fc.Arbitrary<infer T> ? T : never;

/** Every action of the schema's enum; LVS node faults (the failover paths) half of the time. */
const anyFaultArb = rawFaultArb(fc.oneof(fc.constantFrom(...NODE_FAULTS), fc.constantFrom(...OTHER_FAULTS)));
/** A node going away: a crash (route withdrawn after withdrawalDelayS) or a hot upgrade (at once). */
const nodeDownFaultArb = rawFaultArb(fc.constantFrom('crash' as const, 'upgrade' as const));

function resolveFault(raw: RawFault, windowS: number, lvsNodes: number, serverIds: readonly string[]): Fault {
  const atS = Math.round(raw.at * windowS) / 1000;
  const node = `lvs-${1 + (raw.node % lvsNodes)}`;
  const server = serverIds[raw.backend % serverIds.length]!;
  switch (raw.action) {
    case 'crash':
    case 'upgrade':
    case 'recover':
      return { atS, action: raw.action, target: node };
    case 'partition-sync':
    case 'heal-sync':
      return raw.clusterWide ? { atS, action: raw.action } : { atS, action: raw.action, target: node };
    case 'backend-weight':
      return { atS, action: raw.action, target: server, weight: raw.weight };
    default:
      return { atS, action: raw.action, target: server };
  }
}

export interface Generated {
  scenario: ScenarioInput;
  /** The Simulation's seed (overrides the scenario's). */
  seed: number;
  /** Simulated seconds to run. */
  durationS: number;
}

interface Family {
  protocols: readonly ('tcp' | 'udp')[];
  minLvs: number;
  maxLvs: number;
  minBackends: number;
  maxBackends: number;
  /** Whether the family includes scenarios with every backend at weight 0. */
  allWeightsZero: boolean;
  maxPopulations: number;
  faults: fc.Arbitrary<RawFault[]>;
  /** Faults happen in [0, min(maxFaultAtS, durationS)]. */
  maxFaultAtS: number;
  minDurationS: number;
  maxDurationS: number;
  arrival: fc.Arbitrary<Population['arrival']>;
}

/** A whole layer-4 scenario of a family: one listener on :80, client populations, faults. */
function l4ScenarioArb(family: Family): fc.Arbitrary<Generated> {
  return fc
    .record({
      lvsNodes: fc.integer({ min: family.minLvs, max: family.maxLvs }),
      backends: fc.array(backendArb, { minLength: family.minBackends, maxLength: family.maxBackends }),
      /** One scenario in five (where the family allows it) has every backend at weight 0: LVS SYN-proxies everything. */
      allWeightsZero: family.allWeightsZero ? fc.integer({ min: 0, max: 4 }).map((n) => n === 0) : fc.constant(false),
      protocol: fc.constantFrom(...family.protocols),
      listener: listenerArb,
      populations: fc.array(populationArb(family.arrival), { minLength: 1, maxLength: family.maxPopulations }),
      cluster: clusterArb,
      network: networkArb,
      spec: fc.constantFrom(...SPECS),
      /** Load balancers in the region: 1 three times in four, else 2 or 3. */
      loadBalancers: fc.oneof({ arbitrary: fc.constant(1), weight: 3 }, { arbitrary: fc.integer({ min: 2, max: 3 }), weight: 1 }),
      faults: family.faults,
      seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      durationS: fc.integer({ min: family.minDurationS, max: family.maxDurationS }),
    })
    .map((g): Generated => {
      const serverIds = g.backends.map((_, i) => `i-ecs${i + 1}`);
      const faultWindowS = Math.min(family.maxFaultAtS, g.durationS);
      const l = g.listener;
      const servers = attached(
        g.backends.map((b, i) => ({
          ServerId: serverIds[i]!,
          PrivateIp: `192.168.0.${11 + i}`,
          Weight: g.allWeightsZero ? 0 : b.weight,
          condition: b.condition,
          serviceTimeMs: b.serviceTimeMs,
          serviceTimeDistribution: b.serviceTimeDistribution,
          maxConnections: b.maxConnections,
        })),
      );
      const listener: ListenerInput = {
        ListenerProtocol: g.protocol,
        ListenerPort: 80,
        // qch keys on the QUIC connection id: UDP listeners only.
        Scheduler: l.scheduler === 'qch' && g.protocol === 'tcp' ? 'tch' : l.scheduler,
        EstablishedTimeout: l.establishedTimeout,
        PersistenceTimeout: l.persistenceTimeout,
        ConnectionDrain: l.connectionDrain,
        ConnectionDrainTimeout: l.connectionDrainTimeout,
        HealthCheck: l.healthCheck,
        HealthCheckInterval: l.healthCheckInterval,
        HealthCheckConnectTimeout: l.healthCheckTimeout,
        HealthyThreshold: l.healthyThreshold,
        UnhealthyThreshold: l.unhealthyThreshold,
        Bandwidth: l.bandwidth,
      };
      // One load balancer keeps the defaults' id and address; several need their own.
      const several = g.loadBalancers > 1;
      const lbId = (b: number) => `lb-conservation${b + 1}`;
      const scenario: ScenarioInput = {
        name: 'conservation',
        loadBalancers: Array.from({ length: g.loadBalancers }, (_, b) => ({
          ...(several ? { LoadBalancerId: lbId(b), Address: `47.100.10.${10 + b}` } : {}),
          LoadBalancerSpec: g.spec,
          listeners: [{ ...listener }],
          backendServers: servers.backendServers.map((a) => ({ ...a })),
        })),
        cluster: {
          lvsNodes: g.lvsNodes,
          ecmpMode: g.cluster.ecmpMode,
          withdrawalDelayS: g.cluster.withdrawalDelayS,
          timeoutPreset: g.cluster.timeoutPreset,
          localAddressesPerNode: g.cluster.localAddressesPerNode,
          expiryReset: g.cluster.expiryReset,
          sync: { batching: g.cluster.batching, lossRate: g.cluster.lossRate, installTimeout: g.cluster.installTimeout },
        },
        network: g.network,
        ecsInstances: servers.ecsInstances,
        clients: g.populations.map((p, i) => ({ id: `clients-${i + 1}`, ...(several ? { LoadBalancerId: lbId(i % g.loadBalancers) } : {}), ListenerPort: 80, ...p })),
        faults: g.faults.map((f) => resolveFault(f, faultWindowS, g.lvsNodes, serverIds)),
      };
      return { scenario, seed: g.seed, durationS: g.durationS };
    });
}

const general: Family = {
  protocols: ['tcp', 'udp'],
  minLvs: 1,
  maxLvs: 5,
  minBackends: 1,
  maxBackends: 5,
  allWeightsZero: true,
  maxPopulations: 2,
  faults: fc.array(anyFaultArb, { maxLength: 6 }),
  maxFaultAtS: 20,
  minDurationS: 5,
  maxDurationS: 30,
  arrival: arrivalArb,
};

/** TCP with room to fail over: ≥ 2 nodes, ≥ 2 backends, and a node always goes down mid-run. */
const failover: Family = {
  ...general,
  protocols: ['tcp'],
  minLvs: 2,
  minBackends: 2,
  allWeightsZero: false,
  faults: fc.tuple(nodeDownFaultArb, fc.array(anyFaultArb, { maxLength: 5 })).map(([down, rest]) => [down, ...rest]),
};

export const randomL4 = fc.oneof(l4ScenarioArb(general), l4ScenarioArb(failover));

/** Few connections, all opened in the first seconds, faults only early; then a long quiet run. */
const draining = (family: Family): Family => ({
  ...family,
  maxLvs: 3,
  maxBackends: 3,
  maxPopulations: 1,
  maxFaultAtS: 5,
  minDurationS: 2000,
  maxDurationS: 2000,
  arrival: fc.record({
    type: fc.constantFrom('poisson' as const, 'constant' as const, 'burst' as const),
    connectionsPerSecond: fc.integer({ min: 1, max: 50 }),
    burstEverySeconds: fc.integer({ min: 1, max: 3 }),
    burstSize: fc.integer({ min: 1, max: 10 }),
    stopAfterSeconds: fc.integer({ min: 1, max: 5 }),
    maxConnections: fc.integer({ min: 1, max: 40 }),
  }),
});
export const drainingL4 = fc.oneof(l4ScenarioArb(draining(general)), l4ScenarioArb(draining(failover)));

/** Short runs for the determinism property (each scenario runs three times). */
const short = (family: Family): Family => ({ ...family, maxFaultAtS: 8, minDurationS: 2, maxDurationS: 8 });
export const shortL4 = fc.oneof(l4ScenarioArb(short(general)), l4ScenarioArb(short(failover)));
