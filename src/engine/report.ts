import { toScenarioFile, type ScenarioFileOf } from '../scenario/load-balancers';
import { checkInvariants } from './invariants';
import { OUTCOMES, type OutcomeCategory } from './metrics/outcomes';
import type { Simulation } from './simulation';
import type { Bill } from './billing/bill';
import type { Scenario } from '../scenario/schema';
import { EGRESS_PATH_NAMES } from './egress/egress';
import type { LatencyHistogram } from './metrics/latency';
import { NO_RESPONSE } from './tengine/l7-metrics';
import { TLS_FAILURES } from './tengine/tls';
import { bandwidthReport, type BandwidthReport } from './net/bandwidth';
import type { FailoverReport } from './faults/failover-report';

export interface SimulationReport {
  seed: number;
  scenario: string;
  simulatedSeconds: number;
  wallSeconds: number;
  events: number;
  eventsPerWallSecond: number;
  traceHash: string;
  connections: {
    opened: number;
    established: number;
    completed: number;
    reset: number;
    refused: number;
    dropped: number;
    timedOut: number;
    inFlight: number;
    byOutcome: Record<string, number>;
  };
  lvs: { id: string; state: 'up' | 'down'; announced: boolean; flows: number; active: number; inactive: number; syncSent: number; syncReceived: number; syncLost: number; syncMessagesSent: number; syncMessagesLost: number; resets: number; drops: number }[];
  /**
   * `connections` / `open`: layer-4 connections the backend accepted / holds; `requests`: requests it
   * answered (layer 4: each connection's requests; layer 7: those Tengine sent it);
   * `upstreamConnections`: Tengine's connections to it, busy and pooled (layer 7).
   */
  backends: { id: string; connections: number; open: number; requests: number; upstreamConnections: number; bytesIn: number; bytesOut: number; health: Record<string, string>; condition: string; weight: number }[];
  /** Per load-balancer instance (every one of the run, in the base's order): its spec and what its limits dropped. */
  instances: { LoadBalancerId: string; spec: string; InstanceDropConnection: number; droppedSyns: number; peakConnections: number }[];
  /** Connections reset because an LVS node had no FULLNAT local port left (the cluster's, not an instance's). */
  portExhausted: number;
  /**
   * Per listener with access control on, or with denials earlier in the run: `deniedConnections`
   * had a packet dropped by the ACL (counted once), `deniedPackets` counts every dropped SYN or
   * datagram (retransmissions too).
   */
  accessControl: { listener: string; AclStatus: 'on' | 'off'; AclType: string | undefined; AclId: string | undefined; deniedConnections: number; deniedPackets: number }[];
  /** Per fault applied (clearing actions close their fault): what it did (docs/LAYER4.md, "Failover report"). */
  faults: FailoverReport[];
  egress: { calls: number; completed: number; noRoute: number; byPath: Record<string, number> };
  /** HTTP/HTTPS requests (layer 7): every request sent ends with one status (`none`: no response) or is in flight. */
  requests: { sent: number; completed: number; inFlight: number; byStatus: Record<string, number>; latencyMs: Percentiles; byRule: Record<string, number> };
  tls: { fullHandshakes: number; resumedHandshakes: number; failedHandshakes: Record<string, number> };
  keyServer: { requests: number; errors: number; latencyMs: Percentiles };
  tengine: { id: string; state: 'up' | 'down'; requests: number; connections: number; upstreamConnections: number; markedDown: number }[];
  /** Bandwidth caps: per listener and direction, what its limiter let through, delayed and dropped. */
  bandwidth: BandwidthReport;
  billing: Bill;
  invariants: { ok: boolean; violations: string[] };
  /**
   * The scenario the engine ran: after `--set`, with every default applied, and `seed` set to the
   * seed actually used (so `--seed` shows too). Feeding it back as a scenario file replays the run.
   */
  /** The scenario run, as a file (load balancers nested): saved, it replays the run. */
  scenarioEffective: ScenarioFileOf<Scenario>;
}

export type ConnectionCounts = SimulationReport['connections'];
export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
}

function percentiles(histogram: LatencyHistogram): Percentiles {
  const ms = (p: number): number => Math.round(histogram.percentileUs(p)) / 1000;
  return { p50: ms(50), p95: ms(95), p99: ms(99) };
}

/** The layer-7 part of the report (zeros and empty lists for layer-4 scenarios). */
export function layer7Report(sim: Simulation): Pick<SimulationReport, 'requests' | 'tls' | 'keyServer' | 'tengine'> {
  const t = sim.tengine;
  const m = t.metrics;
  const byStatus: Record<string, number> = {};
  m.byStatus.forEach((count, status) => {
    if (count > 0) byStatus[status === NO_RESPONSE ? 'none' : String(status)] = count;
  });
  const failedHandshakes: Record<string, number> = {};
  TLS_FAILURES.forEach((reason, i) => {
    if ((m.failedHandshakes[i] as number) > 0) failedHandshakes[reason] = m.failedHandshakes[i] as number;
  });
  const ks = t.keyServers;
  return {
    requests: { sent: m.sent, completed: m.completed, inFlight: t.reqs.live, byStatus, latencyMs: percentiles(m.latency), byRule: Object.fromEntries(m.byRule) },
    tls: { fullHandshakes: m.fullHandshakes, resumedHandshakes: m.resumedHandshakes, failedHandshakes },
    keyServer: { requests: ks.requests.reduce((a, b) => a + b, 0), errors: ks.errors.reduce((a, b) => a + b, 0), latencyMs: percentiles(ks.latency) },
    tengine: t.routing.some((r) => r !== undefined)
      ? sim.topology.byKind.tengine.map((node, i) => ({
          id: sim.topology.nodes[node]!.key,
          state: t.up[i] === 1 ? ('up' as const) : ('down' as const),
          requests: t.requests[i] as number,
          connections: t.clientConnections[i] as number,
          upstreamConnections: t.upstreamConnections(i),
          markedDown: t.markedDown(i),
        }))
      : [],
  };
}

