import { attached, oneLoadBalancer } from '../../scenario/examples/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../../scenario/schema';
import { PacketType } from '../core/kinds';
import { decodeHops, entries, outcomeOf, run } from '../../test/engine-harness';

/**
 * One TCP connection, opened at t = 1 s, whose client packets reach the LVS layer well apart:
 * SYN (1), ACK (2), request (3, 10 ms after the handshake), ACK of the response (4), second
 * request (5, after 100 ms of think time), ACK (6), FIN (7), final ACK (8).
 */
function oneConnection(overrides: { batching?: boolean; threshold?: [number, number]; faults?: ScenarioInput['faults'] } = {}): ScenarioInput {
  return oneLoadBalancer({
    cluster: { lvsNodes: 4, ecmpMode: 'modulo', sync: { batching: overrides.batching ?? false, ...(overrides.threshold ? { threshold: overrides.threshold } : {}) } },
    listeners: [{ ListenerPort: 80, HealthCheck: 'off' }],
    ...attached([{ ServerId: 'i-a1', PrivateIp: '10.0.0.1', serviceTimeDistribution: 'constant', serviceTimeMs: 10 }]),
    clients: [
      {
        ListenerPort: 80,
        clientIps: 1,
        arrival: { type: 'constant', connectionsPerSecond: 1, maxConnections: 1 },
        requestBytes: 100,
        responseBytes: 100,
        exchanges: 2,
        thinkTimeMs: 100,
        requestDelayMs: 10,
      },
    ],
    faults: overrides.faults ?? [],
  });
}

/** When each client packet of connection 1 reached an LVS node, and which node. */
function clientPacketArrivals(input: ScenarioInput): { atUs: number; node: string; type: number }[] {
  const { sim, hops } = run(input, 10);
  return decodeHops(sim, hops)
    .filter((h) => h.conn === 1 && h.from === 'router' && h.to.startsWith('lvs-'))
    .map((h) => ({ atUs: h.arriveUs, node: h.to, type: h.type }));
}

