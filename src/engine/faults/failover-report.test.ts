import { describe, expect, it } from 'vitest';
import { attached, oneLoadBalancer } from '../../scenario/examples/shared';
import type { ScenarioInput } from '../../scenario/schema';
import { parseScenario } from '../../scenario/validate';
import { JourneyLog } from '../journal';
import { Simulation } from '../simulation';
import { ClientPhase } from '../traffic/connection-table';
import { outcomeOf } from '../../test/engine-harness';
import { US_PER_S } from '../../shared/units';

const CRASH_S = 1.5;
const WITHDRAWAL_S = 0.5;

/**
 * Two LVS nodes (modulo ECMP: when one leaves, only its flows move), no sync batching, and
 * connections opened 20 ms apart, each sending its client packets well apart (SYN, ACK, request
 * 10 ms later, ACK, a second request after 300 ms of think time…), so a crash at 1.5 s catches
 * them at every packet count.
 */
function scenario(faults: ScenarioInput['faults']): ScenarioInput {
  return oneLoadBalancer({
    cluster: { lvsNodes: 2, ecmpMode: 'modulo', withdrawalDelayS: WITHDRAWAL_S, sync: { batching: false } },
    listeners: [{ ListenerPort: 80, HealthCheck: 'off' }],
    ...attached([{ ServerId: 'i-a1', PrivateIp: '10.0.0.1', serviceTimeDistribution: 'constant', serviceTimeMs: 10 }]),
    clients: [
      {
        ListenerPort: 80,
        clientIps: 50,
        arrival: { type: 'constant', connectionsPerSecond: 100, maxConnections: 300 },
        requestBytes: 100,
        responseBytes: 100,
        exchanges: 3,
        thinkTimeMs: 300,
        requestDelayMs: 40,
      },
    ],
    faults,
  });
}

interface AtCrash {
  serial: number;
  packets: number;
  /** The other node held a session for it (the sync reached it). */
  syncedElsewhere: boolean;
  phase: number;
}

/** Runs to just before the crash, notes the connections open on lvs-1, then runs to the end. */
function runWithCrash(faults: ScenarioInput['faults']) {
  const journal = new JourneyLog();
  const sim = new Simulation(parseScenario(scenario(faults)), { journal });
  sim.runUntil(CRASH_S * US_PER_S - 1);
  const c = sim.conns;
  const lvs1 = sim.lvs.ids[0]!;
  const onNode: AtCrash[] = [];
  for (let conn = 0; conn < c.slots; conn++) {
    if (c.serial[conn] === 0 || c.phase[conn] === ClientPhase.Done || c.lvsNode[conn] !== lvs1) continue;
    onNode.push({ serial: c.serial[conn] as number, packets: c.clientPackets[conn] as number, syncedElsewhere: ((c.sessions[conn] as number) & 2) !== 0, phase: c.phase[conn] as number });
  }
  sim.runUntil(20 * US_PER_S);
  const report = sim.report();
  return { sim, journal, report, onNode, fault: report.faults.find((f) => f.action === 'crash' || f.action === 'upgrade')! };
}

const FAILOVER = ['failover_handshake', 'failover_unsynced', 'synced_session_expired', 'route_blackhole'];

/** The connections the crash touched, from per-connection state: open on lvs-1, or broken by a failover. */
function touched(journal: JourneyLog, opened: number, onNode: AtCrash[]): Map<number, string> {
  const out = new Map<number, string>();
  for (const { serial } of onNode) out.set(serial, outcomeOf(journal, serial));
  for (let serial = 1; serial <= opened; serial++) {
    const outcome = outcomeOf(journal, serial);
    if (FAILOVER.includes(outcome)) out.set(serial, outcome);
  }
  return out;
}

function byOutcome(outcomes: Iterable<string>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of outcomes) if (o !== 'completed') counts[o] = (counts[o] ?? 0) + 1;
  return counts;
}

