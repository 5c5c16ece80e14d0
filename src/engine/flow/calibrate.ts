import type { ClientPopulation, Scenario } from '../../scenario/schema';
import { US_PER_S } from '../../shared/units';
import { OUTCOMES } from '../metrics/outcomes';
import { Simulation } from '../simulation';
import { addScaled, meterLayout, meterVector, type MeterLayout } from './meter-vector';

/** What one client population's connections cost and how long they stay, measured by the packet engine. */
export interface PopulationCalibration {
  id: string;
  /** Simulated seconds the population opened connections in its sample, at its flat rate. */
  arrivalS: number;
  /** Simulated seconds the sample ran in all (arrivals, then until every connection and LVS session had ended, or a cap). */
  sampleS: number;
  /** Connections the sample opened. */
  sampledConnections: number;
  /** Metered bytes per connection opened (meter-vector layout), the idle traffic taken out. */
  bytesPerConnection: Float64Array;
  /**
   * Bytes still to be metered, per unit of arrival rate, for connections in flight at a moment
   * of steady arrivals (opened, not yet fully metered): subtracted once at the window's end.
   */
  pendingBytesPerRate: Float64Array;
  /**
   * By load balancer (scenario order): seconds each connection counts towards the instance's open
   * connections (admission to the end of its LVS session, closing timeouts included), on average
   * over connections opened. Little's law: open connections = arrival rate × this.
   */
  occupancyPerRate: number[];
  /** Seconds from opening to ending, on average: connections in flight = arrival rate × this. */
  inFlightPerRate: number;
  /** Fractions of ended connections, by outcome reason; and the fraction of opened ones established. */
  outcomeShares: Record<string, number>;
  establishedShare: number;
  /** Requests the meters count per connection (layer 4: its first at a backend; layer 7: each one at Tengine). */
  meteredRequestsPerConnection: number;
  /** Variance ÷ mean of the metered requests per calendar second while arrivals were steady (≥ 1): how much requests bunch. */
  requestDispersion: number;
  /** Layer 7: requests sent and completed per connection. */
  requestsSentPerConnection: number;
  requestsCompletedPerConnection: number;
}

/** Traffic that does not come from client populations: egress calls, inbound EIP/DNAT requests, health checks. */
export interface BackgroundCalibration {
  /** Metered bytes per second (meter-vector layout). */
  bytesPerS: Float64Array;
  /** Egress calls per second, by path name (the scenario's rates), and the share of routed calls that complete. */
  callsPerS: Record<string, number>;
  completedShare: number;
  /** By NAT gateway (scenario order): new sessions per second, and mean open sessions. */
  natSessionsPerS: number[];
  natOpenSessions: number[];
  /** Egress and inbound calls the samples made, and the simulated seconds they took. */
  sampledCalls: number;
  sampleS: number;
}

export interface Calibration {
  seed: number;
  /** Packet-engine events processed by all samples. */
  events: number;
  populations: PopulationCalibration[];
  background: BackgroundCalibration;
  /** What the samples could not see, in sentences (shown with the estimate). */
  notes: string[];
  layout: MeterLayout;
}

export interface CalibrationOptions {
  seed: number;
  /** Simulated seconds each population opens connections in its sample; default: time for 8,000 connections, 5–600 s. */
  arrivalS?: number;
}

const STEP_US = 100_000;
const TARGET_CONNECTIONS = 8000;
const TARGET_CALLS = 2000;
/** After arrivals stop, a sample waits this long at most for sessions to end (ESTABLISHED idles out after 900 s). */
const DRAIN_CAP_US = 1200 * US_PER_S;
const EGRESS_PATHS = ['no_route', 'public_ip', 'eip', 'nat'] as const;

/**
 * Runs the packet engine on short flat samples of the scenario (no faults, no journal): one per
 * client population (alone, at its flat rate, no daily profile, stop or cap: the flow model applies
 * those), which opens connections for a while and then runs until every one of them has ended and
 * left the LVS session table; one per egress workload and inbound flow; and one idle sample (health
 * checks only). Samples share the seed, so the idle traffic is the same in each and is taken out.
 */