/** Connection counters by category and outcome; cheap enough to send with every UI frame. */
export function connectionCounts(sim: Simulation): ConnectionCounts {
  const byOutcome: Record<string, number> = {};
  const categories: Record<OutcomeCategory, number> = { inFlight: 0, completed: 0, reset: 0, refused: 0, dropped: 0, timedOut: 0 };
  let ended = 0;
  OUTCOMES.forEach((outcome, code) => {
    const count = sim.outcomeCounts[code] as number;
    if (count > 0) byOutcome[outcome.reason] = count;
    categories[outcome.category] += count;
    ended += count;
  });
  return {
    opened: sim.conns.opened,
    established: sim.established,
    completed: categories.completed,
    reset: categories.reset,
    refused: categories.refused,
    dropped: categories.dropped,
    timedOut: categories.timedOut,
    inFlight: sim.conns.opened - ended,
    byOutcome,
  };
}

/** The run's report: the CLI prints it; tests and the UI read it. */
export function buildReport(sim: Simulation, wallSeconds: number): SimulationReport {
  const violations = checkInvariants(sim);
  const lvs = sim.lvs;
  const several = sim.instances.count > 1;
  return {
    seed: sim.seed,
    scenario: sim.scenario.name,
    simulatedSeconds: sim.simulatedSeconds,
    wallSeconds,
    events: sim.events,
    eventsPerWallSecond: wallSeconds > 0 ? Math.round(sim.events / wallSeconds) : 0,
    traceHash: sim.traceHash,
    connections: connectionCounts(sim),
    lvs: lvs.ids.map((node, i) => ({
      id: sim.topology.nodes[node]!.key,
      state: lvs.up[i] === 1 ? 'up' : 'down',
      announced: lvs.ecmp.isAnnounced(node),
      flows: lvs.flows[i] as number,
      active: lvs.activeOn(i),
      inactive: lvs.inactiveOn(i),
      syncSent: sim.sync.sent[i] as number,
      syncReceived: sim.sync.received[i] as number,
      syncLost: sim.sync.recordsLost[i] as number,
      syncMessagesSent: sim.sync.messagesSent[i] as number,
      syncMessagesLost: sim.sync.messagesLost[i] as number,
      resets: lvs.resets[i] as number,
      drops: lvs.drops[i] as number,
    })),
    backends: sim.scenario.ecsInstances.map((server, b) => ({
      id: server.ServerId,
      connections: sim.servers.accepted[b] as number,
      open: sim.servers.open[b] as number,
      requests: sim.servers.requests[b] as number,
      upstreamConnections: sim.tengine.upstreamTo(b),
      bytesIn: sim.servers.bytesIn[b] as number,
      bytesOut: sim.servers.bytesOut[b] as number,
      // Keyed by port; with several instances by `LoadBalancerId:port`.
      health: Object.fromEntries(sim.scenario.listeners.map((l, li) => [several ? `${l.LoadBalancerId}:${l.ListenerPort}` : String(l.ListenerPort), sim.health.statusName(li, b)])),
      ...defaultGroupState(sim, b),
    })),
    instances: sim.instances.ids.map((id, i) => ({
      LoadBalancerId: id,
      spec: sim.instances.specs[i]!,
      InstanceDropConnection: sim.instances.instanceDrops[i] as number,
      droppedSyns: sim.instances.droppedSyns[i] as number,
      peakConnections: sim.instances.peakConcurrent[i] as number,
    })),
    portExhausted: lvs.portExhausted,
    accessControl: sim.scenario.listeners.flatMap((l, li) =>
      l.AclStatus === 'on' || (lvs.acl.deniedPackets[li] as number) > 0
        ? [{ listener: `${l.ListenerProtocol}:${l.ListenerPort}`, AclStatus: l.AclStatus, AclType: l.AclType, AclId: l.AclId, deniedConnections: lvs.acl.deniedConnections[li] as number, deniedPackets: lvs.acl.deniedPackets[li] as number }]
        : [],
    ),
    faults: sim.failover.report(),
    egress: {
      calls: sim.egress.calls.opened,
      completed: sim.egress.calls.completed,
      noRoute: sim.egress.calls.noRoute,
      byPath: Object.fromEntries(EGRESS_PATH_NAMES.map((name, i) => [name, sim.egress.calls.byPath[i] as number])),
    },
    ...layer7Report(sim),
    bandwidth: bandwidthReport(sim.bandwidth, sim.scenario),
    billing: sim.bill(),
    invariants: { ok: violations.length === 0, violations },
    scenarioEffective: toScenarioFile({ ...sim.scenario, seed: sim.seed }),
  };
}

/**
 * A backend's place in the default server groups: `removed` when no instance holds it (or every
 * one removed it), else its condition; its weight in the first instance that holds it.
 */
function defaultGroupState(sim: Simulation, b: number): { condition: string; weight: number } {
  const { servers, instances } = sim;
  for (let i = 0; i < instances.count; i++) {
    const slot = servers.instanceSlot(i, b);
    if (servers.removed[slot] === 0) return { condition: servers.conditionName(b), weight: servers.weight[slot] as number };
  }
  return { condition: 'removed', weight: servers.weight[servers.instanceSlot(0, b)] as number };
}