describe('failover report of an LVS crash (issue 12, must hold)', () => {
  it('exactly the connections past the sync point survive; the counts equal per-connection outcomes', () => {
    const { journal, report, onNode, fault } = runWithCrash([{ atS: CRASH_S, action: 'crash', target: 'lvs-1' }]);
    expect(report.invariants.violations).toEqual([]);
    // The crash caught connections at every stage.
    expect(onNode.some((x) => x.packets < 3)).toBe(true);
    expect(onNode.some((x) => x.packets >= 3)).toBe(true);
    // Those still to send through LVS (not closing): past the sync point (3 client packets, the
    // record delivered to the other node) ⇔ survived.
    const moving = onNode.filter((x) => x.phase < ClientPhase.Closing);
    const survivors = moving.filter((x) => outcomeOf(journal, x.serial) === 'completed').map((x) => x.serial);
    expect(survivors).toEqual(moving.filter((x) => x.syncedElsewhere).map((x) => x.serial));
    for (const x of moving.filter((y) => y.syncedElsewhere)) expect(x.packets).toBeGreaterThanOrEqual(3);
    expect(moving.some((x) => x.packets >= 3 && !x.syncedElsewhere)).toBe(true); // a record still on its way breaks too
    const closing = onNode.filter((x) => x.phase === ClientPhase.Closing && outcomeOf(journal, x.serial) === 'completed');
    expect(fault.survived).toBe(survivors.length + closing.length);
    expect(fault.survived).toBeGreaterThan(0);
    const all = touched(journal, report.connections.opened, onNode);
    expect(fault.affected).toEqual(byOutcome(all.values()));
    expect(Object.values(fault.affected).reduce((a, b) => a + b, 0) + fault.survived).toBe(all.size);
    // Examples are real connections with that outcome.
    for (const [outcome, serials] of Object.entries(fault.examples)) {
      expect(serials.length).toBeLessThanOrEqual(5);
      for (const serial of serials) expect(outcomeOf(journal, serial)).toBe(outcome);
    }
  });

  it('with the sync link partitioned, none of the moved connections survive', () => {
    const { journal, report, onNode, fault } = runWithCrash([
      { atS: 0, action: 'partition-sync' },
      { atS: CRASH_S, action: 'crash', target: 'lvs-1' },
    ]);
    expect(onNode.length).toBeGreaterThan(0);
    const moving = onNode.filter((x) => x.phase < ClientPhase.Closing);
    expect(moving.some((x) => x.packets >= 3)).toBe(true);
    expect(moving.filter((x) => outcomeOf(journal, x.serial) === 'completed')).toEqual([]);
    // Only connections already closing (nothing left to send through LVS) complete.
    expect(fault.survived).toBe(onNode.filter((x) => x.phase === ClientPhase.Closing).length);
    const all = touched(journal, report.connections.opened, onNode);
    expect(fault.affected).toEqual(byOutcome(all.values()));
    expect(fault.affected.failover_unsynced).toBeGreaterThan(0);
    const partition = report.faults.find((f) => f.action === 'partition-sync')!;
    expect(partition.endS).toBeNull();
    expect(partition.survived).toBe(0);
  });

  it('detection is the route withdrawal delay; the fault ends with its recover; recovery after the last broken connection', () => {
    const { fault } = runWithCrash([
      { atS: CRASH_S, action: 'crash', target: 'lvs-1' },
      { atS: 10, action: 'recover', target: 'lvs-1' },
    ]);
    expect(fault.atS).toBe(CRASH_S);
    expect(fault.detectedAtS).toBeCloseTo(CRASH_S + WITHDRAWAL_S, 9);
    expect(fault.detectedBy).toBe('route-withdrawal');
    expect(fault.endS).toBe(10);
    expect(fault.recoveredAtS).not.toBeNull();
    expect(fault.recoveredAtS!).toBeGreaterThan(CRASH_S);
    expect(fault.extraCost).toBe(0);
    expect(fault.extraCostRule).toMatch(/not attributed/);
  });

  it('a hot upgrade is detected when it starts (the route is withdrawn first)', () => {
    const { fault } = runWithCrash([{ atS: CRASH_S, action: 'upgrade', target: 'lvs-1' }]);
    expect(fault.detectedAtS).toBe(CRASH_S);
    expect(fault.detectedBy).toBe('route-withdrawal');
  });
});