export function calibrate(scenario: Scenario, options: CalibrationOptions): Calibration {
  const layout = meterLayout(scenario);
  const notes: string[] = [];
  if (scenario.faults.length > 0 || scenario.journal.length > 0) {
    notes.push(`the scenario's ${scenario.faults.length} fault(s) and ${scenario.journal.length} journal entr${scenario.journal.length === 1 ? 'y' : 'ies'} are not modelled: the estimate is of the configuration as it starts, without them`);
  }
  const idle: Scenario = { ...scenario, faults: [], journal: [], clients: [], egress: { ...scenario.egress, workloads: [], inbound: [] } };
  let events = 0;

  const populationSamples = scenario.clients.map((population) => {
    const rate = flatRate(population);
    const arrivalS = options.arrivalS ?? Math.min(600, Math.max(5, TARGET_CONNECTIONS / rate));
    const sample = runPopulation({ ...idle, clients: [flatten(population, arrivalS)] }, options.seed, layout, Math.round(arrivalS * US_PER_S));
    events += sample.sim.events;
    if (!sample.drained) notes.push(`population ${population.id}: some connections or LVS sessions were still open ${DRAIN_CAP_US / US_PER_S} s after the sample's arrivals stopped; their lifetimes are cut there`);
    if (sample.opened < 1000) notes.push(`population ${population.id}: only ${sample.opened} connections sampled; its per-connection figures are rough`);
    return { population, arrivalS, sample };
  });

  // Egress workloads are sampled per group of servers leaving by the same way (so each group's
  // share of the calls is its exact rate, not a sampled one); inbound flows one by one.
  const idleSim = new Simulation(idle, { seed: options.seed });
  const serverIndex = (id: string) => scenario.ecsInstances.findIndex((s) => s.ServerId === id);
  const egressEntries: { scenario: Scenario; callsPerS: number }[] = [
    ...scenario.egress.workloads.flatMap((w) => {
      const groups = new Map<number, string[]>();
      for (const id of w.serverIds) {
        const index = serverIndex(id);
        const node = index >= 0 ? idleSim.egress.pathOf(index).node : -1;
        groups.set(node, [...(groups.get(node) ?? []), id]);
      }
      return [...groups.values()].map((serverIds) => ({ scenario: { ...idle, egress: { ...idle.egress, workloads: [{ ...w, serverIds }] } }, callsPerS: w.callsPerSecond * serverIds.length }));
    }),
    ...scenario.egress.inbound.map((i) => ({ scenario: { ...idle, egress: { ...idle.egress, inbound: [i] } }, callsPerS: i.requestsPerSecond })),
  ];
  const egressSamples = egressEntries.map((entry) => {
    const untilUs = Math.round(Math.min(3600, Math.max(30, TARGET_CALLS / entry.callsPerS)) * US_PER_S);
    const sample = runEgress(entry.scenario, options.seed, layout, untilUs);
    events += sample.sim.events;
    return { ...entry, sample, untilUs };
  });

  // The idle sample, read at every moment another sample was read.
  const times = [...populationSamples.flatMap(({ sample }) => [sample.stopUs, sample.endUs]), ...egressSamples.map((e) => e.untilUs), STEP_US];
  const idleAt = runIdle(idleSim, layout, times);
  events += idleAt.events;
  const lastUs = Math.max(...times);
  const without = (v: Float64Array, atUs: number) => addScaled(v, idleAt.vectors.get(atUs)!, -1);

  const populations = populationSamples.map(({ population, arrivalS, sample }): PopulationCalibration => {
    const n = Math.max(1, sample.opened);
    const perConnection = without(sample.endVector, sample.endUs).map((x) => x / n);
    const seenRate = sample.openedAtStop / arrivalS;
    // At the stop, the connections opened so far are metered but for what is still in flight.
    const pending = addScaled(perConnection.map((x) => x * sample.openedAtStop), without(sample.stopVector, sample.stopUs), -1).map((x) => (seenRate > 0 ? Math.max(0, x) / seenRate : 0));
    const ended = sample.outcomes.reduce((a, b) => a + b, 0);
    const outcomeShares: Record<string, number> = {};
    OUTCOMES.forEach((outcome, code) => {
      const count = sample.outcomes[code] ?? 0;
      if (count > 0) outcomeShares[outcome.reason] = count / ended;
    });
    const counts = sample.perSecondRequests;
    const mean = counts.reduce((a, b) => a + b, 0) / Math.max(1, counts.length);
    const variance = counts.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, counts.length - 1);
    return {
      id: population.id,
      arrivalS,
      sampleS: sample.endUs / US_PER_S,
      sampledConnections: sample.opened,
      bytesPerConnection: perConnection,
      pendingBytesPerRate: pending,
      occupancyPerRate: sample.occupancySeconds.map((s) => s / n),
      inFlightPerRate: sample.inFlightSeconds / n,
      outcomeShares,
      establishedShare: sample.sim.established / n,
      meteredRequestsPerConnection: sample.meteredRequests / n,
      requestDispersion: mean > 0 ? Math.max(1, variance / mean) : 1,
      requestsSentPerConnection: sample.sim.tengine.metrics.sent / n,
      requestsCompletedPerConnection: sample.sim.tengine.metrics.completed / n,
    };
  });

  let bytesPerS: Float64Array = idleAt.vectors.get(lastUs)!.map((x) => x / (lastUs / US_PER_S));
  const callsPerS: Record<string, number> = Object.fromEntries(EGRESS_PATHS.map((name) => [name, 0]));
  const natSessionsPerS = scenario.egress.natGateways.map(() => 0);
  const natOpenSessions = scenario.egress.natGateways.map(() => 0);
  let routed = 0;
  let completed = 0;
  let sampledCalls = 0;
  let sampleS = 0;
  for (const { sample, untilUs, callsPerS: rate } of egressSamples) {
    const calls = Math.max(1, sample.calls);
    sampledCalls += sample.calls;
    sampleS += untilUs / US_PER_S;
    bytesPerS = addScaled(bytesPerS, without(sample.vector, untilUs), rate / calls);
    EGRESS_PATHS.forEach((name, i) => (callsPerS[name]! += (rate * sample.byPath[i]!) / calls));
    sample.natCalls.forEach((natCalls, j) => {
      natSessionsPerS[j]! += (rate * natCalls) / calls;
      natOpenSessions[j]! += (rate * sample.natOpenSeconds[j]!) / calls;
    });
    routed += (rate * (sample.calls - sample.byPath[0]!)) / calls;
    completed += (rate * sample.completed) / calls;
  }
  return {
    seed: options.seed,
    events,
    populations,
    background: { bytesPerS, callsPerS, completedShare: routed > 0 ? Math.min(1, completed / routed) : 1, natSessionsPerS, natOpenSessions, sampledCalls, sampleS },
    notes,
    layout,
  };
}

