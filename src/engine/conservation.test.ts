import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario/validate';
import { US_PER_S } from '../shared/units';
import { drainingL4, randomL4, shortL4, type Generated } from '../test/random-l4-scenarios';
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
 * towards a backend are its sessions to that backend holding a local port; the active/inactive counts the
 * schedulers see per node, listener and backend match that node's entries.
 */
function bookkeepingViolations(sim: Simulation): string[] {
  const violations: string[] = [];
  const c = sim.conns;
  const s = sim.lvs.sessions;
  const nodes = s.nodes;
  const listeners = sim.scenario.listeners.length;
  // Backends are ECS instances (attached to one load balancer or several); layer 4 only, so LVS's real servers are exactly these.
  const backends = sim.scenario.ecsInstances.length;
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
      const index = s.at(conn, i);
      const state = s.state[index]!;
      const b = s.backend[index]!;
      if (state === ConnState.None || b < 0) continue;
      const slot = (i * listeners + c.listener[conn]!) * backends + b;
      if (isActive(state)) active[slot]!++;
      else inactive[slot]!++;
      if ((s.flags[index]! & SessionFlag.LocalPort) !== 0) ports[i * backends + b]!++;
    }
  }
  const ids = sim.scenario.ecsInstances.map((server) => server.ServerId);
  for (let b = 0; b < backends; b++) {
    if (sim.servers.open[b] !== open[b])
      violations.push(`${ids[b]}: open count ${sim.servers.open[b]} ≠ ${open[b]} connections holding it open`);
  }
  for (let i = 0; i < nodes; i++) {
    for (let b = 0; b < backends; b++) {
      if (sim.lvs.portsInUse[i * backends + b] !== ports[i * backends + b]) {
        violations.push(
          `LVS-${i + 1} → ${ids[b]}: ${sim.lvs.portsInUse[i * backends + b]} FULLNAT ports in use ≠ ${ports[i * backends + b]} sessions holding one`,
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
  for (const instance of report.instances) {
    for (const key of ['InstanceDropConnection', 'droppedSyns', 'peakConnections'] as const) check(`${instance.LoadBalancerId}.${key}`, instance[key]);
  }
  check('portExhausted', report.portExhausted);
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
