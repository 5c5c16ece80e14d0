import { attached, oneLoadBalancer } from '../../scenario/examples/shared';
import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../../scenario/schema';
import { parseScenario } from '../../scenario/validate';
import { US_PER_S } from '../../shared/units';
import { entries, outcomeOf, run } from '../../test/engine-harness';
import { checkInvariants } from '../invariants';
import { Simulation } from '../simulation';
import { formatCid, quicConnectionId } from './quic';

const FLOWS = 120;

/**
 * UDP flows of 10 datagrams, 100 ms apart, whose client address and port change after the 5th,
 * through 4 LVS nodes (ECMP modulo) to 4 equal backends.
 */
function rebinding(scheduler: 'qch' | 'tch' | 'sch' | 'wrr', clientIps = 1000, change: number | null = 5): ScenarioInput {
  return oneLoadBalancer({
    cluster: { lvsNodes: 4 },
    listeners: [{ ListenerProtocol: 'udp', ListenerPort: 443, Scheduler: scheduler, HealthCheck: 'off' }],
    ...attached([1, 2, 3, 4].map((n) => ({ ServerId: `i-b${n}`, PrivateIp: `10.0.0.${n}` }))),
    clients: [
      {
        ListenerPort: 443,
        clientIps,
        arrival: { type: 'constant', connectionsPerSecond: 40, maxConnections: FLOWS },
        datagrams: 10,
        datagramIntervalMs: 100,
        ...(change === null ? {} : { addressChangeAfterDatagrams: change }),
      },
    ],
  });
}

/** Per flow, the backends it was scheduled to, in order (one entry per scheduling). */
function placements(input: ScenarioInput): { backends: string[][]; run: ReturnType<typeof run> } {
  const result = run(input, 10);
  const backends: string[][] = [];
  for (let serial = 1; serial <= FLOWS; serial++) backends.push(entries(result.journal, serial, 'schedule').map((e) => /chose (\S+):/.exec(e.reason)![1]!));
  return { backends, run: result };
}

/** Share of flows whose backend after the address change differs from the one before. */
function movedShare(backends: string[][]): number {
  return backends.filter((b) => b[0] !== b[1]).length / backends.length;
}

