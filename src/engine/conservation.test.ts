import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../scenario/schema';
import { parseScenario } from '../scenario/validate';
import { US_PER_S } from '../shared/units';
import { checkInvariants } from './invariants';
import { SessionFlag } from './lvs/session-table';
import { ConnState, isActive } from './lvs/tcp-states';
import { Simulation } from './simulation';
import type { SimulationReport } from './report';

/**
 * Conservation properties of the layer-4 engine over random scenarios: every opened connection is
 * in exactly one outcome or still in flight, no counter goes negative, the tables agree with their
 * counts at every checkpoint, runs are deterministic, and a finite workload drains completely.
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
    datagramIntervalMs: fc.integer({ min: 0, max: 200 }),
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

interface Generated {
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
      faults: family.faults,
      seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      durationS: fc.integer({ min: family.minDurationS, max: family.maxDurationS }),
    })
    .map((g): Generated => {
      const serverIds = g.backends.map((_, i) => `i-ecs${i + 1}`);
      const faultWindowS = Math.min(family.maxFaultAtS, g.durationS);
      const l = g.listener;
      const scenario: ScenarioInput = {
        name: 'conservation',
        loadBalancer: { LoadBalancerSpec: g.spec },
        cluster: {
          lvsNodes: g.lvsNodes,
          ecmpMode: g.cluster.ecmpMode,
          withdrawalDelayS: g.cluster.withdrawalDelayS,
          timeoutPreset: g.cluster.timeoutPreset,
          localAddressesPerNode: g.cluster.localAddressesPerNode,
          sync: { batching: g.cluster.batching, lossRate: g.cluster.lossRate },
        },
        network: g.network,
        listeners: [
          {
            ListenerProtocol: g.protocol,
            ListenerPort: 80,
            Scheduler: l.scheduler,
            EstablishedTimeout: l.establishedTimeout,
            PersistenceTimeout: l.persistenceTimeout,
            ConnectionDrain: l.connectionDrain,
            ConnectionDrainTimeout: l.connectionDrainTimeout,
            HealthCheck: l.healthCheck,
            HealthCheckInterval: l.healthCheckInterval,
            HealthCheckConnectTimeout: l.healthCheckTimeout,
            HealthyThreshold: l.healthyThreshold,
            UnhealthyThreshold: l.unhealthyThreshold,
          },
        ],
        backendServers: g.backends.map((b, i) => ({
          ServerId: serverIds[i]!,
          PrivateIp: `192.168.0.${11 + i}`,
          Weight: g.allWeightsZero ? 0 : b.weight,
          condition: b.condition,
          serviceTimeMs: b.serviceTimeMs,
          serviceTimeDistribution: b.serviceTimeDistribution,
          maxConnections: b.maxConnections,
        })),
        clients: g.populations.map((p, i) => ({ id: `clients-${i + 1}`, ListenerPort: 80, ...p })),
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

const randomL4 = fc.oneof(l4ScenarioArb(general), l4ScenarioArb(failover));

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
const drainingL4 = fc.oneof(l4ScenarioArb(draining(general)), l4ScenarioArb(draining(failover)));

/** Short runs for the determinism property (each scenario runs three times). */
const short = (family: Family): Family => ({ ...family, maxFaultAtS: 8, minDurationS: 2, maxDurationS: 8 });
const shortL4 = fc.oneof(l4ScenarioArb(short(general)), l4ScenarioArb(short(failover)));

// --- running with checkpoints ------------------------------------------------------------------

const CHECK_EVERY_EVENTS = 5000;

function build(g: Generated): Simulation {
  return new Simulation(parseScenario(g.scenario), { seed: g.seed });
}

/** serverFlags bit the backends set while they hold a connection open (backend/servers.ts `OPEN`). */
const SERVER_OPEN = 1;

/**
 * Per-backend books that checkInvariants does not cover, recomputed from the tables: each
 * backend's open count is the number of connections holding it open; each node's FULLNAT ports
 * towards a backend are its origin sessions to that backend; the active/inactive counts the
 * schedulers see per node, listener and backend match that node's entries.
 */