/** The population at its flat rate for `arrivalS` seconds: no daily profile or cap (the flow model applies those); a ramp at its mean rate. */
function flatten(population: ClientPopulation, arrivalS: number): ClientPopulation {
  const { dailyProfile: _profile, weekendFactor: _weekend, maxConnections: _max, ...arrival } = population.arrival;
  const flat = arrival.type === 'ramp' ? { ...arrival, type: 'poisson' as const, connectionsPerSecond: flatRate(population) } : arrival;
  return { ...population, arrival: { ...flat, stopAfterSeconds: arrivalS } };
}

/** Connections per second of the population's flat sample (a ramp: the mean of its two rates). */
export function flatRate(population: ClientPopulation): number {
  const a = population.arrival;
  if (a.type === 'burst') return a.burstSize / a.burstEverySeconds;
  if (a.type === 'ramp') return (a.connectionsPerSecond + (a.rampToPerSecond ?? a.connectionsPerSecond)) / 2;
  return a.connectionsPerSecond;
}

function runPopulation(scenario: Scenario, seed: number, layout: MeterLayout, stopUs: number) {
  const sim = new Simulation(scenario, { seed });
  const layer7 = scenario.listeners.some((l) => l.ListenerProtocol === 'http' || l.ListenerProtocol === 'https');
  // Layer 4 meters one request per connection, when it first reaches a backend; layer 7 each request at Tengine.
  const metered = (): number => (layer7 ? sum(sim.tengine.requests) : sum(sim.servers.accepted));
  const inFlight = (): number => sim.conns.opened - sum(sim.outcomeCounts) + (sim.outcomeCounts[0] as number);
  const instanceOf = layout.loadBalancerIds.map((id) => sim.instances.ids.indexOf(id));
  const open = (): number[] => instanceOf.map((i) => (i >= 0 ? (sim.instances.concurrent[i] as number) : 0));
  const occupancySeconds = layout.loadBalancerIds.map(() => 0);
  let inFlightSeconds = 0;
  const perSecondRequests: number[] = [];
  let lastRequests = 0;
  let stopVector: Float64Array | undefined;
  let openedAtStop = 0;
  let t = 0;
  let drained = false;
  while (t < stopUs + DRAIN_CAP_US) {
    t += STEP_US;
    sim.runUntil(t);
    open().forEach((n, lb) => (occupancySeconds[lb]! += (n * STEP_US) / US_PER_S));
    inFlightSeconds += (inFlight() * STEP_US) / US_PER_S;
    if (t % US_PER_S === 0 && t <= stopUs) {
      const now = metered();
      // Steady arrivals only: the first quarter warms up.
      if (t > stopUs / 4) perSecondRequests.push(now - lastRequests);
      lastRequests = now;
    }
    if (t === stopUs) {
      stopVector = meterVector(layout, sim.meters.snapshot(t));
      openedAtStop = sim.conns.opened;
    }
    if (t >= stopUs && inFlight() === 0 && open().every((n) => n === 0)) {
      drained = true;
      break;
    }
  }
  return {
    sim,
    stopUs,
    endUs: t,
    drained,
    stopVector: stopVector ?? meterVector(layout, sim.meters.snapshot(t)),
    openedAtStop,
    endVector: meterVector(layout, sim.meters.snapshot(t)),
    opened: sim.conns.opened,
    occupancySeconds,
    inFlightSeconds,
    perSecondRequests,
    meteredRequests: metered(),
    outcomes: [...sim.outcomeCounts].map((n, code) => (OUTCOMES[code]?.category === 'inFlight' ? 0 : n)),
  };
}