describe('UDP client address change (NAT rebinding) and qch (DOMAIN §2.2, §2.3)', () => {
  it('the change is a new table key: the old entries go, the next datagram is re-hashed and scheduled afresh, the books balance', () => {
    const { backends, run: r } = placements(rebinding('tch'));
    // Every flow was scheduled exactly twice: at its first datagram and at the first one after the change.
    expect(backends.every((b) => b.length === 2)).toBe(true);
    expect(r.report.connections.completed).toBe(FLOWS);
    expect(r.report.invariants.violations).toEqual([]);
    const change = entries(r.journal, 1, 'address change');
    expect(change).toHaveLength(1);
    const open = entries(r.journal, 1, 'open')[0]!.reason;
    const [, oldClient] = /^client (\S+) →/.exec(open)!;
    const cid = formatCid(quicConnectionId(r.sim.seed, 1));
    expect(open).toContain(`QUIC CID ${cid}`);
    expect(change[0]!.reason).toMatch(new RegExp(`^client ${oldClient!.replace(/\./g, '\\.')} becomes \\S+ after 5 datagrams; QUIC CID ${cid} unchanged; a new LVS table key; the old key's entries on LVS-\\d.* are dropped$`));
    // The second scheduling happened after the change, keyed on the new 4-tuple.
    const [newClient] = /becomes (\S+)/.exec(change[0]!.reason)!.slice(1);
    const schedules = entries(r.journal, 1, 'schedule');
    expect(schedules[1]!.timeUs).toBeGreaterThan(change[0]!.timeUs);
    expect(schedules[1]!.reason).toContain(`4-tuple ${newClient} → 47.100.10.10:443`);
    expect(schedules[0]!.reason).toContain(`4-tuple ${oldClient} → 47.100.10.10:443`);
    expect(newClient).not.toBe(oldClient);
  });

  it('qch keeps every flow on its backend across the change; tch and sch move most of them', () => {
    const qch = placements(rebinding('qch'));
    expect(qch.backends.every((b) => b.length === 2)).toBe(true);
    expect(movedShare(qch.backends)).toBe(0);
    // qch keys on the CID the flow opened with.
    expect(entries(qch.run.journal, 7, 'schedule')[0]!.reason).toContain(`QUIC CID ${formatCid(quicConnectionId(qch.run.sim.seed, 7))}`);
    // With 4 equal backends a re-hash lands elsewhere 3 times in 4.
    const tch = movedShare(placements(rebinding('tch')).backends);
    const sch = movedShare(placements(rebinding('sch')).backends);
    expect(tch).toBeGreaterThan(0.55);
    expect(sch).toBeGreaterThan(0.55);
    // And qch spreads flows over all backends (it is not pinning everything to one).
    expect(new Set(qch.backends.map((b) => b[0])).size).toBe(4);
  });

  it('with a single client address only the port changes: sch keeps the flow, tch still moves it', () => {
    expect(movedShare(placements(rebinding('sch', 1)).backends)).toBe(0);
    expect(movedShare(placements(rebinding('tch', 1)).backends)).toBeGreaterThan(0.55);
  });

  it('without addressChangeAfterDatagrams a flow keeps its address and is scheduled once', () => {
    const { backends, run: r } = placements(rebinding('tch', 1000, null));
    expect(backends.every((b) => b.length === 1)).toBe(true);
    expect(r.journal.entries.filter((e) => e.event === 'address change')).toEqual([]);
  });

  it('the books balance throughout, with sync batching, a node crash and FULLNAT ports re-claimed', () => {
    const input = rebinding('qch', 50, 3);
    input.faults = [{ atS: 1.5, action: 'crash', target: 'lvs-2' }];
    const sim = new Simulation(parseScenario(input), { seed: 3 });
    for (let t = 0.25; t <= 12; t += 0.25) {
      sim.runUntil(t * US_PER_S);
      expect(checkInvariants(sim), `at ${t} s`).toEqual([]);
    }
    const report = sim.report();
    expect(report.connections.opened).toBe(FLOWS);
    expect(report.invariants.ok).toBe(true);
  });

  it('connection ids: deterministic per (seed, serial), never 0, distinct across flows and seeds', () => {
    const ids = new Set<number>();
    for (let serial = 1; serial <= 10_000; serial++) {
      const cid = quicConnectionId(7, serial);
      expect(cid).not.toBe(0);
      expect(cid).toBe(quicConnectionId(7, serial));
      ids.add(cid);
    }
    expect(ids.size).toBeGreaterThan(9_990);
    expect(quicConnectionId(8, 1)).not.toBe(quicConnectionId(7, 1));
    expect(formatCid(0x1a2b)).toBe('0x00001a2b');
  });

  it('TCP flows carry no connection id; a qch TCP listener is refused by the engine', () => {
    const tcp = run(
      oneLoadBalancer({
        cluster: { lvsNodes: 1 },
        listeners: [{ ListenerPort: 80, Scheduler: 'tch', HealthCheck: 'off' }],
        ...attached([{ ServerId: 'i-b1', PrivateIp: '10.0.0.1' }]),
        clients: [{ ListenerPort: 80, arrival: { type: 'constant', connectionsPerSecond: 1, maxConnections: 1 } }],
      }),
      2,
    );
    expect(outcomeOf(tcp.journal, 1)).toBe('completed');
    expect(entries(tcp.journal, 1, 'open')[0]!.reason).not.toContain('CID');
    // Validation refuses qch on TCP; the engine refuses it too if handed such a scenario.
    const scenario = parseScenario(rebinding('qch'));
    const tcpQch = { ...scenario, listeners: scenario.listeners.map((l) => ({ ...l, ListenerProtocol: 'tcp' as const })) };
    expect(() => new Simulation(tcpQch)).toThrow(/qch .*needs a UDP listener/);
  });
});