function bookkeepingViolations(sim: Simulation): string[] {
  const violations: string[] = [];
  const c = sim.conns;
  const s = sim.lvs.sessions;
  const nodes = s.nodes;
  const listeners = sim.scenario.listeners.length;
  const backends = sim.scenario.backendServers.length;
  const open = new Int32Array(backends);
  const ports = new Int32Array(nodes * backends);
  const active = new Int32Array(nodes * listeners * backends);
  const inactive = new Int32Array(nodes * listeners * backends);
  for (let conn = 0; conn < c.slots; conn++) {
    if (c.serial[conn] === 0) continue;
    // The server side is held open on the backend that accepted the SYN (a retried SYN may be
    // scheduled elsewhere while the first one is still in flight).
    const backend = c.serverBackend[conn]!;
    if ((c.serverFlags[conn]! & SERVER_OPEN) !== 0) {
      if (backend < 0) violations.push(`connection #${c.serial[conn]} holds a backend open but has no backend`);
      else open[backend]!++;
    }
    for (let i = 0; i < nodes; i++) {
      const index = conn * nodes + i;
      const state = s.state[index]!;
      const b = s.backend[index]!;
      if (state === ConnState.None || b < 0) continue;
      const slot = (i * listeners + c.listener[conn]!) * backends + b;
      if (isActive(state)) active[slot]!++;
      else inactive[slot]!++;
      if ((s.flags[index]! & SessionFlag.Origin) !== 0) ports[i * backends + b]!++;
    }
  }
  const ids = sim.scenario.backendServers.map((server) => server.ServerId);
  for (let b = 0; b < backends; b++) {
    if (sim.servers.open[b] !== open[b])
      violations.push(`${ids[b]}: open count ${sim.servers.open[b]} ≠ ${open[b]} connections holding it open`);
  }
  for (let i = 0; i < nodes; i++) {
    for (let b = 0; b < backends; b++) {
      if (sim.lvs.portsInUse[i * backends + b] !== ports[i * backends + b]) {
        violations.push(
          `LVS-${i + 1} → ${ids[b]}: ${sim.lvs.portsInUse[i * backends + b]} FULLNAT ports in use ≠ ${ports[i * backends + b]} origin sessions`,
        );
      }
    }
    for (let l = 0; l < listeners; l++) {
      const view = sim.lvs.views.view(i, l);
      for (let b = 0; b < backends; b++) {
        const slot = (i * listeners + l) * backends + b;
        if (view.active[b] !== active[slot] || view.inactive[b] !== inactive[slot]) {
          violations.push(
            `LVS-${i + 1} listener ${l} ${ids[b]}: scheduler sees ${view.active[b]}/${view.inactive[b]} active/inactive ≠ ${active[slot]}/${inactive[slot]} entries`,
          );
        }
      }
    }
  }
  return violations;
}

type Check = (sim: Simulation) => string[];

/** The engine's own invariants plus the per-backend and per-node books above. */
const allBooks: Check = (sim) => [...checkInvariants(sim), ...bookkeepingViolations(sim)];

/** Fails with the time, event count and violations if the books do not balance right now. */
function expectBalanced(sim: Simulation, check: Check): void {
  expect(check(sim), `invariants at ${sim.nowUs} µs after ${sim.events} events`).toEqual([]);
}

/** Runs to `untilS`, checking every simulated second and every CHECK_EVERY_EVENTS events. */
function runChecked(sim: Simulation, untilS: number, check: Check): void {
  for (let s = 1; s <= untilS; s++) {
    while (!sim.runUntil(s * US_PER_S, CHECK_EVERY_EVENTS)) expectBalanced(sim, check);
    expectBalanced(sim, check);
  }
}

function expectNonNegative(report: SimulationReport): void {
  const negatives: string[] = [];
  const check = (name: string, value: number): void => {
    if (!(value >= 0)) negatives.push(`${name} = ${value}`);
  };
  for (const [key, value] of Object.entries(report.connections)) if (typeof value === 'number') check(`connections.${key}`, value);
  for (const [reason, count] of Object.entries(report.connections.byOutcome)) check(`byOutcome.${reason}`, count);
  for (const node of report.lvs) {
    for (const key of ['flows', 'active', 'inactive', 'syncSent', 'syncReceived', 'syncLost', 'resets', 'drops'] as const)
      check(`${node.id}.${key}`, node[key]);
  }
  for (const b of report.backends) {
    for (const key of ['connections', 'open', 'bytesIn', 'bytesOut', 'weight'] as const) check(`${b.id}.${key}`, b[key]);
  }
  for (const key of ['InstanceDropConnection', 'peakConnections', 'portExhausted'] as const) check(`instance.${key}`, report.instance[key]);
  expect(negatives, 'negative counters in the report').toEqual([]);
}