function runEgress(scenario: Scenario, seed: number, layout: MeterLayout, untilUs: number) {
  const sim = new Simulation(scenario, { seed });
  sim.runUntil(untilUs);
  const egress = sim.egress;
  const natCalls = scenario.egress.natGateways.map(() => 0);
  const natOpenSeconds = scenario.egress.natGateways.map(() => 0);
  egress.flows.forEach((flow) => {
    const node = flow.kind === 'inbound' ? flow.viaNode : egress.pathOf(flow.backend).node;
    const topologyNode = node >= 0 ? sim.topology.nodes[node] : undefined;
    if (topologyNode?.kind !== 'nat') return;
    natCalls[topologyNode.index]! += flow.calls;
    // A NAT session is open at least while the remote side works on the call (network time ignored).
    natOpenSeconds[topologyNode.index]! += (flow.calls * flow.remoteServiceMs) / 1000;
  });
  return { sim, vector: meterVector(layout, sim.meters.snapshot(untilUs)), calls: egress.calls.opened, completed: egress.calls.completed, byPath: [...egress.calls.byPath], natCalls, natOpenSeconds };
}

function runIdle(sim: Simulation, layout: MeterLayout, times: readonly number[]): { vectors: Map<number, Float64Array>; events: number } {
  const vectors = new Map<number, Float64Array>();
  for (const t of [...new Set(times)].sort((a, b) => a - b)) {
    sim.runUntil(t);
    vectors.set(t, meterVector(layout, sim.meters.snapshot(t)));
  }
  return { vectors, events: sim.events };
}

function sum(values: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i] as number;
  return total;
}