describe('multicast session sync decides failover outcomes (DOMAIN §2.4)', () => {
  // Measured in beforeAll, not while the file is collected: a run that throws during collection
  // would make a mutation tool see no failing test.
  let arrivals: ReturnType<typeof clientPacketArrivals>;
  beforeAll(() => {
    arrivals = clientPacketArrivals(oneConnection());
  });

  it('the connection sends its client packets in the order the test relies on', () => {
    expect(arrivals.map((a) => a.type)).toEqual([
      PacketType.Syn,
      PacketType.Ack,
      PacketType.Data,
      PacketType.Ack,
      PacketType.Data,
      PacketType.Ack,
      PacketType.Fin,
      PacketType.Ack,
    ]);
    expect(new Set(arrivals.map((a) => a.node)).size).toBe(1);
  });

  it.each([
    [1, 'failover_handshake'],
    [2, 'failover_unsynced'],
    [3, 'completed'],
    [4, 'completed'],
  ])('cut over to another node after exactly %i client packets → %s (no batching delay)', (k, expected) => {
    const cutUs = (arrivals[k - 1]!.atUs + arrivals[k]!.atUs) / 2;
    const { journal, report } = run(oneConnection({ faults: [{ atS: cutUs / 1e6, action: 'upgrade', target: arrivals[0]!.node }] }), 10);
    expect(outcomeOf(journal, 1)).toBe(expected);
    expect(report.invariants.violations).toEqual([]);
    if (expected === 'completed') {
      // It continued through another node, to the same (only) backend, without a reset.
      expect(entries(journal, 1, 'session found').length).toBeGreaterThan(0);
    } else {
      expect(entries(journal, 1, 'reset')[0]?.reason).toMatch(/no session on LVS-\d/);
    }
  });

  it('a packet-count threshold that is never reached leaves data-only connections unsynced', () => {
    const cutUs = (arrivals[2]!.atUs + arrivals[3]!.atUs) / 2;
    const { journal } = run(oneConnection({ threshold: [200, 250], faults: [{ atS: cutUs / 1e6, action: 'upgrade', target: arrivals[0]!.node }] }), 10);
    expect(outcomeOf(journal, 1)).toBe('failover_unsynced');
  });

  it('a closing connection is synced at each closing state change, whatever its packet count', () => {
    const { sim, journal } = run(oneConnection({ threshold: [200, 250] }), 5);
    expect(outcomeOf(journal, 1)).toBe('completed');
    // tcp_states[] by direction: the client's FIN moves ESTABLISHED → CLOSE_WAIT (synced at once);
    // the server's FIN moves CLOSE_WAIT → TIME_WAIT, but replies never sync: the change goes out
    // with the client's final ACK, the next client packet (ip_vs_in → ip_vs_sync_conn).
    const sent = entries(journal, 1, 'sync sent').map((e) => e.reason);
    expect(sent).toEqual([
      'CLOSE_WAIT record from client packet 7 (FIN) multicast to 224.0.0.81:8848',
      'TIME_WAIT record from client packet 8 (ACK) multicast to 224.0.0.81:8848',
    ]);
    const synced = entries(journal, 1, 'synced').map((e) => e.reason.split(' ')[1]);
    expect(synced).toEqual(['CLOSE_WAIT', 'CLOSE_WAIT', 'CLOSE_WAIT', 'TIME_WAIT', 'TIME_WAIT', 'TIME_WAIT']);
    // Every node now holds the connection in TIME_WAIT.
    const states = [0, 1, 2, 3].map((i) => sim.lvs.sessions.state[sim.lvs.sessions.at(0, i)]);
    expect(states).toEqual([4, 4, 4, 4]);
  });

  it('with batching a quiet node sends a partly filled buffer only once it is 2 s old (2–3 s after the record)', () => {
    const { journal } = run(oneConnection({ batching: true }), 10);
    const sentAt = entries(journal, 1, 'sync sent')[0]!.timeUs;
    const dataAt = arrivals[2]!.atUs;
    expect(sentAt - dataAt).toBeGreaterThanOrEqual(2_000_000);
    expect(sentAt - dataAt).toBeLessThanOrEqual(3_000_000);
    // The check runs every second on the second: the buffer is sent at the first check when it is ≥ 2 s old.
    expect(sentAt % 1_000_000).toBe(0);
  });

  it('with batching, a cut after packet 3 but before the buffer leaves still breaks the connection', () => {
    const cutUs = (arrivals[2]!.atUs + arrivals[3]!.atUs) / 2;
    const { journal } = run(oneConnection({ batching: true, faults: [{ atS: cutUs / 1e6, action: 'upgrade', target: arrivals[0]!.node }] }), 10);
    expect(outcomeOf(journal, 1)).toBe('failover_unsynced');
  });

  it('a partitioned sync link loses every message, so even synced-at-3 connections break', () => {
    const cutUs = (arrivals[2]!.atUs + arrivals[3]!.atUs) / 2;
    const faults: ScenarioInput['faults'] = [
      { atS: 0, action: 'partition-sync' },
      { atS: cutUs / 1e6, action: 'upgrade', target: arrivals[0]!.node },
    ];
    const { journal, report } = run(oneConnection({ faults }), 10);
    expect(outcomeOf(journal, 1)).toBe('failover_unsynced');
    expect(report.lvs.reduce((n, l) => n + l.syncLost, 0)).toBeGreaterThan(0);
  });

  it('a crashed node blackholes its flows until the route is withdrawn; retransmissions then reach a synced node', () => {
    // Crash (not planned) after packet 3: packet 4 is lost into the dead node for the 12 s dead
    // interval; the client's retransmissions (1 s, 2 s, 4 s, 8 s) reach another node after that.
    const cutUs = (arrivals[2]!.atUs + arrivals[3]!.atUs) / 2;
    const { journal } = run(oneConnection({ faults: [{ atS: cutUs / 1e6, action: 'crash', target: arrivals[0]!.node }] }), 60);
    expect(outcomeOf(journal, 1)).toBe('completed');
    expect(entries(journal, 1, 'drop').length).toBeGreaterThan(0);
    expect(entries(journal, 1, 'retransmit').length).toBeGreaterThan(0);
  });

  it('a received session ends when the sender\'s timer does; with installTimeout "full" it gets the whole timeout on receipt', () => {
    const input = oneConnection({ batching: true });
    const after = (installTimeout: 'remaining' | 'full') => {
      // At 4.5 s the connection has closed: every node holds it in TIME_WAIT, synced with batching delay.
      const { sim, journal } = run({ ...input, cluster: { ...input.cluster, sync: { batching: true, installTimeout } } }, 4.5);
      const s = sim.lvs.sessions;
      // Connection 0's entries on the four nodes.
      const [origin, ...others] = [0, 1, 2, 3].map((i) => s.at(0, i)).sort((a, b) => (s.flags[b]! & 2) - (s.flags[a]! & 2));
      const lastSynced = journal.entries.filter((e) => e.event === 'synced' && e.conn === 1).at(-1)!;
      return { originExpires: s.expiryOf(origin!, sim.nowUs), others: others.map((i) => s.expiryOf(i, sim.nowUs)), states: others.map((i) => s.state[i]!), syncedAt: lastSynced.timeUs };
    };
    const remaining = after('remaining');
    expect(remaining.states).toEqual([4, 4, 4]); // TIME_WAIT
    // The record carried the sender's expiry when it was queued, at the final ACK, which was the
    // origin's last refresh: both copies end together.
    expect(remaining.others).toEqual([remaining.originExpires, remaining.originExpires, remaining.originExpires]);
    const full = after('full');
    expect(full.others).toEqual([full.syncedAt + 120e6, full.syncedAt + 120e6, full.syncedAt + 120e6]);
    // The batching delay (2–3 s) is what separates the two.
    expect(full.others[0]! - remaining.others[0]!).toBeGreaterThanOrEqual(2e6);
  });
});