function expectConservation(sim: Simulation): void {
  const report = sim.report();
  expect(report.invariants.violations, 'report().invariants').toEqual([]);
  expect(report.invariants.ok).toBe(true);
  const c = report.connections;
  expect(c.opened, 'opened = completed + reset + refused + dropped + timedOut + inFlight').toBe(
    c.completed + c.reset + c.refused + c.dropped + c.timedOut + c.inFlight,
  );
  const ended = Object.values(c.byOutcome).reduce((sum, n) => sum + n, 0);
  expect(ended, 'byOutcome sums to opened − inFlight').toBe(c.opened - c.inFlight);
  expect(c.byOutcome['in_flight'], 'no connection ends "in flight"').toBeUndefined();
  expect(c.established).toBeLessThanOrEqual(c.opened);
  expect(sim.conns.live, 'live slots ≥ connections in flight').toBeGreaterThanOrEqual(c.inFlight);
  expectNonNegative(report);
}

// --- properties --------------------------------------------------------------------------------

/**
 * Property runs take 5–400 ms each, so passing properties take 1–4 s. A failing property spends
 * most of its time shrinking; `interruptAfterTimeLimit` (several times the passing time) cuts that
 * short: the failure is still reported, with the smallest counterexample found so far.
 */
const TEST_TIMEOUT_MS = 60_000;

describe('Conservation of connections over random layer-4 scenarios', () => {
  it(
    'books balance at every checkpoint and at the end; no counter goes negative (seed 101)',
    () => {
      fc.assert(
        fc.property(randomL4, (g) => {
          const sim = build(g);
          runChecked(sim, g.durationS, checkInvariants);
          expectConservation(sim);
        }),
        { seed: 101, numRuns: 50, interruptAfterTimeLimit: 15_000 },
      );
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'per-backend and per-node books match the tables: backend open counts, FULLNAT ports, scheduler counts (seed 104)',
    () => {
      fc.assert(
        fc.property(randomL4, (g) => {
          const sim = build(g);
          runChecked(sim, g.durationS, allBooks);
        }),
        { seed: 104, numRuns: 50, interruptAfterTimeLimit: 8_000 },
      );
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'same seed, same run: trace hash, events, connections and the whole report; chunking does not matter (seed 202)',
    () => {
      fc.assert(
        fc.property(shortL4, fc.integer({ min: 0, max: 200 }), fc.integer({ min: 2, max: 300 }), (g, steps, chunks) => {
          const endUs = g.durationS * US_PER_S;
          const once = build(g);
          once.runUntil(endUs);
          const again = build(g);
          again.runUntil(endUs);
          // Chunked: a few single steps (never past the end), then many small runUntil calls.
          const chunked = build(g);
          for (let i = 0; i < steps && chunked.nextEventUs() <= endUs; i++) chunked.step();
          for (let k = 1; k <= chunks; k++) chunked.runUntil(Math.round((k * endUs) / chunks));

          expect(again.traceHash).toBe(once.traceHash);
          expect(again.events).toBe(once.events);
          expect(again.stats().connections).toEqual(once.stats().connections);
          expect(again.report()).toEqual(once.report());
          expect(chunked.stats()).toEqual(once.stats());
          expect(chunked.report()).toEqual(once.report());
        }),
        { seed: 202, numRuns: 25, interruptAfterTimeLimit: 8_000 },
      );
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'a finite workload drains: nothing in flight, every slot, session, port, packet and backend connection freed (seed 303)',
    () => {
      fc.assert(
        fc.property(drainingL4, (g) => {
          const sim = build(g);
          runChecked(sim, g.durationS, checkInvariants);
          expectConservation(sim);
          const r = sim.report();
          const zeros = (n: number): number[] => new Array<number>(n).fill(0);
          // One comparison so a failure's diff shows every leftover at once.
          expect({
            inFlight: r.connections.inFlight,
            liveSlots: sim.conns.live,
            lvsActive: r.lvs.map((n) => n.active),
            lvsInactive: r.lvs.map((n) => n.inactive),
            packetsInFlight: sim.packets.inFlight,
            instanceConcurrency: sim.lvs.concurrent,
            fullnatPortsInUse: Array.from(sim.lvs.portsInUse),
            backendOpen: r.backends.map((b) => b.open),
          }).toEqual({
            inFlight: 0,
            liveSlots: 0,
            lvsActive: zeros(r.lvs.length),
            lvsInactive: zeros(r.lvs.length),
            packetsInFlight: 0,
            instanceConcurrency: 0,
            fullnatPortsInUse: zeros(sim.lvs.portsInUse.length),
            backendOpen: zeros(r.backends.length),
          });
        }),
        { seed: 303, numRuns: 150, interruptAfterTimeLimit: 5_000 },
      );
    },
    TEST_TIMEOUT_MS,
  );
});