describe('failover report of a backend failure', () => {
  /** One backend among two, TCP health checks (interval 2 s, timeout 5 s, unhealthy after 3). */
  function backendScenario(faults: ScenarioInput['faults']): ScenarioInput {
    return oneLoadBalancer({
      cluster: { lvsNodes: 2 },
      listeners: [{ ListenerPort: 80, HealthCheck: 'on', HealthCheckInterval: 2, HealthCheckConnectTimeout: 5, UnhealthyThreshold: 3 }],
      ...attached([
        { ServerId: 'i-a1', PrivateIp: '10.0.0.1' },
        { ServerId: 'i-a2', PrivateIp: '10.0.0.2' },
      ]),
      clients: [{ ListenerPort: 80, clientIps: 100, arrival: { type: 'constant', connectionsPerSecond: 20 }, requestBytes: 100, responseBytes: 1000, exchanges: 2, thinkTimeMs: 200 }],
      faults,
    });
  }

  it('is detected by health checks Timeout×Unhealthy + Interval×(Unhealthy−1) after a fault at a round start', () => {
    // A probe round starts at 0 and every RTT + interval after; take the round at or after 4 s.
    const probe = new Simulation(parseScenario(backendScenario([])));
    const check = 0; // listener 0, backend i-a1
    const t = probe.topology;
    const rttUs = 2 * (t.latencyUs[probe.lvs.ids[0]! * t.nodes.length + probe.real.node[0]!] as number);
    const roundUs = Math.ceil((4 * US_PER_S) / (rttUs + 2 * US_PER_S)) * (rttUs + 2 * US_PER_S);
    const atS = roundUs / US_PER_S;
    const sim = new Simulation(parseScenario(backendScenario([{ atS, action: 'backend-down', target: 'i-a1' }])));
    sim.runUntil(30 * US_PER_S);
    const stuck = sim.report().faults[0]!;
    // Connections sent to it before it was marked down still retransmit into it.
    expect(stuck.affected.in_flight).toBeGreaterThan(0);
    expect(stuck.recoveredAtS).toBeNull();
    sim.runUntil(120 * US_PER_S);
    const fault = sim.report().faults[0]!;
    expect(fault.detectedBy).toBe('health-check');
    expect(fault.detectedAtS! - atS).toBeCloseTo(5 * 3 + 2 * (3 - 1), 6);
    expect(fault.detectedAtS! * US_PER_S).toBe(sim.health.changedUs[check]);
    expect(fault.affected.backend_down).toBeGreaterThan(0);
    expect(fault.affected.in_flight).toBeUndefined();
    expect(fault.endS).toBeNull();
    expect(fault.recoveredAtS).toBeGreaterThan(fault.detectedAtS!);
  });

  it('ends with backend-up', () => {
    const sim = new Simulation(parseScenario(backendScenario([{ atS: 2, action: 'backend-down', target: 'i-a1' }, { atS: 30, action: 'backend-up', target: 'i-a1' }])));
    sim.runUntil(40 * US_PER_S);
    const [fault, ...rest] = sim.report().faults;
    expect(rest).toEqual([]);
    expect(fault!.endS).toBe(30);
    expect(fault!.recoveredAtS).not.toBeNull();
  });
});

describe('failover log in checkpoints', () => {
  it('a fork taken during the fault reports the same as the original run', () => {
    const sim = new Simulation(parseScenario(scenario([{ atS: CRASH_S, action: 'crash', target: 'lvs-1' }])));
    sim.runUntil(1.8 * US_PER_S);
    const copy = sim.fork();
    sim.runUntil(20 * US_PER_S);
    copy.runUntil(20 * US_PER_S);
    expect(copy.report().faults).toEqual(sim.report().faults);
    expect(copy.traceHash).toBe(sim.traceHash);
  });
});
