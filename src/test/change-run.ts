import { alignScenarios, type AlignedRun } from '../engine/config/align';
import { PacketType } from '../engine/core/kinds';
import type { HopRecorder } from '../engine/hops';
import { JourneyLog } from '../engine/journal';
import { Simulation } from '../engine/simulation';
import { attached, oneLoadBalancer, type OneLoadBalancerInput } from '../scenario/examples/shared';
import { toScenarioFile } from '../scenario/load-balancers';
import type { Scenario, ScenarioInput } from '../scenario/schema';
import { parseScenario } from '../scenario/validate';
import { US_PER_S } from '../shared/units';

/** One packet hop as a test reads it: node keys instead of ids. */
export interface SeenHop {
  from: string;
  to: string;
  departUs: number;
  type: number;
  listener: number;
  /** The connection's serial (0 for probes and egress). */
  serial: number;
}

/** Per connection, where LVS sent its first SYN and when: the scheduling decision for a new connection. */
export function firstSyns(hops: readonly SeenHop[]): { server: string; atUs: number }[] {
  const seen = new Map<number, { server: string; atUs: number }>();
  for (const h of hops) {
    if (h.type !== PacketType.Syn || !h.from.startsWith('lvs-') || !h.to.startsWith('ecs:') || seen.has(h.serial)) continue;
    seen.set(h.serial, { server: h.to.slice(4), atUs: h.departUs });
  }
  return [...seen.values()];
}

/** Keeps every hop (tests only: memory grows with the run). */
export class HopLog implements HopRecorder {
  readonly hops: { from: number; to: number; departUs: number; type: number; listener: number; serial: number }[] = [];

  hop(from: number, to: number, departUs: number, _arriveUs: number, type: number, serial: number, listener: number): void {
    this.hops.push({ from, to, departUs, type, listener, serial });
  }

  decoded(sim: Simulation): SeenHop[] {
    return this.hops.map((h) => ({ ...h, from: sim.topology.nodes[h.from]!.key, to: sim.topology.nodes[h.to]!.key }));
  }
}

export interface ChangeRunOptions {
  seed?: number;
  journal?: boolean;
  hops?: boolean;
}

/**
 * A run with live configuration changes, driven as the host drives it: the initial scenario and
 * (time, scenario) changes are aligned once; `runUntil` processes every event at times ≤ each
 * change's time, applies it, and goes on.
 */
export class ChangeRun {
  readonly aligned: AlignedRun;
  readonly sim: Simulation;
  readonly journal: JourneyLog | undefined;
  readonly hopLog: HopLog | undefined;
  private readonly times: number[];
  private next = 1;

  /** Scenarios are inputs (files) or parsed ones (the API's committed states, flat in memory). */
  constructor(initial: ScenarioInput | Scenario, changes: readonly (readonly [atS: number, scenario: ScenarioInput | Scenario])[], options: ChangeRunOptions = {}) {
    this.aligned = alignScenarios([initial, ...changes.map(([, s]) => s)].map((s) => parseScenario(asFile(s))));
    this.times = [0, ...changes.map(([atS]) => Math.round(atS * US_PER_S))];
    this.journal = options.journal ? new JourneyLog() : undefined;
    this.hopLog = options.hops ? new HopLog() : undefined;
    this.sim = new Simulation(this.aligned.base, {
      config: this.aligned.steps[0]!,
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      ...(this.journal ? { journal: this.journal } : {}),
      ...(this.hopLog ? { recorder: this.hopLog } : {}),
    });
  }

  /** Runs to `seconds`, applying every change due by then at its own time. */
  runUntil(seconds: number): this {
    const untilUs = Math.round(seconds * US_PER_S);
    runWithChanges(this.sim, this.aligned, this.times, this.next, untilUs);
    while (this.next < this.times.length && (this.times[this.next] as number) <= untilUs) this.next++;
    return this;
  }

  hops(): SeenHop[] {
    return this.hopLog?.decoded(this.sim) ?? [];
  }
}

/** Applies steps from index `from` whose time is ≤ untilUs (each after runUntil(its time)), then runs to untilUs. */
export function runWithChanges(sim: Simulation, aligned: AlignedRun, times: readonly number[], from: number, untilUs: number): void {
  for (let i = from; i < times.length && (times[i] as number) <= untilUs; i++) {
    sim.runUntil(times[i] as number);
    sim.reconfigure(aligned.steps[i]!);
  }
  sim.runUntil(untilUs);
}

/**
 * A small TCP scenario: one load balancer with one listener on port 80 and two backends, one
 * steady population. `overrides` replace its parts, written flat as `oneLoadBalancer` takes them.
 */
export function tcpScenario(overrides: Partial<OneLoadBalancerInput> = {}): ScenarioInput {
  return oneLoadBalancer({
    cluster: { lvsNodes: 2 },
    listeners: [{ ListenerPort: 80, HealthCheckInterval: 1, HealthCheckConnectTimeout: 1, HealthyThreshold: 2, UnhealthyThreshold: 2 }],
    ...attached([
      { ServerId: 'i-a1', PrivateIp: '10.0.0.1', Weight: 100 },
      { ServerId: 'i-b2', PrivateIp: '10.0.0.2', Weight: 100 },
    ]),
    clients: [{ id: 'web', ListenerPort: 80, clientIps: 500, arrival: { type: 'constant', connectionsPerSecond: 100 } }],
    ...overrides,
  });
}

/** A parsed scenario (its listeners flat at the top) as a file; an input as it is. */
function asFile(scenario: ScenarioInput | Scenario): unknown {
  return Array.isArray((scenario as Partial<Scenario>).listeners) ? toScenarioFile(scenario as Scenario) : scenario;
}
